// `listen`: follows the running executions in scope through the shared API client (so its retry budget
// pays for outages once) and forwards each new event, once, as a signed webhook. Per execution the events
// go out strictly in seq order: a failing receiver is retried with backoff and the events behind it wait,
// so nothing is reordered or lost. Every loop is bounded: the followed set is capped, discovery reads one
// list page, and the event cursor stops on a stalled stream.
import {
  MAX_CONSECUTIVE_EMPTY_PAGES,
  MAX_PAGE_SIZE,
  EventCursor,
  backoffDelay,
  isApiError,
  isTerminalStatus,
  sleep as abortableSleep,
  type ExecutionView,
  type WorkflowApi,
} from '../api';
import { webhookFor } from './body';
import { DELIVERY_BACKOFF, DELIVERY_TIMEOUT_MS, deliver, type AttemptResult, type Receiver } from './deliver';

export interface ForwarderTimings {
  /** Between two getEvents polls of a caught-up execution. */
  pollMs: number;
  /** Between two looks at the first page of executions/list for new runs. */
  discoverMs: number;
  /** A caught-up execution's status is read every this many idle polls (it may end without an event we see). */
  statusEvery: number;
  deliveryTimeoutMs: number;
  deliveryBaseMs: number;
  deliveryMaxMs: number;
}

export const DEFAULT_FORWARDER_TIMINGS: ForwarderTimings = {
  pollMs: 1_000,
  discoverMs: 5_000,
  statusEvery: 5,
  deliveryTimeoutMs: DELIVERY_TIMEOUT_MS,
  deliveryBaseMs: DELIVERY_BACKOFF.baseMs,
  deliveryMaxMs: DELIVERY_BACKOFF.maxMs,
};

/** Executions followed at once; more are reported and left out (each costs a poll per interval). */
export const MAX_FOLLOWED = 100;
/** Runs read from the first list page per discovery. */
const DISCOVERY_PAGE_SIZE = 50;

export interface ForwarderOptions {
  api: WorkflowApi;
  receiver: Receiver;
  userAgent: string;
  /** Follow only these executions (and stop when they have all ended); otherwise discover runs. */
  executionIds?: readonly string[];
  /** Discover only runs of this definition. */
  definitionId?: string;
  timings?: Partial<ForwarderTimings>;
  onAttempt?: (result: AttemptResult) => void;
  /** Something worth a line: a run followed, a poll that failed and will be retried, an event skipped. */
  onNotice?: (message: string) => void;
}

export interface ForwarderStats {
  delivered: number;
  failedAttempts: number;
  followed: number;
  /** Events whose delivery was still being retried when the forwarder stopped. */
  inRetry: number;
  /** Unreadable events that could not be rebuilt as a webhook. */
  skipped: number;
}

/** Errors after which following makes no sense (wrong credentials or arguments). */
const FATAL_KINDS = new Set([
  'unauthenticated',
  'missingCredentials',
  'insecureUrl',
  'invalidArgument',
  'credentialsOriginMismatch',
]);

export class Forwarder {
  readonly stats: ForwarderStats = { delivered: 0, failedAttempts: 0, followed: 0, inRetry: 0, skipped: 0 };
  private readonly timings: ForwarderTimings;
  private readonly workers = new Map<string, Promise<void>>();
  private readonly stop = new AbortController();
  private fatal: unknown;

  constructor(private readonly options: ForwarderOptions) {
    this.timings = { ...DEFAULT_FORWARDER_TIMINGS, ...options.timings };
  }

