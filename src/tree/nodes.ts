// Tree nodes as plain data (serialisable command arguments) and the one place they become TreeItems.
import * as vscode from 'vscode';
import { isTerminalStatus, type ExecutionView, type StepView } from '../api';
import { canCancelExecution, stepActionTokens, validStepActions } from '../actions/matrix';
import type { ExecutionHealth } from '../state/executionWatcher';
import { Commands } from '../ids';
import { inertLabel, inertMarkdown, MAX_DATA_LENGTH } from '../util/inertText';
import { formatAbsolute, formatDuration, formatRelative, runStatus, statusWord, stepStatusWord } from '../util/format';
import { errorIcon, executionIcon, groupIcon, nodeTypeIcon, stepIcon } from './icons';
import { groupSteps, loopIterations } from './stepGroups';

export type TreeNode =
  | { kind: 'execution'; view: 'pinned' | 'recent'; executionId: string }
  | { kind: 'group'; executionId: string; groupId: string; stepIds: string[] }
  | { kind: 'step'; executionId: string; stepId: string; iteration?: number }
  | { kind: 'notice'; id: string; label: string; icon: string; command?: vscode.Command; tooltip?: string }
  | { kind: 'loadMore'; cursor: string };

export function executionItem(
  node: Extract<TreeNode, { kind: 'execution' }>,
  execution: ExecutionView | undefined,
  health: ExecutionHealth,
  pinned: boolean,
  now: number,
): vscode.TreeItem {
  const item = new vscode.TreeItem(inertLabel(execution?.definitionId ?? node.executionId));
  item.id = `${node.view}:${node.executionId}`;
  item.collapsibleState =
    health.state === 'error' && !execution
      ? vscode.TreeItemCollapsibleState.None
      : vscode.TreeItemCollapsibleState.Collapsed;
  const status = execution ? runStatus(execution) : 'pending';
  const parts: string[] = [];
  if (execution) {
    parts.push(inertLabel(statusWord(status), 40));
    const end = execution.completedAt ?? execution.cancelledAt ?? (isTerminalStatus(execution.status) ? null : now);
    if (execution.startedAt !== null && end !== null) parts.push(formatDuration(end - execution.startedAt));
    if (execution.startedAt !== null) parts.push(formatRelative(execution.startedAt, now));
  }
  if (health.state === 'loading') parts.unshift('loading…');
  if (health.state === 'error') parts.unshift(errorLabel(health, now) + (execution ? ' (stale)' : ''));
  item.description = parts.join(' · ');
  item.iconPath =
    health.state === 'loading' && !execution
      ? new vscode.ThemeIcon('loading~spin')
      : health.state === 'error' && !execution
        ? errorIcon(health.kind)
        : executionIcon(status);
  item.tooltip = executionTooltip(node.executionId, execution, health, now);
  item.contextValue = contextTokens([
    'execution',
    pinned ? 'pinned' : 'unpinned',
    'openable',
    'refreshable',
    'copyId',
    execution?.correlationId ? 'copyCorrelation' : '',
    health.state === 'error' ? `error-${health.kind}` : '',
    // Only when valid; the menus also require the velt.actionsEnabled context key (actions on for the environment).
    execution && canCancelExecution(execution.status) ? 'cancellableExecution' : '',
  ]);
  item.command = {
    command: Commands.openExecution,
    title: 'Open Execution',
    arguments: [{ executionId: node.executionId }],
  };
  item.accessibilityInformation = {
    label: `Execution ${inertLabel(execution?.definitionId ?? '')} ${inertLabel(node.executionId)}, ${item.description}`,
  };
  return item;
}

export function errorLabel(health: Extract<ExecutionHealth, { state: 'error' }>, now: number): string {
  // Whole seconds, rounded up, in the shared duration words ("27s", "3m 04s"); "retrying now" once it is due.
  const seconds = health.retryAt !== undefined ? Math.max(0, Math.ceil((health.retryAt - now) / 1000)) : undefined;
  const wait = seconds === undefined ? undefined : seconds > 0 ? `in ${formatDuration(seconds * 1000)}` : 'now';
  switch (health.kind) {
    case 'rateLimited':
      return wait !== undefined ? `rate limited — retrying ${wait}` : 'rate limited';
    case 'network':
    case 'timeout':
      return wait !== undefined ? `offline — retrying ${wait}` : 'offline';
    case 'unavailable':
    case 'deadlineExceeded':
      return wait !== undefined ? `service unavailable — retrying ${wait}` : 'service unavailable';
    case 'notFound':
      return 'not found in this environment';
    case 'unauthenticated':
    case 'missingCredentials':
      return 'credentials rejected';
    case 'credentialsOriginMismatch':
      return 'credentials are for another host';
    case 'invalidResponse':
      return 'unreadable response';
    default:
      return 'error';
  }
}

