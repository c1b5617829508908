// Automatic retries as they happen, for a command that shows them (the `events --follow` status line):
// run.ts passes notify() to the API client's onRetry; the command that cares sets the listener.
import type { ApiErrorKind } from '../api/errors';

export interface RetryNotice {
  kind: ApiErrorKind;
  attempt: number;
  delayMs: number;
}

export class RetryNotices {
  listener: ((notice: RetryNotice) => void) | undefined;

  notify(notice: RetryNotice): void {
    this.listener?.(notice);
  }
}

/** "rate limited, retrying in 30 s" / "API unavailable, retrying in 2 s". */
export function retryStatus(notice: RetryNotice): string {
  const why =
    notice.kind === 'rateLimited'
      ? 'rate limited'
      : notice.kind === 'unavailable'
        ? 'API unavailable'
        : notice.kind === 'timeout'
          ? 'request timed out'
          : notice.kind === 'network'
            ? 'network error'
            : notice.kind;
  return `${why}, retrying in ${Math.max(1, Math.ceil(notice.delayMs / 1000))} s (attempt ${notice.attempt})...`;
}
