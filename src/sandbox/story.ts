// A small narration layer over ScriptBuilder so each seeded scenario reads like the run it models:
// a cursor in ms since the run started, and one method per thing the engine does (each writes the
// documented external event, the internal events that take seq numbers, and the step/run changes).
import type { ErrorInfo } from '../api/schemas';
import type { ExecutionMeta, Json, JsonObject } from './types';
import { ScriptBuilder, type Timed } from './timeline';
import { randomLower, type Rng } from './random';

export interface StepInit {
  stepId: string;
  nodeId: string;
  nodeType: string;
  groupId?: string | null;
}

export interface Reviewer {
  userId: string;
  mandatory: boolean;
  email: string;
}

/** `step_<nodeId>_<13-digit ms>_<6 lowercase>` (velt-api.md §5). */
export function rootStepId(nodeId: string, timestamp: number, rng: Rng): string {
  return `step_${nodeId}_${timestamp}_${randomLower(rng, 6)}`;
}
export function fanOutStepId(parentStepId: string, childNodeId: string): string {
  return `${parentStepId}__to__${childNodeId}`;
}

export class Story {
  readonly builder: ScriptBuilder;
  private t = 0;

  constructor(readonly meta: ExecutionMeta) {
    this.builder = new ScriptBuilder(meta);
  }

  /** Milliseconds since the run started (at timeScale 1). */
  get now(): number {
    return this.t;
  }
  at(ms: number): this {
    this.t = ms;
    return this;
  }
  after(ms: number): this {
    this.t += ms;
    return this;
  }

  emit(type: string, stepId: string | null, data: Timed<Json> = null): this {
    this.builder.event(this.t, type, stepId, data);
    return this;
  }

  /** Run created; it turns `running` a moment later unless it stays pending (queued, never picked up). */
  dispatch(rootStepIds: string[], options: { stayPending?: boolean } = {}): this {
    this.builder.execution(this.t, { status: 'pending' });
    this.emit('execution.dispatched', null, {
      definitionId: this.meta.definitionId,
      definitionVersion: this.meta.definitionVersion,
      rootStepIds,
    });
    if (!options.stayPending) this.builder.execution(this.t + 250, { status: 'running' });
    return this;
  }

  schedule(step: StepInit): this {
    this.builder.step(this.t, step.stepId, {
      nodeId: step.nodeId,
      nodeType: step.nodeType,
      groupId: step.groupId ?? null,
      status: 'pending',
    });
    return this.emit('step.scheduled', step.stepId);
  }

  /** Scheduled and started at once (most steps); step.started is internal, so only `get` shows it. */
  start(step: StepInit, output?: Timed<JsonObject>): this {
    this.schedule(step);
    this.builder.step(this.t, step.stepId, { status: 'running', start: true, ...(output ? { output } : {}) });
    return this.emit('step.started', step.stepId);
  }

  awaiting(stepId: string, data: Timed<Json>, output?: Timed<JsonObject>): this {
    this.builder.step(this.t, stepId, { status: 'waiting', ...(output ? { output } : {}) });
    return this.emit('step.awaiting-approval', stepId, data);
  }

  complete(stepId: string, data: Timed<Json>, output: Timed<JsonObject>): this {
    this.builder.step(this.t, stepId, { status: 'completed', complete: true, output });
    return this.emit('step.completed', stepId, data);
  }

  fail(stepId: string, data: Timed<Json>, error: ErrorInfo, output?: Timed<JsonObject>): this {
    this.builder.step(this.t, stepId, { status: 'failed', complete: true, error, ...(output ? { output } : {}) });
    return this.emit('step.failed', stepId, data);
  }

  breach(stepId: string, reason: string): this {
    this.builder.step(this.t, stepId, { status: 'breached', complete: true });
    return this.emit('step.breached', stepId, { reason });
  }

  cancelStep(stepId: string, actorId: string, reason: string): this {
    this.builder.step(this.t, stepId, { status: 'cancelled', complete: true });
    return this.emit('step.cancelled', stepId, { actorId, reason });
  }

  internal(type: string, stepId: string | null = null): this {
    return this.emit(type, stepId);
  }

  completeRun(): this {
    this.builder.execution(this.t, { status: 'completed', complete: true });
    return this.emit('execution.completed', null, null);
  }

  failRun(failureReason: ErrorInfo): this {
    this.builder.execution(this.t, { status: 'failed', complete: true, failureReason });
    return this.emit('execution.failed', null, null);
  }

  cancelRun(reason: string): this {
    this.builder.execution(this.t, { status: 'cancelled', cancel: true });
    return this.emit('execution.cancelled', null, { reason });
  }
}

// ---- node-type specific outputs and event data (velt-api.md §2.2, §3.2) ----

export function humanWaitingOutput(reviewers: Reviewer[], commentBody: string | null = null): JsonObject {
  return {
    reviewers: reviewers.map((r) => ({ userId: r.userId, mandatory: r.mandatory })),
    reviewerIds: reviewers.map((r) => r.userId),
    reviewerEmails: reviewers.map((r) => r.email),
    commentBody,
  };
}

export function humanAwaitingData(stepId: string, reviewers: Reviewer[]): JsonObject {
  return {
    waitingForReviewers: reviewers.map((r) => r.userId),
    mandatoryCount: reviewers.filter((r) => r.mandatory).length,
    resumeKey: `human:${stepId}`,
  };
}

/** Output of a human step resumed by its reviewers' decisions. */
export function humanDecidedOutput(
  stepId: string,
  reviewers: Reviewer[],
  decision: 'approve' | 'reject',
  rejectedBy?: Reviewer,
): Timed<JsonObject> {
  return (timestamp) => {
    const mandatory = reviewers.filter((r) => r.mandatory).length;
    const approvals = decision === 'approve' ? reviewers.length : 0;
    const output: JsonObject = {
      ...humanWaitingOutput(reviewers),
      aggregatorStatus: decision === 'approve' ? 'resolved' : 'rejected',
      approveCount: approvals,
      rejectCount: decision === 'reject' ? 1 : 0,
      totalResponses: decision === 'approve' ? reviewers.length : 1,
      mandatoryCount: mandatory,
      mandatoryApproveCount: decision === 'approve' ? mandatory : 0,
      decision,
      approved: decision === 'approve',
      resumedAt: timestamp,
      resumeKey: `human:${stepId}`,
    };
    if (rejectedBy) {
      output['rejectedBy'] = rejectedBy.userId;
      output['rejectorMandatory'] = rejectedBy.mandatory;
    }
    return output;
  };
}

export function humanCompletedData(decision: 'approve' | 'reject'): JsonObject {
  return { aggregatorStatus: decision === 'approve' ? 'resolved' : 'rejected', nodeType: 'human', decision };
}

export function webhookOutput(httpStatus: number, body: JsonObject): JsonObject {
  const text = JSON.stringify(body);
  return {
    httpStatus,
    responseHeaders: { 'content-type': 'application/json', 'content-length': String(text.length) },
    responseJson: body,
    responseText: text,
  };
}
