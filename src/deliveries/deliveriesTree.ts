// The "Webhook Deliveries" view (sandbox only): the engine's delivery log, newest first: event, attempt,
// status code, next retry, dead-lettered, and the outage in force. Read while the view is visible, every few
// seconds; text from the log goes through inertLabel like any API text.
import * as vscode from 'vscode';
import type { Delivery, DeliveryLog } from '../sandboxHost/deliveryControl';
import { shortId } from '../util/format';
import { inertLabel } from '../util/inertText';
import { Disposable } from '../util/lifecycle';
import { deliveryDescription, logNodes, type DeliveryNode } from './deliveryRows';

const REFRESH_MS = 3_000;

export class DeliveriesTree extends Disposable implements vscode.TreeDataProvider<DeliveryNode> {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this.changed.event;
  private nodes: DeliveryNode[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    /** The log of the running sandbox; undefined when none runs or the sandbox is not active. */
    private readonly read: () => Promise<DeliveryLog | undefined>,
  ) {
    super();
    this.register({ dispose: () => this.setVisible(false) });
  }

  /** Polls while the view is on screen. */
  setVisible(visible: boolean): void {
    if (visible && !this.timer && !this.isDisposed) {
      this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
      void this.refresh();
    } else if (!visible && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  async refresh(): Promise<void> {
    try {
      const log = await this.read();
      this.nodes = log ? logNodes(log) : [{ kind: 'notice', text: 'The sandbox is not running.', icon: 'info' }];
    } catch (error) {
      this.nodes = [{ kind: 'notice', text: error instanceof Error ? error.message : String(error), icon: 'error' }];
    }
    if (!this.isDisposed) this.changed.fire();
  }

  getChildren(node?: DeliveryNode): DeliveryNode[] {
    return node ? [] : this.nodes;
  }

  getTreeItem(node: DeliveryNode): vscode.TreeItem {
    if (node.kind === 'notice') {
      const item = new vscode.TreeItem(inertLabel(node.text, 300));
      item.iconPath = new vscode.ThemeIcon(node.icon);
      item.contextValue = 'notice';
      return item;
    }
    return deliveryItem(node.delivery, node.now);
  }
}

function deliveryItem(d: Delivery, now: number): vscode.TreeItem {
  const item = new vscode.TreeItem(inertLabel(`${d.event} · seq ${d.seq}`));
  item.id = `delivery:${d.deliveryId}`;
  item.description = inertLabel(`${shortId(d.executionId)} · ${deliveryDescription(d, now)}`, 200);
  item.iconPath = new vscode.ThemeIcon(
    d.state === 'delivered'
      ? 'pass'
      : d.state === 'dead-lettered'
        ? 'error'
        : d.state === 'skipped'
          ? 'circle-slash'
          : 'sync',
  );
  const attempts = d.attempts
    .map((a) => `#${a.attempt + 1}: ${a.status !== null ? a.status : (a.error ?? 'no response')}`)
    .join(', ');
  item.tooltip = inertLabel(
    `${d.event} (seq ${d.seq}) of ${d.executionId}\nto ${d.url}\nevent id ${d.eventId}\n${attempts || 'no attempt yet'}`,
    800,
  );
  item.contextValue = 'webhookDelivery';
  return item;
}
