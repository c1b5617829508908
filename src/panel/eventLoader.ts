// Host-side paging for one panel: follows the events cursor (empty pages skipped, shown as "scanning"; after
// the cursor's per-call cap of empty pages a load pauses and goes on one scan interval later, so an endless
// run of empty pages never turns into back-to-back requests), one load in flight at a time, "load all" until the end, and live polls from the last cursor. Retryable
// failures (429, 5xx, offline) wait with a countdown (Retry-After honoured) and retry by themselves; any
// failure keeps every event already loaded. vscode-free, so it is unit-tested with a fake API and clock.
import {
  EventCursor,
  backoffDelay,
  MAX_PAGE_SIZE,
  isApiError,
  type EventCursorState,
  type ExecutionEvent,
  type WorkflowApi,
} from '../api';
import { systemClock, type Clock } from '../util/clock';
import type { LoaderPhase, LoaderStatus } from './protocol';

export type LoadKind = 'more' | 'all' | 'poll';

export interface LoaderCallbacks {
  /** New events, in seq order, never seen before. */
  onEvents(events: ExecutionEvent[], requestId: number | null, live: boolean): void;
  onStatus(requestId: number | null): void;
}

/** The loader's retry waits: 2 s doubling up to a minute, no jitter (one panel, one request at a time). */
export const LOADER_BACKOFF = { baseMs: 2_000, maxMs: 60_000 } as const;

interface Failure {
  kind: string;
  message: string;
  retryAt: number | null;
}

export class EventLoader {
  readonly events: ExecutionEvent[] = [];
  private cursor: EventCursor;
  private phase: LoaderPhase = 'idle';
  private failure: Failure | undefined;
  private emptyPages = 0;
  private controller: AbortController | undefined;
  /** The countdown to a retry, or to going on with a scan that paused at the empty-page cap. */
  private retryTimer: unknown;
  private stoppedAtScanLimit = false;
  private failures = 0;
  private last: { kind: LoadKind; requestId: number | null } | undefined;
  private disposed = false;
  /** Bumped by reset(): results of loads started before are dropped. */
  generation = 0;

  constructor(
    private readonly api: WorkflowApi,
    readonly executionId: string,
    private pageSize: number,
    private readonly callbacks: LoaderCallbacks,
    private readonly clock: Clock = systemClock,
    /** The pause before a load that stopped at the empty-page cap goes on (the panel's poll interval). */
    private readonly scanPauseMs: () => number = () => 1000,
  ) {
    this.cursor = new EventCursor(api, executionId, pageSize);
  }

  get busy(): boolean {
    return this.controller !== undefined;
  }

  get currentPhase(): LoaderPhase {
    return this.phase;
  }

  get hasMore(): boolean {
    return this.cursor.snapshot.hasMore;
  }

  get cursorState(): EventCursorState {
    return this.cursor.snapshot;
  }

  /** The last load stopped at the cursor's cap of empty pages (callers wait for their next tick). */
  get scanLimited(): boolean {
    return this.stoppedAtScanLimit;
  }

  /** An execution.completed/failed/cancelled event has been loaded. */
  get terminal(): boolean {
    return this.cursor.snapshot.reachedTerminalEvent;
  }

  status(): LoaderStatus {
    const snapshot = this.cursor.snapshot;
    const f = this.failure;
    return {
      phase: this.phase,
      loaded: this.events.length,
      hasMore: snapshot.hasMore,
      cursor: snapshot.cursor,
      emptyPages: this.emptyPages,
      terminal: snapshot.reachedTerminalEvent,
      error: f
        ? {
            kind: f.kind,
            message: f.message,
            retryInMs: f.retryAt === null ? null : Math.max(0, f.retryAt - this.clock.now()),
          }
        : null,
    };
  }

