// The shared requester against undici's MockAgent: headers and body, retries (Retry-After, backoff,
// caps), timeouts and cancellation, in-flight sharing, response validation, and secret hygiene.
import { strict as assert } from 'node:assert';
import { MockAgent } from 'undici';
import FakeTimers from '@sinonjs/fake-timers';
import * as z from 'zod';
import { createRequester, type LogLevel, type RequesterOptions } from '../../../src/api/http';
import { createWorkflowApi } from '../../../src/api/client';
import { ApiError, userAgent, type ApiErrorKind } from '../../../src/api';
import { ExecutionViewSchema } from '../../../src/api/schemas';

const ORIGIN = 'https://api.velt.test';
const GET = '/v2/workflow/executions/get';
const EVENTS = '/v2/workflow/executions/getEvents';
const EXEC_ID = 'exec_1777374504255_xzy43k9q';
const CREDS = { apiKey: 'ak_live_SECRETKEY123', authToken: 'at_SECRETTOKEN456' };
const JSON_HEADERS = { 'content-type': 'application/json' };

const EXECUTION = {
  executionId: EXEC_ID,
  status: 'completed',
  startedAt: 1777374504364,
  completedAt: 1777374600000,
  cancelledAt: null,
  definitionId: 'marketing-copy-approval',
  definitionVersion: 3,
  correlationId: 'corr_campaign_42',
  idempotencyKey: 'campaign-42-dispatch',
  failureReason: null,
  steps: [],
};

interface Harness {
  agent: MockAgent;
  logs: { level: LogLevel; message: string }[];
  sleeps: number[];
  attempts: string[];
  options: RequesterOptions;
}

let harnesses: Harness[] = [];

function harness(overrides: Partial<RequesterOptions> = {}): Harness {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const logs: Harness['logs'] = [];
  const sleeps: number[] = [];
  const attempts: string[] = [];
  const options: RequesterOptions = {
    getTarget: () => ({ baseUrl: ORIGIN, credentials: { ...CREDS, origin: ORIGIN } }),
    userAgent: userAgent('cli'),
    dispatcher: agent,
    log: (level, message) => logs.push({ level, message }),
    sleep: async (ms, signal) => {
      sleeps.push(ms);
      if (signal?.aborted) throw new ApiError('cancelled', 'The request was cancelled.');
    },
    random: () => 0.5,
    onAttempt: (path) => attempts.push(path),
    ...overrides,
  };
  const h = { agent, logs, sleeps, attempts, options };
  harnesses.push(h);
  return h;
}

function pool(h: Harness): ReturnType<MockAgent['get']> {
  return h.agent.get(ORIGIN);
}

function ok(result: unknown): string {
  return JSON.stringify({ result });
}

function apiErrorBody(status: string, message: string): string {
  return JSON.stringify({ error: { status, message } });
}

async function rejectsWith(promise: Promise<unknown>, kind: ApiErrorKind): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ApiError, `expected an ApiError, got ${String(error)}`);
    assert.equal(error.kind, kind, `expected kind ${kind}, got ${error.kind}: ${error.message}`);
    assert.ok(!error.message.includes('\n'), 'error messages are one line');
    return error;
  }
  assert.fail(`expected a rejection with kind ${kind}`);
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (headers && typeof headers === 'object' && !Array.isArray(headers)) {
    const record = headers as Record<string, unknown>;
    for (const [key, value] of Object.entries(record)) {
      if (key.toLowerCase() === name) return String(value);
    }
  }
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) {
      if (String(headers[i]).toLowerCase() === name) return String(headers[i + 1]);
    }
  }
  return undefined;
}

function assertNoSecrets(text: string, where: string): void {
  assert.ok(!text.includes(CREDS.apiKey), `${where} contains the API key: ${text}`);
  assert.ok(!text.includes(CREDS.authToken), `${where} contains the auth token: ${text}`);
}

