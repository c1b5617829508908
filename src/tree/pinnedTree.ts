// "Pinned Executions": roots are the pinned executions of the active environment, children their
// steps (parallel groups gathered under a group node). Updates are targeted: one execution's change
// refreshes only its own node.
import * as vscode from 'vscode';
import { isTerminalStatus } from '../api';
import type { Environments } from '../auth/environments';
import type { ExecutionStore } from '../state/executionStore';
import type { ExecutionWatcher } from '../state/executionWatcher';
import type { PinnedExecutions } from '../state/pins';
import { Commands } from '../ids';
import {
  credentialsNotice,
  executionItem,
  groupMemberNodes,
  noticeItem,
  stepLevelItem,
  stepLevelNodes,
  type TreeNode,
} from './nodes';
import { Disposable } from '../util/lifecycle';

const MIME = 'application/vnd.code.tree.velt.pinnedexecutions';

export class PinnedTree
  extends Disposable
  implements vscode.TreeDataProvider<TreeNode>, vscode.TreeDragAndDropController<TreeNode>, vscode.Disposable
{
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly dragMimeTypes = [MIME];
  readonly dropMimeTypes = [MIME];
  /** The node objects handed to VS Code, so targeted refreshes reuse the same identity. */
  private readonly roots = new Map<string, Extract<TreeNode, { kind: 'execution' }>>();
  private ticker: NodeJS.Timeout | undefined;

  constructor(
    private readonly pins: PinnedExecutions,
    private readonly store: ExecutionStore,
    private readonly watcher: ExecutionWatcher,
    private readonly environments: Environments,
    private readonly now: () => number = Date.now,
  ) {
    super();
    this.registerAll(
      this.changed,
      pins.onDidChange(() => this.refresh()),
      environments.onDidChange(() => this.refresh()),
      store.onDidChange((change) => this.refreshExecution(change.executionId)),
      watcher.onDidChangeHealth((id) => this.refreshExecution(id)),
    );
    // Durations of running executions tick; only their own nodes are refreshed.
    this.ticker = setInterval(() => this.tickRunning(), 1_000);
  }

  refresh(): void {
    this.roots.clear();
    this.changed.fire(undefined);
  }

  refreshExecution(executionId: string): void {
    const node = this.roots.get(executionId);
    if (node) this.changed.fire(node);
  }

  private tickRunning(): void {
    for (const [id, node] of this.roots) {
      const execution = this.store.peek(id);
      const health = this.watcher.healthOf(id);
      if (
        (execution && !isTerminalStatus(execution.status)) ||
        (health.state === 'error' && health.retryAt !== undefined)
      ) {
        this.changed.fire(node);
      }
    }
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const now = this.now();
    switch (node.kind) {
      case 'execution': {
        const env = this.environments.active.name;
        return executionItem(
          node,
          this.store.peek(node.executionId),
          this.watcher.healthOf(node.executionId),
          this.pins.isPinned(env, node.executionId),
          now,
        );
      }
      case 'group':
      case 'step':
        return stepLevelItem(node, this.store.peek(node.executionId), now);
      case 'notice':
        return noticeItem(node);
      case 'loadMore':
        return new vscode.TreeItem('');
    }
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) return this.rootNodes();
    if (node.kind === 'execution') return this.stepNodes(node.executionId);
    if (node.kind === 'group') return groupMemberNodes(node);
    return [];
  }

  getParent(node: TreeNode): TreeNode | undefined {
    if (node.kind === 'step' || node.kind === 'group') return this.roots.get(node.executionId);
    return undefined;
  }

  private rootNodes(): TreeNode[] {
    if (!this.environments.isSignedIn) {
      const problem = this.environments.credentialsProblem;
      return problem ? [credentialsNotice('pinned', problem.message)] : [];
    }
    const ids = this.pins.list(this.environments.active.name);
    const fresh = new Map<string, Extract<TreeNode, { kind: 'execution' }>>();
    for (const id of ids) fresh.set(id, this.roots.get(id) ?? { kind: 'execution', view: 'pinned', executionId: id });
    this.roots.clear();
    for (const [id, node] of fresh) this.roots.set(id, node);
    return [...fresh.values()];
  }

  private stepNodes(executionId: string): TreeNode[] {
    const execution = this.store.peek(executionId);
    const health = this.watcher.healthOf(executionId);
    if (!execution) {
      if (health.state === 'error') return [errorNotice(executionId, health.kind, health.message)];
      return [{ kind: 'notice', id: `${executionId}:loading`, label: 'Loading steps…', icon: 'loading~spin' }];
    }
    const nodes: TreeNode[] = [];
    if (health.state === 'error') nodes.push(errorNotice(executionId, health.kind, health.message));
    if (execution.steps.length === 0) {
      nodes.push({ kind: 'notice', id: `${executionId}:nosteps`, label: 'No steps scheduled yet', icon: 'info' });
    }
    return [...nodes, ...stepLevelNodes(executionId, execution.steps)];
  }

  handleDrag(source: readonly TreeNode[], data: vscode.DataTransfer): void {
    const ids = source.filter((n) => n.kind === 'execution').map((n) => (n as { executionId: string }).executionId);
    if (ids.length) data.set(MIME, new vscode.DataTransferItem(ids));
  }

  async handleDrop(target: TreeNode | undefined, data: vscode.DataTransfer): Promise<void> {
    const item = data.get(MIME);
    const ids = item?.value as unknown;
    if (!Array.isArray(ids) || !ids.every((id): id is string => typeof id === 'string')) return;
    const before =
      target?.kind === 'execution'
        ? target.executionId
        : target && 'executionId' in target
          ? target.executionId
          : undefined;
    await this.pins.move(this.environments.active.name, ids, before);
  }

  override dispose(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    super.dispose();
  }
}

function errorNotice(executionId: string, kind: string, message: string): TreeNode {
  const fix: Record<string, vscode.Command> = {
    notFound: { command: Commands.unpinExecution, title: 'Unpin', arguments: [{ executionId }] },
    unauthenticated: { command: Commands.setCredentials, title: 'Set Credentials' },
    missingCredentials: { command: Commands.setCredentials, title: 'Set Credentials' },
    credentialsOriginMismatch: { command: Commands.setCredentials, title: 'Set Credentials' },
  };
  const command = fix[kind];
  const label =
    kind === 'notFound'
      ? 'Not found in this environment — click to unpin'
      : kind === 'unauthenticated' || kind === 'missingCredentials'
        ? 'Credentials rejected — click to set credentials'
        : message;
  return {
    kind: 'notice',
    id: `${executionId}:error`,
    label,
    icon: 'warning',
    tooltip: message,
    ...(command ? { command } : {}),
  };
}
