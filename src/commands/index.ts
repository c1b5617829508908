// Every command in one table: id → handler. The entry of dist/commands.js, loaded on the first command
// (register.ts registers the ids at activation).
import { Commands, type CommandId } from '../ids';
import { showLog } from '../log';
import { selectEnvironment, setCredentials, signOut, trySandbox } from './auth';
import { cancelExecutionCommand, disableActions, enableActions, showActionHistory, stepActionCommand } from './actions';
import type { CommandDeps } from './deps';
import { openDefinition, showDefinitionGraph } from './definitions';
import { dispatchExecution, dispatchFromDocument, runAgain } from './dispatch';
import { copyLink } from './navigation';
import { openExecution, openRawJson } from './openExecution';
import { exportEvents } from './panel';
import { forwardEvents, stopForwarding } from './forwardEvents';
import { exportMissing, redeliverMissing } from './reconcileActions';
import { reconcileWebhooks } from './reconcileWebhooks';
import { simulateWebhookOutage } from './sandboxWebhooks';
import {
  copyCorrelationId,
  copyExecutionId,
  copyStepId,
  filterExecutions,
  pinExecution,
  refreshExecution,
  showRunning,
  unpinExecution,
} from './tree';

type Handler = (...args: never[]) => unknown;

export function commandTable(deps: CommandDeps): Record<CommandId, Handler> {
  return {
    [Commands.setCredentials]: setCredentials(deps),
    [Commands.signOut]: signOut(deps),
    [Commands.selectEnvironment]: selectEnvironment(deps),
    [Commands.trySandbox]: trySandbox(deps),
    [Commands.openExecution]: openExecution(deps),
    [Commands.openRawJson]: openRawJson(deps),
    [Commands.showGraph]: openExecution(deps, 'graph'),
    [Commands.copyLink]: copyLink(deps),
    [Commands.showLog]: () => showLog(),
    [Commands.pinExecution]: pinExecution(deps),
    [Commands.unpinExecution]: unpinExecution(deps),
    [Commands.refreshExecution]: refreshExecution(deps),
    [Commands.refreshPinned]: () => deps.watcher.refresh(),
    [Commands.copyExecutionId]: copyExecutionId(deps),
    [Commands.copyCorrelationId]: copyCorrelationId(deps),
    [Commands.copyStepId]: copyStepId(deps),
    [Commands.loadMoreExecutions]: () => deps.trees.recent.loadMore(),
    [Commands.filterExecutions]: filterExecutions(deps),
    [Commands.refreshRecent]: () => deps.trees.recent.reset(),
    [Commands.showRunning]: showRunning(deps),
    [Commands.exportEvents]: exportEvents(deps),
    [Commands.approveStep]: stepActionCommand(deps, 'approve'),
    [Commands.rejectStep]: stepActionCommand(deps, 'reject'),
    [Commands.forceApproveStep]: stepActionCommand(deps, 'forceApprove'),
    [Commands.forceRejectStep]: stepActionCommand(deps, 'forceReject'),
    [Commands.forceCompleteStep]: stepActionCommand(deps, 'forceComplete'),
    [Commands.forceFailStep]: stepActionCommand(deps, 'forceFail'),
    [Commands.cancelStep]: stepActionCommand(deps, 'cancelStep'),
    [Commands.cancelExecution]: cancelExecutionCommand(deps),
    [Commands.enableActions]: enableActions(deps),
    [Commands.disableActions]: disableActions(deps),
    [Commands.showActionHistory]: showActionHistory(deps),
    [Commands.refreshDefinitions]: () => deps.workflowViews.definitions.reset(),
    [Commands.loadMoreDefinitions]: () => deps.workflowViews.definitions.loadMore(),
    [Commands.openDefinition]: openDefinition(deps),
    [Commands.showDefinitionGraph]: showDefinitionGraph(deps),
    [Commands.refreshWaiting]: () => deps.waitingApprovals.refresh(),
    [Commands.dispatchExecution]: dispatchExecution(deps),
    [Commands.dispatchFromDocument]: dispatchFromDocument(deps),
    [Commands.runAgain]: runAgain(deps),
    [Commands.reconcileWebhooks]: reconcileWebhooks(deps),
    [Commands.exportMissingEvents]: exportMissing(deps),
    [Commands.redeliverMissingEvents]: redeliverMissing(deps),
    [Commands.forwardEvents]: forwardEvents(deps),
    [Commands.stopForwarding]: stopForwarding(deps),
    [Commands.simulateWebhookOutage]: simulateWebhookOutage(deps),
    [Commands.refreshWebhookDeliveries]: () => deps.webhooks.deliveries.refresh(),
  };
}

export type { CommandDeps } from './deps';
