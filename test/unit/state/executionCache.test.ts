// The cache shared by the tree, the hover and the panel: LRU eviction, TTLs by status, NOT_FOUND
// remembered briefly, per-environment keys, and one request per id in flight with per-caller abort.
import { strict as assert } from 'node:assert';
import { ApiError, type ExecutionView } from '../../../src/api';
import { ExecutionCache, type ExecutionChange } from '../../../src/state/executionCache';

const ID = 'exec_1777374504255_xzy43k9q';

function view(executionId: string, status = 'completed'): ExecutionView {
  return {
    executionId,
    status,
    startedAt: 1,
    completedAt: status === 'completed' ? 2 : null,
    cancelledAt: null,
    definitionId: 'doc-signoff',
    definitionVersion: 1,
    correlationId: null,
    idempotencyKey: null,
    failureReason: null,
    steps: [],
  };
}

interface Harness {
  cache: ExecutionCache;
  calls: string[];
  signals: AbortSignal[];
  changes: ExecutionChange[];
  clock: { now: number };
  env: { name: string };
  /** Resolves or rejects the pending fetches. */
  settle: (id: string, outcome: ExecutionView | Error) => void;
}

function harness(options: { maxEntries?: number; auto?: (id: string) => ExecutionView | Error } = {}): Harness {
  const clock = { now: 1_000_000 };
  const env = { name: 'Production' };
  const calls: string[] = [];
  const signals: AbortSignal[] = [];
  const changes: ExecutionChange[] = [];
  const pending = new Map<string, { resolve: (v: ExecutionView) => void; reject: (e: unknown) => void }[]>();
  const cache = new ExecutionCache(
    (id, signal) => {
      calls.push(id);
      signals.push(signal);
      if (options.auto) {
        const outcome = options.auto(id);
        return outcome instanceof Error ? Promise.reject(outcome) : Promise.resolve(outcome);
      }
      return new Promise<ExecutionView>((resolve, reject) => {
        signal.addEventListener('abort', () => reject(new ApiError('cancelled', 'aborted')));
        pending.set(id, [...(pending.get(id) ?? []), { resolve, reject }]);
      });
    },
    () => env.name,
    {
      maxEntries: options.maxEntries ?? 3,
      runningTtlMs: 3_000,
      terminalTtlMs: 600_000,
      notFoundTtlMs: 30_000,
      now: () => clock.now,
    },
    (change) => changes.push(change),
  );
  const settle = (id: string, outcome: ExecutionView | Error): void => {
    for (const p of pending.get(id) ?? []) {
      if (outcome instanceof Error) p.reject(outcome);
      else p.resolve(outcome);
    }
    pending.delete(id);
  };
  return { cache, calls, signals, changes, clock, env, settle };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('state/ExecutionCache', () => {
  it('shares one request among concurrent callers and caches the result', async () => {
    const h = harness();
    const all = Promise.all([h.cache.get(ID), h.cache.get(ID), h.cache.get(ID, { force: true })]);
    assert.equal(h.cache.pending, 1);
    h.settle(ID, view(ID));
    const results = await all;
    assert.equal(h.calls.length, 1);
    assert.ok(results.every((r) => r.executionId === ID));
    await h.cache.get(ID);
    assert.equal(h.calls.length, 1, 'a fresh entry answers without a request');
    assert.equal(h.changes.length, 1);
  });

  it('100 lookups of the same id cost one request', async () => {
    const h = harness({ auto: (id) => view(id) });
    for (let i = 0; i < 100; i++) await h.cache.get(ID);
    assert.equal(h.calls.length, 1);
  });

  it('keeps terminal executions for the long TTL and running ones briefly', async () => {
    const h = harness({ auto: (id) => view(id, id.endsWith('run0') ? 'running' : 'completed') });
    const running = 'exec_1777374504255_aaaarun0';
    await h.cache.get(ID);
    await h.cache.get(running);
    h.clock.now += 2_999;
    await h.cache.get(ID);
    await h.cache.get(running);
    assert.equal(h.calls.length, 2);
    h.clock.now += 2;
    assert.equal(h.cache.isFresh(running), false);
    assert.equal(h.cache.isFresh(ID), true);
    await h.cache.get(running);
    assert.equal(h.calls.length, 3);
    h.clock.now += 600_000;
    await h.cache.get(ID);
    assert.equal(h.calls.length, 4);
    assert.ok(h.cache.peek(ID), 'peek returns stale copies');
  });

  it('evicts the least recently used entry; a hit makes an entry young again', async () => {
    const h = harness({ maxEntries: 3, auto: (id) => view(id) });
    const ids = ['a', 'b', 'c', 'd'].map((s) => `exec_1777374504255_${s.repeat(8)}`);
    await h.cache.get(ids[0]!);
    await h.cache.get(ids[1]!);
    await h.cache.get(ids[2]!);
    await h.cache.get(ids[0]!); // touch a
    await h.cache.get(ids[3]!); // evicts b
    assert.equal(h.cache.size, 3);
    assert.ok(h.cache.peek(ids[0]!));
    assert.equal(h.cache.peek(ids[1]!), undefined);
    assert.ok(h.cache.peek(ids[3]!));
  });

  it('remembers NOT_FOUND briefly (agent-run ids share the prefix) and force skips it', async () => {
    const h = harness({ auto: () => new ApiError('notFound', 'no such execution') });
    for (let i = 0; i < 5; i++) await assert.rejects(h.cache.get(ID), (e: ApiError) => e.kind === 'notFound');
    assert.equal(h.calls.length, 1);
    await assert.rejects(h.cache.get(ID, { force: true }));
    assert.equal(h.calls.length, 2);
    h.clock.now += 30_001;
    await assert.rejects(h.cache.get(ID));
    assert.equal(h.calls.length, 3);
  });

  it('does not remember other failures', async () => {
    const h = harness({ auto: () => new ApiError('network', 'offline') });
    await assert.rejects(h.cache.get(ID));
    await assert.rejects(h.cache.get(ID));
    assert.equal(h.calls.length, 2);
  });

  it('a caller that aborts stops waiting; the request continues for the others', async () => {
    const h = harness();
    const controller = new AbortController();
    const first = h.cache.get(ID, { signal: controller.signal });
    const second = h.cache.get(ID);
    controller.abort();
    await assert.rejects(first, (e: ApiError) => e.kind === 'cancelled');
    assert.equal(h.signals[0]!.aborted, false);
    h.settle(ID, view(ID));
    assert.equal((await second).executionId, ID);
    assert.equal(h.calls.length, 1);
  });

  it('the request is aborted when its last waiter aborts, and the next lookup starts afresh', async () => {
    const h = harness();
    const a = new AbortController();
    const b = new AbortController();
    const first = h.cache.get(ID, { signal: a.signal });
    const second = h.cache.get(ID, { signal: b.signal });
    a.abort();
    b.abort();
    await assert.rejects(first);
    await assert.rejects(second);
    assert.equal(h.signals[0]!.aborted, true);
    assert.equal(h.cache.pending, 0);
    const third = h.cache.get(ID);
    assert.equal(h.calls.length, 2);
    h.settle(ID, view(ID));
    await third;
    await tick();
    assert.equal(h.cache.peek(ID)?.executionId, ID);
  });

  it('rejects at once with an already aborted signal, without a request', async () => {
    const h = harness();
    await assert.rejects(h.cache.get(ID, { signal: AbortSignal.abort() }), (e: ApiError) => e.kind === 'cancelled');
    assert.equal(h.calls.length, 0);
  });

  it('keys entries by environment, and a reply lands in the environment that asked', async () => {
    const h = harness();
    const asked = h.cache.get(ID);
    h.env.name = 'Staging';
    h.settle(ID, view(ID));
    await asked;
    assert.equal(h.cache.peek(ID), undefined, 'not visible from Staging');
    h.env.name = 'Production';
    assert.ok(h.cache.peek(ID));
    assert.equal(h.changes[0]!.environment, 'Production');
  });

  it('fires a change only when the content differs', () => {
    const h = harness();
    h.cache.put('Production', view(ID, 'running'));
    h.cache.put('Production', view(ID, 'running'));
    h.cache.put('Production', view(ID, 'completed'));
    assert.deepEqual(
      h.changes.map((c) => c.execution.status),
      ['running', 'completed'],
    );
  });

  it("expire makes one environment's copies stale (still shown) and drops its NOT_FOUND answers", async () => {
    const h = harness({ auto: (id) => (id.endsWith('gone') ? new ApiError('notFound', 'gone') : view(id)) });
    const other = 'exec_1777374504255_bbbbbbbb';
    const gone = 'exec_1777374504255_abcdgone';
    await h.cache.get(ID);
    await h.cache.get(other);
    await assert.rejects(h.cache.get(gone));
    h.env.name = 'Staging';
    await h.cache.get(ID);
    h.env.name = 'Production';
    assert.deepEqual(h.cache.expire('Production'), [other, ID], 'most recently used first');
    assert.ok(h.cache.peek(ID), 'the copy is still shown');
    assert.equal(h.cache.isFresh(ID), false);
    assert.equal(h.cache.missCount, 0);
    const before = h.calls.length;
    await h.cache.get(ID);
    assert.equal(h.calls.length, before + 1, 'fetched again');
    h.env.name = 'Staging';
    assert.equal(h.cache.isFresh(ID), true, 'Staging is untouched');
  });
});