function executionTooltip(
  executionId: string,
  execution: ExecutionView | undefined,
  health: ExecutionHealth,
  now: number,
): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = false;
  md.supportHtml = false;
  if (health.state === 'error') md.appendMarkdown(`$(warning) ${escape(health.message)}\n\n`);
  if (!execution) {
    md.appendMarkdown(`**Execution** ${escape(executionId)}`);
    return md;
  }
  md.appendMarkdown(`**${escape(execution.definitionId)}** — ${escape(statusWord(runStatus(execution)))}\n\n`);
  const rows: [string, string | null][] = [
    ['Execution', executionId],
    [
      'Definition',
      `${execution.definitionId}${execution.definitionVersion !== null ? ` v${execution.definitionVersion}` : ''}`,
    ],
    ['Correlation', execution.correlationId],
    ['Idempotency key', execution.idempotencyKey],
    ['Started', time(execution.startedAt, now)],
    ['Completed', time(execution.completedAt, now)],
    ['Cancelled', time(execution.cancelledAt, now)],
    ['Failure', execution.failureReason ? `${execution.failureReason.code}: ${execution.failureReason.message}` : null],
  ];
  for (const [label, value] of rows) if (value) md.appendMarkdown(`${label}: ${escape(value)}  \n`);
  return md;
}

function time(at: number | null, now: number): string | null {
  return at === null ? null : `${formatRelative(at, now)} — ${formatAbsolute(at)}`;
}

/** The children of an execution: its steps in run order, parallel-group members under a group node. */
export function stepLevelNodes(executionId: string, steps: readonly StepView[]): TreeNode[] {
  const iterations = loopIterations(steps);
  return groupSteps(steps).map((entry): TreeNode => {
    if (entry.kind === 'group')
      return { kind: 'group', executionId, groupId: entry.groupId, stepIds: entry.steps.map((s) => s.stepId) };
    const iteration = iterations.get(entry.step.stepId);
    return { kind: 'step', executionId, stepId: entry.step.stepId, ...(iteration !== undefined ? { iteration } : {}) };
  });
}

export function groupMemberNodes(node: Extract<TreeNode, { kind: 'group' }>): TreeNode[] {
  return node.stepIds.map((stepId) => ({ kind: 'step', executionId: node.executionId, stepId }));
}

/** The TreeItem of a group or step node, read from the execution it belongs to. */
export function stepLevelItem(
  node: Extract<TreeNode, { kind: 'group' | 'step' }>,
  execution: ExecutionView | undefined,
  now: number,
): vscode.TreeItem {
  const steps = execution?.steps ?? [];
  if (node.kind === 'group')
    return groupItem(
      node,
      steps.filter((s) => node.stepIds.includes(s.stepId)),
    );
  const step = steps.find((s) => s.stepId === node.stepId);
  return step ? stepItem(node, step, now, execution!.status) : new vscode.TreeItem(inertLabel(node.stepId));
}

export function groupItem(node: Extract<TreeNode, { kind: 'group' }>, steps: StepView[]): vscode.TreeItem {
  const approved = steps.filter((s) => s.output['decision'] === 'approve').length;
  const item = new vscode.TreeItem(inertLabel(node.groupId), vscode.TreeItemCollapsibleState.Expanded);
  item.id = `group:${node.executionId}:${node.groupId}`;
  const running = steps.some((s) => s.status === 'waiting' || s.status === 'running');
  item.description = `parallel group · ${approved}/${steps.length} approved${running ? ' · in progress' : ''}`;
  item.iconPath = groupIcon(!running && approved > 0);
  item.contextValue = 'group';
  item.tooltip = `Parallel review group "${inertLabel(node.groupId)}": ${approved} of ${steps.length} members approved.`;
  return item;
}

