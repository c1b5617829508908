// What the Waiting for Approval view shows, computed from an execution and its definition: every human step
// that waits, who still has to decide (mandatory reviewers first), since when it waits and when its SLA
// breaches. Pure and vscode-free, so it is unit-tested directly.
//
// Reviewers come from the definition's node (`reviewers`, or legacy `reviewerIds`); without the definition,
// from the step output (`reviewers` / `reviewerIds`, which the engine puts there for reviewer UIs). Who has
// decided is not part of the documented StepView while a step waits; when an output carries `decisions` or
// `responses` (`[{ reviewerId | userId, decision }]`), those reviewers are no longer outstanding.
import type { DeclaredReviewer, DefinitionView, ExecutionView, StepView } from '../api';
import { formatDuration, isAwaitingApproval } from '../util/format';

export interface WaitingApproval {
  executionId: string;
  definitionId: string;
  stepId: string;
  nodeId: string;
  /** The node's display name from the definition, when it has one. */
  nodeName: string | null;
  /** When the step started waiting (its startedAt); null when the server sent none. */
  waitingSince: number | null;
  slaMs: number | null;
  /** waitingSince + slaMs; null without either. */
  deadline: number | null;
  /** Reviewers who have not decided, mandatory first (declared order within each). */
  outstanding: DeclaredReviewer[];
  /** Reviewer ids with a recorded decision. */
  decided: string[];
  /** False when neither the definition nor the step output names the reviewers. */
  reviewersKnown: boolean;
}

/** Every waiting human step of a running execution (none for a finished one), soonest SLA breach first. */
export function waitingApprovals(execution: ExecutionView, definition: DefinitionView | undefined): WaitingApproval[] {
  if (execution.status !== 'running' && execution.status !== 'pending') return [];
  return execution.steps.filter(isAwaitingApproval).map((step) => waitingApproval(execution, step, definition));
}

function waitingApproval(
  execution: ExecutionView,
  step: StepView,
  definition: DefinitionView | undefined,
): WaitingApproval {
  const node = definition?.nodes.find((n) => n.nodeId === step.nodeId);
  const declared = node && node.reviewers.length > 0 ? node.reviewers : reviewersFromOutput(step.output);
  const { outstanding, decided } = outstandingReviewers(declared, step.output);
  const slaMs = node?.slaMs ?? null;
  const waitingSince = step.startedAt;
  return {
    executionId: execution.executionId,
    definitionId: execution.definitionId,
    stepId: step.stepId,
    nodeId: step.nodeId,
    nodeName: node?.name ?? null,
    waitingSince,
    slaMs,
    deadline: slaMs !== null && waitingSince !== null ? waitingSince + slaMs : null,
    outstanding,
    decided,
    reviewersKnown: declared.length > 0,
  };
}

/** Orders approvals by urgency: the nearest deadline first, then the longest wait; ties by ids (stable). */
export function byUrgency(a: WaitingApproval, b: WaitingApproval): number {
  const deadline = (a.deadline ?? Infinity) - (b.deadline ?? Infinity);
  if (deadline !== 0 && !Number.isNaN(deadline)) return deadline;
  const since = (a.waitingSince ?? Infinity) - (b.waitingSince ?? Infinity);
  if (since !== 0 && !Number.isNaN(since)) return since;
  return `${a.executionId}/${a.stepId}`.localeCompare(`${b.executionId}/${b.stepId}`);
}

/** The step output's reviewers: `[{ userId, mandatory }]`, else `reviewerIds` (all mandatory, as the engine reads it). */
export function reviewersFromOutput(output: Readonly<Record<string, unknown>>): DeclaredReviewer[] {
  const reviewers: DeclaredReviewer[] = [];
  const seen = new Set<string>();
  const add = (userId: unknown, mandatory: boolean): void => {
    if (typeof userId !== 'string' || userId.length === 0 || seen.has(userId)) return;
    seen.add(userId);
    reviewers.push({ userId, mandatory });
  };
  if (Array.isArray(output['reviewers'])) {
    for (const r of output['reviewers'])
      if (isRecord(r)) add(r['userId'], typeof r['mandatory'] === 'boolean' ? r['mandatory'] : false);
  } else if (Array.isArray(output['reviewerIds'])) {
    for (const id of output['reviewerIds']) add(id, true);
  }
  return reviewers;
}

/** Declared reviewers minus those the output says decided; mandatory ones first, declared order kept within. */
export function outstandingReviewers(
  declared: readonly DeclaredReviewer[],
  output: Readonly<Record<string, unknown>>,
): { outstanding: DeclaredReviewer[]; decided: string[] } {
  const decided = decidedReviewerIds(output);
  const open = declared.filter((r) => !decided.includes(r.userId));
  return { outstanding: [...open.filter((r) => r.mandatory), ...open.filter((r) => !r.mandatory)], decided };
}

function decidedReviewerIds(output: Readonly<Record<string, unknown>>): string[] {
  const ids: string[] = [];
  for (const field of ['decisions', 'responses']) {
    const list = output[field];
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (!isRecord(entry)) continue;
      const id = typeof entry['reviewerId'] === 'string' ? entry['reviewerId'] : entry['userId'];
      if (typeof id === 'string' && id.length > 0 && !ids.includes(id)) ids.push(id);
    }
  }
  return ids;
}

export interface SlaState {
  /** Milliseconds until the breach; negative once overdue. */
  remainingMs: number;
  overdue: boolean;
  /** "SLA 4m 10s left" or "SLA overdue by 1m 02s". */
  label: string;
}

/** The SLA countdown at `now`; undefined when the step has no deadline. */
export function slaState(deadline: number | null, now: number): SlaState | undefined {
  if (deadline === null || !Number.isFinite(deadline)) return undefined;
  const remainingMs = deadline - now;
  const overdue = remainingMs <= 0;
  return {
    remainingMs,
    overdue,
    label: overdue ? `SLA overdue by ${formatDuration(-remainingMs)}` : `SLA ${formatDuration(remainingMs)} left`,
  };
}

/** The reviewers line: "waiting for alice (mandatory), bob", or what is known when nobody is named. */
export function reviewersLabel(approval: Pick<WaitingApproval, 'outstanding' | 'reviewersKnown'>): string {
  if (!approval.reviewersKnown) return 'reviewers unknown';
  if (approval.outstanding.length === 0) return 'every reviewer decided';
  return `waiting for ${approval.outstanding.map((r) => (r.mandatory ? `${r.userId} (mandatory)` : r.userId)).join(', ')}`;
}

/**
 * Whether a breach warning is due: the step breaches within `warnBeforeMs` and has not yet breached.
 * `warnBeforeMs` 0 turns warnings off.
 */
export function breachWarningDue(deadline: number | null, now: number, warnBeforeMs: number): boolean {
  if (warnBeforeMs <= 0 || deadline === null) return false;
  const remaining = deadline - now;
  return remaining > 0 && remaining <= warnBeforeMs;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
