// The three read endpoints the inspector uses (velt-api.md §1.3). Each takes validated fields and
// the clock, and returns the `result` payload or an error response.
import type { ListStatusFilter } from '../api/schemas';
import { errorResponse, resultResponse, type SandboxResponse } from './http';
import type { Registry } from './seed';
import type { Shape, Fields } from './validate';
import type { WireEvent } from './types';

const LIST_STATUSES: readonly ListStatusFilter[] = ['pending', 'running', 'completed', 'failed', 'cancelled'];
const EXECUTION_ID = { type: 'string', required: true, maxLength: 200 } as const;

export const GET_SHAPE: Shape = { executionId: EXECUTION_ID };
export const EVENTS_SHAPE: Shape = {
  executionId: EXECUTION_ID,
  sinceSeq: { type: 'int', min: 0, max: Number.MAX_SAFE_INTEGER },
  pageSize: { type: 'int', min: 1, max: 500 },
};
export const LIST_SHAPE: Shape = {
  definitionId: { type: 'string', maxLength: 64 },
  status: { type: 'enum', values: LIST_STATUSES },
  pageSize: { type: 'int', min: 1, max: 500 },
  cursor: {
    type: 'string',
    maxLength: 16,
    pattern: /^\d+$/,
    patternMessage: "cursor must be the previous page's nextCursor (epoch ms as a decimal string)",
  },
};

const DEFAULT_EVENTS_PAGE = 100;
const DEFAULT_LIST_PAGE = 50;

function notFound(executionId: string): SandboxResponse {
  return errorResponse('NOT_FOUND', `Execution ${executionId} not found`);
}

export function getExecution(registry: Registry, now: number, fields: Fields): SandboxResponse {
  const executionId = String(fields['executionId']);
  const model = registry.get(executionId);
  return model ? resultResponse(model.view(now, true)) : notFound(executionId);
}

/*
 * getEvents paging — the docs leave this open (velt-api.md §3.3); the sandbox's documented choice:
 * - `pageSize` counts the seq numbers scanned, internal events included, so a page can be short or
 *   even empty while `hasMore` is true (see the internalFirst seed).
 * - `nextCursor` is the highest seq scanned; pass it back as the next `sinceSeq`. With nothing left to
 *   scan it is `sinceSeq` itself.
 * - `hasMore` is true while seq numbers that already exist remain beyond `nextCursor`. For a running
 *   execution, events that have not happened yet do not exist: `hasMore` is false at the live edge and
 *   the client polls again later from `nextCursor`.
 */
export function getEvents(registry: Registry, now: number, fields: Fields): SandboxResponse {
  const executionId = String(fields['executionId']);
  const model = registry.get(executionId);
  if (!model) return notFound(executionId);
  const sinceSeq = typeof fields['sinceSeq'] === 'number' ? fields['sinceSeq'] : 0;
  const pageSize = typeof fields['pageSize'] === 'number' ? fields['pageSize'] : DEFAULT_EVENTS_PAGE;
  const visible = model.visibleSeq(now);
  const last = Math.min(sinceSeq + pageSize, visible);
  const events: WireEvent[] = [];
  for (let seq = sinceSeq + 1; seq <= last; seq++) {
    const event = model.eventAt(seq);
    if (event) events.push(event);
  }
  return resultResponse({ executionId, events, nextCursor: Math.max(last, sinceSeq), hasMore: last < visible });
}

/** Newest first by startedAt; the cursor is the last item's startedAt and the next page starts below it. */
export function listExecutions(registry: Registry, now: number, fields: Fields): SandboxResponse {
  const definitionId = fields['definitionId'];
  const status = fields['status'];
  const pageSize = typeof fields['pageSize'] === 'number' ? fields['pageSize'] : DEFAULT_LIST_PAGE;
  const before = typeof fields['cursor'] === 'string' ? Number(fields['cursor']) : Number.POSITIVE_INFINITY;
  const items = registry
    .all()
    .filter((m) => m.startedAt < before && (definitionId === undefined || m.definitionId === definitionId))
    .sort((a, b) => b.startedAt - a.startedAt)
    .map((m) => ({ startedAt: m.startedAt, view: m.view(now, false) }))
    .filter(({ view }) => status === undefined || view.status === status)
    .slice(0, pageSize);
  const full = items.length === pageSize;
  return resultResponse({
    items: items.map((i) => i.view),
    nextCursor: full ? String(items[items.length - 1]!.startedAt) : null,
  });
}
