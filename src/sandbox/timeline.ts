// A scripted execution: a list of timed events and state changes, replayed up to "now". Seq numbers
// are assigned once, in time order, so the events visible at any moment are a prefix of the seq
// range and a running execution progresses simply because the clock moves.
import type { ErrorInfo } from '../api/schemas';
import {
  INTERNAL_EVENT_TYPES,
  type ExecutionMeta,
  type ExecutionModel,
  type Json,
  type JsonObject,
  type WireEvent,
  type WireExecution,
  type WireStep,
} from './types';

/** A value, or a function of the moment it happens (for timestamps inside outputs). */
export type Timed<T extends Json> = T | ((timestamp: number) => T);

export interface StepPatch {
  nodeId?: string;
  nodeType?: string;
  groupId?: string | null;
  status?: string;
  /** Set `startedAt` / `completedAt` to the moment of this change. */
  start?: boolean;
  complete?: boolean;
  output?: Timed<JsonObject>;
  error?: ErrorInfo | null;
}

export interface ExecutionPatch {
  status?: string;
  complete?: boolean;
  cancel?: boolean;
  failureReason?: ErrorInfo | null;
}

interface EventEntry {
  at: number;
  type: string;
  stepId: string | null;
  data: Timed<Json>;
}
type Mutation =
  | { at: number; kind: 'step'; stepId: string; patch: StepPatch }
  | { at: number; kind: 'execution'; patch: ExecutionPatch };

/**
 * Where a script sits in time. Historical runs are `live: false` and fully visible whatever the
 * clock says (tests may use a fake clock far in the past). Live runs reveal entries as
 * `origin + at / timeScale` passes.
 */
export interface ScriptTime {
  origin: number;
  timeScale: number;
  live: boolean;
}

export class ScriptBuilder {
  private readonly events: EventEntry[] = [];
  private readonly mutations: Mutation[] = [];

  constructor(readonly meta: ExecutionMeta) {}

  event(at: number, type: string, stepId: string | null, data: Timed<Json> = null): this {
    this.events.push({ at, type, stepId, data });
    return this;
  }

  step(at: number, stepId: string, patch: StepPatch): this {
    this.mutations.push({ at, kind: 'step', stepId, patch });
    return this;
  }

  execution(at: number, patch: ExecutionPatch): this {
    this.mutations.push({ at, kind: 'execution', patch });
    return this;
  }

  build(time: ScriptTime): ScriptedExecution {
    // Array.prototype.sort is stable: entries written at the same moment keep their order.
    const byTime = <T extends { at: number }>(list: T[]): T[] => [...list].sort((a, b) => a.at - b.at);
    return new ScriptedExecution(this.meta, byTime(this.events), byTime(this.mutations), time);
  }
}

function resolve<T extends Json>(value: Timed<T>, timestamp: number): T {
  return typeof value === 'function' ? value(timestamp) : value;
}

export class ScriptedExecution implements ExecutionModel {
  private readonly eventPrefix: string;

  constructor(
    private readonly meta: ExecutionMeta,
    private readonly events: readonly EventEntry[],
    private readonly mutations: readonly Mutation[],
    private readonly time: ScriptTime,
  ) {
    this.eventPrefix = `evt_${meta.executionId.slice(meta.executionId.lastIndexOf('_') + 1)}_`;
  }

  get executionId(): string {
    return this.meta.executionId;
  }
  get definitionId(): string {
    return this.meta.definitionId;
  }
  get startedAt(): number {
    return this.time.origin;
  }

  /** Total seq numbers in the script, internal ones included. */
  get length(): number {
    return this.events.length;
  }

  private stamp(at: number): number {
    return Math.round(this.time.origin + at / this.time.timeScale);
  }

  private isVisible(at: number, now: number): boolean {
    return !this.time.live || this.stamp(at) <= now;
  }

  visibleSeq(now: number): number {
    if (!this.time.live) return this.events.length;
    // Binary search for the first entry still in the future; its index is the visible count.
    let low = 0;
    let high = this.events.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.isVisible(this.events[mid]!.at, now)) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  eventAt(seq: number): WireEvent | null {
    const entry = this.events[seq - 1];
    if (!entry || INTERNAL_EVENT_TYPES.has(entry.type)) return null;
    const timestamp = this.stamp(entry.at);
    return {
      eventId: this.eventPrefix + seq.toString(36).padStart(5, '0'),
      seq,
      type: entry.type,
      stepId: entry.stepId,
      timestamp,
      correlationId: this.meta.correlationId,
      data: resolve(entry.data, timestamp),
    };
  }

  view(now: number, withSteps: boolean): WireExecution {
    const execution: WireExecution = {
      executionId: this.meta.executionId,
      status: 'pending',
      startedAt: this.time.origin,
      completedAt: null,
      cancelledAt: null,
      definitionId: this.meta.definitionId,
      definitionVersion: this.meta.definitionVersion,
      correlationId: this.meta.correlationId,
      idempotencyKey: this.meta.idempotencyKey,
      failureReason: null,
      steps: [],
    };
    const steps = new Map<string, WireStep>();
    for (const mutation of this.mutations) {
      if (!this.isVisible(mutation.at, now)) break;
      const timestamp = this.stamp(mutation.at);
      if (mutation.kind === 'execution') {
        applyExecutionPatch(execution, mutation.patch, timestamp);
      } else if (withSteps) {
        let step = steps.get(mutation.stepId);
        if (!step) {
          step = {
            stepId: mutation.stepId,
            nodeId: '',
            nodeType: '',
            status: 'pending',
            groupId: null,
            startedAt: null,
            completedAt: null,
            output: {},
            error: null,
          };
          steps.set(mutation.stepId, step);
        }
        applyStepPatch(step, mutation.patch, timestamp);
      }
    }
    execution.steps = [...steps.values()];
    return execution;
  }
}

function applyExecutionPatch(execution: WireExecution, patch: ExecutionPatch, timestamp: number): void {
  if (patch.status !== undefined) execution.status = patch.status;
  if (patch.complete) execution.completedAt = timestamp;
  if (patch.cancel) execution.cancelledAt = timestamp;
  if (patch.failureReason !== undefined) execution.failureReason = patch.failureReason;
}

function applyStepPatch(step: WireStep, patch: StepPatch, timestamp: number): void {
  if (patch.nodeId !== undefined) step.nodeId = patch.nodeId;
  if (patch.nodeType !== undefined) step.nodeType = patch.nodeType;
  if (patch.groupId !== undefined) step.groupId = patch.groupId;
  if (patch.status !== undefined) step.status = patch.status;
  if (patch.start) step.startedAt = timestamp;
  if (patch.complete) step.completedAt = timestamp;
  if (patch.output !== undefined) step.output = resolve(patch.output, timestamp);
  if (patch.error !== undefined) step.error = patch.error;
}
