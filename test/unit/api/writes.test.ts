// The write endpoints of the WorkflowApi against undici's MockAgent: the bodies sent, the result schemas
// (tolerant but strict on the "did it happen" flag), the retry rule of WRITE_RETRY (dispatch with a key,
// reviewer decisions and executions/cancel are retried; steps/resolve and steps/cancel are sent once
// whatever the failure), and that a write is never shared with an identical request in flight.
import { strict as assert } from 'node:assert';
import { MockAgent } from 'undici';
import type { RequesterOptions } from '../../../src/api/http';
import { createWorkflowApi, pinnedToEnvironment } from '../../../src/api/client';
import {
  ApiError,
  DISPATCH_KEY_PATTERN,
  ENDPOINTS,
  WRITE_RETRY,
  mayRetryWrite,
  newIdempotencyKey,
  userAgent,
  type ApiErrorKind,
  type WorkflowApi,
} from '../../../src/api';
import {
  CancelExecutionResultSchema,
  CancelStepResultSchema,
  DispatchResultSchema,
  ResolveStepResultSchema,
  ReviewerDecisionResultSchema,
} from '../../../src/api/writeSchemas';

const ORIGIN = 'https://api.velt.test';
const CREDS = { apiKey: 'ak_live_WRITESECRET1', authToken: 'at_WRITESECRET2' };
const EXEC_ID = 'exec_1777374504255_xzy43k9q';
const STEP_ID = 'human-review';
const JSON_HEADERS = { 'content-type': 'application/json' };

interface Harness {
  agent: MockAgent;
  attempts: string[];
  bodies: unknown[];
  api: WorkflowApi & { close(): Promise<void> };
}

const harnesses: Harness[] = [];

function harness(overrides: Partial<RequesterOptions> = {}): Harness {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const attempts: string[] = [];
  const options: RequesterOptions = {
    getTarget: () => ({ baseUrl: ORIGIN, credentials: { ...CREDS, origin: ORIGIN } }),
    userAgent: userAgent('cli'),
    dispatcher: agent,
    sleep: async () => undefined,
    random: () => 0.5,
    onAttempt: (path) => attempts.push(path),
    ...overrides,
  };
  const h = { agent, attempts, bodies: [] as unknown[], api: createWorkflowApi(options) };
  harnesses.push(h);
  return h;
}

type Reply = { status: number; body: string; headers?: Record<string, string> };
const ok = (result: unknown): Reply => ({ status: 200, body: JSON.stringify({ result }) });
const apiError = (http: number, status: string, headers?: Record<string, string>): Reply => ({
  status: http,
  body: JSON.stringify({ error: { status, message: `${status} from the test` } }),
  headers,
});

/** Answers `path` with `replies` in order (the last one repeats), recording each body sent. */
function answer(h: Harness, path: string, replies: Reply[], delayMs = 0): void {
  let index = 0;
  h.agent
    .get(ORIGIN)
    .intercept({ path, method: 'POST' })
    .reply((opts) => {
      h.bodies.push(JSON.parse(String(opts.body)));
      const reply = replies[Math.min(index++, replies.length - 1)]!;
      return {
        statusCode: reply.status,
        data: reply.body,
        responseOptions: { headers: { ...JSON_HEADERS, ...reply.headers } },
      };
    })
    .delay(delayMs || 1)
    .persist();
}

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

const DISPATCHED = { executionId: EXEC_ID, correlationId: 'corr-1', deduplicated: false };
const DECIDED = { recorded: true, aggregatorStatus: 'resolved', resumeScheduled: true };