describe('api/http requester', () => {
  afterEach(async () => {
    for (const h of harnesses) {
      for (const { message } of h.logs) assertNoSecrets(message, 'a log line');
      await h.agent.close();
    }
    harnesses = [];
  });

  describe('request shape', () => {
    it('POSTs {data} as JSON with the api key, auth token, user agent and content type', async () => {
      const h = harness();
      let seen: { headers: unknown; body: unknown; method: string; path: string } | undefined;
      pool(h)
        .intercept({ path: GET, method: 'POST' })
        .reply((opts) => {
          seen = { headers: opts.headers, body: opts.body, method: opts.method, path: opts.path };
          return { statusCode: 200, data: ok(EXECUTION), responseOptions: { headers: JSON_HEADERS } };
        });
      const api = createWorkflowApi(h.options);
      const view = await api.getExecution(EXEC_ID);
      assert.equal(view.executionId, EXEC_ID);
      assert.ok(seen);
      assert.equal(seen.method, 'POST');
      assert.equal(seen.path, GET);
      assert.equal(headerValue(seen.headers, 'x-velt-api-key'), CREDS.apiKey);
      assert.equal(headerValue(seen.headers, 'x-velt-auth-token'), CREDS.authToken);
      assert.equal(headerValue(seen.headers, 'content-type'), 'application/json');
      assert.match(
        headerValue(seen.headers, 'user-agent') ?? '',
        /^velt-workflow-inspector\/\S+ \(cli; node \d+\.\d+\.\d+\)$/,
      );
      assert.deepEqual(JSON.parse(String(seen.body)), { data: { executionId: EXEC_ID } });
      assert.ok(!String(seen.body).includes(CREDS.apiKey), 'credentials never go in the body');
    });

    it('never sends keys whose value is undefined (server schemas are strict)', async () => {
      const h = harness();
      let body = '';
      pool(h)
        .intercept({ path: EVENTS, method: 'POST' })
        .reply((opts) => {
          body = String(opts.body);
          return {
            statusCode: 200,
            data: JSON.stringify({ result: { executionId: EXEC_ID, events: [], nextCursor: 0, hasMore: false } }),
          };
        });
      await createWorkflowApi(h.options).getEvents({ executionId: EXEC_ID, sinceSeq: undefined, pageSize: 10 });
      assert.deepEqual(JSON.parse(body), { data: { executionId: EXEC_ID, pageSize: 10 } });
    });

    it('normalises a base URL ending in /v2/ and keeps a path prefix', async () => {
      const h = harness({
        getTarget: () => ({ baseUrl: `${ORIGIN}/proxy/v2/`, credentials: { ...CREDS, origin: ORIGIN } }),
      });
      pool(h)
        .intercept({ path: `/proxy${GET}`, method: 'POST' })
        .reply(200, ok(EXECUTION));
      const view = await createWorkflowApi(h.options).getExecution(EXEC_ID);
      assert.equal(view.definitionId, 'marketing-copy-approval');
    });

    it('follows a base URL that changes between requests, and checks the credentials against each', async () => {
      const OTHER = 'https://eu.api.velt.test';
      let target = { baseUrl: ORIGIN, credentials: { ...CREDS, origin: ORIGIN } };
      const h = harness({ getTarget: () => target });
      pool(h).intercept({ path: GET, method: 'POST' }).reply(200, ok(EXECUTION));
      h.agent
        .get(OTHER)
        .intercept({ path: `/eu${GET}`, method: 'POST' })
        .reply(200, ok({ ...EXECUTION, definitionId: 'from-eu' }));
      const api = createWorkflowApi(h.options);
      assert.equal((await api.getExecution(EXEC_ID)).definitionId, 'marketing-copy-approval');
      target = { baseUrl: `${OTHER}/eu`, credentials: { ...CREDS, origin: OTHER } };
      assert.equal((await api.getExecution(EXEC_ID)).definitionId, 'from-eu');
      // The same new host with the old origin's pair: refused before any request.
      target = { baseUrl: `${OTHER}/eu`, credentials: { ...CREDS, origin: ORIGIN } };
      await rejectsWith(api.getExecution(EXEC_ID), 'credentialsOriginMismatch');
      assert.equal(h.attempts.length, 2);
    });

    it('refuses a plain-http base URL before any request is made', async () => {
      const h = harness({
        getTarget: () => ({
          baseUrl: 'http://api.velt.test',
          credentials: { ...CREDS, origin: 'http://api.velt.test' },
        }),
      });
      await rejectsWith(createWorkflowApi(h.options).getExecution(EXEC_ID), 'insecureUrl');
      assert.equal(h.attempts.length, 0);
    });

    it('fails with missingCredentials (and no HTTP call) when a credential is empty or absent', async () => {
      for (const credentials of [
        undefined,
        { apiKey: '', authToken: 'x', origin: ORIGIN },
        { apiKey: 'k', authToken: '', origin: ORIGIN },
      ]) {
        const h = harness({ getTarget: async () => ({ baseUrl: ORIGIN, credentials }) });
        await rejectsWith(createWorkflowApi(h.options).getExecution(EXEC_ID), 'missingCredentials');
        assert.equal(h.attempts.length, 0);
      }
    });
  });

  describe('retries', () => {
    it('honours Retry-After (seconds) on 429 and then succeeds', async () => {
      const h = harness();
      pool(h)
        .intercept({ path: GET, method: 'POST' })
        .reply(429, apiErrorBody('RESOURCE_EXHAUSTED', 'slow down'), { headers: { 'retry-after': '2' } });
      pool(h).intercept({ path: GET, method: 'POST' }).reply(200, ok(EXECUTION));
      const view = await createWorkflowApi(h.options).getExecution(EXEC_ID);
      assert.equal(view.status, 'completed');
      assert.deepEqual(h.sleeps, [2000]);
      assert.equal(h.attempts.length, 2);
      assert.ok(h.logs.some((l) => l.level === 'warn' && /rateLimited; retry 2\/4/.test(l.message)));
    });

    it('honours Retry-After given as an HTTP date', async () => {
      const fixedNow = Date.parse('2026-08-20T10:00:00Z');
      const h = harness({ now: () => fixedNow });
      pool(h)
        .intercept({ path: GET, method: 'POST' })
        .reply(429, apiErrorBody('RESOURCE_EXHAUSTED', 'slow down'), {
          headers: { 'retry-after': 'Thu, 20 Aug 2026 10:00:03 GMT' },
        });
      pool(h).intercept({ path: GET, method: 'POST' }).reply(200, ok(EXECUTION));
      await createWorkflowApi(h.options).getExecution(EXEC_ID);
      assert.deepEqual(h.sleeps, [3000]);
    });

    it('backs off exponentially with jitter when 429 has no Retry-After', async () => {
      const h = harness({ retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 10_000, maxTotalMs: 60_000 } });
      pool(h).intercept({ path: GET, method: 'POST' }).reply(429, apiErrorBody('RESOURCE_EXHAUSTED', 'no')).times(3);
      pool(h).intercept({ path: GET, method: 'POST' }).reply(200, ok(EXECUTION));
      await createWorkflowApi(h.options).getExecution(EXEC_ID);
      // random() = 0.5 → backoff/2 + 0.25·backoff = 0.75·backoff for 100, 200, 400.
      assert.deepEqual(h.sleeps, [75, 150, 300]);
    });

    for (const [label, status, body, kind] of [
      ['503 UNAVAILABLE', 503, apiErrorBody('UNAVAILABLE', 'down'), 'unavailable'],
      ['500 INTERNAL', 500, apiErrorBody('INTERNAL', 'boom'), 'unavailable'],
      ['504 DEADLINE_EXCEEDED', 504, apiErrorBody('DEADLINE_EXCEEDED', 'slow'), 'deadlineExceeded'],
      ['502 from a proxy with an HTML body', 502, '<html><body>Bad gateway</body></html>', 'unavailable'],
    ] as const) {
      it(`retries ${label} up to maxAttempts, then fails with ${kind}`, async () => {
        const h = harness();
        pool(h).intercept({ path: GET, method: 'POST' }).reply(status, body).times(10);
        const error = await rejectsWith(createWorkflowApi(h.options).getExecution(EXEC_ID), kind);
        assert.equal(h.attempts.length, 4);
        assert.equal(error.attempts, 4);
        assert.equal(h.sleeps.length, 3);
        assert.equal(error.httpStatus, status);
      });
    }

    it('recovers when a 503 is followed by success', async () => {
      const h = harness();
      pool(h)
        .intercept({ path: GET, method: 'POST' })
        .reply(503, apiErrorBody('UNAVAILABLE', 'down'), { headers: { 'retry-after': '1' } });
      pool(h).intercept({ path: GET, method: 'POST' }).reply(200, ok(EXECUTION));
      await createWorkflowApi(h.options).getExecution(EXEC_ID);
      assert.deepEqual(h.sleeps, [1000], 'Retry-After on 503 is honoured too');
    });

    it('retries network errors and recovers', async () => {
      const h = harness();
      const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      pool(h).intercept({ path: GET, method: 'POST' }).replyWithError(reset);
      pool(h).intercept({ path: GET, method: 'POST' }).reply(200, ok(EXECUTION));
      await createWorkflowApi(h.options).getExecution(EXEC_ID);
      assert.equal(h.attempts.length, 2);
    });

    it('reports a network error after the attempt cap with a reason', async () => {
      const h = harness();
      const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      pool(h).intercept({ path: GET, method: 'POST' }).replyWithError(refused).times(4);
      const error = await rejectsWith(createWorkflowApi(h.options).getExecution(EXEC_ID), 'network');
      assert.match(error.message, /connection refused/);
      assert.equal(h.attempts.length, 4);
    });

    for (const [label, status, body, kind] of [
      ['400 INVALID_ARGUMENT', 400, apiErrorBody('INVALID_ARGUMENT', 'executionId: Required'), 'invalidArgument'],
      ['404 NOT_FOUND', 404, apiErrorBody('NOT_FOUND', 'Execution not found'), 'notFound'],
      ['403 PERMISSION_DENIED', 403, apiErrorBody('PERMISSION_DENIED', 'bad token'), 'unauthenticated'],
      ['401 UNAUTHENTICATED', 401, apiErrorBody('UNAUTHENTICATED', 'no token'), 'unauthenticated'],
      ['409 ALREADY_EXISTS', 409, apiErrorBody('ALREADY_EXISTS', 'dup'), 'other'],
    ] as const) {
      it(`does not retry ${label} (→ ${kind})`, async () => {
        const h = harness();
        pool(h).intercept({ path: GET, method: 'POST' }).reply(status, body);
        const error = await rejectsWith(createWorkflowApi(h.options).getExecution(EXEC_ID), kind);
        assert.equal(h.attempts.length, 1);
        assert.equal(h.sleeps.length, 0);
        assert.equal(error.attempts, 1);
      });
    }

    it('does not retry when the caller asks for noRetry', async () => {
      const h = harness();
      pool(h).intercept({ path: GET, method: 'POST' }).reply(503, apiErrorBody('UNAVAILABLE', 'down'));
      await rejectsWith(createWorkflowApi(h.options).getExecution(EXEC_ID, { noRetry: true }), 'unavailable');
      assert.equal(h.attempts.length, 1);
    });

    it('gives up at once when Retry-After is past the total-time budget', async () => {
      const h = harness({ retry: { maxTotalMs: 5_000 } });
      pool(h)
        .intercept({ path: GET, method: 'POST' })
        .reply(429, apiErrorBody('RESOURCE_EXHAUSTED', 'later'), { headers: { 'retry-after': '60' } });
      const error = await rejectsWith(createWorkflowApi(h.options).getExecution(EXEC_ID), 'rateLimited');
      assert.equal(h.attempts.length, 1);
      assert.equal(error.retryAfterMs, 60_000);
      assert.match(error.message, /60 s/);
    });

    it('stops retrying once the total-time cap is reached (virtual clock)', async () => {
      let virtualNow = 1_000_000;
      const h = harness({
        now: () => virtualNow,
        sleep: async (ms) => {
          h.sleeps.push(ms);
          virtualNow += ms;
        },
        retry: { maxAttempts: 50, baseDelayMs: 1_000, maxDelayMs: 1_000, maxTotalMs: 4_500 },
      });
      pool(h).intercept({ path: GET, method: 'POST' }).reply(503, apiErrorBody('UNAVAILABLE', 'down')).persist();
      await rejectsWith(createWorkflowApi(h.options).getExecution(EXEC_ID), 'unavailable');
      // Each wait is 750 ms (random 0.5): six waits end exactly at the 4 500 ms budget, a seventh would pass it.
      assert.deepEqual(h.sleeps, [750, 750, 750, 750, 750, 750]);
      assert.equal(h.attempts.length, 7);
      assert.ok(virtualNow - 1_000_000 <= 4_500);
    });

    it('waits with real timers for Retry-After when no sleep is injected (fake clock)', async () => {
      const clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      try {
        const h = harness({ retry: { maxTotalMs: 120_000 } });
        delete h.options.sleep;
        delete h.options.now;
        pool(h)
          .intercept({ path: GET, method: 'POST' })
          .reply(429, apiErrorBody('RESOURCE_EXHAUSTED', 'later'), { headers: { 'retry-after': '30' } });
        pool(h).intercept({ path: GET, method: 'POST' }).reply(200, ok(EXECUTION));
        let settled = false;
        const promise = createWorkflowApi(h.options)
          .getExecution(EXEC_ID)
          .finally(() => {
            settled = true;
          });
        await clock.tickAsync(29_000);
        assert.equal(settled, false, 'still waiting before Retry-After has elapsed');
        assert.equal(h.attempts.length, 1);
        await clock.tickAsync(1_500);
        const view = await promise;
        assert.equal(view.executionId, EXEC_ID);
        assert.equal(h.attempts.length, 2);
      } finally {
        clock.uninstall();
      }
    });
  });

  describe('timeouts and cancellation', () => {
    it('turns a slow answer into kind "timeout", without retrying it', async () => {
      const h = harness({ timeoutMs: 40 });
      pool(h).intercept({ path: GET, method: 'POST' }).reply(200, ok(EXECUTION)).delay(1_000);
      const started = Date.now();
      const error = await rejectsWith(createWorkflowApi(h.options).getExecution(EXEC_ID), 'timeout');
      assert.ok(Date.now() - started < 800, 'the timeout fires long before the answer would arrive');
      assert.equal(h.attempts.length, 1);
      assert.match(error.message, /did not answer within/);
    });

    it('reads the timeout lazily from a function', async () => {
      let timeoutMs = 5_000;
      const h = harness({ timeoutMs: () => timeoutMs });
      pool(h).intercept({ path: GET, method: 'POST' }).reply(200, ok(EXECUTION)).delay(300);
      timeoutMs = 30;
      await rejectsWith(createWorkflowApi(h.options).getExecution(EXEC_ID), 'timeout');
    });

    it('turns an abort into kind "cancelled" and stops the HTTP request', async () => {
      const h = harness();
      pool(h).intercept({ path: GET, method: 'POST' }).reply(200, ok(EXECUTION)).delay(2_000);
      const requester = createRequester(h.options);
      const controller = new AbortController();
      const promise = requester.request(
        ExecutionViewSchema,
        GET,
        { executionId: EXEC_ID },
        { signal: controller.signal },
      );
      setTimeout(() => controller.abort(), 20);
      const started = Date.now();
      await rejectsWith(promise, 'cancelled');
      assert.ok(Date.now() - started < 1_000);
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(requester.inFlight, 0, 'the shared call is gone once nobody waits for it');
    });

    it('rejects at once, without a request, when the signal is already aborted', async () => {
      const h = harness();
      const controller = new AbortController();
      controller.abort();
      await rejectsWith(createWorkflowApi(h.options).getExecution(EXEC_ID, { signal: controller.signal }), 'cancelled');
      assert.equal(h.attempts.length, 0);
    });

    it('an abort during the retry wait cancels instead of retrying', async () => {
      const controller = new AbortController();
      const h = harness({
        sleep: async (ms, signal) => {
          h.sleeps.push(ms);
          controller.abort();
          await Promise.resolve();
          if (signal?.aborted) throw new ApiError('cancelled', 'The request was cancelled.');
        },
      });
      pool(h).intercept({ path: GET, method: 'POST' }).reply(503, apiErrorBody('UNAVAILABLE', 'down')).times(4);
      await rejectsWith(createWorkflowApi(h.options).getExecution(EXEC_ID, { signal: controller.signal }), 'cancelled');
      assert.equal(h.attempts.length, 1);
    });
  });

  describe('in-flight sharing', () => {
    it('shares one HTTP call between identical concurrent requests', async () => {
      const h = harness();
      pool(h).intercept({ path: GET, method: 'POST' }).reply(200, ok(EXECUTION)).delay(50);
      const api = createWorkflowApi(h.options);
      const [a, b, c] = await Promise.all([
        api.getExecution(EXEC_ID),
        api.getExecution(EXEC_ID),
        api.getExecution(EXEC_ID),
      ]);
      assert.equal(h.attempts.length, 1);
      assert.deepEqual(a, b);
      assert.deepEqual(b, c);
      assert.ok(h.logs.some((l) => /sharing an identical request/.test(l.message)));
    });

    it('does not share requests whose bodies differ', async () => {
      const h = harness();
      const other = 'exec_1777374504255_aaaaaaaa';
      pool(h).intercept({ path: GET, method: 'POST' }).reply(200, ok(EXECUTION)).delay(30);
      pool(h)
        .intercept({ path: GET, method: 'POST' })
        .reply(200, ok({ ...EXECUTION, executionId: other }))
        .delay(30);
      const api = createWorkflowApi(h.options);
      const results = await Promise.all([api.getExecution(EXEC_ID), api.getExecution(other)]);
      assert.equal(h.attempts.length, 2);
      assert.equal(new Set(results.map((r) => r.executionId)).size, 2);
    });

    it('starts a fresh request once the shared one has finished', async () => {
      const h = harness();
      pool(h).intercept({ path: GET, method: 'POST' }).reply(200, ok(EXECUTION)).times(2);
      const api = createWorkflowApi(h.options);
      await api.getExecution(EXEC_ID);
      await api.getExecution(EXEC_ID);
      assert.equal(h.attempts.length, 2);
    });

    it('one waiter aborting does not cancel the others', async () => {
      const h = harness();
      pool(h).intercept({ path: GET, method: 'POST' }).reply(200, ok(EXECUTION)).delay(80);
      const api = createWorkflowApi(h.options);
      const controller = new AbortController();
      const first = api.getExecution(EXEC_ID, { signal: controller.signal });
      const second = api.getExecution(EXEC_ID);
      setTimeout(() => controller.abort(), 10);
      await rejectsWith(first, 'cancelled');
      const view = await second;
      assert.equal(view.executionId, EXEC_ID);
      assert.equal(h.attempts.length, 1);
    });

    it('shares failures too: every waiter gets the same error kind from one call', async () => {
      const h = harness();
      pool(h).intercept({ path: GET, method: 'POST' }).reply(404, apiErrorBody('NOT_FOUND', 'nope')).delay(20);
      const api = createWorkflowApi(h.options);
      await Promise.all([
        rejectsWith(api.getExecution(EXEC_ID), 'notFound'),
        rejectsWith(api.getExecution(EXEC_ID), 'notFound'),
      ]);
      assert.equal(h.attempts.length, 1);
    });

    it('an identical request made right after every waiter aborted is not handed the cancelled call', async () => {
      const h = harness();
      pool(h).intercept({ path: GET, method: 'POST' }).reply(200, ok(EXECUTION)).delay(200);
      pool(h).intercept({ path: GET, method: 'POST' }).reply(200, ok(EXECUTION));
      const api = createWorkflowApi(h.options);
      const controller = new AbortController();
      const first = api.getExecution(EXEC_ID, { signal: controller.signal });
      await new Promise((resolve) => setTimeout(resolve, 10));
      controller.abort();
      // The user retries at once, with a live signal: this must not fail with "cancelled".
      const retried = api.getExecution(EXEC_ID);
      await rejectsWith(first, 'cancelled');
      const view = await retried;
      assert.equal(view.executionId, EXEC_ID);
    });

    it('close() aborts requests in flight', async () => {
      const h = harness();
      pool(h).intercept({ path: GET, method: 'POST' }).reply(200, ok(EXECUTION)).delay(2_000);
      const api = createWorkflowApi(h.options);
      const promise = api.getExecution(EXEC_ID);
      await new Promise((resolve) => setTimeout(resolve, 10));
      await api.close();
      await rejectsWith(promise, 'cancelled');
    });
  });

  describe('response validation', () => {
    const cases: { label: string; status: number; body: string; field?: string; message: RegExp }[] = [
      { label: 'invalid JSON', status: 200, body: '{"result": {"executionId": ', message: /not JSON/ },
      {
        label: 'an HTML page',
        status: 200,
        body: '<!doctype html><html><body>Sign in</body></html>',
        message: /not JSON/,
      },
      { label: 'an empty body', status: 200, body: '', message: /not JSON/ },
      {
        label: 'JSON without "result"',
        status: 200,
        body: JSON.stringify({ data: EXECUTION }),
        field: '(body)',
        message: /no "result"/,
      },
      { label: 'a JSON array', status: 200, body: '[1,2,3]', field: '(body)', message: /no "result"/ },
      { label: 'a result of the wrong type', status: 200, body: ok('hello'), field: '(result)', message: /\(result\)/ },
      {
        label: 'a wrongly typed field',
        status: 200,
        body: ok({ ...EXECUTION, executionId: 42 }),
        field: 'executionId',
        message: /"executionId"/,
      },
      {
        label: 'a missing required field',
        status: 200,
        body: ok({ ...EXECUTION, definitionId: undefined }),
        field: 'definitionId',
        message: /"definitionId"/,
      },
      {
        label: 'a bad nested step field',
        status: 200,
        body: ok({
          ...EXECUTION,
          steps: [{ stepId: 's1', nodeId: 'n', nodeType: 'agent', status: 'completed', startedAt: 'yesterday' }],
        }),
        field: 'steps.0.startedAt',
        message: /"steps\.0\.startedAt"/,
      },
    ];
    for (const c of cases) {
      it(`rejects ${c.label} as invalidResponse${c.field ? ` naming ${c.field}` : ''}, without retrying`, async () => {
        const h = harness();
        pool(h).intercept({ path: GET, method: 'POST' }).reply(c.status, c.body, { headers: JSON_HEADERS });
        const error = await rejectsWith(createWorkflowApi(h.options).getExecution(EXEC_ID), 'invalidResponse');
        assert.match(error.message, c.message);
        if (c.field) assert.equal(error.field, c.field);
        assert.equal(h.attempts.length, 1);
      });
    }

    it('refuses a body larger than the limit as invalidResponse, and reads one just within it', async () => {
      const h = harness({ maxResponseBytes: 4096 });
      pool(h)
        .intercept({ path: GET, method: 'POST' })
        .reply(200, ok({ ...EXECUTION, definitionId: 'x'.repeat(8000) }), { headers: JSON_HEADERS });
      const error = await rejectsWith(createWorkflowApi(h.options).getExecution(EXEC_ID), 'invalidResponse');
      assert.match(error.message, /larger than 0\.00 MB/);
      assert.equal(h.attempts.length, 1);
      const within = harness({ maxResponseBytes: Buffer.byteLength(ok(EXECUTION)) });
      pool(within).intercept({ path: GET, method: 'POST' }).reply(200, ok(EXECUTION), { headers: JSON_HEADERS });
      assert.equal((await createWorkflowApi(within.options).getExecution(EXEC_ID)).executionId, EXEC_ID);
    });

    it('logs the failing field for invalid responses', async () => {
      const h = harness();
      pool(h)
        .intercept({ path: GET, method: 'POST' })
        .reply(200, ok({ ...EXECUTION, status: 7 }));
      await rejectsWith(createWorkflowApi(h.options).getExecution(EXEC_ID), 'invalidResponse');
      assert.ok(h.logs.some((l) => l.level === 'warn' && l.message.includes('"status"')));
    });

    it('validates with whatever schema the caller passes', async () => {
      const h = harness();
      pool(h)
        .intercept({ path: '/v2/x', method: 'POST' })
        .reply(200, ok({ n: 1 }));
      const requester = createRequester(h.options);
      const result = await requester.request(z.object({ n: z.number() }), '/v2/x', {});
      assert.deepEqual(result, { n: 1 });
    });

    it('maps an error envelope sent with HTTP 200 by its status', async () => {
      const h = harness();
      pool(h).intercept({ path: GET, method: 'POST' }).reply(200, apiErrorBody('NOT_FOUND', 'gone'));
      await rejectsWith(createWorkflowApi(h.options).getExecution(EXEC_ID), 'notFound');
    });
  });

  describe('client endpoints', () => {
    it('listExecutions sends only the given filters and normalises the old cursor shape', async () => {
      const h = harness();
      const bodies: unknown[] = [];
      pool(h)
        .intercept({ path: '/v2/workflow/executions/list', method: 'POST' })
        .reply((opts) => {
          bodies.push(JSON.parse(String(opts.body)));
          return {
            statusCode: 200,
            data: ok({ items: [{ ...EXECUTION, steps: [] }], nextCursor: 'eyJvZmZzZXQiOjEwMH0=', hasMore: true }),
          };
        });
      const page = await createWorkflowApi(h.options).listExecutions({
        status: 'failed',
        pageSize: 20,
        definitionId: undefined,
      });
      assert.deepEqual(bodies, [{ data: { status: 'failed', pageSize: 20 } }]);
      assert.equal(page.nextCursor, 'eyJvZmZzZXQiOjEwMH0=');
      assert.equal(page.items[0]!.executionId, EXEC_ID);
    });

    it('getEvents parses a page and reads the target asynchronously', async () => {
      const h = harness({ getTarget: async () => ({ baseUrl: ORIGIN, credentials: { ...CREDS, origin: ORIGIN } }) });
      pool(h)
        .intercept({ path: EVENTS, method: 'POST' })
        .reply(
          200,
          ok({
            executionId: EXEC_ID,
            nextCursor: 12,
            hasMore: false,
            events: [
              {
                eventId: 'evt_1',
                seq: 7,
                type: 'step.completed',
                stepId: 's',
                timestamp: 1,
                correlationId: 'c',
                data: { decision: 'approve' },
              },
            ],
          }),
        );
      const page = await createWorkflowApi(h.options).getEvents({ executionId: EXEC_ID, sinceSeq: 5 });
      assert.equal(page.nextCursor, 12);
      assert.deepEqual(
        page.events.map((e) => e.seq),
        [7],
      );
    });
  });

  describe('secrets', () => {
    it('redacts credentials a server echoes in its error message', async () => {
      const h = harness();
      const echo = `Invalid key ${CREDS.apiKey} with token ${CREDS.authToken}`;
      pool(h).intercept({ path: GET, method: 'POST' }).reply(400, apiErrorBody('INVALID_ARGUMENT', echo));
      const error = await rejectsWith(createWorkflowApi(h.options).getExecution(EXEC_ID), 'invalidArgument');
      assertNoSecrets(error.message, 'the error message');
      assertNoSecrets(error.serverMessage ?? '', 'the server message');
      assert.match(error.message, /\[redacted\]/);
    });

    it('keeps secrets out of every error and log line across failure modes', async () => {
      const h = harness({ timeoutMs: 30 });
      const p = pool(h);
      p.intercept({ path: GET, method: 'POST' }).reply(429, apiErrorBody('RESOURCE_EXHAUSTED', `key ${CREDS.apiKey}`));
      p.intercept({ path: GET, method: 'POST' }).replyWithError(
        Object.assign(new Error(`boom ${CREDS.authToken}`), { code: 'ECONNRESET' }),
      );
      p.intercept({ path: GET, method: 'POST' }).reply(503, `<html>${CREDS.apiKey}</html>`);
      p.intercept({ path: GET, method: 'POST' }).reply(200, ok(EXECUTION)).delay(500);
      const error = await rejectsWith(createWorkflowApi(h.options).getExecution(EXEC_ID), 'timeout');
      assertNoSecrets(`${error.message} ${error.serverMessage ?? ''}`, 'the final error');
      assert.ok(h.logs.length >= 3);
    });
  });
});
