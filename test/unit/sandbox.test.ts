// The sandbox against its own contract: every success body must parse with the wire schemas the
// extension uses, and the behaviour must follow velt-api.md (auth, strict bodies, paging, faults).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import type * as z from 'zod';
import {
  ErrorEnvelopeSchema,
  EventsPageSchema,
  ExecutionListPageSchema,
  ExecutionViewSchema,
  KNOWN_EVENT_TYPES,
  type ExecutionEvent,
  type ExecutionView,
} from '../../src/api/schemas';
import { isExecutionId } from '../../src/api/executionId';
import {
  CONTROL_TOKEN_HEADER,
  SANDBOX_EXECUTIONS,
  startSandbox,
  type FaultRule,
  type Sandbox,
  type SandboxOptions,
} from '../../src/sandbox/server';
import { INTERNAL_EVENT_TYPES } from '../../src/sandbox/types';
import { HUGE_EXTERNAL_EVENTS, HUGE_TOTAL_SEQ } from '../../src/sandbox/huge';
import { HOSTILE } from '../../src/sandbox/hostile';
import { parseArgs } from '../../src/sandbox/args';

const GET = '/v2/workflow/executions/get';
const EVENTS = '/v2/workflow/executions/getEvents';
const LIST = '/v2/workflow/executions/list';
const AUTH = { 'x-velt-api-key': 'sandbox', 'x-velt-auth-token': 'sandbox' };
const ids = SANDBOX_EXECUTIONS;

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

