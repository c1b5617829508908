// Every identifier shared with package.json, in one place (the activation test compares them).
export const EXTENSION_ID = 'velt-tools.velt-workflow-inspector';
export const CONFIG_SECTION = 'velt';

export const Commands = {
  setCredentials: 'velt.setCredentials',
  signOut: 'velt.signOut',
  selectEnvironment: 'velt.selectEnvironment',
  trySandbox: 'velt.trySandbox',
  openExecution: 'velt.openExecution',
  openRawJson: 'velt.openRawJson',
  showGraph: 'velt.showGraph',
  copyLink: 'velt.copyLink',
  showLog: 'velt.showLog',
  pinExecution: 'velt.pinExecution',
  unpinExecution: 'velt.unpinExecution',
  refreshExecution: 'velt.refreshExecution',
  refreshPinned: 'velt.refreshPinned',
  copyExecutionId: 'velt.copyExecutionId',
  copyCorrelationId: 'velt.copyCorrelationId',
  copyStepId: 'velt.copyStepId',
  loadMoreExecutions: 'velt.loadMoreExecutions',
  filterExecutions: 'velt.filterExecutions',
  refreshRecent: 'velt.refreshRecent',
  showRunning: 'velt.showRunning',
  exportEvents: 'velt.exportEvents',
  approveStep: 'velt.approveStep',
  rejectStep: 'velt.rejectStep',
  forceApproveStep: 'velt.forceApproveStep',
  forceRejectStep: 'velt.forceRejectStep',
  forceCompleteStep: 'velt.forceCompleteStep',
  forceFailStep: 'velt.forceFailStep',
  cancelStep: 'velt.cancelStep',
  cancelExecution: 'velt.cancelExecution',
  enableActions: 'velt.enableActions',
  disableActions: 'velt.disableActions',
  showActionHistory: 'velt.showActionHistory',
  refreshDefinitions: 'velt.refreshDefinitions',
  loadMoreDefinitions: 'velt.loadMoreDefinitions',
  openDefinition: 'velt.openDefinition',
  showDefinitionGraph: 'velt.showDefinitionGraph',
  refreshWaiting: 'velt.refreshWaiting',
  dispatchExecution: 'velt.dispatchExecution',
  dispatchFromDocument: 'velt.dispatchFromDocument',
  runAgain: 'velt.runAgain',
  reconcileWebhooks: 'velt.reconcileWebhooks',
  exportMissingEvents: 'velt.exportMissingEvents',
  redeliverMissingEvents: 'velt.redeliverMissingEvents',
  forwardEvents: 'velt.forwardEvents',
  stopForwarding: 'velt.stopForwarding',
  simulateWebhookOutage: 'velt.simulateWebhookOutage',
  refreshWebhookDeliveries: 'velt.refreshWebhookDeliveries',
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];

export const Views = {
  container: 'velt',
  pinned: 'velt.pinnedExecutions',
  recent: 'velt.recentExecutions',
  definitions: 'velt.definitions',
  waiting: 'velt.waitingForApproval',
  webhookReconciliation: 'velt.webhookReconciliation',
  webhookDeliveries: 'velt.webhookDeliveries',
} as const;

export const ContextKeys = {
  signedIn: 'velt.signedIn',
  isSandbox: 'velt.isSandbox',
  hasPins: 'velt.hasPins',
  /** Write actions are on for the active environment (menus show them only then). */
  actionsEnabled: 'velt.actionsEnabled',
  hasReconciliation: 'velt.hasReconciliation',
} as const;

export const Settings = {
  environments: 'environments',
  activeEnvironment: 'activeEnvironment',
  requestTimeoutMs: 'requestTimeoutMs',
  eventsPageSize: 'eventsPageSize',
  pollIntervalMs: 'pollIntervalMs',
  hiddenPollIntervalMs: 'hiddenPollIntervalMs',
  notifications: 'notifications',
  hoverEnabled: 'hover.enabled',
  hoverDisabledLanguages: 'hover.disabledLanguages',
  hoverIdPatterns: 'hover.idPatterns',
  linksEnabled: 'links.enabled',
  sandboxDefinitions: 'sandbox.definitions',
  actionsActorId: 'actions.actorId',
  breachWarningMinutes: 'waiting.breachWarningMinutes',
} as const;

export const SANDBOX_ENVIRONMENT = 'Sandbox (local)';
export const DEFAULT_ENVIRONMENT = 'Production';
export const RAW_JSON_SCHEME = 'velt-execution';
/** The execution panel's webview type (the serializer revives panels of this type). */
export const PANEL_VIEW_TYPE = 'velt.executionPanel';
/** A definition's graph without a run (Show Definition Graph); not revived after a reload. */
export const DEFINITION_GRAPH_VIEW_TYPE = 'velt.definitionGraph';
/** Read-only documents holding one event (large payloads open here). */
export const EVENT_DOCUMENT_SCHEME = 'velt-event';
/** The read-only view of the action history (the audit log). */
export const ACTION_HISTORY_SCHEME = 'velt-action-history';
/** Read-only documents holding a definition as JSON (velt-definition:/<env>/<id>.json). */
export const DEFINITION_DOCUMENT_SCHEME = 'velt-definition';
