// The happy path of event validation: hand-written twins of ExecutionEventSchema and of EventsPageSchema's
// envelope (schemas.ts) that check every field and build the same output, without zod's per-field
// bookkeeping (zod took longer to validate a page of 500 events than JSON.parse took to read it). They
// only say yes or no: what they refuse goes through the zod schema, which names the first failing field.
// Twin and schema must agree on every input; test/unit/api/eventCheck.test.ts holds that field by field.
import type { ExecutionEvent } from './schemas';

/**
 * `item` as ExecutionEventSchema outputs it (the known fields, in schema order, nullish ones as null), or
 * undefined when the schema would refuse it.
 */
export function checkedEvent(item: unknown): ExecutionEvent | undefined {
  if (!isRecord(item)) return undefined;
  const { eventId, seq, type, stepId, timestamp, correlationId, data } = item;
  if (
    typeof eventId !== 'string' ||
    eventId.length === 0 ||
    !isCount(seq) ||
    typeof type !== 'string' ||
    type.length === 0 ||
    !isOptionalString(stepId) ||
    typeof timestamp !== 'number' ||
    !Number.isFinite(timestamp) ||
    timestamp < 0 ||
    !isOptionalString(correlationId)
  ) {
    return undefined;
  }
  return {
    eventId,
    seq,
    type,
    stepId: stepId ?? null,
    timestamp,
    correlationId: correlationId ?? null,
    data: data === undefined ? null : data,
  };
}

export interface EventsEnvelope {
  executionId: string | null;
  nextCursor: number | null;
  hasMore: boolean;
  /** Not checked yet: each item goes through checkedEvent (readEvents). */
  events: readonly unknown[];
}

/** The fields of a getEvents result as EventsPageSchema reads them before its events, or undefined when it would refuse them. */
export function checkedEventsEnvelope(value: unknown): EventsEnvelope | undefined {
  if (!isRecord(value)) return undefined;
  const { executionId, events, nextCursor, hasMore } = value;
  if (
    !isOptionalString(executionId) ||
    !Array.isArray(events) ||
    !(nextCursor === undefined || nextCursor === null || isCount(nextCursor)) ||
    !(hasMore === undefined || hasMore === null || typeof hasMore === 'boolean')
  ) {
    return undefined;
  }
  return { executionId: executionId ?? null, nextCursor: nextCursor ?? null, hasMore: hasMore ?? false, events };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** z.number().int().nonnegative(): a safe integer ≥ 0. */
function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isOptionalString(value: unknown): value is string | null | undefined {
  return value === undefined || value === null || typeof value === 'string';
}
