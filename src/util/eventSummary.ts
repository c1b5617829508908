// One line per event, built from its `data` (velt-api.md §3.2), plus the kind (icon and colour) and the
// node id shown in the step column. Every reader is defensive: `data` can be anything, and an unknown
// event type still gets a summary (a compact view of its data), never an empty row. Pure, and shared by
// the panel's webview and the CLI (so an event reads the same in both): it imports only visibleText.
import { compact, oneLine, plural } from './visibleText';

/** What a summary needs of an event (a PanelEvent in the webview, an ExecutionEvent in the CLI). */
export interface SummarizableEvent {
  type: string;
  data: unknown;
  unreadable?: { problem: string } | undefined;
}

export type EventKind =
  'start' | 'success' | 'failure' | 'warning' | 'cancel' | 'waiting' | 'group' | 'loop' | 'unknown' | 'unreadable';

const KINDS: Readonly<Record<string, EventKind>> = {
  'execution.dispatched': 'start',
  'execution.completed': 'success',
  'execution.failed': 'failure',
  'execution.cancelled': 'cancel',
  'step.awaiting-approval': 'waiting',
  'step.completed': 'success',
  'step.failed': 'failure',
  'step.breached': 'warning',
  'step.cancelled': 'cancel',
  'group.quorum-met': 'group',
  'loop.iteration-started': 'loop',
  'loop.exhausted': 'failure',
};

/** Text glyphs (no icon font is shipped); CSS colours them from the theme. */
export const KIND_GLYPHS: Readonly<Record<EventKind, string>> = {
  start: '▶',
  success: '✓',
  failure: '✕',
  warning: '▲',
  cancel: '⊘',
  waiting: '◔',
  group: '◎',
  loop: '↻',
  unknown: '•',
  unreadable: '!',
};

export function eventKind(type: string): EventKind {
  return KINDS[type] ?? 'unknown';
}

/** An event the server sent in a shape the API rejects gets its own kind (a warning icon in the list). */
export function kindOf(event: Pick<SummarizableEvent, 'type' | 'unreadable'>): EventKind {
  return event.unreadable ? 'unreadable' : eventKind(event.type);
}

export function isKnownType(type: string): boolean {
  return type in KINDS;
}

type Data = Record<string, unknown>;
const asObject = (value: unknown): Data | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Data) : undefined;
const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0
    ? oneLine(value, 120)
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : undefined;
const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

function reviewersPhrase(d: Data): string | undefined {
  const waiting = d['waitingForReviewers'];
  const n = Array.isArray(waiting) ? waiting.length : num(waiting);
  if (n === undefined) return undefined;
  const mandatory = num(d['mandatoryCount']);
  return `waiting for ${plural(n, 'reviewer')}${mandatory !== undefined ? `, ${mandatory} mandatory` : ''}`;
}

function awaiting(d: Data): string {
  const reviewers = reviewersPhrase(d);
  if (reviewers) return reviewers;
  const agent = str(d['agentId']);
  if (agent) {
    const poll = num(d['pollIntervalMs']);
    return `waiting for agent ${agent}${poll !== undefined ? ` (polled every ${Math.round(poll / 1000)} s)` : ''}`;
  }
  return 'waiting';
}

function completed(d: Data): string {
  const decision = str(d['decision']);
  const parts: string[] = [];
  if (decision) parts.push(`decision: ${decision}`);
  const aggregator = str(d['aggregatorStatus']);
  if (aggregator) parts.push(aggregator);
  const agentStatus = str(d['agentExecutionStatus']);
  if (agentStatus) parts.push(`agent ${agentStatus}`);
  if (d['synthetic'] === true) parts.push('mock agent');
  const http = num(d['httpStatus']);
  if (http !== undefined) parts.push(`HTTP ${http}`);
  return parts.length > 0 ? parts.join(' · ') : 'completed';
}

function failed(d: Data): string {
  const parts: string[] = [];
  const reason = str(d['reason']);
  if (reason) parts.push(reason);
  const http = num(d['httpStatus']);
  if (http !== undefined) parts.push(`HTTP ${http}`);
  const latency = num(d['latencyMs']);
  if (latency !== undefined) parts.push(`${latency} ms`);
  const channel = str(d['channel']);
  if (channel) parts.push(`${channel} delivery failed`);
  const retryClass = str(d['retryClass']);
  if (retryClass) parts.push(retryClass);
  const error = asObject(d['error']);
  if (error) parts.push([str(error['code']), str(error['message'])].filter(Boolean).join(': '));
  const decision = str(d['decision']);
  if (decision) parts.push(`decision: ${decision}`);
  return parts.length > 0 ? parts.join(' · ') : 'failed';
}

