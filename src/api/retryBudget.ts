// One retry budget per origin, shared by every request of the process (pollers, panels, hovers, export,
// CLI), so an outage or a rate limit is paid for once instead of once per caller:
//   - a token bucket after the AWS SDKs' "standard" retry mode: 500 tokens per origin; a retry takes 5,
//     10 after a timeout (the API's DEADLINE_EXCEEDED / 504; our own timeouts are not retried at all);
//     a request that succeeds gives back the cost of the retry that succeeded, or 1 when it needed none
//     (the SDKs' NO_RETRY_INCREMENT); never above 500. An empty bucket means no retry: the request fails
//     at once with its own error. First attempts never need tokens.
//   - an origin-wide pause when the server sends Retry-After on a 429 or 503: every request to that origin,
//     first attempts too, waits until it ends (capped at MAX_RETRY_AFTER_MS), or fails at once with a
//     'rateLimited' error carrying `retryAfterMs` when the pause outlasts the request's own time budget.
import { originOfNormalised } from './baseUrl';
import { ApiError, rateLimitedMessage } from './errors';
import { MAX_RETRY_AFTER_MS } from './retry';

export const RETRY_BUDGET_DEFAULTS = {
  /** Tokens per origin, and the most the bucket ever holds. */
  capacity: 500,
  retryCost: 5,
  timeoutRetryCost: 10,
  /** Given back by a request that succeeded at its first attempt. */
  noRetryIncrement: 1,
  /** The longest origin-wide pause a Retry-After can cause. */
  maxPauseMs: MAX_RETRY_AFTER_MS,
} as const;

export type RetryBudgetSettings = { -readonly [K in keyof typeof RETRY_BUDGET_DEFAULTS]: number };

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The budget of one origin, as the request loop sees it. */
export interface OriginBudget {
  readonly origin: string;
  /**
   * Waits before an attempt: at least `delayMs` (the backoff before a retry), and until any pause of the
   * origin has ended, including one that starts while waiting. Throws 'rateLimited' (with retryAfterMs)
   * at once if the pause ends at or after `deadline`; 'cancelled' if `signal` aborts.
   */
  waitTurn(delayMs: number, deadline: number, sleep: Sleep, signal: AbortSignal, attemptsSoFar: number): Promise<void>;
  /** Records a failed attempt: a Retry-After on a 429 or 503 pauses the whole origin. */
  recordFailure(error: ApiError): void;
  /** Takes the tokens for one retry after `error`; returns their number, or undefined when the bucket cannot pay. */
  acquireRetry(error: ApiError): number | undefined;
  /** A request succeeded; `lastRetryCost` is what its last retry took (undefined: it needed none). */
  recordSuccess(lastRetryCost: number | undefined): void;
}

export interface OriginBudgetsOptions extends Partial<RetryBudgetSettings> {
  now?: () => number;
}

interface OriginState {
  tokens: number;
  pausedUntil: number;
}

/** The budgets of every origin; create one per process and hand it to every requester. */
export class OriginBudgets {
  private readonly states = new Map<string, OriginState>();
  private readonly budgets = new Map<string, Budget>();
  private readonly settings: RetryBudgetSettings;
  private readonly now: () => number;

  constructor(options: OriginBudgetsOptions = {}) {
    const { now, ...settings } = options;
    this.settings = { ...RETRY_BUDGET_DEFAULTS, ...settings };
    this.now = now ?? Date.now;
  }

  /** The budget for the origin of `url` (an absolute URL that has passed normaliseBaseUrl). */
  forUrl(url: string): OriginBudget {
    return this.forOrigin(originOfNormalised(url));
  }

  /** The budget for `origin` (as URL.origin spells it): one object per origin, made on first use. */
  forOrigin(origin: string): OriginBudget {
    let budget = this.budgets.get(origin);
    if (!budget) {
      const state = { tokens: this.settings.capacity, pausedUntil: 0 };
      this.states.set(origin, state);
      budget = new Budget(origin, state, this.settings, this.now);
      this.budgets.set(origin, budget);
    }
    return budget;
  }

  /** Tokens left for `url`'s origin (for logs, tests and benchmarks). */
  tokens(url: string): number {
    return this.states.get(originOfNormalised(url))?.tokens ?? this.settings.capacity;
  }

  /** Milliseconds until `url`'s origin may be called again (0: not paused). */
  pauseRemainingMs(url: string): number {
    return Math.max(0, (this.states.get(originOfNormalised(url))?.pausedUntil ?? 0) - this.now());
  }
}

class Budget implements OriginBudget {
  constructor(
    readonly origin: string,
    private readonly state: OriginState,
    private readonly settings: RetryBudgetSettings,
    private readonly now: () => number,
  ) {}

  async waitTurn(
    delayMs: number,
    deadline: number,
    sleep: Sleep,
    signal: AbortSignal,
    attemptsSoFar: number,
  ): Promise<void> {
    // One reading of the clock per pass: the wait is exactly the backoff, not a millisecond short of it.
    let now = this.now();
    let until = Math.max(now + Math.max(0, delayMs), this.state.pausedUntil);
    for (;;) {
      const pausedFor = this.state.pausedUntil - now;
      if (pausedFor > 0 && this.state.pausedUntil >= deadline) {
        throw new ApiError('rateLimited', rateLimitedMessage(pausedFor), {
          retryAfterMs: pausedFor,
          attempts: attemptsSoFar,
        });
      }
      if (until > now) await sleep(until - now, signal);
      // Another request may have been told to wait longer while this one slept.
      if (this.state.pausedUntil <= until) return;
      until = this.state.pausedUntil;
      now = this.now();
    }
  }

  recordFailure(error: ApiError): void {
    const serverAskedToWait = error.kind === 'rateLimited' || error.httpStatus === 503;
    if (!serverAskedToWait || error.retryAfterMs === undefined || error.retryAfterMs <= 0) return;
    const until = this.now() + Math.min(error.retryAfterMs, this.settings.maxPauseMs);
    this.state.pausedUntil = Math.max(this.state.pausedUntil, until);
  }

  acquireRetry(error: ApiError): number | undefined {
    // A timeout (ours, or the API's own DEADLINE_EXCEEDED / 504) says the server is struggling: dearer.
    const cost =
      error.kind === 'timeout' || error.kind === 'deadlineExceeded'
        ? this.settings.timeoutRetryCost
        : this.settings.retryCost;
    if (this.state.tokens < cost) return undefined;
    this.state.tokens -= cost;
    return cost;
  }

  recordSuccess(lastRetryCost: number | undefined): void {
    this.state.tokens = Math.min(
      this.settings.capacity,
      this.state.tokens + (lastRetryCost ?? this.settings.noRetryIncrement),
    );
  }
}

/** For measuring the old behaviour only (benchmarks): per-request retries, no shared tokens, no pause. */
export const UNLIMITED_BUDGET: OriginBudget = {
  origin: '*',
  async waitTurn(delayMs, _deadline, sleep, signal) {
    if (delayMs > 0) await sleep(delayMs, signal);
  },
  recordFailure: () => undefined,
  acquireRetry: () => 0,
  recordSuccess: () => undefined,
};
