// Follows the getEvents cursor. `nextCursor` is the next `sinceSeq` (the highest seq the server scanned,
// internal events included); empty pages are normal while `hasMore` is true, and seq gaps are not loss.
import type { CallOptions, WorkflowApi } from './client';
import { invalidResponse } from './errors';
import { DEFAULT_EVENTS_PAGE_SIZE, MAX_PAGE_SIZE, isTerminalEventType, type ExecutionEvent } from './schemas';

export interface EventPageResult {
  /** New events only: never a seq at or below one already yielded. */
  events: ExecutionEvent[];
  /** The sinceSeq for the next request. */
  cursor: number;
  hasMore: boolean;
  /** Empty pages that were followed to reach this result. */
  emptyPagesSkipped: number;
  /** An execution.completed/failed/cancelled event has been seen. */
  reachedTerminalEvent: boolean;
  /** skipEmpty followed MAX_EMPTY_PAGES_PER_CALL empty pages and stopped; call again (on the caller's schedule) to go on. */
  scanLimitReached?: boolean;
}

export interface EventCursorState {
  cursor: number;
  lastSeq: number;
  hasMore: boolean;
  reachedTerminalEvent: boolean;
}

export interface LoadOptions extends CallOptions {
  /** Keep requesting while pages come back empty and `hasMore` is true. */
  skipEmpty?: boolean;
  /** Called after each empty page, e.g. to show a "scanning…" state. */
  onEmptyPage?: (cursor: number) => void;
}

/**
 * Empty pages one `next({ skipEmpty: true })` follows before it hands control back, so an endless run of
 * empty pages costs each caller a bounded burst per call, on the caller's own schedule.
 */
export const MAX_EMPTY_PAGES_PER_CALL = 20;

export function clampPageSize(pageSize: number | undefined): number {
  if (pageSize === undefined || !Number.isFinite(pageSize)) return DEFAULT_EVENTS_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(pageSize)));
}

/** A resumable position in one execution's event stream. */
export class EventCursor {
  private state: EventCursorState;

  constructor(
    private readonly api: WorkflowApi,
    readonly executionId: string,
    readonly pageSize = DEFAULT_EVENTS_PAGE_SIZE,
    initial?: Partial<EventCursorState>,
  ) {
    const cursor = initial?.cursor ?? 0;
    this.state = {
      cursor,
      lastSeq: initial?.lastSeq ?? cursor,
      hasMore: initial?.hasMore ?? true,
      reachedTerminalEvent: initial?.reachedTerminalEvent ?? false,
    };
  }

  get snapshot(): EventCursorState {
    return { ...this.state };
  }

  /** Fetches the next page (or, with skipEmpty, the next non-empty page or the end). */
  async next(options: LoadOptions = {}): Promise<EventPageResult> {
    let emptyPagesSkipped = 0;
    for (;;) {
      const page = await this.api.getEvents(
        { executionId: this.executionId, sinceSeq: this.state.cursor, pageSize: clampPageSize(this.pageSize) },
        options,
      );
      const fresh = page.events
        .filter((event) => event.seq > this.state.lastSeq)
        .sort((a, b) => a.seq - b.seq);
      const unique = fresh.filter((event, index) => index === 0 || event.seq !== fresh[index - 1]!.seq);
      const highestSeen = unique.length > 0 ? unique[unique.length - 1]!.seq : this.state.lastSeq;
      const nextCursor = Math.max(page.nextCursor ?? highestSeen, highestSeen, this.state.cursor);
      if (page.hasMore && nextCursor === this.state.cursor && unique.length === 0) {
        throw invalidResponse(`the events cursor did not advance past ${nextCursor} although more events were announced`, 'nextCursor');
      }
      this.state = {
        cursor: nextCursor,
        lastSeq: highestSeen,
        hasMore: page.hasMore,
        reachedTerminalEvent: this.state.reachedTerminalEvent || unique.some((e) => isTerminalEventType(e.type)),
      };
      if (unique.length === 0 && page.hasMore && options.skipEmpty && !options.signal?.aborted) {
        emptyPagesSkipped++;
        options.onEmptyPage?.(nextCursor);
        if (emptyPagesSkipped >= MAX_EMPTY_PAGES_PER_CALL) {
          return { events: [], cursor: nextCursor, hasMore: true, emptyPagesSkipped, reachedTerminalEvent: this.state.reachedTerminalEvent, scanLimitReached: true };
        }
        continue;
      }
      return { events: unique, cursor: nextCursor, hasMore: page.hasMore, emptyPagesSkipped, reachedTerminalEvent: this.state.reachedTerminalEvent };
    }
  }
}

/** Yields every page from `sinceSeq` until `hasMore` is false; stop early by breaking or aborting. */
export async function* iterateEvents(
  api: WorkflowApi,
  executionId: string,
  options: { sinceSeq?: number; pageSize?: number; signal?: AbortSignal } = {},
): AsyncGenerator<EventPageResult> {
  const cursor = new EventCursor(api, executionId, options.pageSize, { cursor: options.sinceSeq ?? 0 });
  for (;;) {
    const page = await cursor.next({ signal: options.signal });
    yield page;
    if (!page.hasMore) return;
  }
}
