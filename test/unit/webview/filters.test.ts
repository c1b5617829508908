// Filters over the loaded events: types, step, free text over type/step/data, failures only; the
// filtered view grows with new pages and never drops events from the store.
import { strict as assert } from 'node:assert';
import { DEFAULT_FILTERS, type FilterState } from '../../../src/panel/protocol';
import { EventStore } from '../../../src/webview/eventStore';
import { FilteredView, SearchIndex, isFailureType, isFilterActive } from '../../../src/webview/filters';
import { nodeIdFromStepId } from '../../../src/webview/summaries';
import { ev, range } from './fixtures';

function setup(filter: Partial<FilterState> = {}) {
  const store = new EventStore();
  const search = new SearchIndex((id) => (id === null ? '' : nodeIdFromStepId(id)));
  const view = new FilteredView(store, search, { ...DEFAULT_FILTERS, ...filter });
  return { store, view };
}

const shown = (view: FilteredView): number[] => range(0, view.count - 1).map((i) => view.at(i)!.seq);

const sample = [
  ev(1, 'execution.dispatched', { definitionId: 'doc-signoff' }),
  ev(
    2,
    'step.awaiting-approval',
    { waitingForReviewers: ['alice', 'bob'], mandatoryCount: 1 },
    'step_legal_1777374504255_abcdef',
  ),
  ev(5, 'step.completed', { decision: 'approve', nodeType: 'human' }, 'step_legal_1777374504255_abcdef'),
  ev(8, 'step.failed', { reason: 'Webhook returned HTTP 500' }, 'step_publish_1777374504255_zzzzzz'),
  ev(9, 'step.teleported', { note: 'Unknown Type' }, 'step_oracle_1777374504255_qqqqqq'),
  ev(12, 'execution.failed', null),
];

describe('filters', () => {
  it('shows everything without a filter', () => {
    const { store, view } = setup();
    view.onAdded(store.add(sample));
    assert.equal(view.isActive, false);
    assert.deepEqual(shown(view), [1, 2, 5, 8, 9, 12]);
  });

  it('filters by several types', () => {
    const { store, view } = setup({ types: ['step.failed', 'execution.failed'] });
    view.onAdded(store.add(sample));
    assert.deepEqual(shown(view), [8, 12]);
  });

  it('filters by step id', () => {
    const { store, view } = setup({ step: 'step_legal_1777374504255_abcdef' });
    view.onAdded(store.add(sample));
    assert.deepEqual(shown(view), [2, 5]);
  });

  it('searches type, step (node id) and data, case-insensitively, all words', () => {
    const { store, view } = setup();
    store.add(sample);
    view.setFilter({ ...DEFAULT_FILTERS, text: 'http 500' });
    assert.deepEqual(shown(view), [8]);
    view.setFilter({ ...DEFAULT_FILTERS, text: 'LEGAL approve' });
    assert.deepEqual(shown(view), [5]);
    view.setFilter({ ...DEFAULT_FILTERS, text: 'teleported' });
    assert.deepEqual(shown(view), [9]);
    view.setFilter({ ...DEFAULT_FILTERS, text: 'unknown type' });
    assert.deepEqual(shown(view), [9]);
    view.setFilter({ ...DEFAULT_FILTERS, text: 'nothing-like-this' });
    assert.equal(view.count, 0);
    assert.equal(store.size, 6, 'filtering never loses loaded events');
  });

  it('keeps failures only: failed, breached, cancelled, exhausted (also unknown *.failed)', () => {
    for (const type of [
      'execution.failed',
      'execution.cancelled',
      'step.failed',
      'step.breached',
      'step.cancelled',
      'loop.exhausted',
      'step.future.failed',
    ]) {
      assert.ok(isFailureType(type), type);
    }
    for (const type of ['step.completed', 'execution.completed', 'group.quorum-met', 'step.awaiting-approval'])
      assert.ok(!isFailureType(type), type);
    const { store, view } = setup({ failuresOnly: true });
    view.onAdded(store.add(sample));
    assert.deepEqual(shown(view), [8, 12]);
  });

  it('combines filters', () => {
    const { store, view } = setup({ failuresOnly: true, text: 'webhook', types: ['step.failed'] });
    view.onAdded(store.add(sample));
    assert.deepEqual(shown(view), [8]);
    assert.ok(isFilterActive({ ...DEFAULT_FILTERS, failuresOnly: true }));
    assert.ok(!isFilterActive({ ...DEFAULT_FILTERS, text: '   ' }));
  });

  it('extends the filtered view as pages arrive, and counts what passed', () => {
    const { store, view } = setup({ types: ['step.failed'] });
    assert.equal(view.onAdded(store.add(sample.slice(0, 3))), 0);
    assert.equal(view.onAdded(store.add(sample.slice(3))), 1);
    assert.equal(view.onAdded(store.add([ev(20, 'step.failed'), ev(21, 'step.completed')])), 1);
    assert.deepEqual(shown(view), [8, 20]);
  });

  it('rebuilds after an out-of-order merge', () => {
    const { store, view } = setup({ types: ['step.failed'] });
    view.onAdded(store.add([ev(10, 'step.failed'), ev(20, 'step.failed')]));
    view.onAdded(store.add([ev(15, 'step.failed')]));
    assert.deepEqual(shown(view), [10, 15, 20]);
  });

  it('maps seqs to filtered positions', () => {
    const { store, view } = setup({ types: ['step.failed', 'execution.failed'] });
    view.onAdded(store.add(sample));
    assert.equal(view.positionOfSeq(12), 1);
    assert.equal(view.positionOfSeq(5), -1, 'filtered out');
    assert.equal(view.positionAtOrAfterSeq(9), 1);
    assert.equal(view.positionAtOrAfterSeq(1), 0);
  });

  it('filters 100,000 events by text, then narrows the same search (timing lives in npm run bench)', () => {
    const { store, view } = setup();
    const types = ['step.completed', 'step.failed', 'step.awaiting-approval', 'group.quorum-met'];
    for (let p = 0; p < 200; p++) {
      view.onAdded(
        store.add(
          range(p * 500 + 1, p * 500 + 500).map((s) =>
            ev(s, types[s % 4], { decision: s % 7 === 0 ? 'reject' : 'approve', n: s }),
          ),
        ),
      );
    }
    view.setFilter({ ...DEFAULT_FILTERS, text: 'reject' });
    assert.equal(view.count, Math.floor(100_000 / 7));
    view.setFilter({ ...DEFAULT_FILTERS, text: 'reject', failuresOnly: true });
    const expected = range(1, 100_000).filter((s) => s % 7 === 0 && s % 4 === 1).length;
    assert.equal(view.count, expected);
  });
});
