// Decisions and overrides (velt-api.md §1.4, docs "Cancelling and overriding"): reviewer decisions
// through the aggregator, the steps/resolve action matrix, steps/cancel and executions/cancel.
// Each returns the documented result or the documented error status.
import type { ErrorCode } from '../http';
import type { JsonObject } from '../types';
import type { Engine } from './engine';
import { TERMINAL_STEP, type Step } from './model';
import { humanBaseOutput, reviewersOf } from './nodes';
import type { Run } from './run';

export type ActionResult = { ok: true; value: JsonObject } | { ok: false; status: ErrorCode; message: string };

const fail = (status: ErrorCode, message: string): ActionResult => ({ ok: false, status, message });

function find(engine: Engine, executionId: string, stepId: string): { run?: Run; step?: Step; error?: ActionResult } {
  const run = engine.get(executionId);
  if (!run) return { error: fail('NOT_FOUND', `Execution ${executionId} not found`) };
  const step = run.steps.get(stepId);
  return step ? { run, step } : { run };
}

/** One reviewer's vote. Resolves on any reject or once every mandatory reviewer approved. */
export function recordReviewerDecision(
  engine: Engine,
  f: { executionId: string; stepId: string; reviewerId: string; decision: 'approve' | 'reject'; reason?: string },
): ActionResult {
  const { run, step, error } = find(engine, f.executionId, f.stepId);
  if (error) return error;
  if (!run || !step) return fail('NOT_FOUND', `Step ${f.stepId} not found in execution ${f.executionId}`);
  if (step.nodeType !== 'human')
    return fail('FAILED_PRECONDITION', `Step ${f.stepId} is a ${step.nodeType} step, not a human step`);
  const status = (s: string | null): JsonObject => ({ recorded: false, aggregatorStatus: s, resumeScheduled: false });
  if (TERMINAL_STEP.has(step.status) || run.terminal) {
    const aggregator = typeof step.output['aggregatorStatus'] === 'string' ? step.output['aggregatorStatus'] : null;
    return { ok: true, value: { ...status(aggregator), rejectionReason: 'already-terminal' } };
  }
  if (step.status !== 'waiting') return fail('FAILED_PRECONDITION', `Step ${f.stepId} is ${step.status}, not waiting`);
  const node = run.definition.runtime.nodes.get(step.nodeId)!;
  const reviewers = reviewersOf(node);
  const reviewer = reviewers.find((r) => r.userId === f.reviewerId);
  if (!reviewer) return { ok: true, value: { ...status('pending'), rejectionReason: 'unknown-responder' } };
  if (step.decisions.some((d) => d.reviewerId === f.reviewerId))
    return { ok: true, value: { ...status('pending'), rejectionReason: 'idempotent' } };
  const now = engine.now();
  step.decisions.push({ reviewerId: f.reviewerId, decision: f.decision, reason: f.reason ?? null, at: now });
  engine.executor.emit(run, 'step.response-recorded', step.stepId);
  const approvals = new Set(step.decisions.filter((d) => d.decision === 'approve').map((d) => d.reviewerId));
  const rejecter = step.decisions.find((d) => d.decision === 'reject');
  const mandatory = reviewers.filter((r) => r.mandatory);
  const resolved = !rejecter && mandatory.every((r) => approvals.has(r.userId));
  if (!rejecter && !resolved)
    return { ok: true, value: { recorded: true, aggregatorStatus: 'pending', resumeScheduled: false } };
  const decision = rejecter ? 'reject' : 'approve';
  const rejectedBy = rejecter ? reviewers.find((r) => r.userId === rejecter.reviewerId) : undefined;
  const output: JsonObject = {
    ...humanBaseOutput(node),
    aggregatorStatus: rejecter ? 'rejected' : 'resolved',
    approveCount: approvals.size,
    rejectCount: step.decisions.length - approvals.size,
    totalResponses: step.decisions.length,
    mandatoryCount: mandatory.length,
    mandatoryApproveCount: mandatory.filter((r) => approvals.has(r.userId)).length,
    decision,
    approved: decision === 'approve',
    resumedAt: now,
    resumeKey: `human:${step.stepId}`,
    ...(rejectedBy ? { rejectedBy: rejectedBy.userId, rejectorMandatory: rejectedBy.mandatory } : {}),
  };
  engine.executor.batch(run, () => {
    engine.executor.emit(run, 'step.resumed', step.stepId);
    engine.executor.finish(
      run,
      step,
      'completed',
      'step.completed',
      { aggregatorStatus: output['aggregatorStatus']!, nodeType: 'human', decision },
      { output },
    );
  });
  return { ok: true, value: { recorded: true, aggregatorStatus: output['aggregatorStatus']!, resumeScheduled: true } };
}

/** No step ever parks for an agent resolution in beta (velt-api.md §1.4), so existing steps refuse it. */
export function recordAgentResolution(engine: Engine, f: { executionId: string; stepId: string }): ActionResult {
  const { run, step, error } = find(engine, f.executionId, f.stepId);
  if (error) return error;
  if (!run || !step) return fail('NOT_FOUND', `Step ${f.stepId} not found in execution ${f.executionId}`);
  if (step.nodeType !== 'agent')
    return fail('FAILED_PRECONDITION', `Step ${f.stepId} is a ${step.nodeType} step, not an agent step`);
  return fail(
    'FAILED_PRECONDITION',
    `Step ${f.stepId} is not a blocking agent step waiting for a resolution (blocking agents are not supported in beta)`,
  );
}