describe('api writes', () => {
  afterEach(async () => {
    for (const h of harnesses.splice(0)) {
      await h.api.close();
      await h.agent.close();
    }
  });

  describe('request bodies', () => {
    it('dispatch sends the given fields, no undefined keys, and returns the key it sent', async () => {
      const h = harness();
      answer(h, ENDPOINTS.dispatchExecution, [ok(DISPATCHED)]);
      const result = await h.api.dispatchExecution({
        definitionId: 'contract-test',
        idempotencyKey: 'mine-1',
        triggerContext: { amount: 5 },
        correlationId: undefined,
      });
      assert.deepEqual(h.bodies, [
        { data: { definitionId: 'contract-test', idempotencyKey: 'mine-1', triggerContext: { amount: 5 } } },
      ]);
      assert.deepEqual(result, { ...DISPATCHED, idempotencyKey: 'mine-1' });
    });

    it('dispatch without a key generates one of the documented shape, fresh each call', async () => {
      const h = harness();
      answer(h, ENDPOINTS.dispatchExecution, [ok(DISPATCHED)]);
      const first = await h.api.dispatchExecution({ definitionId: 'contract-test' });
      const second = await h.api.dispatchExecution({ definitionId: 'contract-test' });
      assert.match(first.idempotencyKey, DISPATCH_KEY_PATTERN);
      assert.notEqual(first.idempotencyKey, second.idempotencyKey);
      const sent = h.bodies.map((b) => (b as { data: { idempotencyKey: string } }).data.idempotencyKey);
      assert.deepEqual(sent, [first.idempotencyKey, second.idempotencyKey]);
      for (let i = 0; i < 200; i++) assert.match(newIdempotencyKey(), DISPATCH_KEY_PATTERN);
    });

    it('each step write goes to its endpoint with exactly its fields', async () => {
      const h = harness();
      answer(h, ENDPOINTS.cancelExecution, [ok({ cancelled: true, executionId: EXEC_ID })]);
      answer(h, ENDPOINTS.recordReviewerDecision, [ok(DECIDED)]);
      answer(h, ENDPOINTS.resolveStep, [
        ok({ resolved: true, executionId: EXEC_ID, stepId: STEP_ID, action: 'force-complete' }),
      ]);
      answer(h, ENDPOINTS.cancelStep, [ok({ cancelled: true, executionId: EXEC_ID, stepId: STEP_ID })]);
      await h.api.cancelExecution({ executionId: EXEC_ID, reason: 'wrong input' });
      await h.api.recordReviewerDecision({
        executionId: EXEC_ID,
        stepId: STEP_ID,
        reviewerId: 'u_ana',
        decision: 'reject',
      });
      await h.api.resolveStep({
        executionId: EXEC_ID,
        stepId: STEP_ID,
        action: 'force-complete',
        actorId: 'ops@acme.example',
        output: { note: 'done by hand' },
      });
      await h.api.cancelStep({ executionId: EXEC_ID, stepId: STEP_ID, actorId: 'ops@acme.example' });
      assert.deepEqual(h.attempts, [
        ENDPOINTS.cancelExecution,
        ENDPOINTS.recordReviewerDecision,
        ENDPOINTS.resolveStep,
        ENDPOINTS.cancelStep,
      ]);
      assert.deepEqual(h.bodies, [
        { data: { executionId: EXEC_ID, reason: 'wrong input' } },
        { data: { executionId: EXEC_ID, stepId: STEP_ID, reviewerId: 'u_ana', decision: 'reject' } },
        {
          data: {
            executionId: EXEC_ID,
            stepId: STEP_ID,
            action: 'force-complete',
            actorId: 'ops@acme.example',
            output: { note: 'done by hand' },
          },
        },
        { data: { executionId: EXEC_ID, stepId: STEP_ID, actorId: 'ops@acme.example' } },
      ]);
    });
  });

  describe('result schemas', () => {
    it('accept the documented results, ignore extra fields and keep unknown enum values', () => {
      assert.deepEqual(DispatchResultSchema.parse({ ...DISPATCHED, extra: 1 }), DISPATCHED);
      assert.deepEqual(
        ReviewerDecisionResultSchema.parse({
          recorded: false,
          aggregatorStatus: 'quorum-pending',
          resumeScheduled: false,
          rejectionReason: 'reviewer-on-holiday',
          note: 'new field',
        }),
        {
          recorded: false,
          aggregatorStatus: 'quorum-pending',
          resumeScheduled: false,
          rejectionReason: 'reviewer-on-holiday',
        },
      );
      assert.deepEqual(
        ResolveStepResultSchema.parse({ resolved: true, executionId: EXEC_ID, stepId: STEP_ID, action: 'force-x' }),
        { resolved: true, executionId: EXEC_ID, stepId: STEP_ID, action: 'force-x' },
      );
    });

    it('read explicit nulls and missing optional fields as null / false', () => {
      assert.deepEqual(DispatchResultSchema.parse({ executionId: EXEC_ID, correlationId: null }), {
        executionId: EXEC_ID,
        correlationId: null,
        deduplicated: false,
      });
      assert.deepEqual(ReviewerDecisionResultSchema.parse({ recorded: true, aggregatorStatus: null }), {
        recorded: true,
        aggregatorStatus: null,
        resumeScheduled: false,
        rejectionReason: null,
      });
      assert.deepEqual(CancelExecutionResultSchema.parse({ cancelled: true }), {
        cancelled: true,
        executionId: null,
      });
      assert.deepEqual(CancelStepResultSchema.parse({ cancelled: true, executionId: null, stepId: null }), {
        cancelled: true,
        executionId: null,
        stepId: null,
      });
    });

    it('refuse a result without the flag that says whether the write happened, or without an execution id', () => {
      assert.equal(ReviewerDecisionResultSchema.safeParse({ aggregatorStatus: 'resolved' }).success, false);
      assert.equal(ReviewerDecisionResultSchema.safeParse({ recorded: 'yes' }).success, false);
      assert.equal(CancelExecutionResultSchema.safeParse({ executionId: EXEC_ID }).success, false);
      assert.equal(CancelStepResultSchema.safeParse({ cancelled: null }).success, false);
      assert.equal(ResolveStepResultSchema.safeParse({ executionId: EXEC_ID }).success, false);
      assert.equal(DispatchResultSchema.safeParse({ correlationId: 'c', deduplicated: true }).success, false);
      assert.equal(DispatchResultSchema.safeParse({ executionId: '' }).success, false);
    });

    it('an unreadable write result is an invalidResponse naming the field', async () => {
      const h = harness();
      answer(h, ENDPOINTS.recordReviewerDecision, [ok({ recorded: 'maybe' })]);
      const error = await rejectsWith(
        h.api.recordReviewerDecision({ executionId: EXEC_ID, stepId: STEP_ID, reviewerId: 'u', decision: 'approve' }),
        'invalidResponse',
      );
      assert.equal(error.field, 'recorded');
    });
  });

  describe('the retry rule (WRITE_RETRY)', () => {
    it('is written down for every write endpoint', () => {
      assert.deepEqual(WRITE_RETRY, {
        dispatchExecution: 'withIdempotencyKey',
        cancelExecution: 'always',
        recordReviewerDecision: 'always',
        resolveStep: 'never',
        cancelStep: 'never',
      });
      assert.equal(mayRetryWrite('dispatchExecution', { definitionId: 'x' }), false);
      assert.equal(mayRetryWrite('dispatchExecution', { definitionId: 'x', idempotencyKey: '' }), false);
      assert.equal(mayRetryWrite('dispatchExecution', { definitionId: 'x', idempotencyKey: 'k' }), true);
      assert.equal(mayRetryWrite('resolveStep', { idempotencyKey: 'k' }), false);
    });

    const transient: [string, Reply][] = [
      ['503 UNAVAILABLE', apiError(503, 'UNAVAILABLE')],
      ['429 RESOURCE_EXHAUSTED', apiError(429, 'RESOURCE_EXHAUSTED')],
      ['504 DEADLINE_EXCEEDED', apiError(504, 'DEADLINE_EXCEEDED')],
      ['500 INTERNAL', apiError(500, 'INTERNAL')],
    ];

    for (const [label, failure] of transient) {
      it(`steps/resolve and steps/cancel are sent once on ${label}`, async () => {
        const h = harness();
        // A second attempt would succeed, so a retry could not hide behind the same failure.
        answer(h, ENDPOINTS.resolveStep, [failure, ok({ resolved: true })]);
        answer(h, ENDPOINTS.cancelStep, [failure, ok({ cancelled: true })]);
        await assert.rejects(
          h.api.resolveStep({ executionId: EXEC_ID, stepId: STEP_ID, action: 'force-approve', actorId: 'ops' }),
          ApiError,
        );
        await assert.rejects(h.api.cancelStep({ executionId: EXEC_ID, stepId: STEP_ID, actorId: 'ops' }), ApiError);
        assert.deepEqual(h.attempts, [ENDPOINTS.resolveStep, ENDPOINTS.cancelStep]);
      });

      it(`dispatch with a key, reviewer decisions and executions/cancel are retried on ${label}`, async () => {
        const h = harness();
        answer(h, ENDPOINTS.dispatchExecution, [failure, ok(DISPATCHED)]);
        answer(h, ENDPOINTS.recordReviewerDecision, [failure, ok(DECIDED)]);
        answer(h, ENDPOINTS.cancelExecution, [failure, ok({ cancelled: true, executionId: EXEC_ID })]);
        const dispatched = await h.api.dispatchExecution({ definitionId: 'contract-test', idempotencyKey: 'k-1' });
        assert.equal(dispatched.executionId, EXEC_ID);
        await h.api.recordReviewerDecision({
          executionId: EXEC_ID,
          stepId: STEP_ID,
          reviewerId: 'u',
          decision: 'approve',
        });
        await h.api.cancelExecution({ executionId: EXEC_ID });
        assert.deepEqual(h.attempts, [
          ENDPOINTS.dispatchExecution,
          ENDPOINTS.dispatchExecution,
          ENDPOINTS.recordReviewerDecision,
          ENDPOINTS.recordReviewerDecision,
          ENDPOINTS.cancelExecution,
          ENDPOINTS.cancelExecution,
        ]);
        // The replay carries the same key, so the server can answer with the first run.
        const keys = h.bodies.slice(0, 2).map((b) => (b as { data: { idempotencyKey: string } }).data.idempotencyKey);
        assert.deepEqual(keys, ['k-1', 'k-1']);
      });
    }

    it('a dispatch without a caller key is still retried, with the same generated key', async () => {
      const h = harness();
      answer(h, ENDPOINTS.dispatchExecution, [apiError(503, 'UNAVAILABLE'), ok(DISPATCHED)]);
      const result = await h.api.dispatchExecution({ definitionId: 'contract-test' });
      const keys = h.bodies.map((b) => (b as { data: { idempotencyKey: string } }).data.idempotencyKey);
      assert.deepEqual(keys, [result.idempotencyKey, result.idempotencyKey]);
    });

    it('a dropped connection is not retried for steps/resolve, and is for a decision', async () => {
      const h = harness();
      const pool = h.agent.get(ORIGIN);
      for (const path of [ENDPOINTS.resolveStep, ENDPOINTS.recordReviewerDecision]) {
        pool.intercept({ path, method: 'POST' }).replyWithError(new Error('socket hang up'));
      }
      pool.intercept({ path: ENDPOINTS.resolveStep, method: 'POST' }).reply(200, ok({ resolved: true }).body);
      pool.intercept({ path: ENDPOINTS.recordReviewerDecision, method: 'POST' }).reply(200, ok(DECIDED).body);
      await rejectsWith(
        h.api.resolveStep({ executionId: EXEC_ID, stepId: STEP_ID, action: 'force-fail', actorId: 'ops' }),
        'network',
      );
      const decided = await h.api.recordReviewerDecision({
        executionId: EXEC_ID,
        stepId: STEP_ID,
        reviewerId: 'u',
        decision: 'approve',
      });
      assert.equal(decided.recorded, true);
      assert.deepEqual(h.attempts, [
        ENDPOINTS.resolveStep,
        ENDPOINTS.recordReviewerDecision,
        ENDPOINTS.recordReviewerDecision,
      ]);
    });

    it('a timeout of steps/cancel is reported once, never retried', async () => {
      const h = harness({ timeoutMs: 40 });
      answer(h, ENDPOINTS.cancelStep, [ok({ cancelled: true })], 500);
      await rejectsWith(h.api.cancelStep({ executionId: EXEC_ID, stepId: STEP_ID, actorId: 'ops' }), 'timeout');
      assert.deepEqual(h.attempts, [ENDPOINTS.cancelStep]);
    });

    it('noRetry turns the retry off for a write that would be retried', async () => {
      const h = harness();
      answer(h, ENDPOINTS.cancelExecution, [apiError(503, 'UNAVAILABLE'), ok({ cancelled: true })]);
      await rejectsWith(h.api.cancelExecution({ executionId: EXEC_ID }, { noRetry: true }), 'unavailable');
      assert.equal(h.attempts.length, 1);
    });
  });

  describe('pinned to an environment', () => {
    it('every write carries the environment it was pinned to', async () => {
      const environments: (string | undefined)[] = [];
      const h = harness({
        getTarget: (environment) => {
          environments.push(environment);
          return { baseUrl: ORIGIN, credentials: { ...CREDS, origin: ORIGIN } };
        },
      });
      answer(h, ENDPOINTS.dispatchExecution, [ok(DISPATCHED)]);
      answer(h, ENDPOINTS.cancelExecution, [ok({ cancelled: true })]);
      answer(h, ENDPOINTS.recordReviewerDecision, [ok(DECIDED)]);
      answer(h, ENDPOINTS.resolveStep, [ok({ resolved: true })]);
      answer(h, ENDPOINTS.cancelStep, [ok({ cancelled: true })]);
      const pinned = pinnedToEnvironment(h.api, 'Staging');
      await pinned.dispatchExecution({ definitionId: 'contract-test' });
      await pinned.cancelExecution({ executionId: EXEC_ID });
      await pinned.recordReviewerDecision({
        executionId: EXEC_ID,
        stepId: STEP_ID,
        reviewerId: 'u',
        decision: 'approve',
      });
      await pinned.resolveStep({ executionId: EXEC_ID, stepId: STEP_ID, action: 'force-approve', actorId: 'ops' });
      await pinned.cancelStep({ executionId: EXEC_ID, stepId: STEP_ID, actorId: 'ops' });
      assert.deepEqual(environments, ['Staging', 'Staging', 'Staging', 'Staging', 'Staging']);
    });
  });

  describe('no sharing in flight', () => {
    it('two identical approvals at once are two requests with their own answers', async () => {
      const h = harness();
      answer(
        h,
        ENDPOINTS.recordReviewerDecision,
        [ok(DECIDED), ok({ recorded: false, aggregatorStatus: 'resolved', rejectionReason: 'idempotent' })],
        30,
      );
      const request = { executionId: EXEC_ID, stepId: STEP_ID, reviewerId: 'u_ana', decision: 'approve' } as const;
      const [first, second] = await Promise.all([
        h.api.recordReviewerDecision(request),
        h.api.recordReviewerDecision(request),
      ]);
      assert.equal(h.attempts.length, 2);
      assert.deepEqual(
        [first.recorded, second.recorded].sort(),
        [false, true],
        'each caller got the answer to its own request',
      );
    });

    it('identical force-fails and dispatches with one key are each sent', async () => {
      const h = harness();
      answer(h, ENDPOINTS.resolveStep, [ok({ resolved: true })], 30);
      answer(h, ENDPOINTS.dispatchExecution, [ok(DISPATCHED)], 30);
      const resolve = { executionId: EXEC_ID, stepId: STEP_ID, action: 'force-fail', actorId: 'ops' } as const;
      const dispatch = { definitionId: 'contract-test', idempotencyKey: 'same' };
      await Promise.all([
        h.api.resolveStep(resolve),
        h.api.resolveStep(resolve),
        h.api.dispatchExecution(dispatch),
        h.api.dispatchExecution(dispatch),
      ]);
      assert.equal(h.attempts.filter((p) => p === ENDPOINTS.resolveStep).length, 2);
      assert.equal(h.attempts.filter((p) => p === ENDPOINTS.dispatchExecution).length, 2);
    });

    it('reads are still shared', async () => {
      const h = harness();
      answer(h, ENDPOINTS.getExecution, [ok({ executionId: EXEC_ID, status: 'running', definitionId: 'd' })], 30);
      await Promise.all([h.api.getExecution(EXEC_ID), h.api.getExecution(EXEC_ID)]);
      assert.equal(h.attempts.length, 1);
    });
  });
});
