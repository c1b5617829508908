// Retry policy for reads: exponential backoff with equal jitter (half fixed, half random), Retry-After honoured, capped in
// attempts and in total time. Pure timing maths plus an abortable sleep, so tests can fake the clock.
import { ApiError } from './errors';

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Give up when the next wait would end past this budget, counted from the first attempt. */
  maxTotalMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxTotalMs: 30_000,
};

/** The wait before attempt `attempt + 1` (attempt counts from 1), or undefined to give up. */
export function nextDelay(
  policy: RetryPolicy,
  attempt: number,
  elapsedMs: number,
  error: ApiError,
  random: () => number,
): number | undefined {
  if (!error.retryable || attempt >= policy.maxAttempts) return undefined;
  // Equal jitter: half the wait fixed, half random.
  const delay = backoffDelay(attempt, {
    baseMs: policy.baseDelayMs,
    maxMs: policy.maxDelayMs,
    jitter: 0.5 + random() * 0.5,
    retryAfterMs: error.retryAfterMs,
  });
  // A server-requested wait that uses up the whole remaining budget is not worth starting.
  const limit = policy.maxTotalMs - elapsedMs;
  if (error.retryAfterMs !== undefined ? delay >= limit : delay > limit) return undefined;
  return delay;
}

/**
 * The longest wait a server can impose with Retry-After (5 minutes): a hostile or broken `Retry-After: 999999`
 * must not freeze an origin, a poller or a panel for days.
 */
export const MAX_RETRY_AFTER_MS = 5 * 60_000;

export interface Backoff {
  /** The wait after the first failure. */
  baseMs: number;
  /** The cap on the doubling wait (before jitter). */
  maxMs: number;
  /** A factor applied to the capped wait, e.g. `0.5 + random() * 0.5`; 1 (the default) is no jitter. */
  jitter?: number;
  /** The server's Retry-After: when present it replaces the computed wait (clamped to 0 … MAX_RETRY_AFTER_MS). */
  retryAfterMs?: number;
}

/**
 * The one backoff formula, shared by requests, pollers and the panel's loader: `baseMs · 2^(failures − 1)` capped at
 * `maxMs`, times `jitter`, rounded to whole ms; a server's Retry-After wins. `failures` counts from 1 (0 is treated
 * as 1).
 */
export function backoffDelay(failures: number, backoff: Backoff): number {
  if (backoff.retryAfterMs !== undefined) return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, backoff.retryAfterMs));
  const doubled = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(doubled * (backoff.jitter ?? 1));
}

/** Parses Retry-After: delta-seconds or an HTTP date; capped at MAX_RETRY_AFTER_MS. */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(raw.trim())) return Math.min(MAX_RETRY_AFTER_MS, Math.round(Number(raw) * 1000));
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.min(MAX_RETRY_AFTER_MS, Math.max(0, date - now));
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledError());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelledError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function cancelledError(): ApiError {
  return new ApiError('cancelled', 'The request was cancelled.');
}