/** A node that ran more than once (a loop) shows which run the step is: "agent-draft · iteration 2". */
export function stepItem(
  node: Extract<TreeNode, { kind: 'step' }>,
  step: StepView,
  now: number,
  executionStatus: string,
): vscode.TreeItem {
  const name = `${inertLabel(step.nodeId)}${node.iteration !== undefined ? ` · iteration ${node.iteration}` : ''}`;
  const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.None);
  item.id = `step:${node.executionId}:${step.stepId}`;
  const end = step.completedAt ?? (step.status === 'running' || step.status === 'waiting' ? now : null);
  const duration = step.startedAt !== null && end !== null ? ` · ${formatDuration(end - step.startedAt)}` : '';
  const status = inertLabel(stepStatusWord(step), 40);
  item.description = `${inertLabel(step.nodeType, 40)} · ${status}${duration}`;
  item.iconPath = stepIcon(step.status, step.nodeType);
  item.contextValue = contextTokens([
    'step',
    'copyStepId',
    'openable',
    ...stepActionTokens(validStepActions(step, executionStatus)),
  ]);
  item.command = {
    command: Commands.openExecution,
    title: 'Open Step',
    arguments: [{ executionId: node.executionId, stepId: step.stepId }],
  };
  item.tooltip = stepTooltip(step, now);
  item.accessibilityInformation = { label: `Step ${name}, ${inertLabel(step.nodeType, 40)}, ${status}` };
  return item;
}

function stepTooltip(step: StepView, now: number): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = false;
  md.appendMarkdown(
    `$(${nodeTypeIcon(step.nodeType)}) **${escape(step.nodeId)}** — ${escape(step.nodeType)}, ${escape(stepStatusWord(step))}\n\n`,
  );
  md.appendMarkdown(`Step: ${escape(step.stepId)}  \n`);
  if (step.groupId) md.appendMarkdown(`Group: ${escape(step.groupId)}  \n`);
  const started = time(step.startedAt, now);
  if (started) md.appendMarkdown(`Started: ${escape(started)}  \n`);
  const completed = time(step.completedAt, now);
  if (completed) md.appendMarkdown(`Completed: ${escape(completed)}  \n`);
  const out = step.output;
  if (typeof out['decision'] === 'string') md.appendMarkdown(`Decision: ${escape(out['decision'])}  \n`);
  if (typeof out['approveCount'] === 'number' || typeof out['rejectCount'] === 'number') {
    md.appendMarkdown(
      `Reviewers: ${Number(out['approveCount'] ?? 0)} approved, ${Number(out['rejectCount'] ?? 0)} rejected` +
        `${typeof out['mandatoryCount'] === 'number' ? `, ${out['mandatoryCount']} mandatory` : ''}  \n`,
    );
  }
  if (step.error) md.appendMarkdown(`\n$(error) ${escape(step.error.code)}: ${escape(step.error.message)}`);
  return md;
}

export function noticeItem(node: Extract<TreeNode, { kind: 'notice' }>): vscode.TreeItem {
  const item = new vscode.TreeItem(inertLabel(node.label), vscode.TreeItemCollapsibleState.None);
  item.id = `notice:${node.id}`;
  item.iconPath = new vscode.ThemeIcon(node.icon);
  item.contextValue = 'notice';
  if (node.command) item.command = node.command;
  if (node.tooltip) item.tooltip = inertLabel(node.tooltip, MAX_DATA_LENGTH);
  return item;
}

/**
 * Shown instead of a view's contents while the stored credentials belong to another host than the active
 * environment's (nothing is requested then); clicking it runs Set Credentials.
 */
export function credentialsNotice(view: string, message: string): Extract<TreeNode, { kind: 'notice' }> {
  return {
    kind: 'notice',
    id: `${view}:credentials`,
    label: message,
    icon: 'key',
    tooltip: message,
    command: { command: Commands.setCredentials, title: 'Set Credentials' },
  };
}

/** A list's trailing "Load more…" row (Executions, Definitions): a spinner without a command while a page loads. */
export function loadMoreItem(busy: boolean, id: string, command: string): vscode.TreeItem {
  const item = new vscode.TreeItem(busy ? 'Loading…' : 'Load more…', vscode.TreeItemCollapsibleState.None);
  item.id = id;
  item.iconPath = new vscode.ThemeIcon(busy ? 'loading~spin' : 'ellipsis');
  item.contextValue = 'loadMore';
  if (!busy) item.command = { command, title: 'Load More' };
  return item;
}

function contextTokens(tokens: string[]): string {
  return tokens
    .filter(Boolean)
    .map((t) => `<${t}>`)
    .join(' ');
}

/** API data in tooltips renders as text: no links, HTML, theme icons or bidi tricks. */
function escape(text: string): string {
  return inertMarkdown(text);
}