async function raw(
  sb: Sandbox,
  path: string,
  body: string,
  headers: Record<string, string> = AUTH,
  method = 'POST',
): Promise<Reply> {
  const response = await fetch(sb.url + path, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(method === 'GET' || method === 'HEAD' ? {} : { body }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

function call(sb: Sandbox, path: string, data: object, headers?: Record<string, string>): Promise<Reply> {
  return raw(sb, path, JSON.stringify({ data }), headers);
}

/** Parses a success envelope's result with the extension's schema (fails the test otherwise). */
function result<S extends z.ZodType>(schema: S, reply: Reply): z.output<S> {
  assert.equal(reply.status, 200, `expected 200, got ${reply.status}: ${reply.text.slice(0, 300)}`);
  const envelope = reply.json as { result?: unknown };
  assert.ok(envelope && 'result' in envelope, 'success body has a result');
  const parsed = schema.safeParse(envelope.result);
  assert.ok(parsed.success, `schema rejected the result: ${parsed.success ? '' : parsed.error.message}`);
  return parsed.data;
}

function expectError(reply: Reply, httpStatus: number, status: string): { message: string; details?: unknown } {
  assert.equal(reply.status, httpStatus, reply.text.slice(0, 300));
  const parsed = ErrorEnvelopeSchema.safeParse(reply.json);
  assert.ok(parsed.success, `not an error envelope: ${reply.text.slice(0, 200)}`);
  assert.equal(parsed.data.error.status, status);
  return parsed.data.error;
}

async function getExecution(sb: Sandbox, executionId: string): Promise<ExecutionView> {
  return result(ExecutionViewSchema, await call(sb, GET, { executionId }));
}

async function events(
  sb: Sandbox,
  executionId: string,
  sinceSeq?: number,
  pageSize?: number,
): Promise<z.output<typeof EventsPageSchema>> {
  return result(
    EventsPageSchema,
    await call(sb, EVENTS, {
      executionId,
      ...(sinceSeq === undefined ? {} : { sinceSeq }),
      ...(pageSize === undefined ? {} : { pageSize }),
    }),
  );
}

/** Pages to the live edge, checking seq order and the cursor contract on the way (bounded, so a bug fails, not hangs). */
async function drain(
  sb: Sandbox,
  executionId: string,
  sinceSeq = 0,
  pageSize = 500,
): Promise<{ events: ExecutionEvent[]; cursor: number }> {
  const all: ExecutionEvent[] = [];
  let cursor = sinceSeq;
  for (let pages = 0; ; pages++) {
    assert.ok(pages < 1000, `still hasMore after ${pages} pages`);
    const page = await events(sb, executionId, cursor, pageSize);
    for (const e of page.events) {
      assert.ok(e.seq > cursor, `seq ${e.seq} not after cursor ${cursor}`);
      assert.ok(page.nextCursor !== null && e.seq <= page.nextCursor);
      if (all.length > 0) assert.ok(e.seq > all[all.length - 1]!.seq, 'seq strictly increasing');
      all.push(e);
    }
    assert.ok(page.nextCursor !== null && page.nextCursor >= cursor);
    cursor = page.nextCursor;
    if (!page.hasMore) return { events: all, cursor };
  }
}

async function withSandbox(options: SandboxOptions, body: (sb: Sandbox) => Promise<void>): Promise<void> {
  const sb = await startSandbox(options);
  try {
    await body(sb);
  } finally {
    await sb.close();
  }
}

describe('sandbox', function () {
  this.timeout(20_000);
  let sb: Sandbox;
  before(async () => {
    sb = await startSandbox({ port: 0 });
  });
  after(async () => {
    await sb.close();
  });
  afterEach(() => {
    sb.clearFaults();
    sb.setCredentials('sandbox', 'sandbox');
  });

  describe('startup and seeded ids', () => {
    it('listens on loopback with a free port and refuses other hosts', async () => {
      assert.match(sb.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.ok(sb.port > 0);
      await assert.rejects(startSandbox({ host: '0.0.0.0' }), /loopback/);
      await assert.rejects(startSandbox({ host: '192.168.1.10' }), /loopback/);
    });

    it('uses well-formed, fixed execution ids', () => {
      for (const [role, id] of Object.entries(ids)) assert.ok(isExecutionId(id), `${role}: ${id}`);
      assert.equal(ids['completedParallel'], 'exec_1793516400117_lwofay3k');
      assert.match(ids['completedParallel']!, /^exec_\d{13}_[a-z0-9]{8}$/);
    });

    it('serves identical data from two instances (deterministic seeds)', async () => {
      await withSandbox({}, async (other) => {
        for (const role of ['completedParallel', 'hostile', 'failed']) {
          const a = await call(sb, GET, { executionId: ids[role]! });
          const b = await call(other, GET, { executionId: ids[role]! });
          assert.equal(a.text, b.text);
        }
        const listA = await call(sb, LIST, { status: 'completed', pageSize: 500 });
        const listB = await call(other, LIST, { status: 'completed', pageSize: 500 });
        assert.equal(listA.text, listB.text);
      });
    });
  });

  describe('auth', () => {
    it('missing auth token → INVALID_ARGUMENT "Auth token is required"', async () => {
      const error = expectError(
        await call(sb, GET, { executionId: ids['failed']! }, { 'x-velt-api-key': 'sandbox' }),
        400,
        'INVALID_ARGUMENT',
      );
      assert.equal(error.message, 'Auth token is required');
    });

    it('missing or unknown API key, or a wrong token → PERMISSION_DENIED', async () => {
      expectError(
        await call(sb, GET, { executionId: ids['failed']! }, { 'x-velt-auth-token': 'sandbox' }),
        403,
        'PERMISSION_DENIED',
      );
      expectError(
        await call(sb, GET, { executionId: ids['failed']! }, { ...AUTH, 'x-velt-api-key': 'nope' }),
        403,
        'PERMISSION_DENIED',
      );
      expectError(
        await call(sb, GET, { executionId: ids['failed']! }, { ...AUTH, 'x-velt-auth-token': 'nope' }),
        403,
        'PERMISSION_DENIED',
      );
    });

    it('custom credentials, and credentials revoked mid-session', async () => {
      await withSandbox({ apiKey: 'ak_live_1', authToken: 'at_1' }, async (custom) => {
        const creds = { 'x-velt-api-key': 'ak_live_1', 'x-velt-auth-token': 'at_1' };
        result(ExecutionViewSchema, await call(custom, GET, { executionId: ids['failed']! }, creds));
        expectError(await call(custom, GET, { executionId: ids['failed']! }), 403, 'PERMISSION_DENIED');
        custom.setCredentials('ak_live_1', 'at_2');
        expectError(await call(custom, GET, { executionId: ids['failed']! }, creds), 403, 'PERMISSION_DENIED');
        result(
          ExecutionViewSchema,
          await call(custom, GET, { executionId: ids['failed']! }, { ...creds, 'x-velt-auth-token': 'at_2' }),
        );
      });
    });
  });

  describe('envelope and strict bodies', () => {
    it('rejects unknown keys at the top level and inside data, with Zod-style issues', async () => {
      const top = expectError(
        await raw(sb, GET, JSON.stringify({ data: { executionId: ids['failed'] }, extra: 1 })),
        400,
        'INVALID_ARGUMENT',
      );
      assert.deepEqual(top.details, {
        issues: [{ code: 'unrecognized_keys', path: [], message: "Unrecognized key(s) in object: 'extra'" }],
      });
      const inner = expectError(
        await call(sb, EVENTS, { executionId: ids['failed']!, organizationId: 'org' }),
        400,
        'INVALID_ARGUMENT',
      );
      assert.deepEqual(inner.details, {
        issues: [
          { code: 'unrecognized_keys', path: ['data'], message: "Unrecognized key(s) in object: 'organizationId'" },
        ],
      });
    });

    it('rejects invalid JSON, a missing data, a missing executionId and a wrong type', async () => {
      expectError(await raw(sb, GET, '{"data": {'), 400, 'INVALID_ARGUMENT');
      const noData = expectError(await raw(sb, GET, '{}'), 400, 'INVALID_ARGUMENT');
      assert.equal(noData.message, 'Required');
      const noId = expectError(await call(sb, GET, {}), 400, 'INVALID_ARGUMENT');
      assert.deepEqual(noId.details, {
        issues: [{ code: 'invalid_type', path: ['data', 'executionId'], message: 'Required' }],
      });
      const wrongType = expectError(await call(sb, GET, { executionId: 42 }), 400, 'INVALID_ARGUMENT');
      assert.match(JSON.stringify(wrongType.details), /Expected string, received number/);
      expectError(await raw(sb, GET, '[]'), 400, 'INVALID_ARGUMENT');
    });

    it('requires a JSON content type', async () => {
      expectError(
        await raw(sb, GET, JSON.stringify({ data: { executionId: ids['failed'] } }), {
          ...AUTH,
          'content-type': 'text/plain',
        }),
        400,
        'INVALID_ARGUMENT',
      );
    });

    it('unknown routes → 404 NOT_FOUND, other methods → 405, oversized bodies → 413', async () => {
      expectError(await call(sb, '/v2/workflow/executions/retry', { executionId: 'x' }), 404, 'NOT_FOUND');
      expectError(await call(sb, '/v2/workflow/nope', {}), 404, 'NOT_FOUND');
      const get = await raw(sb, GET, '', AUTH, 'GET');
      expectError(get, 405, 'INVALID_ARGUMENT');
      assert.equal(get.headers.get('allow'), 'POST');
      expectError(await raw(sb, GET, 'x'.repeat(1024 * 1024 + 10)), 413, 'INVALID_ARGUMENT');
    });

    it('keeps connections alive', async () => {
      const reply = await call(sb, GET, { executionId: ids['failed']! });
      assert.equal(reply.headers.get('connection'), 'keep-alive');
    });
  });

  describe('executions/get', () => {
    it('returns the completed parallel-review run with every documented detail', async () => {
      const view = await getExecution(sb, ids['completedParallel']!);
      assert.equal(view.status, 'completed');
      assert.equal(view.executionId, ids['completedParallel']);
      assert.ok(view.completedAt !== null && view.startedAt !== null && view.completedAt > view.startedAt);
      const members = view.steps.filter((s) => s.groupId === 'parallel-review');
      assert.equal(members.length, 3);
      assert.deepEqual(members.map((s) => s.status).sort(), ['cancelled', 'completed', 'completed']);
      const successor = view.steps.find((s) => s.stepId === 'group_parallel-review__to__agent-publish');
      assert.ok(successor, 'group successor step present');
      assert.equal(successor.groupId, null);
      assert.ok(typeof successor.output['generatedAt'] === 'number');
      assert.deepEqual(
        new Set(view.steps.map((s) => s.nodeType)),
        new Set(['agent', 'human', 'notification', 'webhook']),
      );
      for (const step of view.steps)
        assert.match(step.stepId, /^(step_[a-z-]+_\d{13}_[a-z]{6}|group_[a-z-]+__to__[a-z-]+)(__to__[a-z-]+)*$/);
    });

    it('sends explicit nulls for absent optional fields', async () => {
      const reply = await call(sb, GET, { executionId: ids['completedParallel']! });
      const body = reply.json as { result: Record<string, unknown> & { steps: Record<string, unknown>[] } };
      assert.equal(body.result['cancelledAt'], null);
      assert.equal(body.result['failureReason'], null);
      assert.ok(body.result.steps.every((s) => 'error' in s && 'groupId' in s && 'completedAt' in s));
    });

    it('failed and cancelled runs carry failureReason / cancelledAt and their events', async () => {
      const failed = await getExecution(sb, ids['failed']!);
      assert.equal(failed.status, 'failed');
      assert.ok(
        failed.failureReason && failed.failureReason.code.length > 0 && failed.failureReason.message.length > 0,
      );
      assert.ok(failed.steps.some((s) => s.status === 'failed' && s.error !== null));
      const failedEvents = (await drain(sb, ids['failed']!)).events.map((e) => e.type);
      assert.ok(failedEvents.includes('step.failed'));
      assert.equal(failedEvents[failedEvents.length - 1], 'execution.failed');

      const cancelled = await getExecution(sb, ids['cancelled']!);
      assert.equal(cancelled.status, 'cancelled');
      assert.ok(typeof cancelled.cancelledAt === 'number');
      const last = (await drain(sb, ids['cancelled']!)).events.at(-1)!;
      assert.equal(last.type, 'execution.cancelled');
      assert.ok(typeof (last.data as { reason?: unknown }).reason === 'string');
    });

    it('unknown executions → NOT_FOUND (including the notFound and agent-lookalike roles)', async () => {
      for (const id of [ids['notFound']!, ids['agentLookalike']!, 'exec_1700000000000_zzzzzzzz']) {
        expectError(await call(sb, GET, { executionId: id }), 404, 'NOT_FOUND');
        expectError(await call(sb, EVENTS, { executionId: id }), 404, 'NOT_FOUND');
      }
    });
  });

  describe('executions/getEvents', () => {
    it('validates pageSize 1–500 and sinceSeq ≥ 0 as integers', async () => {
      for (const pageSize of [0, 501, 1.5, '10', null]) {
        expectError(await call(sb, EVENTS, { executionId: ids['huge']!, pageSize }), 400, 'INVALID_ARGUMENT');
      }
      for (const sinceSeq of [-1, 0.5, '3']) {
        expectError(await call(sb, EVENTS, { executionId: ids['huge']!, sinceSeq }), 400, 'INVALID_ARGUMENT');
      }
      assert.equal((await events(sb, ids['huge']!, 0, 1)).nextCursor, 1);
      assert.equal((await events(sb, ids['huge']!, 0, 500)).nextCursor, 500);
    });

    it('defaults to sinceSeq 0 and pageSize 100, counting scanned seq numbers', async () => {
      const page = await events(sb, ids['huge']!);
      assert.equal(page.nextCursor, 100);
      assert.equal(page.hasMore, true);
      assert.equal(page.events[0]!.seq, 1);
      assert.equal(page.events[0]!.type, 'execution.dispatched');
      assert.ok(page.events.length < 100 && page.events.length > 0, 'internal events take seq numbers');
      assert.equal(page.executionId, ids['huge']);
    });

    it('treats sinceSeq as exclusive', async () => {
      const { events: all } = await drain(sb, ids['completedParallel']!);
      const pick = all[4]!;
      const after = await events(sb, ids['completedParallel']!, pick.seq);
      assert.ok(after.events.every((e) => e.seq > pick.seq));
      assert.equal(after.events[0]!.seq, all[5]!.seq);
      const from = await events(sb, ids['completedParallel']!, pick.seq - 1);
      assert.equal(from.events[0]!.seq, pick.seq);
      const beyond = await events(sb, ids['completedParallel']!, 1_000_000);
      assert.deepEqual([beyond.events.length, beyond.nextCursor, beyond.hasMore], [0, 1_000_000, false]);
    });

    it('never returns internal event types; every event has eventId, correlationId and an ms timestamp', async () => {
      for (const role of ['completedParallel', 'failed', 'cancelled', 'internalFirst']) {
        const { events: list } = await drain(sb, ids[role]!);
        assert.ok(list.length >= 3);
        for (const e of list) {
          assert.ok(!INTERNAL_EVENT_TYPES.has(e.type), `${role} leaked ${e.type}`);
          assert.ok((KNOWN_EVENT_TYPES as readonly string[]).includes(e.type), `${role}: unexpected ${e.type}`);
          assert.match(e.eventId, /^evt_/);
          assert.ok(e.correlationId && e.correlationId.length > 0);
          assert.ok(e.timestamp > 1_700_000_000_000 && e.timestamp < 2_000_000_000_000);
          assert.equal(e.stepId === null, e.type.startsWith('execution.') || e.type === 'group.quorum-met');
        }
      }
    });

    it('the completed run has the quorum, the sibling cancellation and the terminal event', async () => {
      const { events: list } = await drain(sb, ids['completedParallel']!);
      const quorum = list.find((e) => e.type === 'group.quorum-met');
      assert.deepEqual(quorum?.data, {
        groupId: 'parallel-review',
        total: 3,
        quorum: 2,
        completedTotal: 2,
        expectedSteps: 3,
      });
      const cancelled = list.find((e) => e.type === 'step.cancelled');
      assert.deepEqual(cancelled?.data, { actorId: 'system:group-quorum', reason: 'group-quorum-met' });
      assert.ok(list.some((e) => e.type === 'step.awaiting-approval'));
      assert.equal(list.at(-1)!.type, 'execution.completed');
      assert.equal(list.at(-1)!.data, null);
    });

    // How fast it pages is a figure of `npm run bench` (paging), not a timed test.
    it('pages the huge execution to the end: 100k+ events, no duplicates, increasing seq', async () => {
      const { events: list, cursor } = await drain(sb, ids['huge']!, 0, 500);
      assert.equal(list.length, HUGE_EXTERNAL_EVENTS);
      assert.ok(list.length >= 100_000);
      assert.equal(cursor, HUGE_TOTAL_SEQ);
      assert.equal(new Set(list.map((e) => e.seq)).size, list.length);
      assert.equal(new Set(list.map((e) => e.eventId)).size, list.length);
      assert.equal(list.at(-1)!.type, 'execution.completed');
      const deep = await events(sb, ids['huge']!, 150_000, 500);
      assert.ok(
        deep.events.length > 0 && deep.events.every((e) => e.seq > 150_000),
        'a page deep in the stream starts where it was asked to',
      );
      assert.equal((await getExecution(sb, ids['huge']!)).status, 'completed');
    });

    it('internalFirst: the first pages are empty with hasMore true, then real events', async () => {
      let cursor = 0;
      for (let page = 0; page < 30; page++) {
        const p = await events(sb, ids['internalFirst']!, cursor, 100);
        assert.deepEqual(p.events, [], `page ${page} should be empty`);
        assert.equal(p.hasMore, true);
        assert.equal(p.nextCursor, cursor + 100);
        cursor = p.nextCursor!;
      }
      const next = await events(sb, ids['internalFirst']!, cursor, 100);
      assert.equal(next.events[0]?.type, 'execution.dispatched');
      assert.equal(next.events[0]?.seq, 3001);
    });
  });

  describe('running executions progress with the clock', () => {
    const MINUTE = 60_000;

    it('runningLoop: waits for approval, loops on rejection, then completes', async () => {
      let clock = 1_800_000_000_000;
      await withSandbox({ now: () => clock }, async (live) => {
        const id = ids['runningLoop']!;
        const first = await events(live, id);
        assert.equal(first.hasMore, false, 'future events are not visible yet');
        assert.deepEqual(
          first.events.map((e) => e.type),
          ['execution.dispatched'],
        );
        assert.equal(first.nextCursor, 1, 'nextCursor is the last visible seq');
        const idle = await events(live, id, 1);
        assert.deepEqual(
          [idle.events, idle.nextCursor, idle.hasMore],
          [[], 1, false],
          'nothing new until the clock moves',
        );
        const initial = await getExecution(live, id);
        assert.ok(['pending', 'running'].includes(initial.status));
        assert.equal(initial.startedAt, clock);

        const seen: ExecutionEvent[] = [];
        let cursor = 0;
        let sawWaitingStep = false;
        for (let t = 0; t <= 3 * MINUTE; t += 5000) {
          clock = 1_800_000_000_000 + t;
          const batch = await drain(live, id, cursor, 7);
          seen.push(...batch.events);
          cursor = batch.cursor;
          const view = await getExecution(live, id);
          if (view.steps.some((s) => s.nodeType === 'human' && s.status === 'waiting')) sawWaitingStep = true;
          for (const e of batch.events) assert.ok(e.timestamp <= clock, 'no event from the future');
        }
        assert.ok(sawWaitingStep, 'a human step was seen waiting');
        const types = seen.map((e) => e.type);
        assert.equal(new Set(seen.map((e) => e.seq)).size, seen.length, 'no duplicate seq across polls');
        const awaiting = seen.find((e) => e.type === 'step.awaiting-approval' && e.stepId?.endsWith('human-manager'));
        assert.deepEqual((awaiting?.data as { waitingForReviewers?: unknown }).waitingForReviewers, ['u_manager_ana']);
        assert.equal((awaiting?.data as { mandatoryCount?: unknown }).mandatoryCount, 1);
        assert.ok(types.includes('loop.iteration-started'));
        assert.deepEqual(seen.find((e) => e.type === 'step.cancelled')?.data, {
          actorId: 'system:loop-restart',
          reason: 'loop-restart',
        });
        assert.equal(types.at(-1), 'execution.completed');
        const done = await getExecution(live, id);
        assert.equal(done.status, 'completed');
        assert.ok(done.completedAt !== null);
        assert.ok(done.steps.some((s) => s.status === 'cancelled'));
      });
    });

    it('runningSla: breaches its SLA and ends failed with a failureReason', async () => {
      let clock = 1_800_000_000_000;
      await withSandbox({ now: () => clock }, async (live) => {
        const id = ids['runningSla']!;
        clock += 30_000;
        assert.equal((await getExecution(live, id)).status, 'running');
        clock += 3 * MINUTE;
        const { events: list } = await drain(live, id);
        const types = list.map((e) => e.type);
        assert.ok(types.includes('step.breached'));
        assert.ok(types.includes('step.failed'));
        assert.equal(types.at(-1), 'execution.failed');
        const view = await getExecution(live, id);
        assert.equal(view.status, 'failed');
        assert.ok(view.failureReason !== null);
        assert.ok(view.steps.some((s) => s.status === 'breached'));
      });
    });

    it('runningLongWait: still waiting after 10 minutes, completed after 31; timeScale speeds it up', async () => {
      let clock = 1_800_000_000_000;
      await withSandbox({ now: () => clock }, async (live) => {
        const id = ids['runningLongWait']!;
        clock += 10 * MINUTE;
        const waiting = await getExecution(live, id);
        assert.equal(waiting.status, 'running');
        assert.ok(waiting.steps.some((s) => s.nodeType === 'human' && s.status === 'waiting'));
        clock += 21 * MINUTE;
        assert.equal((await getExecution(live, id)).status, 'completed');
      });
      clock = 1_800_000_000_000;
      await withSandbox({ now: () => clock, timeScale: 60 }, async (fast) => {
        clock += 31_000;
        assert.equal((await getExecution(fast, ids['runningLongWait']!)).status, 'completed');
        assert.equal((await getExecution(fast, ids['runningLoop']!)).status, 'completed');
      });
    });
  });

  describe('executions/list', () => {
    it('pages newest first with the startedAt cursor until a short page', async () => {
      const seen: ExecutionView[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const reply = await call(sb, LIST, { pageSize: 25, ...(cursor ? { cursor } : {}) });
        const raw = (reply.json as { result: Record<string, unknown> }).result;
        assert.ok(!('hasMore' in raw), 'no hasMore field');
        const page = result(ExecutionListPageSchema, reply);
        for (const item of page.items) assert.deepEqual(item.steps, []);
        if (page.nextCursor !== null) {
          assert.equal(page.items.length, 25);
          assert.equal(page.nextCursor, String(page.items.at(-1)!.startedAt));
        }
        seen.push(...page.items);
        cursor = page.nextCursor;
        pages++;
      } while (cursor !== null && pages < 50);
      assert.ok(pages >= 5, `only ${pages} pages`);
      assert.ok(seen.length >= 130, `only ${seen.length} executions`);
      assert.equal(new Set(seen.map((e) => e.executionId)).size, seen.length, 'no duplicates');
      for (let i = 1; i < seen.length; i++) assert.ok(seen[i - 1]!.startedAt! > seen[i]!.startedAt!, 'newest first');
      for (const status of ['pending', 'running', 'completed', 'failed', 'cancelled']) {
        assert.ok(
          seen.some((e) => e.status === status),
          `some ${status}`,
        );
      }
      const all = result(ExecutionListPageSchema, await call(sb, LIST, {}));
      assert.equal(all.items.length, 50, 'default pageSize 50');
    });

    it('filters by definitionId and status', async () => {
      const byDefinition = result(
        ExecutionListPageSchema,
        await call(sb, LIST, { definitionId: 'doc-signoff', pageSize: 500 }),
      );
      assert.ok(byDefinition.items.length >= 20);
      assert.ok(byDefinition.items.every((e) => e.definitionId === 'doc-signoff'));
      assert.equal(byDefinition.nextCursor, null);
      const failed = result(ExecutionListPageSchema, await call(sb, LIST, { status: 'failed', pageSize: 500 }));
      assert.ok(failed.items.length >= 10 && failed.items.every((e) => e.status === 'failed'));
      const both = result(
        ExecutionListPageSchema,
        await call(sb, LIST, { status: 'cancelled', definitionId: 'vendor-onboarding', pageSize: 500 }),
      );
      assert.ok(
        both.items.length > 0 &&
          both.items.every((e) => e.status === 'cancelled' && e.definitionId === 'vendor-onboarding'),
      );
      const none = result(ExecutionListPageSchema, await call(sb, LIST, { definitionId: 'no-such-definition' }));
      assert.deepEqual([none.items, none.nextCursor], [[], null]);
    });

    it('rejects a bad status, pageSize or cursor', async () => {
      expectError(await call(sb, LIST, { status: 'done' }), 400, 'INVALID_ARGUMENT');
      expectError(await call(sb, LIST, { pageSize: 501 }), 400, 'INVALID_ARGUMENT');
      expectError(await call(sb, LIST, { pageSize: 0 }), 400, 'INVALID_ARGUMENT');
      expectError(await call(sb, LIST, { cursor: 'eyJvZmZzZXQiOjEwMH0=' }), 400, 'INVALID_ARGUMENT');
      expectError(await call(sb, LIST, { cursor: 123 }), 400, 'INVALID_ARGUMENT');
    });
  });

  describe('faults', () => {
    const body = (): object => ({ executionId: ids['completedParallel']! });

    it('429 with Retry-After (default 2 s, configurable), for the next N requests only', async () => {
      sb.addFault({ mode: '429', count: 2 });
      for (let i = 0; i < 2; i++) {
        const reply = await call(sb, GET, body());
        expectError(reply, 429, 'RESOURCE_EXHAUSTED');
        assert.equal(reply.headers.get('retry-after'), '2');
      }
      result(ExecutionViewSchema, await call(sb, GET, body()));
      sb.addFault({ mode: '429', count: 1, retryAfterSeconds: 7 });
      assert.equal((await call(sb, GET, body())).headers.get('retry-after'), '7');
    });

    it('429-no-retry-after, 500, 503, 504', async () => {
      const cases: [FaultRule['mode'], number, string][] = [
        ['429-no-retry-after', 429, 'RESOURCE_EXHAUSTED'],
        ['500', 500, 'INTERNAL'],
        ['503', 503, 'UNAVAILABLE'],
        ['504', 504, 'DEADLINE_EXCEEDED'],
      ];
      for (const [mode, http, status] of cases) {
        sb.addFault({ mode, count: 1 });
        const reply = await call(sb, EVENTS, body());
        expectError(reply, http, status);
        assert.equal(reply.headers.get('retry-after'), null);
      }
    });

    it('slow delays the real answer', async () => {
      sb.addFault({ mode: 'slow', count: 1, delayMs: 300 });
      const started = Date.now();
      result(ExecutionViewSchema, await call(sb, GET, body()));
      assert.ok(Date.now() - started >= 280);
    });

    it('drop destroys the socket without a response', async () => {
      sb.addFault({ mode: 'drop', count: 1 });
      await assert.rejects(call(sb, GET, body()));
      result(ExecutionViewSchema, await call(sb, GET, body()));
    });

    it('malformed, truncated, wrong-shape and html bodies', async () => {
      const full = await call(sb, GET, body());
      sb.addFault({ mode: 'malformed', count: 1 });
      const malformed = await call(sb, GET, body());
      assert.equal(malformed.status, 200);
      assert.throws(() => JSON.parse(malformed.text));

      sb.addFault({ mode: 'truncated', count: 1 });
      const truncated = await call(sb, GET, body());
      assert.equal(truncated.status, 200);
      assert.equal(truncated.text, full.text.slice(0, truncated.text.length));
      assert.ok(Math.abs(truncated.text.length - full.text.length / 2) <= 1);
      assert.throws(() => JSON.parse(truncated.text));

      for (const [path, schema] of [
        [GET, ExecutionViewSchema],
        [EVENTS, EventsPageSchema],
        [LIST, ExecutionListPageSchema],
      ] as const) {
        sb.addFault({ mode: 'wrong-shape', count: 1 });
        const wrong = await call(sb, path, path === LIST ? {} : body());
        assert.equal(wrong.status, 200);
        assert.equal(
          schema.safeParse((wrong.json as { result: unknown }).result).success,
          false,
          `${path} wrong shape must not parse`,
        );
      }

      sb.addFault({ mode: 'html', count: 1 });
      const html = await call(sb, GET, body());
      assert.equal(html.status, 502);
      assert.match(html.headers.get('content-type') ?? '', /text\/html/);
      assert.match(html.text, /<html>/);
    });

    it('matches rules by path and executionId; clearFaults removes them', async () => {
      sb.addFault({ mode: '503', path: 'executions/list' });
      sb.addFault({ mode: '500', executionId: ids['failed']! });
      result(ExecutionViewSchema, await call(sb, GET, body()));
      expectError(await call(sb, LIST, {}), 503, 'UNAVAILABLE');
      expectError(await call(sb, GET, { executionId: ids['failed']! }), 500, 'INTERNAL');
      expectError(await call(sb, GET, { executionId: ids['failed']! }), 500, 'INTERNAL');
      sb.clearFaults();
      result(ExecutionListPageSchema, await call(sb, LIST, {}));
      result(ExecutionViewSchema, await call(sb, GET, { executionId: ids['failed']! }));
    });

    it('seeded per-execution faults: rateLimited always 429 (Retry-After 30), flaky alternates 503/200', async () => {
      const limited = await call(sb, GET, { executionId: ids['rateLimited']! });
      expectError(limited, 429, 'RESOURCE_EXHAUSTED');
      assert.equal(limited.headers.get('retry-after'), '30');
      expectError(await call(sb, EVENTS, { executionId: ids['rateLimited']! }), 429, 'RESOURCE_EXHAUSTED');
      sb.clearFaults();
      expectError(await call(sb, GET, { executionId: ids['rateLimited']! }), 429, 'RESOURCE_EXHAUSTED');
      expectError(await call(sb, GET, { executionId: ids['flaky']! }), 503, 'UNAVAILABLE');
      result(ExecutionViewSchema, await call(sb, GET, { executionId: ids['flaky']! }));
      expectError(await call(sb, GET, { executionId: ids['flaky']! }), 503, 'UNAVAILABLE');
      result(ExecutionViewSchema, await call(sb, GET, { executionId: ids['flaky']! }));
    });

    it('takes initial faults from the options, and counts faults in stats', async () => {
      await withSandbox({ faults: [{ mode: '504', count: 1 }] }, async (faulty) => {
        expectError(await call(faulty, GET, body()), 504, 'DEADLINE_EXCEEDED');
        result(ExecutionViewSchema, await call(faulty, GET, body()));
        faulty.addFault({ mode: 'drop', count: 1 });
        await assert.rejects(call(faulty, GET, body()));
        const stats = faulty.stats;
        assert.equal(stats.total, 3);
        assert.deepEqual(stats.byFault, { '504': 1, drop: 1 });
        assert.equal(stats.byPath[GET], 3);
        assert.equal(stats.byExecutionId[ids['completedParallel']!], 3);
        assert.deepEqual(stats.byStatus, { '504': 1, '200': 1, dropped: 1 });
      });
    });
  });

  describe('control API', () => {
    async function control(
      method: string,
      path: string,
      payload?: unknown,
    ): Promise<{ status: number; json: unknown }> {
      const response = await fetch(`${sb.url}/__sandbox/${path}`, {
        method,
        headers: { 'content-type': 'application/json', [CONTROL_TOKEN_HEADER]: sb.controlToken },
        ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
      });
      return { status: response.status, json: await response.json() };
    }

    it('reads and resets stats without counting itself', async () => {
      assert.equal((await control('POST', 'reset-stats')).status, 200);
      await call(sb, GET, { executionId: ids['failed']! });
      await call(sb, EVENTS, { executionId: ids['failed']! });
      await call(sb, LIST, {});
      await call(sb, GET, {}, {});
      const stats = (await control('GET', 'stats')).json as {
        total: number;
        byPath: Record<string, number>;
        byExecutionId: Record<string, number>;
      };
      assert.equal(stats.total, 4);
      assert.deepEqual(stats.byPath, { [GET]: 2, [EVENTS]: 1, [LIST]: 1 });
      assert.deepEqual(stats.byExecutionId, { [ids['failed']!]: 2 });
      assert.deepEqual(sb.stats.byPath, stats.byPath);
      await control('POST', 'reset-stats');
      assert.equal(sb.stats.total, 0);
      sb.resetStats();
    });

    it('adds, lists and clears faults, and refuses invalid rules', async () => {
      assert.equal((await control('POST', 'faults', { mode: '503', count: 1, path: 'executions/get' })).status, 200);
      assert.deepEqual(((await control('GET', 'faults')).json as { faults: unknown[] }).faults, [
        { mode: '503', count: 1, path: 'executions/get' },
      ]);
      expectError(await call(sb, GET, { executionId: ids['failed']! }), 503, 'UNAVAILABLE');
      assert.deepEqual(((await control('GET', 'faults')).json as { faults: unknown[] }).faults, []);
      await control('POST', 'faults', { mode: '500' });
      expectError(await call(sb, GET, { executionId: ids['failed']! }), 500, 'INTERNAL');
      assert.equal((await control('DELETE', 'faults')).status, 200);
      result(ExecutionViewSchema, await call(sb, GET, { executionId: ids['failed']! }));
      assert.equal((await control('POST', 'faults', { mode: 'explode' })).status, 400);
      assert.equal((await control('POST', 'faults', { mode: '500', count: 0 })).status, 400);
      assert.equal((await control('POST', 'faults', { mode: '500', extra: true })).status, 400);
      assert.equal((await control('GET', 'nope')).status, 404);
    });

    it('changes credentials and lists the seeded ids', async () => {
      assert.equal((await control('POST', 'credentials', { apiKey: 'k2', authToken: 't2' })).status, 200);
      expectError(await call(sb, GET, { executionId: ids['failed']! }), 403, 'PERMISSION_DENIED');
      result(
        ExecutionViewSchema,
        await call(sb, GET, { executionId: ids['failed']! }, { 'x-velt-api-key': 'k2', 'x-velt-auth-token': 't2' }),
      );
      assert.equal((await control('POST', 'credentials', { apiKey: 'k2' })).status, 400);
      assert.deepEqual((await control('GET', 'executions')).json, { ...ids });
    });
  });

  describe('hostile data', () => {
    it('is served verbatim and still parses with the wire schemas', async () => {
      const view = await getExecution(sb, ids['hostile']!);
      const nodeIds = view.steps.map((s) => s.nodeId);
      assert.ok(nodeIds.includes(HOSTILE.script));
      assert.ok(nodeIds.includes(HOSTILE.img));
      assert.ok(nodeIds.includes(HOSTILE.rtl));
      assert.ok(
        nodeIds.some((n) => n.length > 2000),
        'a very long id',
      );
      assert.ok(view.correlationId?.includes('\u202e') && view.correlationId.includes(HOSTILE.commandLink));
      assert.ok(view.definitionId.includes(HOSTILE.img));
      assert.ok(view.failureReason?.message.includes(HOSTILE.commandLink));
      const odd = view.steps.find((s) => s.nodeType === HOSTILE.unknownNodeType);
      assert.equal(odd?.status, HOSTILE.unknownStepStatus);
      const failedStep = view.steps.find((s) => s.status === 'failed');
      assert.ok(failedStep?.error?.message.includes(HOSTILE.control), 'control characters kept');
      const big = view.steps.find(
        (s) =>
          typeof s.output['responseText'] === 'string' && (s.output['responseText'] as string).length >= 200 * 1024,
      );
      assert.ok(big, 'a 200 KB payload');
      let depth = 0;
      let node: unknown = view.steps.find((s) => s.output['deep'] !== undefined)?.output['deep'];
      while (typeof node === 'object' && node !== null && 'child' in node) {
        node = (node as { child: unknown }).child;
        depth++;
      }
      assert.ok(depth >= 300, `nesting depth ${depth}`);

      const { events: list } = await drain(sb, ids['hostile']!);
      assert.ok(
        list.some((e) => e.type === HOSTILE.unknownEventType),
        'unknown event type delivered',
      );
      assert.ok(list.some((e) => JSON.stringify(e.data).includes(JSON.stringify(HOSTILE.control).slice(1, -1))));
      assert.ok(list.some((e) => e.stepId?.includes(HOSTILE.script)));
    });
  });

  describe('CLI', () => {
    const main = path.resolve(__dirname, '../../src/sandbox/main.ts');
    const run = (args: string[]): ChildProcess =>
      spawn(process.execPath, ['--require', 'tsx/cjs', main, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = (child: ChildProcess): Promise<number | null> =>
      new Promise((resolve) => child.once('exit', (code) => resolve(code)));

    it('prints the URL, credentials and seeded ids, serves, and exits 0 on SIGTERM', async () => {
      const child = run(['--port', '0', '--api-key', 'cli-key', '--auth-token', 'cli-token']);
      const code = exited(child);
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      const deadline = Date.now() + 10_000;
      while (!out.includes('Press Ctrl+C') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      assert.ok(url, `no URL in: ${out}`);
      assert.match(out, /cli-key/);
      assert.match(out, /cli-token/);
      for (const [role, id] of Object.entries(ids)) assert.match(out, new RegExp(`${role}\\s+${id}`));
      const reply = await fetch(`${url}/v2/workflow/executions/get`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-velt-api-key': 'cli-key', 'x-velt-auth-token': 'cli-token' },
        body: JSON.stringify({ data: { executionId: ids['failed'] } }),
      });
      assert.equal(reply.status, 200);
      child.kill('SIGTERM');
      assert.equal(await code, 0);
    });

    it('exits 2 with a message on stderr for a bad flag', async () => {
      const child = run(['--fault', 'explode']);
      let err = '';
      child.stderr!.on('data', (chunk: Buffer) => {
        err += chunk.toString();
      });
      assert.equal(await exited(child), 2);
      assert.match(err, /bad --fault "explode"/);
    });
  });

  describe('CLI flags', () => {
    it('parses flags and rejects bad ones', () => {
      const ok = parseArgs([
        '--port',
        '0',
        '--host=127.0.0.1',
        '--api-key',
        'k',
        '--auth-token',
        't',
        '--time-scale',
        '10',
        '--fault',
        '429:3',
        '--fault',
        'drop',
      ]);
      assert.ok(ok.ok);
      assert.deepEqual(ok.options, {
        port: 0,
        host: '127.0.0.1',
        apiKey: 'k',
        authToken: 't',
        timeScale: 10,
        help: false,
        seed: 1,
        traffic: true,
        faults: [{ mode: '429', count: 3 }, { mode: 'drop' }],
      });
      assert.equal(
        parseArgs(['--help']).ok && (parseArgs(['--help']) as { options: { help: boolean } }).options.help,
        true,
      );
      const deterministic = parseArgs(['--seed', '42', '--no-traffic', '--definitions', 'defs']);
      assert.ok(deterministic.ok);
      assert.deepEqual(
        [deterministic.options.seed, deterministic.options.traffic, deterministic.options.definitionsDir],
        [42, false, 'defs'],
      );
      for (const bad of [
        ['--port', 'x'],
        ['--port'],
        ['--fault', 'boom'],
        ['--fault', '429:0'],
        ['--time-scale', '-1'],
        ['--what'],
        ['--seed', '-3'],
        ['--definitions'],
      ]) {
        assert.equal(parseArgs(bad).ok, false, bad.join(' '));
      }
    });
  });
});
