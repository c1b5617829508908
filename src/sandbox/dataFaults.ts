// Data faults: answers that are well-formed HTTP and JSON but carry data a client must not trust blindly
// (issue 10): a cursor that never ends, one malformed item in an otherwise good page, a list that repeats
// itself under new cursors. Each rewrites the real answer to the request, so auth, validation and
// not-found behave as usual; a rule whose endpoint does not match passes the real answer through.
import { jsonResponse, type SandboxResponse } from './http';

export const DATA_FAULT_MODES = ['endless-cursor', 'malformed-event', 'malformed-list-item', 'list-repeats'] as const;
export type DataFaultMode = (typeof DATA_FAULT_MODES)[number];

export function isDataFaultMode(value: unknown): value is DataFaultMode {
  return typeof value === 'string' && (DATA_FAULT_MODES as readonly string[]).includes(value);
}

/** What a data fault needs from the server: the request, and the real answer to a (possibly changed) request. */
export interface RewriteContext {
  path: string;
  /** The request's `data` object ({} when the body has none). */
  data: Record<string, unknown>;
  /** The real answer to the request as sent, or to the same request with other `data`. */
  answer(data?: Record<string, unknown>): SandboxResponse;
}

export type Rewrite = (context: RewriteContext) => SandboxResponse;

/** The timestamp the "malformed event" fault puts on the middle event of a page. */
export const MALFORMED_TIMESTAMP = 'yesterday';

export function dataFaultRewrite(mode: DataFaultMode): Rewrite {
  switch (mode) {
    // hasMore: true, no events, the cursor one past the request's: forever.
    case 'endless-cursor':
      return onResult('/getEvents', (result, data) => ({
        executionId: result['executionId'] ?? null,
        events: [],
        nextCursor: (typeof data['sinceSeq'] === 'number' ? data['sinceSeq'] : 0) + 1,
        hasMore: true,
      }));
    case 'malformed-event':
      return onResult('/getEvents', (result) => ({
        ...result,
        events: withMiddle(result['events'], (e) => ({ ...e, timestamp: MALFORMED_TIMESTAMP })),
      }));
    case 'malformed-list-item':
      return onResult('/list', (result) => ({
        ...result,
        items: withMiddle(result['items'], (item) => ({ ...item, definitionId: null })),
      }));
    // The first page again under a new, valid cursor (one below the last): never ends, never adds anything new.
    case 'list-repeats':
      return (context) => {
        if (!context.path.endsWith('/list')) return context.answer();
        const { cursor, ...first } = context.data;
        const real = context.answer(first);
        const result = resultOf(real);
        if (!result) return real;
        const previous = typeof cursor === 'string' ? Number(cursor) : Date.now();
        return jsonResponse(200, { result: { ...result, nextCursor: String(Math.max(1, previous - 1)) } });
      };
  }
}

/** Rewrites the `result` of a successful answer on one endpoint; anything else passes through. */
function onResult(
  pathSuffix: string,
  change: (result: Record<string, unknown>, data: Record<string, unknown>) => Record<string, unknown>,
): Rewrite {
  return (context) => {
    const real = context.answer();
    const result = context.path.endsWith(pathSuffix) ? resultOf(real) : undefined;
    return result ? jsonResponse(200, { result: change(result, context.data) }) : real;
  };
}

function resultOf(response: SandboxResponse): Record<string, unknown> | undefined {
  if (response.status !== 200) return undefined;
  const parsed = JSON.parse(response.body) as { result?: unknown };
  return isRecord(parsed.result) ? parsed.result : undefined;
}

/** The list with its middle item changed (the first of two, the only one of one). */
function withMiddle(list: unknown, change: (item: Record<string, unknown>) => Record<string, unknown>): unknown {
  if (!Array.isArray(list) || list.length === 0) return list;
  const middle = Math.floor((list.length - 1) / 2);
  return list.map((item: unknown, index) => (index === middle && isRecord(item) ? change(item) : item));
}

/** The request's `data`, read leniently: the real handler still validates it. */
export function requestData(bodyText: string): Record<string, unknown> {
  try {
    const parsed = JSON.parse(bodyText) as { data?: unknown };
    return isRecord(parsed.data) ? parsed.data : {};
  } catch {
    return {};
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