export function cancelStep(
  engine: Engine,
  f: { executionId: string; stepId: string; actorId: string; reason?: string },
): ActionResult {
  const { run, step, error } = find(engine, f.executionId, f.stepId);
  if (error) return error;
  if (!run || !step) return fail('NOT_FOUND', `Step ${f.stepId} not found in execution ${f.executionId}`);
  if (TERMINAL_STEP.has(step.status) || run.terminal)
    return fail('FAILED_PRECONDITION', `Step ${f.stepId} is already ${step.status}`);
  engine.executor.cancelStep(run, step, f.actorId, f.reason ?? 'cancelled-by-admin');
  return { ok: true, value: { cancelled: true, executionId: f.executionId, stepId: f.stepId } };
}

export type ResolveAction =
  'force-approve' | 'force-reject' | 'force-complete' | 'force-fail' | 'reviewer-approve' | 'reviewer-reject';
export const RESOLVE_ACTIONS: readonly ResolveAction[] = [
  'force-approve',
  'force-reject',
  'force-complete',
  'force-fail',
  'reviewer-approve',
  'reviewer-reject',
];
const DECISION_KEYS = ['decision', 'approved', 'approvalReply', 'overriddenAt'];

export function resolveStep(
  engine: Engine,
  f: {
    executionId: string;
    stepId: string;
    action: ResolveAction;
    actorId: string;
    output?: JsonObject;
    reason?: string;
  },
): ActionResult {
  const { run, step, error } = find(engine, f.executionId, f.stepId);
  if (error) return error;
  const reviewerAction = f.action.startsWith('reviewer-');
  if (!run || !step)
    return reviewerAction
      ? fail('NOT_FOUND', `Step ${f.stepId} not found in execution ${f.executionId}`)
      : fail('FAILED_PRECONDITION', 'resolveStep not applied: step-not-found');
  if (TERMINAL_STEP.has(step.status) || run.terminal)
    return fail('FAILED_PRECONDITION', `resolveStep not applied: step is ${step.status}`);
  const allowed = f.action === 'force-complete' || f.action === 'force-fail' ? ['running', 'waiting'] : ['waiting'];
  if (!allowed.includes(step.status))
    return fail(
      'FAILED_PRECONDITION',
      `resolveStep not applied: ${f.action} needs a ${allowed.join(' or ')} step, this one is ${step.status}`,
    );
  if (reviewerAction) {
    if (step.nodeType !== 'human')
      return fail('FAILED_PRECONDITION', `resolveStep not applied: ${f.action} needs a human step`);
    const node = run.definition.runtime.nodes.get(step.nodeId)!;
    if (!reviewersOf(node).some((r) => r.userId === f.actorId))
      return fail('PERMISSION_DENIED', `${f.actorId} is not a declared reviewer of step ${f.stepId}`);
  }
  const now = engine.now();
  const decision = f.action.endsWith('approve') ? 'approve' : f.action.endsWith('reject') ? 'reject' : null;
  const caller = { ...(f.output ?? {}) };
  if (decision) for (const key of DECISION_KEYS) delete caller[key];
  const output: JsonObject = decision
    ? {
        ...step.output,
        ...caller,
        decision,
        approved: decision === 'approve',
        approvalReply: f.reason ?? (decision === 'approve' ? 'approved' : 'rejected'),
        overriddenAt: now,
      }
    : { ...caller, overriddenAt: now };
  engine.executor.batch(run, () => {
    engine.executor.emit(run, 'step.overridden', step.stepId, {
      actorId: f.actorId,
      action: f.action,
      reason: f.reason ?? null,
      decision,
    });
    if (f.action === 'force-fail') {
      engine.executor.finish(
        run,
        step,
        'failed',
        'step.failed',
        { reason: 'force-fail' },
        { output, error: { code: 'force-fail', message: f.reason ?? `Failed by ${f.actorId}` } },
      );
    } else {
      const data: JsonObject =
        step.nodeType === 'human'
          ? { aggregatorStatus: decision === 'reject' ? 'rejected' : 'resolved', nodeType: 'human', decision }
          : { nodeType: step.nodeType, decision, source: 'override' };
      engine.executor.finish(run, step, 'completed', 'step.completed', data, { output });
    }
  });
  return { ok: true, value: { resolved: true, executionId: f.executionId, stepId: f.stepId, action: f.action } };
}

/** Cancelling a terminal run is a documented no-op; it still answers `cancelled: true`. */
export function cancelExecution(engine: Engine, f: { executionId: string; reason?: string }): ActionResult {
  const run = engine.get(f.executionId);
  if (!run) return fail('NOT_FOUND', `Execution ${f.executionId} not found`);
  if (!run.terminal) engine.executor.cancelRun(run, f.reason);
  return { ok: true, value: { cancelled: true, executionId: f.executionId } };
}