  /** Binary search by seq in the loaded events. */
  find(seq: number): ExecutionEvent | undefined {
    let lo = 0;
    let hi = this.events.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const s = this.events[mid]!.seq;
      if (s === seq) return this.events[mid];
      if (s < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  setPageSize(pageSize: number): void {
    if (pageSize === this.pageSize) return;
    this.pageSize = pageSize;
    if (!this.busy) this.cursor = new EventCursor(this.api, this.executionId, pageSize, this.cursor.snapshot);
  }

  /** Each returns false (and does nothing) while another load is in flight. */
  loadMore(requestId: number | null = null): Promise<boolean> {
    return this.start('more', requestId);
  }

  loadAll(requestId: number | null = null): Promise<boolean> {
    return this.start('all', requestId);
  }

  poll(): Promise<boolean> {
    return this.start('poll', null);
  }

  /**
   * One live-tail tick: polls up to `maxPages` pages while events arrive faster than a page per tick,
   * stopping at the end of the stream, on a failure and at the cursor's cap of empty pages (the next
   * tick goes on from there, so an endless run of empty pages is never followed back to back).
   */
  async pollPages(maxPages: number): Promise<void> {
    for (let page = 0; page < maxPages; page++) {
      if (!(await this.poll()) || !this.hasMore || this.phase !== 'idle' || this.stoppedAtScanLimit) return;
    }
  }

  /** Runs the failed (or last) load again now, skipping any countdown. */
  retry(requestId: number | null = null): Promise<boolean> {
    return this.start(this.failure ? (this.last?.kind ?? 'more') : 'more', requestId);
  }

  /** Stops the load in flight and any countdown; loaded events stay. */
  cancel(requestId: number | null = null): void {
    this.clearRetry();
    this.controller?.abort();
    this.controller = undefined;
    this.failure = undefined;
    this.phase = 'idle';
    this.callbacks.onStatus(requestId);
  }

  /** Forgets everything and starts a new generation (in-flight results are dropped). */
  reset(): void {
    this.clearRetry();
    this.controller?.abort();
    this.controller = undefined;
    this.generation++;
    this.events.length = 0;
    this.failure = undefined;
    this.failures = 0;
    this.emptyPages = 0;
    this.phase = 'idle';
    this.cursor = new EventCursor(this.api, this.executionId, this.pageSize);
  }

  dispose(): void {
    this.disposed = true;
    this.clearRetry();
    this.controller?.abort();
    this.controller = undefined;
  }

  private clearRetry(): void {
    if (this.retryTimer !== undefined) this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  /** `resumeScan`: goes on with a scan paused at the empty-page cap (its empty pages keep counting). */
  private async start(kind: LoadKind, requestId: number | null, resumeScan = false): Promise<boolean> {
    if (this.disposed || this.controller) return false;
    this.clearRetry();
    // "Load all" wants everything, so it asks for the largest pages the API allows.
    const pageSize = kind === 'all' ? MAX_PAGE_SIZE : this.pageSize;
    if (this.cursor.pageSize !== pageSize)
      this.cursor = new EventCursor(this.api, this.executionId, pageSize, this.cursor.snapshot);
    const controller = new AbortController();
    this.controller = controller;
    this.last = { kind, requestId };
    await this.run(kind, requestId, controller, this.generation, resumeScan);
    return true;
  }

  private async run(
    kind: LoadKind,
    requestId: number | null,
    controller: AbortController,
    generation: number,
    resumeScan: boolean,
  ): Promise<void> {
    // A reset replaces the cursor, so a result from an older generation can be dropped without loss. A
    // page that arrives after a cancel is still kept: the cursor has already moved past it.
    const stale = (): boolean => generation !== this.generation || this.disposed;
    this.failure = undefined;
    if (!resumeScan) this.emptyPages = 0;
    this.stoppedAtScanLimit = false;
    this.phase = kind === 'all' ? 'loadingAll' : 'loading';
    if (kind !== 'poll') this.callbacks.onStatus(requestId);
    try {
      do {
        const page = await this.cursor.next({
          signal: controller.signal,
          skipEmpty: true,
          onEmptyPage: () => {
            if (stale() || controller.signal.aborted) return;
            this.emptyPages++;
            if (kind !== 'all') this.phase = 'scanning';
            this.callbacks.onStatus(requestId);
          },
        });
        if (stale()) return;
        this.failures = 0;
        if (page.events.length > 0) {
          for (const event of page.events) this.events.push(event);
          this.callbacks.onEvents(page.events, requestId, kind === 'poll');
        }
        if (controller.signal.aborted) return;
        if (page.scanLimitReached) {
          this.stoppedAtScanLimit = true;
          break;
        }
        if (kind === 'all' && page.hasMore) this.callbacks.onStatus(requestId);
      } while (kind === 'all' && this.cursor.snapshot.hasMore);
      this.phase = 'idle';
      if (this.stoppedAtScanLimit) this.pauseScan(kind, requestId);
    } catch (error) {
      if (stale() || controller.signal.aborted) return;
      this.fail(error, kind, requestId);
    } finally {
      if (this.controller === controller) this.controller = undefined;
    }
    this.callbacks.onStatus(requestId);
  }

  /**
   * The cursor stopped at its cap of empty pages. A live poll hands back to the live tail, whose next tick
   * goes on; "load more"/"load all" show "scanning" and go on by themselves after one scan pause.
   */
  private pauseScan(kind: LoadKind, requestId: number | null): void {
    if (kind === 'poll') return;
    this.phase = 'scanning';
    this.retryTimer = this.clock.setTimeout(
      () => {
        this.retryTimer = undefined;
        // Deliberate: run() turns every failure into the loader's status (this module is vscode-free, no log).
        void this.start(kind, requestId, true);
      },
      Math.max(0, this.scanPauseMs()),
    );
  }

  private fail(error: unknown, kind: LoadKind, requestId: number | null): void {
    const apiError = isApiError(error) ? error : undefined;
    const message =
      apiError?.message ?? `Loading events failed: ${error instanceof Error ? error.message : String(error)}`;
    if (apiError?.kind === 'cancelled') {
      this.phase = 'idle';
      return;
    }
    if (apiError?.retryable) {
      this.failures++;
      const delay = backoffDelay(this.failures, { ...LOADER_BACKOFF, retryAfterMs: apiError.retryAfterMs });
      this.failure = { kind: apiError.kind, message, retryAt: this.clock.now() + delay };
      this.phase = 'waiting';
      this.retryTimer = this.clock.setTimeout(() => {
        this.retryTimer = undefined;
        void this.start(kind, requestId); // Deliberate: failures become status, as above.
      }, delay);
    } else {
      this.failure = { kind: apiError?.kind ?? 'other', message, retryAt: null };
      this.phase = 'error';
    }
  }
}
