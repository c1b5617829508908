// The wire contract: every type the extension, CLI and sandbox use for API payloads comes from here.
// Tolerant where the docs drift (unknown enum values kept, extra fields ignored, explicit nulls
// accepted); strict where a wrong value would mislead (required ids, numbers and arrays).
import { z } from 'zod';

export const KNOWN_EXECUTION_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled'] as const;
export const TERMINAL_EXECUTION_STATUSES = ['completed', 'failed', 'cancelled'] as const;
export const KNOWN_STEP_STATUSES = [
  'pending', 'running', 'waiting', 'completed', 'failed', 'skipped', 'cancelled', 'breached',
] as const;
export const KNOWN_NODE_TYPES = ['agent', 'human', 'notification', 'webhook'] as const;
export const KNOWN_EVENT_TYPES = [
  'execution.dispatched', 'execution.completed', 'execution.failed', 'execution.cancelled',
  'step.awaiting-approval', 'step.completed', 'step.failed', 'step.breached', 'step.cancelled',
  'group.quorum-met', 'loop.iteration-started', 'loop.exhausted',
] as const;
/** Event types that end an execution; the docs name the first two, cancellation ends it too. */
export const TERMINAL_EVENT_TYPES = ['execution.completed', 'execution.failed', 'execution.cancelled'] as const;
/** Event types the "failures only" filter keeps. */
export const FAILURE_EVENT_TYPES = [
  'execution.failed', 'execution.cancelled', 'step.failed', 'step.breached', 'step.cancelled', 'loop.exhausted',
] as const;

export type KnownExecutionStatus = (typeof KNOWN_EXECUTION_STATUSES)[number];
export type KnownStepStatus = (typeof KNOWN_STEP_STATUSES)[number];
export type KnownNodeType = (typeof KNOWN_NODE_TYPES)[number];
export type KnownEventType = (typeof KNOWN_EVENT_TYPES)[number];
export type ListStatusFilter = KnownExecutionStatus;

const epochMs = z.number().finite().nonnegative();
/** `null` and a missing key both mean "absent": the backend encodes `undefined` as `null`. */
const optionalEpochMs = epochMs.nullish().transform((v) => v ?? null);
const optionalString = z.string().nullish().transform((v) => v ?? null);
/** An open enum: any non-empty string is kept so a new value can be shown as such. */
const openEnum = z.string().min(1);

export const ErrorInfoSchema = z.object({
  code: z.string().nullish().transform((v) => v ?? 'unknown'),
  message: z.string().nullish().transform((v) => v ?? ''),
});
export type ErrorInfo = z.infer<typeof ErrorInfoSchema>;

export const StepViewSchema = z.object({
  stepId: z.string().min(1),
  nodeId: z.string().min(1),
  nodeType: openEnum,
  status: openEnum,
  groupId: optionalString,
  startedAt: optionalEpochMs,
  completedAt: optionalEpochMs,
  output: z.record(z.string(), z.unknown()).nullish().transform((v) => v ?? {}),
  error: ErrorInfoSchema.nullish().transform((v) => v ?? null),
});
export type StepView = z.infer<typeof StepViewSchema>;

export const ExecutionViewSchema = z.object({
  executionId: z.string().min(1),
  status: openEnum,
  startedAt: optionalEpochMs,
  completedAt: optionalEpochMs,
  cancelledAt: optionalEpochMs,
  definitionId: z.string().min(1),
  definitionVersion: z.number().int().nullish().transform((v) => v ?? null),
  correlationId: optionalString,
  idempotencyKey: optionalString,
  failureReason: ErrorInfoSchema.nullish().transform((v) => v ?? null),
  steps: z.array(StepViewSchema).nullish().transform((v) => v ?? []),
});
export type ExecutionView = z.infer<typeof ExecutionViewSchema>;

export const ExecutionEventSchema = z.object({
  eventId: z.string().min(1),
  seq: z.number().int().nonnegative(),
  type: openEnum,
  stepId: optionalString,
  timestamp: epochMs,
  correlationId: optionalString,
  data: z.unknown().optional().transform((v) => (v === undefined ? null : v)),
});
/**
 * `unreadable`: the server sent this event in a shape the schema rejects, but with a usable seq; the other
 * fields are fallbacks (eventId `unreadable-<seq>`, type `unreadable`, timestamp 0, stepId null).
 */
export type ExecutionEvent = z.infer<typeof ExecutionEventSchema> & { unreadable?: { problem: string; raw: string } };

export const EventsPageSchema = z.object({
  executionId: optionalString,
  events: z.array(ExecutionEventSchema),
  nextCursor: z.number().int().nonnegative().nullish().transform((v) => v ?? null),
  hasMore: z.boolean().nullish().transform((v) => v ?? false),
});
export type EventsPage = z.infer<typeof EventsPageSchema>;

/**
 * executions/list. The Aug-2026 docs give a decimal-string cursor and no `hasMore`; older pages show an
 * opaque base64 cursor plus `hasMore`. Both shapes normalise to `nextCursor: string | null`.
 */
export const ExecutionListPageSchema = z
  .object({
    items: z.array(ExecutionViewSchema),
    nextCursor: z.union([z.string(), z.number()]).nullish(),
    hasMore: z.boolean().nullish(),
  })
  .transform(({ items, nextCursor, hasMore }) => ({
    items,
    nextCursor:
      hasMore === false || nextCursor === null || nextCursor === undefined || nextCursor === ''
        ? null
        : String(nextCursor),
  }));
export type ExecutionListPage = z.infer<typeof ExecutionListPageSchema>;

export const ErrorEnvelopeSchema = z.object({
  error: z.object({
    message: z.string().nullish().transform((v) => v ?? ''),
    status: z.string().nullish().transform((v) => v ?? 'UNKNOWN'),
    details: z.unknown().optional(),
  }),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;

/** Request bodies (what goes inside `{ data }`). */
export interface GetExecutionRequest { executionId: string }
export interface GetEventsRequest { executionId: string; sinceSeq?: number; pageSize?: number }
export interface ListExecutionsRequest {
  definitionId?: string;
  status?: ListStatusFilter;
  pageSize?: number;
  cursor?: string;
}

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_EVENTS_PAGE_SIZE = 100;
export const DEFAULT_LIST_PAGE_SIZE = 50;

export function isTerminalStatus(status: string): boolean {
  return (TERMINAL_EXECUTION_STATUSES as readonly string[]).includes(status);
}
export function isTerminalEventType(type: string): boolean {
  return (TERMINAL_EVENT_TYPES as readonly string[]).includes(type);
}
export function isKnown<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}