  /**
   * Runs until `signal` aborts (then rejects with the cancellation), a fatal API error (rejects with it), or,
   * with explicit executions, until they have all ended (resolves).
   */
  async run(signal: AbortSignal): Promise<void> {
    const onAbort = (): void => this.stop.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) this.stop.abort();
    try {
      if (this.options.executionIds) {
        const views: ExecutionView[] = [];
        for (const id of new Set(this.options.executionIds))
          views.push(await this.options.api.getExecution(id, { signal: this.stop.signal }));
        for (const view of views) this.follow(view, true);
        await this.settled();
      } else {
        await this.discover();
      }
    } catch (error) {
      // A fatal error stops everything; the cancellation that follows it is not the story.
      throw this.fatal ?? error;
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.stop.abort();
      await Promise.allSettled([...this.workers.values()]);
    }
    if (this.fatal !== undefined) throw this.fatal;
  }

  private async settled(): Promise<void> {
    while (this.workers.size > 0 && !this.stop.signal.aborted) await Promise.race(this.workers.values());
    this.throwIfStopped();
  }

  private throwIfStopped(): void {
    if (this.fatal !== undefined) throw this.fatal;
    this.stop.signal.throwIfAborted();
  }

  /** Runs on the first page at start are followed from their current end; runs that appear later, from seq 0. */
  private async discover(): Promise<void> {
    const { api, definitionId } = this.options;
    let known: Set<string> | undefined;
    let baseline = Number.NEGATIVE_INFINITY;
    let failures = 0;
    for (;;) {
      this.throwIfStopped();
      try {
        const page = await api.listExecutions(
          { definitionId, pageSize: DISCOVERY_PAGE_SIZE },
          { signal: this.stop.signal },
        );
        failures = 0;
        if (!known) {
          known = new Set(page.items.map((item) => item.executionId));
          for (const item of page.items) {
            baseline = Math.max(baseline, item.startedAt ?? Number.NEGATIVE_INFINITY);
            if (!isTerminalStatus(item.status)) this.follow(item, true);
          }
        } else {
          for (const item of page.items) {
            if (known.has(item.executionId)) continue;
            known.add(item.executionId);
            const isNew = (item.startedAt ?? Number.POSITIVE_INFINITY) > baseline;
            if (isNew) this.follow(item, false);
            else if (!isTerminalStatus(item.status)) this.follow(item, true);
          }
        }
      } catch (error) {
        this.rethrowIfFatal(error);
        failures++;
        this.notice(`could not look for new executions (${describe(error)}); trying again.`);
      }
      await abortableSleep(
        failures === 0
          ? this.timings.discoverMs
          : backoffDelay(failures, { baseMs: this.timings.discoverMs, maxMs: 60_000 }),
        this.stop.signal,
      );
    }
  }

  private follow(view: ExecutionView, fromEnd: boolean): void {
    if (this.workers.has(view.executionId) || this.stop.signal.aborted) return;
    if (this.workers.size >= MAX_FOLLOWED) {
      this.notice(
        `already following ${MAX_FOLLOWED} executions; ${view.executionId} is not forwarded. Narrow the scope with --definition or --execution.`,
      );
      return;
    }
    this.stats.followed++;
    this.notice(`following ${view.executionId} (${view.definitionId})${fromEnd ? ', new events only' : ''}.`);
    const worker = this.forward(view, fromEnd)
      .catch((error: unknown) => {
        if (this.stop.signal.aborted) return;
        if (isFatal(error)) {
          this.fatal ??= error;
          this.stop.abort();
          return;
        }
        this.notice(`stopped following ${view.executionId}: ${describe(error)}`);
      })
      .finally(() => this.workers.delete(view.executionId));
    this.workers.set(view.executionId, worker);
  }

  private async forward(view: ExecutionView, fromEnd: boolean): Promise<void> {
    const { api } = this.options;
    const signal = this.stop.signal;
    const cursor = new EventCursor(api, view.executionId, MAX_PAGE_SIZE);
    const next = (): ReturnType<EventCursor['next']> =>
      cursor.next({ signal, maxConsecutiveEmptyPages: MAX_CONSECUTIVE_EMPTY_PAGES });
    if (fromEnd) {
      // Skip what happened before we started listening; only new events are forwarded.
      let skipped = await next();
      while (skipped.hasMore) skipped = await next();
      if (skipped.reachedTerminalEvent) return;
    }
    let idlePolls = 0;
    let failures = 0;
    let ended = false;
    for (;;) {
      let result;
      try {
        result = await next();
        failures = 0;
      } catch (error) {
        this.rethrowIfFatal(error);
        if (isApiError(error) && (error.kind === 'notFound' || error.kind === 'pagingStalled')) throw error;
        failures++;
        this.notice(`could not read the events of ${view.executionId} (${describe(error)}); trying again.`);
        await abortableSleep(backoffDelay(failures, { baseMs: this.timings.pollMs, maxMs: 60_000 }), signal);
        continue;
      }
      for (const event of result.events) {
        if (event.unreadable) {
          this.stats.skipped++;
          this.notice(
            `event seq ${event.seq} of ${view.executionId} could not be read (${event.unreadable.problem}); not forwarded.`,
          );
          continue;
        }
        await this.deliver(webhookFor(event, view));
      }
      if (result.hasMore) continue;
      if (result.reachedTerminalEvent || ended) return;
      if (++idlePolls % this.timings.statusEvery === 0) {
        try {
          // Events written between the last page and this read are drained by the next pass.
          ended = isTerminalStatus((await api.getExecution(view.executionId, { signal })).status);
          if (ended) continue;
        } catch (error) {
          this.rethrowIfFatal(error);
        }
      }
      await abortableSleep(this.timings.pollMs, signal);
    }
  }

  private async deliver(webhook: ReturnType<typeof webhookFor>): Promise<void> {
    this.stats.inRetry++;
    try {
      const last = await deliver(this.options.receiver, webhook, {
        maxAttempts: Number.POSITIVE_INFINITY,
        backoff: { baseMs: this.timings.deliveryBaseMs, maxMs: this.timings.deliveryMaxMs },
        timeoutMs: this.timings.deliveryTimeoutMs,
        userAgent: this.options.userAgent,
        signal: this.stop.signal,
        onAttempt: (result) => {
          if (!result.delivered) this.stats.failedAttempts++;
          this.options.onAttempt?.(result);
        },
      });
      if (last.delivered) this.stats.delivered++;
    } finally {
      if (!this.stop.signal.aborted) this.stats.inRetry--;
    }
  }

  private rethrowIfFatal(error: unknown): void {
    if (this.stop.signal.aborted || isFatal(error)) throw error;
  }

  private notice(message: string): void {
    this.options.onNotice?.(message);
  }
}

function isFatal(error: unknown): boolean {
  return isApiError(error) && FATAL_KINDS.has(error.kind);
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, 200);
}
