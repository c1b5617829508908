// The per-origin retry budget (src/api/retryBudget.ts): token-bucket arithmetic after the AWS SDKs'
// standard mode, exhaustion, refunds, one bucket per origin, and the origin-wide Retry-After pause (shared
// by other requests of the origin only, abortable, capped), both on the bucket itself and through the real
// requester against undici's MockAgent with a fake clock.
import { strict as assert } from 'node:assert';
import { MockAgent } from 'undici';
import { createClock } from '@sinonjs/fake-timers';
import { createWorkflowApi } from '../../../src/api/client';
import {
  ApiError,
  MAX_RETRY_AFTER_MS,
  OriginBudgets,
  RETRY_BUDGET_DEFAULTS,
  userAgent,
  type ApiErrorKind,
} from '../../../src/api';
import { parseRetryAfter } from '../../../src/api/retry';
import { PollScheduler } from '../../../src/state/pollScheduler';

type FakeClock = ReturnType<typeof createClock>;

const ORIGIN = 'https://api.velt.test';
const OTHER_ORIGIN = 'https://eu.velt.test';
const GET = '/v2/workflow/executions/get';
const LIMITED = 'exec_1777374504255_limited1';
const OTHER = 'exec_1777374504255_other001';
const CREDS = { apiKey: 'ak_live_SECRETKEY123', authToken: 'at_SECRETTOKEN456' };

const unavailable = new ApiError('unavailable', 'down', { httpStatus: 503 });
const timeout = new ApiError('timeout', 'slow');

function execution(executionId: string): object {
  return {
    executionId,
    status: 'running',
    startedAt: 1777374504364,
    completedAt: null,
    cancelledAt: null,
    definitionId: 'marketing-copy-approval',
    definitionVersion: 3,
    correlationId: null,
    idempotencyKey: null,
    failureReason: null,
    steps: [],
  };
}
const ok = (executionId: string): string => JSON.stringify({ result: execution(executionId) });
const errorBody = (status: string): string => JSON.stringify({ error: { status, message: status } });

async function rejectsWith(promise: Promise<unknown>, kind: ApiErrorKind): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ApiError, `expected an ApiError, got ${String(error)}`);
    assert.equal(error.kind, kind, `expected ${kind}, got ${error.kind}: ${error.message}`);
    return error;
  }
  assert.fail(`expected a rejection with kind ${kind}`);
}

function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** Lets undici's MockAgent and the promise chains run (they need real event-loop turns). */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Advances the fake clock in steps, settling in between, so timers and replies interleave as in real time. */
async function advance(clock: FakeClock, ms: number, step = 100): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    clock.tick(Math.min(step, ms - t));
    await settle();
  }
}

interface Rig {
  agent: MockAgent;
  clock: FakeClock;
  budgets: OriginBudgets;
  attempts: { origin: string; executionId: string; at: number }[];
  api(origin?: string, budgets?: OriginBudgets | false): ReturnType<typeof createWorkflowApi>;
}

let rigs: Rig[] = [];

