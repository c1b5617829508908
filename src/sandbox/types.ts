// Shapes shared by the sandbox's modules: the wire views it serves (the API's own types, with
// explicit nulls) and the model every seeded execution implements, scripted or arithmetic.
import type { ExecutionEvent, ExecutionView, StepView } from '../api/schemas';

/** JSON values only, so seeded data can be typed without `any` and serialised as-is. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export type WireStep = StepView;
export type WireExecution = ExecutionView;
export type WireEvent = ExecutionEvent;

/** Event types that take a seq number but are never returned by getEvents (velt-api.md §3.2). */
export const INTERNAL_EVENT_TYPES: ReadonlySet<string> = new Set([
  'step.scheduled',
  'step.started',
  'step.retried',
  'step.resumed',
  'step.response-recorded',
  'step.overridden',
  'parallel-group.completed',
  'idempotency.suppressed',
]);

export interface ExecutionMeta {
  executionId: string;
  definitionId: string;
  definitionVersion: number;
  correlationId: string;
  idempotencyKey: string;
}

/** One execution as the handlers see it; `now` is the sandbox clock (epoch ms). */
export interface ExecutionModel {
  readonly executionId: string;
  readonly definitionId: string;
  readonly startedAt: number;
  /** The view at `now`; list results pass `withSteps: false` and get `steps: []`. */
  view(now: number, withSteps: boolean): WireExecution;
  /** Highest seq number that exists at `now` (every seq once the run is over). */
  visibleSeq(now: number): number;
  /** The external event with this seq, or null when that seq belongs to an internal event. */
  eventAt(seq: number): WireEvent | null;
}