function cancelled(d: Data): string {
  const reason = str(d['reason']);
  const actor = str(d['actorId']);
  const why =
    reason === 'group-quorum-met' ? 'group quorum met' : reason === 'loop-restart' ? 'loop restarted' : reason;
  if (why && actor) return `cancelled: ${why} (by ${actor})`;
  if (why) return `cancelled: ${why}`;
  return actor ? `cancelled by ${actor}` : 'cancelled';
}

/** `completedTotal` approvals against the `quorum` needed; `expectedSteps` (or `total`) members. */
function quorum(d: Data): string {
  const done = num(d['completedTotal']);
  const q = num(d['quorum']);
  const group = str(d['groupId']);
  let text = done !== undefined && q !== undefined ? `quorum met ${done}/${q}` : 'quorum met';
  if (group) text += ` in ${group}`;
  const members = num(d['expectedSteps']) ?? num(d['total']);
  if (members !== undefined) text += ` (${plural(members, 'member')})`;
  return text;
}

function loopStarted(d: Data): string {
  const iteration = num(d['iteration']);
  const loop = str(d['loopId']);
  const trigger = str(d['triggeredBy']);
  return `${iteration !== undefined ? `loop iteration ${iteration}` : 'loop iteration'}${loop ? ` of ${loop}` : ''}${trigger ? ` (after ${trigger})` : ''}`;
}

function loopExhausted(d: Data): string {
  const iteration = num(d['iteration']);
  const loop = str(d['loopId']);
  let text = `loop${loop ? ` ${loop}` : ''} exhausted${iteration !== undefined ? ` after ${plural(iteration, 'iteration')}` : ''}`;
  const by = str(d['lastRejectedBy']);
  if (by) text += `; last rejected by ${by}`;
  const reason = str(d['lastRejectionReason']);
  if (reason) text += `: ${reason}`;
  return text;
}

function dispatched(d: Data): string {
  const def = str(d['definitionId']);
  const version = num(d['definitionVersion']);
  const roots = Array.isArray(d['rootStepIds']) ? d['rootStepIds'].length : undefined;
  const parts = [def ? `dispatched ${def}${version !== undefined ? ` v${version}` : ''}` : 'dispatched'];
  if (roots !== undefined) parts.push(plural(roots, 'root step'));
  return parts.join(' · ');
}

export function summarize(event: SummarizableEvent): string {
  if (event.unreadable) return `unreadable: ${event.unreadable.problem}`;
  const d = asObject(event.data) ?? {};
  switch (event.type) {
    case 'execution.dispatched':
      return dispatched(d);
    case 'execution.completed':
      return 'execution completed';
    case 'execution.failed':
      return str(d['failureReason']) ?? 'execution failed';
    case 'execution.cancelled':
      return str(d['reason']) ? `execution cancelled: ${str(d['reason'])}` : 'execution cancelled';
    case 'step.awaiting-approval':
      return awaiting(d);
    case 'step.completed':
      return completed(d);
    case 'step.failed':
      return failed(d);
    case 'step.breached':
      return str(d['reason']) ? `SLA breached: ${str(d['reason'])}` : 'SLA breached';
    case 'step.cancelled':
      return cancelled(d);
    case 'group.quorum-met':
      return quorum(d);
    case 'loop.iteration-started':
      return loopStarted(d);
    case 'loop.exhausted':
      return loopExhausted(d);
    default:
      return event.data === null || event.data === undefined ? '(no data)' : compact(event.data, 160);
  }
}

/**
 * The node id a step id was made from (velt-api.md §5): `step_<node>_<13 digits>_<rand>`, fan-out
 * `<parent>__to__<child>` and group successors `group_<g>__to__<child>` all end in their own node.
 * Heuristic only; the execution's StepView.nodeId wins when known.
 */
export function nodeIdFromStepId(stepId: string): string {
  const fan = stepId.lastIndexOf('__to__');
  if (fan >= 0) return stepId.slice(fan + 6) || stepId;
  const match = /^step_(.+)_\d{13}_[a-z0-9]+$/.exec(stepId) ?? /^step_(.+?)_\.\.\._[a-z0-9]+$/.exec(stepId);
  return match ? match[1]! : stepId;
}

export function stepLabel(stepId: string | null, nodeIds: ReadonlyMap<string, string>): string {
  if (stepId === null) return '';
  return nodeIds.get(stepId) ?? nodeIdFromStepId(stepId);
}
