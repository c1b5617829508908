// What a hostile or merely huge server answer cannot do to the shared execution cache: a 5,000-deep step
// output never throws (on put, on later gets, in the change check), memory stays within the byte budget
// as well as the entry count, and NOT_FOUND answers expire instead of piling up.
import { strict as assert } from 'node:assert';
import { ApiError, type ExecutionView } from '../../../src/api';
import { ExecutionCache, type CacheOptions, type ExecutionChange } from '../../../src/state/executionCache';
import { jsonEqual, measureJson } from '../../../src/util/json';

const id = (n: number): string => `exec_1777374504255_${String(n).padStart(8, '0')}`;

function view(executionId: string, output: Record<string, unknown> = {}): ExecutionView {
  return {
    executionId,
    status: 'completed',
    startedAt: 1,
    completedAt: 2,
    cancelledAt: null,
    definitionId: 'doc-signoff',
    definitionVersion: 1,
    correlationId: null,
    idempotencyKey: null,
    failureReason: null,
    steps: [
      {
        stepId: 'step_a',
        nodeId: 'a',
        nodeType: 'agent',
        status: 'completed',
        groupId: null,
        startedAt: 1,
        completedAt: 2,
        output,
        error: null,
      },
    ],
  };
}

function deepOutput(depth: number, leaf: string): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf };
  for (let i = 0; i < depth; i++) value = { child: value };
  return value;
}

function harness(options: CacheOptions, answer: (executionId: string) => ExecutionView | Error) {
  const clock = { now: 1_000_000 };
  const changes: ExecutionChange[] = [];
  const calls: string[] = [];
  const cache = new ExecutionCache(
    (executionId) => {
      calls.push(executionId);
      const outcome = answer(executionId);
      return outcome instanceof Error ? Promise.reject(outcome) : Promise.resolve(outcome);
    },
    () => 'Production',
    { runningTtlMs: 3_000, terminalTtlMs: 600_000, notFoundTtlMs: 30_000, now: () => clock.now, ...options },
    (change) => changes.push(change),
  );
  return { cache, clock, changes, calls };
}

describe('state/ExecutionCache bounds', () => {
  it('keeps a 5,000-deep step output without throwing, and sees an unchanged copy as unchanged', async () => {
    assert.throws(
      () => JSON.stringify(deepOutput(5000, 'x')),
      RangeError,
      'the premise: JSON.stringify overflows here',
    );
    const h = harness({}, (executionId) => view(executionId, deepOutput(5000, 'same')));
    const first = await h.cache.get(id(1));
    assert.equal(h.changes.length, 1);
    h.cache.put('Production', view(id(1), deepOutput(5000, 'same')));
    assert.equal(h.changes.length, 1, 'an equal deep copy is no change');
    h.cache.put('Production', view(id(1), deepOutput(5000, 'different')));
    assert.equal(h.changes.length, 2, 'a different leaf 5,000 levels down is a change');
    assert.notEqual(await h.cache.get(id(1)), first, 'later gets answer from the cache');
    assert.equal(h.calls.length, 1);
  });

  it('bounds the cache by estimated bytes as well as entries; the newest entry always stays', async () => {
    const big = { text: 'x'.repeat(100_000) };
    const entryBytes = 2 * measureJson(view(id(1), big)).chars;
    const h = harness({ maxEntries: 100, maxBytes: Math.floor(entryBytes * 2.5) }, (executionId) =>
      view(executionId, big),
    );
    for (let i = 1; i <= 5; i++) await h.cache.get(id(i));
    assert.equal(h.cache.size, 2, 'two entries fit the byte budget');
    assert.ok(h.cache.byteSize <= entryBytes * 2.5);
    assert.ok(h.cache.peek(id(5)) && h.cache.peek(id(4)) && !h.cache.peek(id(3)));
    const tiny = harness({ maxBytes: 10 }, (executionId) => view(executionId, big));
    await tiny.cache.get(id(1));
    await tiny.cache.get(id(2));
    assert.equal(tiny.cache.size, 1);
    assert.ok(tiny.cache.peek(id(2)), 'an entry larger than the budget is still kept while it is the newest');
  });

  it('forgets NOT_FOUND answers once they expire, and never holds more than maxEntries of them', async () => {
    const h = harness({ maxEntries: 50 }, () => new ApiError('notFound', 'no such execution'));
    for (let i = 0; i < 500; i++) await assert.rejects(h.cache.get(id(i)));
    assert.equal(h.cache.missCount, 50, 'hovering over 500 unknown ids keeps 50');
    h.clock.now += 30_001;
    await assert.rejects(h.cache.get(id(1000)));
    assert.equal(h.cache.missCount, 1, 'expired answers are swept as a new one arrives');
    await assert.rejects(h.cache.get(id(1000)));
    assert.equal(h.calls.length, 501, 'the fresh one still answers from memory');
  });
});

describe('util/jsonEqual', () => {
  it('compares structurally, ignoring key order, and never throws', () => {
    assert.equal(jsonEqual({ a: [1, { b: null }], c: 'x' }, { c: 'x', a: [1, { b: null }] }), true);
    assert.equal(jsonEqual({ a: [1, 2] }, { a: [2, 1] }), false);
    assert.equal(jsonEqual({ a: 1 }, { a: 1, b: undefined }), false);
    assert.equal(jsonEqual([], {}), false);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    assert.equal(jsonEqual(cyclic, { self: {} }), false);
    assert.equal(jsonEqual(cyclic, cyclic), true);
  });

  it('counts a pair too large to compare within the budget as different', () => {
    const a = Array.from({ length: 1000 }, (_, i) => i);
    assert.equal(jsonEqual(a, [...a]), true);
    assert.equal(jsonEqual(a, [...a], 100), false);
  });
});
