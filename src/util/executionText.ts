// Short, pure summaries of an ExecutionView for hovers and pickers: status icon, step counts, who an
// approval step waits for, how long it ran. No `vscode`, so they are unit-tested and usable by the
// benchmark. Words and number formats come from ./format.
import { isTerminalStatus, type ExecutionView, type StepView } from '../api';
import { isAwaitingApproval } from './format';

const STATUS_ICONS: Readonly<Record<string, string>> = {
  pending: 'clock',
  running: 'sync',
  waiting: 'bell-dot',
  completed: 'pass-filled',
  failed: 'error',
  cancelled: 'circle-slash',
  breached: 'flame',
  skipped: 'debug-step-over',
};

/** A codicon id for an execution or step status; unknown statuses get a question mark. */
export function statusCodicon(status: string): string {
  return STATUS_ICONS[status] ?? 'question';
}

const STEP_ORDER = ['running', 'waiting', 'pending', 'completed', 'failed', 'breached', 'cancelled', 'skipped'];

/** Step counts by status, most interesting first: [["completed", 5], ["cancelled", 1]]. */
export function stepCounts(steps: readonly StepView[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const step of steps) counts.set(step.status, (counts.get(step.status) ?? 0) + 1);
  const rank = (s: string): number => (STEP_ORDER.includes(s) ? STEP_ORDER.indexOf(s) : STEP_ORDER.length);
  return [...counts.entries()].sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]));
}

export interface WaitingApproval {
  nodeId: string;
  stepId: string;
  /** Reviewers still expected to respond, when the step output says. */
  reviewers: number | undefined;
  mandatory: number | undefined;
}

/** Human steps waiting for decisions, with reviewer counts read from the step output where present. */
export function waitingApprovals(steps: readonly StepView[]): WaitingApproval[] {
  return steps.filter(isAwaitingApproval).map((step) => {
    const out = step.output;
    const list = Array.isArray(out['reviewers'])
      ? out['reviewers']
      : Array.isArray(out['reviewerIds'])
        ? out['reviewerIds']
        : undefined;
    const responded = typeof out['totalResponses'] === 'number' ? out['totalResponses'] : 0;
    const total = list?.length;
    const mandatoryTotal =
      typeof out['mandatoryCount'] === 'number'
        ? out['mandatoryCount']
        : Array.isArray(out['reviewers'])
          ? out['reviewers'].filter(
              (r) => typeof r === 'object' && r !== null && (r as { mandatory?: unknown }).mandatory === true,
            ).length
          : undefined;
    const mandatoryDone = typeof out['mandatoryApproveCount'] === 'number' ? out['mandatoryApproveCount'] : 0;
    return {
      nodeId: step.nodeId,
      stepId: step.stepId,
      reviewers: total === undefined ? undefined : Math.max(0, total - responded),
      mandatory: mandatoryTotal === undefined ? undefined : Math.max(0, mandatoryTotal - mandatoryDone),
    };
  });
}

/** Milliseconds from start to end (or to `now` while not terminal); undefined when unknown. */
export function executionDuration(execution: ExecutionView, now: number): number | undefined {
  if (execution.startedAt === null) return undefined;
  const end = execution.completedAt ?? execution.cancelledAt ?? (isTerminalStatus(execution.status) ? null : now);
  return end === null ? undefined : Math.max(0, end - execution.startedAt);
}
