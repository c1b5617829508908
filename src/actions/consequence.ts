// The consequence sentence of a write: what the step becomes and which outgoing edges of its node fire,
// read from the definition (compiled forward edges when present, the authored edges otherwise), the way
// the engine routes (velt-api.md §2.2, §2.3): `always` on completed/failed/skipped/breached, `approve` and
// `reject` on a completed step's decision, `custom` when its predicate holds; nothing after a cancel. A
// forced reject leaves `rejectedBy` unset, so a loop-back never fires for it. vscode-free and unit-tested.
import type { DefinitionView } from '../api';
import type { WriteAction } from './matrix';

interface Outcome {
  /** What the step ends as, in words. */
  becomes: string;
  status: 'completed' | 'failed' | 'cancelled';
  decision: 'approve' | 'reject' | undefined;
}

function outcomeOf(action: WriteAction, output: Record<string, unknown> | undefined): Outcome | undefined {
  switch (action) {
    case 'approve':
    case 'forceApprove':
      return { becomes: 'completed with decision "approve"', status: 'completed', decision: 'approve' };
    case 'reject':
    case 'forceReject':
      return { becomes: 'completed with decision "reject"', status: 'completed', decision: 'reject' };
    case 'forceComplete': {
      const decision = output?.['decision'];
      const known = decision === 'approve' || decision === 'reject' ? decision : undefined;
      return {
        becomes: known ? `completed with decision "${known}"` : 'completed with the output you give',
        status: 'completed',
        decision: known,
      };
    }
    case 'forceFail':
      return { becomes: 'failed', status: 'failed', decision: undefined };
    case 'cancelStep':
      return { becomes: 'cancelled', status: 'cancelled', decision: undefined };
    case 'cancelExecution':
      return undefined;
  }
}

interface Route {
  to: string;
  on: string;
}

/** Outgoing routes of a node (not of its group), loop-backs excluded, `exhausted` excluded. */
function routesFrom(definition: DefinitionView, nodeId: string): Route[] {
  if (definition.compiled) {
    return definition.compiled.forwardEdges
      .filter((e) => e.from === nodeId && !e.fromGroupId && e.role !== 'exhausted')
      .map((e) => ({ to: e.toGroupId ? `group ${e.toGroupId}` : e.to, on: e.role }));
  }
  return definition.edges
    .filter((e) => e.from.kind === 'node' && e.from.nodeId === nodeId && e.loop === null && e.on !== 'exhausted')
    .map((e) => ({ to: e.to.kind === 'node' ? e.to.nodeId : `group ${e.to.groupId}`, on: e.on }));
}

/** Reject back-edges that start a new loop iteration, from the authored edges (compiled loops as a fallback). */
function loopBacksFrom(definition: DefinitionView, nodeId: string): string[] {
  const authored = definition.edges
    .filter((e) => e.from.kind === 'node' && e.from.nodeId === nodeId && e.on === 'reject' && e.loop !== null)
    .map((e) => (e.to.kind === 'node' ? e.to.nodeId : `group ${e.to.groupId}`));
  if (authored.length > 0) return authored;
  const loops = definition.compiled?.loops ?? [];
  return loops.filter((l) => l.bodyNodeIds.at(-1) === nodeId).map((l) => l.entryNodeId);
}

function fires(route: Route, outcome: Outcome): 'yes' | 'maybe' | 'no' {
  switch (route.on) {
    case 'always':
      return outcome.status === 'cancelled' ? 'no' : 'yes';
    case 'approve':
    case 'reject':
      return outcome.status === 'completed' && outcome.decision === route.on ? 'yes' : 'no';
    case 'custom':
      return outcome.status === 'cancelled' ? 'no' : 'maybe';
    default:
      return 'no';
  }
}

function list(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`;
}

export interface ConsequenceInput {
  action: WriteAction;
  /** The step's node; undefined for Cancel Execution. */
  nodeId?: string;
  /** The group the step belongs to, if any (its group's edges fire when the group settles). */
  groupId?: string | null;
  /** undefined when the definition could not be read. */
  definition?: DefinitionView;
  /** The output a Force Complete / Force Fail sends. */
  output?: Record<string, unknown>;
}

/** Plain sentences (no markup); the caller passes them through the sink's inert-text gate. */
export function consequenceOf(input: ConsequenceInput): string {
  const { action, nodeId, definition } = input;
  if (action === 'cancelExecution')
    return 'Cancelling is final: the execution stops, waiting and running steps are cancelled and no further step runs.';
  const outcome = outcomeOf(action, input.output)!;
  const sentences: string[] = [];
  if (action === 'approve')
    sentences.push(
      'Your approval is counted; the step resolves once every mandatory reviewer approved, and then it is completed with decision "approve".',
    );
  else if (action === 'reject')
    sentences.push('A reject resolves the step at once: it is completed with decision "reject".');
  else sentences.push(`The step becomes ${outcome.becomes}.`);

  if (action === 'cancelStep') {
    sentences.push('Cancelling is final: no outgoing edge fires.');
    return sentences.join(' ');
  }
  if (!definition || nodeId === undefined) {
    sentences.push('The definition could not be read, so which outgoing edges fire is not known.');
    return sentences.join(' ');
  }
  if (input.groupId)
    sentences.push(
      `The step is a member of parallel group ${input.groupId}: the group's own edges fire when it settles.`,
    );
  const routes = routesFrom(definition, nodeId);
  const firing = routes.filter((r) => fires(r, outcome) === 'yes').map((r) => `${r.to} (on ${r.on})`);
  const maybe = routes.filter((r) => fires(r, outcome) === 'maybe').map((r) => r.to);
  if (firing.length > 0) sentences.push(`Fires: ${list(firing)}.`);
  if (maybe.length > 0) sentences.push(`Fires if its condition holds: ${list(maybe)}.`);
  if (firing.length === 0 && maybe.length === 0) {
    sentences.push(
      outcome.status === 'failed' && !input.groupId
        ? 'No outgoing edge fires, so the execution fails.'
        : 'No outgoing edge fires.',
    );
  }
  const loopBacks = outcome.decision === 'reject' ? loopBacksFrom(definition, nodeId) : [];
  if (loopBacks.length > 0) {
    sentences.push(
      action === 'reject'
        ? `If the rejecting reviewer is mandatory, the loop-back to ${list(loopBacks)} starts a new iteration instead.`
        : `The loop-back to ${list(loopBacks)} will NOT fire: a forced reject does not set rejectedBy, so the loop's predicate is false.`,
    );
  }
  return sentences.join(' ');
}