function rig(budgetOptions: ConstructorParameters<typeof OriginBudgets>[0] = {}): Rig {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const clock = createClock(1_000_000);
  const budgets = new OriginBudgets({ now: () => clock.now, ...budgetOptions });
  const attempts: Rig['attempts'] = [];
  const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new ApiError('cancelled', 'The request was cancelled.'));
      const timer = clock.setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        clock.clearTimeout(timer);
        reject(new ApiError('cancelled', 'The request was cancelled.'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  const r: Rig = {
    agent,
    clock,
    budgets,
    attempts,
    api: (origin = ORIGIN, shared: OriginBudgets | false = budgets) => {
      const api = createWorkflowApi({
        getTarget: () => ({ baseUrl: origin, credentials: { ...CREDS, origin: new URL(origin).origin } }),
        userAgent: userAgent('cli'),
        dispatcher: agent,
        sleep,
        now: () => clock.now,
        random: () => 0.5,
        budgets: shared,
      });
      // Rejections are checked later (after the clock moves on): mark them handled now.
      return { ...api, getExecution: (id, options) => handled(api.getExecution(id, options)) };
    },
  };
  rigs.push(r);
  return r;
}

/** Every POST to `origin`: `respond` decides per execution id; each one is recorded with the fake time. */
function serve(
  r: Rig,
  origin: string,
  respond: (executionId: string) => { status: number; body: string; headers?: Record<string, string> },
): void {
  r.agent
    .get(origin)
    .intercept({ path: GET, method: 'POST' })
    .reply((request) => {
      const executionId = (JSON.parse(String(request.body)) as { data: { executionId: string } }).data.executionId;
      r.attempts.push({ origin, executionId, at: r.clock.now });
      const { status, body, headers } = respond(executionId);
      return {
        statusCode: status,
        data: body,
        responseOptions: { headers: { 'content-type': 'application/json', ...headers } },
      };
    })
    .persist();
}

describe('api/retryBudget', () => {
  afterEach(async () => {
    for (const r of rigs) await r.agent.close();
    rigs = [];
  });

  describe('token bucket (AWS standard mode)', () => {
    it("starts full at 500; a retry costs 5, a retry after a timeout (ours or the API's 504) 10", () => {
      const budgets = new OriginBudgets();
      const budget = budgets.forUrl(`${ORIGIN}${GET}`);
      assert.equal(RETRY_BUDGET_DEFAULTS.capacity, 500);
      assert.equal(budgets.tokens(ORIGIN), 500);
      assert.equal(budget.acquireRetry(unavailable), 5);
      assert.equal(budgets.tokens(ORIGIN), 495);
      assert.equal(budget.acquireRetry(timeout), 10);
      assert.equal(budgets.tokens(ORIGIN), 485);
      assert.equal(budget.acquireRetry(new ApiError('deadlineExceeded', 'slow inside', { httpStatus: 504 })), 10);
      for (const kind of ['rateLimited', 'network'] as const)
        assert.equal(budget.acquireRetry(new ApiError(kind, 'x')), 5, kind);
      assert.equal(budgets.tokens(ORIGIN), 465);
    });

    it('refunds the cost of the retry that succeeded, or 1 for a first-attempt success, never above capacity', () => {
      const budgets = new OriginBudgets();
      const budget = budgets.forUrl(ORIGIN);
      budget.recordSuccess(undefined);
      assert.equal(budgets.tokens(ORIGIN), 500, 'a full bucket stays at its capacity');
      budget.acquireRetry(timeout);
      budget.acquireRetry(unavailable);
      assert.equal(budgets.tokens(ORIGIN), 485);
      budget.recordSuccess(5);
      assert.equal(
        budgets.tokens(ORIGIN),
        490,
        'the successful retry gives its own 5 back; the earlier 10 stays spent',
      );
      budget.recordSuccess(undefined);
      assert.equal(budgets.tokens(ORIGIN), 491, 'a request that needed no retry adds 1');
    });

    it('refuses a retry it cannot pay for, and pays again once successes refill it', () => {
      const budgets = new OriginBudgets({ capacity: 12 });
      const budget = budgets.forUrl(ORIGIN);
      assert.equal(budget.acquireRetry(timeout), 10);
      assert.equal(budget.acquireRetry(unavailable), undefined, '2 tokens do not pay for a retry');
      assert.equal(budgets.tokens(ORIGIN), 2);
      for (let i = 0; i < 3; i++) budget.recordSuccess(undefined);
      assert.equal(budget.acquireRetry(unavailable), 5);
      assert.equal(budgets.tokens(ORIGIN), 0);
    });

    it('keys buckets by normalised origin: scheme, host and port, not path or case', () => {
      const budgets = new OriginBudgets();
      budgets.forUrl('https://API.velt.test:443/v2/workflow/executions/get').acquireRetry(unavailable);
      assert.equal(budgets.tokens('https://api.velt.test/anything'), 495);
      assert.equal(budgets.tokens('https://api.velt.test:8443'), 500, 'another port is another origin');
      assert.equal(budgets.tokens('http://localhost:4100'), 500);
      assert.equal(budgets.tokens(OTHER_ORIGIN), 500);
    });
  });

  describe('through the requester', () => {
    it('stops retrying when the bucket is empty and fails fast with the original error', async () => {
      const r = rig({ capacity: 10 });
      serve(r, ORIGIN, () => ({ status: 503, body: errorBody('UNAVAILABLE') }));
      const api = r.api();
      const first = api.getExecution(OTHER);
      await advance(r.clock, 10_000);
      const error = await rejectsWith(first, 'unavailable');
      assert.equal(r.attempts.length, 3, 'two retries of 5 tokens each, then the bucket is empty');
      assert.equal(error.attempts, 3);
      assert.equal(error.httpStatus, 503);
      assert.equal(r.budgets.tokens(ORIGIN), 0);

      const second = api.getExecution(LIMITED);
      await advance(r.clock, 1_000);
      const again = await rejectsWith(second, 'unavailable');
      assert.equal(again.attempts, 1, 'no tokens: only the first attempt');
      assert.equal(r.attempts.length, 4);
    });

    it('without a budget (the old behaviour, for benchmarks) every request retries up to maxAttempts', async () => {
      const r = rig({ capacity: 10 });
      serve(r, ORIGIN, () => ({ status: 503, body: errorBody('UNAVAILABLE') }));
      const api = r.api(ORIGIN, false);
      for (const id of [OTHER, LIMITED, OTHER]) {
        const request = api.getExecution(id);
        await advance(r.clock, 10_000);
        assert.equal((await rejectsWith(request, 'unavailable')).attempts, 4);
      }
      assert.equal(r.attempts.length, 12);
    });

    it('refunds on success: a retried success gives its retry cost back, a clean one adds 1', async () => {
      const r = rig();
      let calls = 0;
      serve(r, ORIGIN, (id) =>
        ++calls === 1 ? { status: 503, body: errorBody('UNAVAILABLE') } : { status: 200, body: ok(id) },
      );
      const api = r.api();
      const retried = api.getExecution(OTHER);
      await advance(r.clock, 2_000);
      await retried;
      assert.equal(calls, 2);
      assert.equal(r.budgets.tokens(ORIGIN), 500, 'took 5 for the retry, gave 5 back on its success');
      r.budgets.forUrl(ORIGIN).acquireRetry(unavailable);
      const clean = api.getExecution(OTHER);
      await settle();
      await clean;
      assert.equal(r.budgets.tokens(ORIGIN), 496);
    });

    it('gives each origin its own bucket', async () => {
      const r = rig({ capacity: 5 });
      serve(r, ORIGIN, () => ({ status: 503, body: errorBody('UNAVAILABLE') }));
      serve(r, OTHER_ORIGIN, (id) => ({ status: 200, body: ok(id) }));
      const exhausted = r.api(ORIGIN).getExecution(OTHER);
      await advance(r.clock, 5_000);
      await rejectsWith(exhausted, 'unavailable');
      assert.equal(r.budgets.tokens(ORIGIN), 0);
      assert.equal(r.budgets.tokens(OTHER_ORIGIN), 5);
      const elsewhere = r.api(OTHER_ORIGIN).getExecution(OTHER);
      await settle();
      assert.equal((await elsewhere).executionId, OTHER);
    });

    it('a 429 with Retry-After pauses every request to that origin (first attempts too), not another origin', async () => {
      const r = rig();
      let limited = true;
      serve(r, ORIGIN, (id) =>
        id === LIMITED && limited
          ? { status: 429, body: errorBody('RESOURCE_EXHAUSTED'), headers: { 'retry-after': '10' } }
          : { status: 200, body: ok(id) },
      );
      serve(r, OTHER_ORIGIN, (id) => ({ status: 200, body: ok(id) }));
      const api = r.api();
      const start = r.clock.now;
      const limitedCall = api.getExecution(LIMITED);
      await settle();
      limited = false;
      assert.equal(r.budgets.pauseRemainingMs(ORIGIN), 10_000);

      const other = api.getExecution(OTHER);
      const elsewhere = r.api(OTHER_ORIGIN).getExecution(OTHER);
      await settle();
      assert.equal((await elsewhere).executionId, OTHER, 'another origin is not paused');
      await advance(r.clock, 9_900);
      assert.deepEqual(
        r.attempts.filter((a) => a.origin === ORIGIN && a.executionId === OTHER),
        [],
        'nothing sent to the paused origin',
      );
      await advance(r.clock, 200);
      assert.equal((await other).executionId, OTHER);
      assert.equal((await limitedCall).executionId, LIMITED, 'the limited request retried after its Retry-After');
      const sameOrigin = r.attempts.filter((a) => a.origin === ORIGIN);
      assert.deepEqual(
        sameOrigin.map((a) => [a.executionId, a.at - start]),
        [
          [LIMITED, 0],
          [LIMITED, 10_000],
          [OTHER, 10_000],
        ],
      );
    });

    it('a 503 with Retry-After pauses the origin too; one without Retry-After does not', async () => {
      const r = rig();
      let status = 503;
      let retryAfter: string | undefined = undefined;
      serve(r, ORIGIN, (id) =>
        id === LIMITED
          ? { status, body: errorBody('UNAVAILABLE'), headers: retryAfter ? { 'retry-after': retryAfter } : undefined }
          : { status: 200, body: ok(id) },
      );
      const api = r.api();
      const noHeader = api.getExecution(LIMITED, { noRetry: true });
      await settle();
      await rejectsWith(noHeader, 'unavailable');
      assert.equal(r.budgets.pauseRemainingMs(ORIGIN), 0);
      retryAfter = '4';
      const withHeader = api.getExecution(LIMITED, { noRetry: true });
      await settle();
      await rejectsWith(withHeader, 'unavailable');
      assert.equal(r.budgets.pauseRemainingMs(ORIGIN), 4_000);
      status = 500;
      r.clock.tick(4_000);
      const serverError = api.getExecution(LIMITED, { noRetry: true });
      await settle();
      await rejectsWith(serverError, 'unavailable');
      assert.equal(r.budgets.pauseRemainingMs(ORIGIN), 0, 'Retry-After on other statuses does not pause the origin');
    });

    it("fails fast with rateLimited and retryAfterMs when the pause outlasts the request's own budget", async () => {
      const r = rig();
      serve(r, ORIGIN, (id) =>
        id === LIMITED
          ? { status: 429, body: errorBody('RESOURCE_EXHAUSTED'), headers: { 'retry-after': '120' } }
          : { status: 200, body: ok(id) },
      );
      const api = r.api();
      const limited = api.getExecution(LIMITED);
      await settle();
      assert.equal((await rejectsWith(limited, 'rateLimited')).retryAfterMs, 120_000);
      r.clock.tick(1_000);
      const other = api.getExecution(OTHER);
      await settle();
      const error = await rejectsWith(other, 'rateLimited');
      assert.equal(error.retryAfterMs, 119_000, 'the time left of the origin\'s pause, for "retrying in N s"');
      assert.equal(error.attempts, 0);
      assert.match(error.message, /Wait 119 s/);
      const noRetry = api.getExecution(OTHER, { noRetry: true });
      await settle();
      assert.equal(
        (await rejectsWith(noRetry, 'rateLimited')).retryAfterMs,
        119_000,
        'a no-retry call does not wait at all',
      );
      assert.equal(r.attempts.filter((a) => a.executionId === OTHER).length, 0);
    });

    it('a poller that meets a pause too long to wait out is told so and the PollScheduler retries when it ends', async () => {
      const r = rig();
      let limited = true;
      serve(r, ORIGIN, (id) =>
        id === LIMITED && limited
          ? { status: 429, body: errorBody('RESOURCE_EXHAUSTED'), headers: { 'retry-after': '60' } }
          : { status: 200, body: ok(id) },
      );
      const api = r.api();
      const start = r.clock.now;
      const planned: [string, number | undefined][] = [];
      // The ExecutionWatcher's fetch: a failure hands the server's wait to the scheduler.
      const scheduler = new PollScheduler({
        fetch: async (id, signal) => {
          try {
            await api.getExecution(id, { signal });
            return {};
          } catch (error) {
            return { failed: { retryAfterMs: error instanceof ApiError ? error.retryAfterMs : undefined } };
          }
        },
        intervals: () => ({ visibleMs: 5_000, hiddenMs: 60_000 }),
        timers: {
          setTimeout: (fn, ms) => r.clock.setTimeout(fn, ms),
          clearTimeout: (h) => r.clock.clearTimeout(h as number),
          now: () => r.clock.now,
        },
        random: () => 0.5,
        onRescheduled: (id, nextDueAt) => planned.push([id, nextDueAt === undefined ? undefined : nextDueAt - start]),
      });
      try {
        scheduler.setTargets([LIMITED]);
        await advance(r.clock, 1_000);
        scheduler.setTargets([LIMITED, OTHER]);
        await advance(r.clock, 1_000);
        const pauseEnds = r.attempts[0]!.at - start + 60_000;
        assert.deepEqual(
          planned.find(([id]) => id === OTHER),
          [OTHER, pauseEnds],
          'the other pin waits for the end of the pause',
        );
        assert.equal(r.attempts.filter((a) => a.executionId === OTHER).length, 0);
        limited = false;
        await advance(r.clock, 59_000);
        assert.deepEqual(
          r.attempts.filter((a) => a.executionId === OTHER).map((a) => a.at - start),
          [pauseEnds],
        );
      } finally {
        scheduler.dispose();
      }
    });

    it('a caller abort during a pause rejects at once with cancelled and sends nothing', async () => {
      const r = rig();
      serve(r, ORIGIN, (id) =>
        id === LIMITED
          ? { status: 429, body: errorBody('RESOURCE_EXHAUSTED'), headers: { 'retry-after': '20' } }
          : { status: 200, body: ok(id) },
      );
      const api = r.api();
      void api.getExecution(LIMITED, { noRetry: true }).catch(() => undefined);
      await settle();
      const controller = new AbortController();
      const waiting = api.getExecution(OTHER, { signal: controller.signal });
      await advance(r.clock, 3_000);
      controller.abort();
      await rejectsWith(waiting, 'cancelled');
      await advance(r.clock, 20_000, 1_000);
      assert.equal(r.attempts.filter((a) => a.executionId === OTHER).length, 0);
    });

    it('a request already waiting also waits out a longer pause that starts meanwhile', async () => {
      const r = rig();
      let limitedLeft = 1;
      serve(r, ORIGIN, (id) =>
        id === LIMITED && limitedLeft-- > 0
          ? { status: 429, body: errorBody('RESOURCE_EXHAUSTED'), headers: { 'retry-after': '2' } }
          : { status: 200, body: ok(id) },
      );
      const api = r.api();
      const start = r.clock.now;
      void api.getExecution(LIMITED, { noRetry: true }).catch(() => undefined);
      await settle();
      const other = api.getExecution(OTHER);
      await advance(r.clock, 1_000);
      // A request sent before the first pause (still in flight then) is answered with a longer Retry-After.
      r.budgets
        .forUrl(ORIGIN)
        .recordFailure(new ApiError('rateLimited', 'x', { httpStatus: 429, retryAfterMs: 5_000 }));
      await advance(r.clock, 6_000);
      await other;
      assert.deepEqual(
        r.attempts.filter((a) => a.executionId === OTHER).map((a) => a.at - start),
        [6_000],
      );
    });

    it('caps a hostile Retry-After: 999999 at 5 minutes, for the pause and for the error', async () => {
      const r = rig();
      serve(r, ORIGIN, (id) =>
        id === LIMITED
          ? { status: 429, body: errorBody('RESOURCE_EXHAUSTED'), headers: { 'retry-after': '999999' } }
          : { status: 200, body: ok(id) },
      );
      const api = r.api();
      const limited = api.getExecution(LIMITED);
      await settle();
      const error = await rejectsWith(limited, 'rateLimited');
      assert.equal(MAX_RETRY_AFTER_MS, 5 * 60_000);
      assert.equal(error.retryAfterMs, MAX_RETRY_AFTER_MS);
      assert.equal(r.budgets.pauseRemainingMs(ORIGIN), MAX_RETRY_AFTER_MS);
      r.clock.tick(MAX_RETRY_AFTER_MS);
      const later = api.getExecution(OTHER);
      await settle();
      assert.equal((await later).executionId, OTHER, 'the origin is usable again after 5 minutes');
    });

    it('caps the pause even when handed an uncapped wait, and an HTTP-date Retry-After too', () => {
      let now = 0;
      const budgets = new OriginBudgets({ now: () => now });
      budgets.forUrl(ORIGIN).recordFailure(new ApiError('rateLimited', 'x', { retryAfterMs: 999_999_000 }));
      assert.equal(budgets.pauseRemainingMs(ORIGIN), MAX_RETRY_AFTER_MS);
      now = MAX_RETRY_AFTER_MS;
      assert.equal(budgets.pauseRemainingMs(ORIGIN), 0);
      assert.equal(
        parseRetryAfter('Fri, 31 Dec 9999 23:59:59 GMT', Date.parse('2026-08-20T10:00:00Z')),
        MAX_RETRY_AFTER_MS,
      );
    });
  });
});
