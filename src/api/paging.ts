// Follows the getEvents cursor. `nextCursor` is the next `sinceSeq` (the highest seq the server scanned,
// internal events included); empty pages are normal while `hasMore` is true, and seq gaps are not loss.
// Every loop here is bounded: a call follows at most MAX_EMPTY_PAGES_PER_CALL empty pages, and a reader
// that asks for it stops after MAX_CONSECUTIVE_EMPTY_PAGES empty pages in a row.
import type { CallOptions, WorkflowReadApi } from './client';
import { pagingStalled } from './errors';
import { DEFAULT_EVENTS_PAGE_SIZE, MAX_PAGE_SIZE, isTerminalEventType } from './constants';
import type { ExecutionEvent } from './schemas';

/**
 * Empty pages one `next({ skipEmpty: true })` follows before it hands control back (with
 * `scanLimitReached`): 20 requests, i.e. up to 10,000 scanned seqs at pageSize 500, about a second on a
 * slow link, so the panel and the live tail keep their own schedule under an endless cursor.
 */
export const MAX_EMPTY_PAGES_PER_CALL = 20;

/**
 * Empty pages in a row (each announcing more) after which a reader that must reach the end (iterateEvents,
 * the CLI's --all/--follow, export) gives up with `pagingStalled`. Internal events take seq numbers but
 * are never returned (velt-api.md §3.3), so empty runs are legal; they are also finite: 1,000 pages is
 * 500,000 consecutive internal seqs at pageSize 500 (100,000 at the default 100), orders of magnitude
 * beyond the handful of internal events (scheduled, started, retried, resumed…) one step records between
 * two external ones. An endless cursor costs at most 1,000 requests, a few seconds to a minute.
 */
export const MAX_CONSECUTIVE_EMPTY_PAGES = 1_000;

export interface EventPageResult {
  /** New events only: never a seq at or below one already yielded. Unreadable ones carry `unreadable`. */
  events: ExecutionEvent[];
  /** The sinceSeq for the next request. */
  cursor: number;
  hasMore: boolean;
  /** Empty pages that were followed to reach this result. */
  emptyPagesSkipped: number;
  /** skipEmpty stopped after MAX_EMPTY_PAGES_PER_CALL empty pages: no events yet, call again on your schedule. */
  scanLimitReached: boolean;
  /** Items without a usable seq in the pages of this call: they could not be placed and were dropped. */
  unplaceable: number;
  /** An execution.completed/failed/cancelled event has been seen. */
  reachedTerminalEvent: boolean;
}

export interface EventCursorState {
  cursor: number;
  lastSeq: number;
  hasMore: boolean;
  reachedTerminalEvent: boolean;
}

export interface LoadOptions extends CallOptions {
  /** Keep requesting while pages come back empty and `hasMore` is true (at most MAX_EMPTY_PAGES_PER_CALL). */
  skipEmpty?: boolean;
  /** Called after each empty page, e.g. to show a "scanning…" state. */
  onEmptyPage?: (cursor: number) => void;
  /** Fail with `pagingStalled` once this many pages in a row announced more but brought nothing new. */
  maxConsecutiveEmptyPages?: number;
}

export function clampPageSize(pageSize: number | undefined): number {
  if (pageSize === undefined || !Number.isFinite(pageSize)) return DEFAULT_EVENTS_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(pageSize)));
}

/** A resumable position in one execution's event stream. */
export class EventCursor {
  private state: EventCursorState;
  /** The current run of pages that announced more but brought nothing new, and where it started. */
  private emptyRun = { pages: 0, fromSeq: 0 };

