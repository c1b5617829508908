// The webview's event store: seq order, every seq at most once, counts for the filter controls.
import { strict as assert } from 'node:assert';
import { EventStore } from '../../../src/webview/eventStore';
import { ev, range } from './fixtures';

const seqs = (store: EventStore): number[] => range(0, store.size - 1).map((i) => store.at(i)!.seq);

describe('EventStore', () => {
  it('appends pages in order and reports an append', () => {
    const store = new EventStore();
    assert.deepEqual(store.add([ev(1), ev(3), ev(7)]), { added: 3, appendedOnly: true, previousSize: 0 });
    assert.deepEqual(store.add([ev(12), ev(20)]), { added: 2, appendedOnly: true, previousSize: 3 });
    assert.deepEqual(seqs(store), [1, 3, 7, 12, 20]);
  });

  it('never holds a seq twice (replayed pages, overlapping tail polls)', () => {
    const store = new EventStore();
    store.add([ev(1), ev(2), ev(3)]);
    const result = store.add([ev(2), ev(3), ev(4), ev(4)]);
    assert.equal(result.added, 1);
    assert.deepEqual(seqs(store), [1, 2, 3, 4]);
    assert.equal(store.typeCounts.get('step.completed'), 4);
  });

  it('merges a late event into its place and says the positions moved', () => {
    const store = new EventStore();
    store.add([ev(1), ev(5), ev(9)]);
    const result = store.add([ev(3), ev(11), ev(3)]);
    assert.deepEqual(result, { added: 2, appendedOnly: false, previousSize: 3 });
    assert.deepEqual(seqs(store), [1, 3, 5, 9, 11]);
  });

  it('finds events by seq', () => {
    const store = new EventStore();
    store.add(range(1, 1000, 3).map((s) => ev(s)));
    assert.equal(store.indexOfSeq(1), 0);
    assert.equal(store.indexOfSeq(301), 100);
    assert.equal(store.indexOfSeq(302), -1, 'gaps are not events');
    assert.equal(store.lowerBound(302), 101);
    assert.equal(store.last?.seq, 1000);
  });

  it('counts types and steps, execution-level events under ""', () => {
    const store = new EventStore();
    store.add([
      ev(1, 'execution.dispatched'),
      ev(2, 'step.completed', null, 'a'),
      ev(3, 'step.failed', null, 'a'),
      ev(4, 'step.teleported', null, 'b'),
    ]);
    assert.deepEqual(
      [...store.typeCounts],
      [
        ['execution.dispatched', 1],
        ['step.completed', 1],
        ['step.failed', 1],
        ['step.teleported', 1],
      ],
    );
    assert.deepEqual(
      [...store.stepCounts],
      [
        ['', 1],
        ['a', 2],
        ['b', 1],
      ],
    );
    store.clear();
    assert.equal(store.size, 0);
    assert.equal(store.typeCounts.size, 0);
  });

  it('takes 100,000 events in pages of 500 quickly', () => {
    const store = new EventStore();
    const started = Date.now();
    for (let p = 0; p < 200; p++) store.add(range(p * 1000 + 1, p * 1000 + 1000, 2).map((s) => ev(s)));
    assert.equal(store.size, 100_000);
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  });
});
