// The wire contract: every type the extension, CLI and sandbox use for API payloads comes from here.
// Tolerant where the docs drift (unknown enum values kept, extra fields ignored, explicit nulls
// accepted); strict where a wrong value would mislead (required ids, numbers and arrays).
import * as z from 'zod';
import { checkedEvent, checkedEventsEnvelope } from './eventCheck';

export * from './constants';
import type { ListStatusFilter } from './constants';

const epochMs = z.number().finite().nonnegative();
/** `null` and a missing key both mean "absent": the backend encodes `undefined` as `null`. */
const optionalEpochMs = epochMs.nullish().transform((v) => v ?? null);
const optionalString = z
  .string()
  .nullish()
  .transform((v) => v ?? null);
/** An open enum: any non-empty string is kept so a new value can be shown as such. */
const openEnum = z.string().min(1);

export const ErrorInfoSchema = z.object({
  code: z
    .string()
    .nullish()
    .transform((v) => v ?? 'unknown'),
  message: z
    .string()
    .nullish()
    .transform((v) => v ?? ''),
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
  output: z
    .record(z.string(), z.unknown())
    .nullish()
    .transform((v) => v ?? {}),
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
  definitionVersion: z
    .number()
    .int()
    .nullish()
    .transform((v) => v ?? null),
  correlationId: optionalString,
  idempotencyKey: optionalString,
  failureReason: ErrorInfoSchema.nullish().transform((v) => v ?? null),
  steps: z
    .array(StepViewSchema)
    .nullish()
    .transform((v) => v ?? []),
});
export type ExecutionView = z.infer<typeof ExecutionViewSchema>;

export const ExecutionEventSchema = z.object({
  eventId: z.string().min(1),
  seq: z.number().int().nonnegative(),
  type: openEnum,
  stepId: optionalString,
  timestamp: epochMs,
  correlationId: optionalString,
  data: z
    .unknown()
    .optional()
    .transform((v) => (v === undefined ? null : v)),
});

/** Why an event could not be read, and what the server sent (so nothing is hidden from the user). */
export interface UnreadableEvent {
  /** The first failing field and zod's message, e.g. `timestamp: Invalid input: expected number, received string`. */
  problem: string;
  /** The item as JSON, cut at MAX_UNREADABLE_RAW_CHARS (then it ends with "…"). */
  raw: string;
  /** The fields that could not be read and hold a placeholder (see salvageEvent). */
  placeholders?: EventField[];
}

/**
 * An event of the stream. `unreadable` is set only by this module, for an item that failed
 * ExecutionEventSchema but had a usable seq: it is kept in place rather than hiding the rest of the page.
 */
export type ExecutionEvent = z.infer<typeof ExecutionEventSchema> & { unreadable?: UnreadableEvent };
export type EventField = Exclude<keyof z.infer<typeof ExecutionEventSchema>, 'seq' | 'data'>;

/** 64 KiB of the original JSON is enough to see what went wrong without holding a huge item twice. */
export const MAX_UNREADABLE_RAW_CHARS = 64 * 1024;
export const UNREADABLE_EVENT_TYPE = 'unreadable';

export const EventsPageSchema = z
  .object({
    executionId: optionalString,
    events: z.array(z.unknown()),
    nextCursor: z
      .number()
      .int()
      .nonnegative()
      .nullish()
      .transform((v) => v ?? null),
    hasMore: z
      .boolean()
      .nullish()
      .transform((v) => v ?? false),
  })
  .transform(({ events, ...page }) => ({ ...page, ...readEvents(events) }));
export type EventsPage = z.infer<typeof EventsPageSchema>;

/** What the request module needs of a schema: a zod schema is one; so is a reader with a faster happy path. */
export interface WireReader<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: z.ZodError };
}

/**
 * Reads a getEvents result like EventsPageSchema, in one pass and without zod on the happy path: the
 * hand-written checks (eventCheck.ts) first, the schema only when they refuse the envelope, for its
 * precise error (a refused event is handled inside readEvents).
 */
export const EventsPageReader: WireReader<EventsPage> = {
  safeParse(value) {
    const envelope = checkedEventsEnvelope(value);
    if (!envelope) return EventsPageSchema.safeParse(value);
    const { events, ...page } = envelope;
    return { success: true, data: { ...page, ...readEvents(events) } };
  },
};

/**
 * The events of a page, validated one by one in one pass: a bad item never hides the others. Each item
 * goes through the hand-written check (eventCheck.ts); only one it refuses is parsed by
 * ExecutionEventSchema, for the precise problem, and kept as unreadable. An item without a usable seq
 * cannot be placed in the stream and is only counted.
 */
