// The webhooks feature in the editor: the Webhook Reconciliation view, the forwarding session with its
// status bar item, and the sandbox's Webhook Deliveries view. Returns what the commands need.
import * as vscode from 'vscode';
import type { WorkflowApi } from '../api';
import type { Environments } from '../auth/environments';
import { Views } from '../ids';
import type { DeliveryLog } from '../sandboxHost/deliveryControl';
import { DisposableStore } from '../util/lifecycle';
import { DeliveriesTree } from './deliveriesTree';
import { Forwarding } from './forwarding';
import { ReconcileTree } from './reconcileTree';

export interface WebhooksFeature extends vscode.Disposable {
  reconciliation: ReconcileTree;
  forwarding: Forwarding;
  deliveries: DeliveriesTree;
}

export interface WebhooksDeps {
  api: WorkflowApi;
  environments: Environments;
  userAgent: string;
  readDeliveryLog: () => Promise<DeliveryLog | undefined>;
}

export function registerWebhooks(deps: WebhooksDeps): WebhooksFeature {
  const disposables = new DisposableStore();
  const reconciliation = disposables.add(new ReconcileTree());
  const forwarding = disposables.add(
    new Forwarding({ api: deps.api, environments: deps.environments, userAgent: deps.userAgent }),
  );
  const deliveries = disposables.add(new DeliveriesTree(deps.readDeliveryLog));
  disposables.add(vscode.window.createTreeView(Views.webhookReconciliation, { treeDataProvider: reconciliation }));
  const deliveriesView = disposables.add(
    vscode.window.createTreeView(Views.webhookDeliveries, { treeDataProvider: deliveries }),
  );
  disposables.addAll(
    deliveriesView.onDidChangeVisibility((e) => deliveries.setVisible(e.visible)),
    deps.environments.onDidChange(() => void deliveries.refresh()),
  );
  deliveries.setVisible(deliveriesView.visible);
  return { reconciliation, forwarding, deliveries, dispose: () => disposables.dispose() };
}
