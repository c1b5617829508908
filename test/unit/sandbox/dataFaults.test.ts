// The sandbox's data faults: accepted by --fault and the control API, they rewrite only the real answer of
// their endpoint (auth and validation still apply), as the trust suites expect.
import { strict as assert } from 'node:assert';
import {
  DATA_FAULT_MODES,
  MALFORMED_TIMESTAMP,
  SANDBOX_EXECUTIONS,
  parseFaultFlag,
  parseFaultRule,
  startSandbox,
  type Sandbox,
} from '../../../src/sandbox/server';

const EXEC = SANDBOX_EXECUTIONS['completedParallel']!;

async function post(
  sb: Sandbox,
  path: string,
  data: object,
  token = 'sandbox',
): Promise<{ status: number; body: { result?: Record<string, unknown>; error?: { status: string } } }> {
  const response = await fetch(`${sb.url}/v2/workflow/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-velt-api-key': 'sandbox', 'x-velt-auth-token': token },
    body: JSON.stringify({ data }),
  });
  return { status: response.status, body: (await response.json()) as { result?: Record<string, unknown> } };
}

describe('sandbox data faults', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await startSandbox({ port: 0 });
  });
  after(async () => {
    await sb.close();
  });
  afterEach(() => sb.clearFaults());

  it('are accepted by --fault and as control rules', () => {
    for (const mode of DATA_FAULT_MODES) {
      assert.deepEqual(parseFaultFlag(`${mode}:2`), { ok: true, rule: { mode, count: 2 } });
      assert.deepEqual(parseFaultRule({ mode, path: 'executions/list' }), {
        ok: true,
        rule: { mode, path: 'executions/list' },
      });
    }
  });

  it('endless-cursor: no events, hasMore, the cursor one past the request', async () => {
    sb.addFault({ mode: 'endless-cursor' });
    const { body } = await post(sb, 'executions/getEvents', { executionId: EXEC, sinceSeq: 41 });
    assert.deepEqual(body.result, { executionId: EXEC, events: [], nextCursor: 42, hasMore: true });
    const view = await post(sb, 'executions/get', { executionId: EXEC });
    assert.equal(view.body.result?.['executionId'], EXEC, 'other endpoints pass through');
  });

  it('malformed-event: the middle event of the real page gets timestamp "yesterday"', async () => {
    const real = (await post(sb, 'executions/getEvents', { executionId: EXEC, pageSize: 5 })).body.result!;
    sb.addFault({ mode: 'malformed-event', count: 1 });
    const faulty = (await post(sb, 'executions/getEvents', { executionId: EXEC, pageSize: 5 })).body.result!;
    const events = faulty['events'] as Record<string, unknown>[];
    const bad = events.filter((e) => e['timestamp'] === MALFORMED_TIMESTAMP);
    assert.equal(bad.length, 1);
    assert.equal(events.indexOf(bad[0]!), Math.floor((events.length - 1) / 2));
    assert.deepEqual(
      events.map((e) => e['seq']),
      (real['events'] as Record<string, unknown>[]).map((e) => e['seq']),
    );
  });

  it('malformed-list-item: one item with definitionId null; list-repeats: the first page under a new cursor', async () => {
    sb.addFault({ mode: 'malformed-list-item', count: 1 });
    const items = (await post(sb, 'executions/list', { pageSize: 5 })).body.result!['items'] as Record<
      string,
      unknown
    >[];
    assert.equal(items.filter((i) => i['definitionId'] === null).length, 1);
    sb.addFault({ mode: 'list-repeats' });
    const first = (await post(sb, 'executions/list', { pageSize: 3 })).body.result!;
    const again = (await post(sb, 'executions/list', { pageSize: 3, cursor: String(first['nextCursor']) })).body
      .result!;
    const ids = (page: Record<string, unknown>): unknown[] =>
      (page['items'] as Record<string, unknown>[]).map((i) => i['executionId']);
    assert.deepEqual(ids(again), ids(first), 'the same executions (running ones may have moved on)');
    assert.equal(again['nextCursor'], String(Number(first['nextCursor']) - 1));
  });

  it('keep auth and validation', async () => {
    sb.addFault({ mode: 'endless-cursor' });
    assert.equal((await post(sb, 'executions/getEvents', { executionId: EXEC }, 'wrong')).status, 403);
    assert.equal((await post(sb, 'executions/getEvents', { executionId: EXEC, pageSize: 0 })).status, 400);
  });
});
