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
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];

export const Views = {
  container: 'velt',
  pinned: 'velt.pinnedExecutions',
  recent: 'velt.recentExecutions',
} as const;

export const ContextKeys = {
  signedIn: 'velt.signedIn',
  isSandbox: 'velt.isSandbox',
  hasPins: 'velt.hasPins',
} as const;

export const Settings = {
  environments: 'environments',
  activeEnvironment: 'activeEnvironment',
  requestTimeoutMs: 'requestTimeoutMs',
  eventsPageSize: 'eventsPageSize',
  pollIntervalMs: 'pollIntervalMs',
  hiddenPollIntervalMs: 'hiddenPollIntervalMs',
  notifications: 'notifications',
} as const;

export const SANDBOX_ENVIRONMENT = 'Sandbox (local)';
export const DEFAULT_ENVIRONMENT = 'Production';
export const RAW_JSON_SCHEME = 'velt-execution';
