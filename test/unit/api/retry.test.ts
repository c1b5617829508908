// Retry maths: backoff with jitter, Retry-After, attempt and total-time caps; the abortable sleep.
import { strict as assert } from 'node:assert';
import FakeTimers from '@sinonjs/fake-timers';
import { ApiError, type ApiErrorKind } from '../../../src/api/errors';
import {
  DEFAULT_RETRY_POLICY,
  cancelledError,
  nextDelay,
  parseRetryAfter,
  sleep,
  type RetryPolicy,
} from '../../../src/api/retry';

const POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000, maxTotalMs: 10_000 };
const unavailable = new ApiError('unavailable', 'x');

describe('api/retry', () => {
  describe('nextDelay', () => {
    it('doubles the backoff per attempt, capped at maxDelayMs', () => {
      const max = (attempt: number): number | undefined =>
        nextDelay({ ...POLICY, maxAttempts: 10 }, attempt, 0, unavailable, () => 1);
      assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map(max), [100, 200, 400, 800, 1_000, 1_000, 1_000]);
    });

    it('jitters between half and all of the backoff', () => {
      const low = nextDelay(POLICY, 3, 0, unavailable, () => 0);
      const high = nextDelay(POLICY, 3, 0, unavailable, () => 1);
      assert.equal(low, 200);
      assert.equal(high, 400);
      for (let i = 0; i < 200; i++) {
        const delay = nextDelay(POLICY, 3, 0, unavailable, Math.random);
        assert.ok(delay !== undefined && delay >= 200 && delay <= 400, String(delay));
      }
    });

    it('uses Retry-After instead of the backoff when the server sent one', () => {
      const limited = new ApiError('rateLimited', 'x', { retryAfterMs: 4_321 });
      assert.equal(
        nextDelay(POLICY, 1, 0, limited, () => 0.5),
        4_321,
      );
      assert.equal(
        nextDelay(POLICY, 1, 0, new ApiError('rateLimited', 'x', { retryAfterMs: 0 }), () => 0.5),
        0,
      );
    });

    it('gives up after maxAttempts', () => {
      assert.notEqual(
        nextDelay(POLICY, 4, 0, unavailable, () => 0.5),
        undefined,
      );
      assert.equal(
        nextDelay(POLICY, 5, 0, unavailable, () => 0.5),
        undefined,
      );
      assert.equal(
        nextDelay(POLICY, 6, 0, unavailable, () => 0.5),
        undefined,
      );
    });

    it('gives up when the wait would end past the total-time budget', () => {
      assert.equal(
        nextDelay(POLICY, 1, 9_925, unavailable, () => 0.5),
        75,
      );
      assert.equal(
        nextDelay(POLICY, 1, 9_926, unavailable, () => 0.5),
        undefined,
      );
      const limited = new ApiError('rateLimited', 'x', { retryAfterMs: 30_000 });
      assert.equal(
        nextDelay(POLICY, 1, 0, limited, () => 0.5),
        undefined,
      );
    });

    it('retries only retryable kinds', () => {
      const kinds: ApiErrorKind[] = [
        'invalidArgument',
        'unauthenticated',
        'missingCredentials',
        'notFound',
        'timeout',
        'invalidResponse',
        'insecureUrl',
        'cancelled',
        'other',
      ];
      for (const kind of kinds)
        assert.equal(
          nextDelay(POLICY, 1, 0, new ApiError(kind, 'x'), () => 0.5),
          undefined,
          kind,
        );
      for (const kind of ['rateLimited', 'unavailable', 'deadlineExceeded', 'network'] as const) {
        assert.notEqual(
          nextDelay(POLICY, 1, 0, new ApiError(kind, 'x'), () => 0.5),
          undefined,
          kind,
        );
      }
    });

    it('has sane defaults: a few attempts within half a minute', () => {
      assert.ok(DEFAULT_RETRY_POLICY.maxAttempts >= 2 && DEFAULT_RETRY_POLICY.maxAttempts <= 6);
      assert.ok(DEFAULT_RETRY_POLICY.maxTotalMs <= 60_000);
      let total = 0;
      for (let attempt = 1; ; attempt++) {
        const delay = nextDelay(DEFAULT_RETRY_POLICY, attempt, total, unavailable, () => 1);
        if (delay === undefined) break;
        total += delay;
      }
      assert.ok(total <= DEFAULT_RETRY_POLICY.maxTotalMs);
    });
  });

  describe('parseRetryAfter', () => {
    const now = Date.parse('2026-08-20T10:00:00Z');
    it('reads delta-seconds', () => {
      assert.equal(parseRetryAfter('2', now), 2_000);
      assert.equal(parseRetryAfter(' 3 ', now), 3_000);
      assert.equal(parseRetryAfter('0', now), 0);
      assert.equal(parseRetryAfter('1.5', now), 1_500);
      assert.equal(parseRetryAfter('120', now), 120_000);
    });

    it('reads an HTTP date relative to now, never negative', () => {
      assert.equal(parseRetryAfter('Thu, 20 Aug 2026 10:00:05 GMT', now), 5_000);
      assert.equal(parseRetryAfter('Thu, 20 Aug 2026 09:59:00 GMT', now), 0);
    });

    it('takes the first of repeated headers', () => {
      assert.equal(parseRetryAfter(['4', '9'], now), 4_000);
    });

    it('ignores missing, empty and garbage values', () => {
      for (const value of [undefined, '', '   ', 'soon', 'NaN', 'Infinity']) {
        assert.equal(parseRetryAfter(value, now), undefined, String(value));
      }
    });
  });

  describe('sleep', () => {
    let clock: FakeTimers.Clock;
    beforeEach(() => {
      clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout'] });
    });
    afterEach(() => clock.uninstall());

    it('resolves after the given time', async () => {
      let done = false;
      const promise = sleep(5_000).then(() => {
        done = true;
      });
      await clock.tickAsync(4_999);
      assert.equal(done, false);
      await clock.tickAsync(1);
      await promise;
      assert.equal(done, true);
    });

    it('rejects with kind cancelled on abort and clears its timer', async () => {
      const controller = new AbortController();
      const promise = sleep(60_000, controller.signal);
      await clock.tickAsync(10);
      controller.abort();
      await assert.rejects(promise, (error: unknown) => error instanceof ApiError && error.kind === 'cancelled');
      assert.equal(clock.countTimers(), 0);
    });

    it('rejects at once when already aborted', async () => {
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(
        sleep(1_000, controller.signal),
        (error: unknown) => error instanceof ApiError && error.kind === 'cancelled',
      );
      assert.equal(clock.countTimers(), 0);
    });

    it('cancelledError is an ApiError of kind cancelled', () => {
      const error = cancelledError();
      assert.equal(error.kind, 'cancelled');
      assert.equal(error.retryable, false);
    });
  });
});
