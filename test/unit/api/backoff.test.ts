// The one backoff formula (src/api/retry.ts backoffDelay): doubling from a base, capped, jittered, Retry-After first.
import * as assert from 'node:assert/strict';
import { MAX_RETRY_AFTER_MS, backoffDelay } from '../../../src/api/retry';

describe('backoffDelay', () => {
  it('doubles from the base after each failure and stops at the cap', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5].map((n) => backoffDelay(n, { baseMs: 500, maxMs: 3_000 })),
      [500, 1_000, 2_000, 3_000, 3_000],
    );
  });

  it('treats 0 failures like the first one', () => {
    assert.equal(backoffDelay(0, { baseMs: 500, maxMs: 3_000 }), 500);
  });

  it('applies the jitter factor to the capped wait and rounds to whole ms', () => {
    assert.equal(backoffDelay(10, { baseMs: 500, maxMs: 3_000, jitter: 0.5 }), 1_500);
    assert.equal(backoffDelay(1, { baseMs: 333, maxMs: 3_000, jitter: 0.5 }), 167);
  });

  it("lets the server's Retry-After replace the computed wait, never negative, never past the cap", () => {
    assert.equal(backoffDelay(5, { baseMs: 500, maxMs: 3_000, jitter: 0.5, retryAfterMs: 10_000 }), 10_000);
    assert.equal(backoffDelay(5, { baseMs: 500, maxMs: 3_000, retryAfterMs: 0 }), 0);
    assert.equal(backoffDelay(5, { baseMs: 500, maxMs: 3_000, retryAfterMs: -20 }), 0);
    assert.equal(
      backoffDelay(1, { baseMs: 500, maxMs: 3_000, retryAfterMs: 10 * MAX_RETRY_AFTER_MS }),
      MAX_RETRY_AFTER_MS,
    );
  });

  it('does not overflow to Infinity or NaN after very many failures', () => {
    assert.equal(backoffDelay(5_000, { baseMs: 500, maxMs: 3_000 }), 3_000);
  });
});
