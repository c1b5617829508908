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
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.round(backoff / 2 + random() * (backoff / 2));
  const delay = error.retryAfterMs !== undefined ? Math.max(error.retryAfterMs, 0) : jittered;
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
