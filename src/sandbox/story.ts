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

  /** Run created; it turns `running` a moment later. */
  dispatch(rootStepIds: string[]): this {
    this.builder.execution(this.t, { status: 'pending' });
    this.emit('execution.dispatched', null, {
      definitionId: this.meta.definitionId,
      definitionVersion: this.meta.definitionVersion,
      rootStepIds,
    });
    this.builder.execution(this.t + 250, { status: 'running' });
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

  complete(stepId: string, data: Timed<Json>, output: Timed<JsonObject>): this {
    this.builder.step(this.t, stepId, { status: 'completed', complete: true, output });
    return this.emit('step.completed', stepId, data);
  }

  fail(stepId: string, data: Timed<Json>, error: ErrorInfo, output?: Timed<JsonObject>): this {
    this.builder.step(this.t, stepId, { status: 'failed', complete: true, error, ...(output ? { output } : {}) });
    return this.emit('step.failed', stepId, data);
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
}

// ---- node-type specific outputs and event data (velt-api.md §2.2, §3.2) ----

export function webhookOutput(httpStatus: number, body: JsonObject): JsonObject {
  const text = JSON.stringify(body);
  return {
    httpStatus,
    responseHeaders: { 'content-type': 'application/json', 'content-length': String(text.length) },
    responseJson: body,
    responseText: text,
  };
}
