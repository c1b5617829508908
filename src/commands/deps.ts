// What command handlers may use; built once in extension.ts.
import type { OperatorActions } from '../actions/operatorActions';
import type { CredentialStore } from '../auth/credentials';
import type { Environments } from '../auth/environments';
import type { Config } from '../config';
import type { LazyExecutionPanels } from '../panel/lazyPanels';
import type { ExtensionApi } from '../state/client';
import type { ExecutionStore } from '../state/executionStore';
import type { PinnedExecutions } from '../state/pins';
import type { RecentlyOpened } from '../state/recentlyOpened';
import type { ExecutionWatcher } from '../state/executionWatcher';
import type { TreeFeature } from '../tree/register';
import type { WorkflowViewsFeature } from '../tree/registerWorkflowViews';
import type { WaitingApprovals } from '../state/waitingApprovals';
import type { DispatchGuard } from '../state/dispatchGuard';
import type { DispatchInputs } from '../state/dispatchInputs';
import type { WebhookSecrets } from '../auth/webhookSecrets';
import type { WebhooksFeature } from '../deliveries/register';
import type { SandboxHost } from '../sandboxHost/sandboxHost';
import type * as vscode from 'vscode';

export interface CommandDeps {
  config: Config;
  environments: Environments;
  credentials: CredentialStore;
  api: ExtensionApi;
  store: ExecutionStore;
  pins: PinnedExecutions;
  /** The last executions opened, per environment (Open Execution's picker). */
  recentlyOpened: RecentlyOpened;
  extensionUri: vscode.Uri;
  /** Memento for per-workspace UI state (panel filters, time format). */
  workspaceState: vscode.Memento;
  watcher: ExecutionWatcher;
  trees: TreeFeature;
  /** The Definitions and Waiting for Approval views. */
  workflowViews: WorkflowViewsFeature;
  waitingApprovals: WaitingApprovals;
  /** The inputs of runs dispatched from here (Run Again, drafts pre-filled per definition). */
  dispatchInputs: DispatchInputs;
  /** The guard rail and action history every dispatch goes through. */
  dispatchGuard: DispatchGuard;
  /** The extension's global storage folder (dispatch drafts live there). */
  globalStorageUri: vscode.Uri;
  /** The execution panels (one per environment + execution id). */
  panels: LazyExecutionPanels;
  /** Actions modes, reviewer memory, the audit log and the write service. */
  actions: OperatorActions;
  /** Webhook reconciliation, forwarding and the sandbox's delivery log (issue 16). */
  webhooks: WebhooksFeature;
  /** Receiver signing secrets, per URL, in SecretStorage. */
  webhookSecrets: WebhookSecrets;
  /** The built-in sandbox's process (its control API: the delivery log, simulated outages). */
  sandbox: SandboxHost;
  /** Builds a client for a candidate credential pair against an environment's base URL (verification). */
  verifyCredentials: (baseUrl: string, apiKey: string, authToken: string) => Promise<void>;
}
