// The one shape in which events leave the extension as data (CLI JSON/NDJSON, export JSON Lines): a readable
// event as the API sent it; an unreadable one as what could be read (fields that hold placeholders are left
// out, so a consumer never mistakes a placeholder for data) plus `unreadable: { problem, raw }`.
import type { ExecutionEvent } from './schemas';

export interface UnreadableEventRecord {
  seq: number;
  eventId?: string;
  type?: string;
  stepId?: string | null;
  timestamp?: number;
  correlationId?: string | null;
  data: unknown;
  unreadable: { problem: string; raw: string };
}

export type EventRecord = ExecutionEvent | UnreadableEventRecord;

/** The event itself when readable (no copy: exports hold 100,000s of them). */
export function eventRecord(event: ExecutionEvent): EventRecord {
  const { unreadable, ...fields } = event;
  if (!unreadable) return event;
  const placeholders = new Set<string>(unreadable.placeholders ?? []);
  const known: Partial<Record<keyof typeof fields, unknown>> = {};
  for (const key of ['eventId', 'seq', 'type', 'stepId', 'timestamp', 'correlationId', 'data'] as const) {
    if (!placeholders.has(key)) known[key] = fields[key];
  }
  return {
    ...known,
    seq: event.seq,
    data: event.data,
    unreadable: { problem: unreadable.problem, raw: unreadable.raw },
  } as UnreadableEventRecord;
}