export function readEvents(items: readonly unknown[]): { events: ExecutionEvent[]; unplaceable: number } {
  const events: ExecutionEvent[] = [];
  let unplaceable = 0;
  for (const item of items) {
    const checked = checkedEvent(item);
    if (checked) {
      events.push(checked);
      continue;
    }
    const parsed = ExecutionEventSchema.safeParse(item);
    if (parsed.success) events.push(parsed.data);
    else {
      const salvaged = salvageEvent(item, parsed.error);
      if (salvaged) events.push(salvaged);
      else unplaceable++;
    }
  }
  return { events, unplaceable };
}

/** Keeps every readable field of a failed item and a placeholder for the rest; undefined without a usable seq. */
function salvageEvent(item: unknown, error: z.ZodError): ExecutionEvent | undefined {
  if (!isRecord(item)) return undefined;
  const fields = ExecutionEventSchema.shape;
  const seq = fields.seq.safeParse(item['seq']);
  if (!seq.success) return undefined;
  const placeholders: EventField[] = [];
  const read = <K extends EventField>(
    key: K,
    fallback: z.infer<typeof ExecutionEventSchema>[K],
  ): z.infer<typeof ExecutionEventSchema>[K] => {
    const value = fields[key].safeParse(item[key]);
    if (value.success) return value.data as z.infer<typeof ExecutionEventSchema>[K];
    placeholders.push(key);
    return fallback;
  };
  return {
    eventId: read('eventId', `unreadable-${seq.data}`),
    seq: seq.data,
    type: read('type', UNREADABLE_EVENT_TYPE),
    stepId: read('stepId', null),
    timestamp: read('timestamp', 0),
    correlationId: read('correlationId', null),
    data: item['data'] === undefined ? null : item['data'],
    unreadable: { problem: problemOf(error), raw: rawJson(item), placeholders },
  };
}

/** 'field.path: message' for the first issue of a failed item: one line, bounded (a path can hold record keys). */
export function problemOf(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unreadable';
  const text = `${issue.path.length > 0 ? issue.path.join('.') : '(item)'}: ${issue.message}`;
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').slice(0, 300);
}

function rawJson(item: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(item) ?? 'undefined';
  } catch {
    // Only depth can fail here (the item came from JSON.parse, so it has no cycles).
    return '(too deeply nested to show as JSON)';
  }
  return text.length > MAX_UNREADABLE_RAW_CHARS ? `${text.slice(0, MAX_UNREADABLE_RAW_CHARS)}…` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * executions/list. The Aug-2026 docs give a decimal-string cursor and no `hasMore`; older pages show an
 * opaque base64 cursor plus `hasMore`. Both shapes normalise to `nextCursor: string | null`. Items are
 * validated one by one: a malformed item is skipped and counted (`skipped`, with `skippedProblems` for
 * the log), never failing the page.
 */
export const ExecutionListPageSchema = z
  .object({
    items: z.array(z.unknown()),
    nextCursor: z.union([z.string(), z.number()]).nullish(),
    hasMore: z.boolean().nullish(),
  })
  .transform(({ items, nextCursor, hasMore }) => ({
    ...readListItems(items),
    nextCursor:
      hasMore === false || nextCursor === null || nextCursor === undefined || nextCursor === ''
        ? null
        : String(nextCursor),
  }));
export type ExecutionListPage = z.infer<typeof ExecutionListPageSchema>;

/** At most this many problems are kept per page for the log; the count is always exact. */
const MAX_PROBLEMS_KEPT = 5;

function readListItems(items: readonly unknown[]): {
  items: ExecutionView[];
  skipped: number;
  skippedProblems: string[];
} {
  const whole = ExecutionArraySchema.safeParse(items);
  if (whole.success) return { items: whole.data, skipped: 0, skippedProblems: [] };
  const views: ExecutionView[] = [];
  const skippedProblems: string[] = [];
  let skipped = 0;
  items.forEach((item, index) => {
    const parsed = ExecutionViewSchema.safeParse(item);
    if (parsed.success) {
      views.push(parsed.data);
      return;
    }
    skipped++;
    if (skippedProblems.length < MAX_PROBLEMS_KEPT) skippedProblems.push(`items.${index}.${problemOf(parsed.error)}`);
  });
  return { items: views, skipped, skippedProblems };
}
const ExecutionArraySchema = z.array(ExecutionViewSchema);

export const ErrorEnvelopeSchema = z.object({
  error: z.object({
    message: z
      .string()
      .nullish()
      .transform((v) => v ?? ''),
    status: z
      .string()
      .nullish()
      .transform((v) => v ?? 'UNKNOWN'),
    details: z.unknown().optional(),
  }),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;

/** Request bodies (what goes inside `{ data }`). */
export interface GetExecutionRequest {
  executionId: string;
}
export interface GetEventsRequest {
  executionId: string;
  sinceSeq?: number;
  pageSize?: number;
}
export interface ListExecutionsRequest {
  definitionId?: string;
  status?: ListStatusFilter;
  pageSize?: number;
  cursor?: string;
}