  constructor(
    private readonly api: WorkflowReadApi,
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

  /** Fetches the next page (or, with skipEmpty, the next non-empty page, the end, or the per-call scan limit). */
  async next(options: LoadOptions = {}): Promise<EventPageResult> {
    let emptyPagesSkipped = 0;
    let unplaceable = 0;
    for (;;) {
      const page = await this.api.getEvents(
        { executionId: this.executionId, sinceSeq: this.state.cursor, pageSize: clampPageSize(this.pageSize) },
        options,
      );
      unplaceable += page.unplaceable;
      const unique = freshInOrder(page.events, this.state.lastSeq);
      const highestSeen = unique.length > 0 ? unique[unique.length - 1]!.seq : this.state.lastSeq;
      const nextCursor = Math.max(page.nextCursor ?? highestSeen, highestSeen, this.state.cursor);
      const empty = unique.length === 0 && page.hasMore;
      if (empty && nextCursor === this.state.cursor) {
        throw pagingStalled(`the cursor did not move past ${nextCursor}`, nextCursor);
      }
      const sinceSeq = this.state.cursor;
      this.state = {
        cursor: nextCursor,
        lastSeq: highestSeen,
        hasMore: page.hasMore,
        reachedTerminalEvent: this.state.reachedTerminalEvent || unique.some((e) => isTerminalEventType(e.type)),
      };
      this.countEmpty(empty, sinceSeq, options.maxConsecutiveEmptyPages);
      const result = (scanLimitReached: boolean): EventPageResult => ({
        events: unique,
        cursor: nextCursor,
        hasMore: page.hasMore,
        emptyPagesSkipped,
        scanLimitReached,
        unplaceable,
        reachedTerminalEvent: this.state.reachedTerminalEvent,
      });
      if (empty && options.skipEmpty && !options.signal?.aborted) {
        emptyPagesSkipped++;
        options.onEmptyPage?.(nextCursor);
        if (emptyPagesSkipped >= MAX_EMPTY_PAGES_PER_CALL) return result(true);
        continue;
      }
      return result(false);
    }
  }

  /** Tracks runs of empty pages across calls; the state already points past this page, so a resume is exact. */
  private countEmpty(empty: boolean, sinceSeq: number, limit: number | undefined): void {
    if (!empty) {
      this.emptyRun = { pages: 0, fromSeq: 0 };
      return;
    }
    if (this.emptyRun.pages === 0) this.emptyRun.fromSeq = sinceSeq;
    this.emptyRun.pages++;
    if (limit !== undefined && this.emptyRun.pages >= limit) {
      const { pages, fromSeq } = this.emptyRun;
      throw pagingStalled(
        `${pages.toLocaleString('en-US')} empty pages in a row from seq ${fromSeq}`,
        this.state.cursor,
      );
    }
  }
}

/** The events above `lastSeq`, ascending, one per seq: the page itself when it already is (the normal case). */
function freshInOrder(events: ExecutionEvent[], lastSeq: number): ExecutionEvent[] {
  let previous = lastSeq;
  for (const event of events) {
    if (event.seq <= previous) {
      const fresh = events.filter((e) => e.seq > lastSeq).sort((a, b) => a.seq - b.seq);
      return fresh.filter((e, index) => index === 0 || e.seq !== fresh[index - 1]!.seq);
    }
    previous = event.seq;
  }
  return events;
}

export interface IterateOptions {
  sinceSeq?: number;
  pageSize?: number;
  signal?: AbortSignal;
  /** Default MAX_CONSECUTIVE_EMPTY_PAGES. */
  maxConsecutiveEmptyPages?: number;
}

/**
 * Yields every page from `sinceSeq` until `hasMore` is false; stop early by breaking or aborting. Fails
 * with `pagingStalled` after too many empty pages in a row, so an endless cursor cannot keep it running.
 */
export async function* iterateEvents(
  api: WorkflowReadApi,
  executionId: string,
  options: IterateOptions = {},
): AsyncGenerator<EventPageResult> {
  const cursor = new EventCursor(api, executionId, options.pageSize, { cursor: options.sinceSeq ?? 0 });
  const maxConsecutiveEmptyPages = options.maxConsecutiveEmptyPages ?? MAX_CONSECUTIVE_EMPTY_PAGES;
  for (;;) {
    const page = await cursor.next({ signal: options.signal, maxConsecutiveEmptyPages });
    yield page;
    if (!page.hasMore) return;
  }
}
