// The `events` message's wire form (issue 11): events in columns with shared tables, built by the host
// (src/panel/eventColumns.ts) and read back by the webview (src/webview/eventColumns.ts). What the webview
// rebuilds, after JSON like postMessage, is exactly what was encoded; odd events and payloads survive;
// what the host posts is in the protocol; and the webview's filters work on what it rebuilds.
import { strict as assert } from 'node:assert';
import type { ExecutionEvent } from '../../../src/api/schemas';
import { boundEventColumns } from '../../../src/panel/bounds';
import { eventsMessages, toEventColumns } from '../../../src/panel/eventColumns';
import {
  DEFAULT_FILTERS,
  EVENT_TEXT_BOUNDS,
  UNREADABLE_BOUNDS,
  type EventColumns,
  type FilterState,
  type PanelEvent,
} from '../../../src/panel/protocol';
import { parseHostMessage } from '../../../src/panel/protocolSchemas';
import { fromEventColumns } from '../../../src/webview/eventColumns';
import { EventStore } from '../../../src/webview/eventStore';
import { FilteredView, SearchIndex } from '../../../src/webview/filters';
import { ev } from '../webview/fixtures';
import { event } from './fakes';

/** Through JSON, as postMessage carries it, then back into events as the webview does. */
const roundTrip = (events: PanelEvent[]): PanelEvent[] =>
  fromEventColumns(JSON.parse(JSON.stringify(toEventColumns(events))) as EventColumns);

const message = (events: EventColumns) => ({ type: 'events', generation: 0, requestId: null, live: false, events });

/** Payloads of every kind, including ones that cannot go as values only. */
const ODD_DATA: unknown[] = [
  null,
  'text',
  42,
  [1, { a: 2 }],
  {},
  { decision: 'approve', round: 1 },
  { round: 2, decision: 'reject' }, // the same keys in another order: another shape
  { 10: 'ten', 2: 'two', b: 'bee' }, // integer-like keys come first, in any object
  JSON.parse('{"__proto__": {"polluted": true}, "x": 1}'),
  { 'a\u0000b': 1, c: 2 },
  { a: 1, 'b\u0000c': 2 },
  { nested: { deep: [null, { k: 'v' }] } },
];

function odd(): PanelEvent[] {
  return ODD_DATA.map((data, i) => ({
    ...ev(i + 1, i % 2 ? 'step.completed' : 'loop.iteration-started', data),
    correlationId: i % 3 === 0 ? null : 'corr_1',
    stepId: i % 4 === 0 ? null : `step_${i % 2}`,
  }));
}

describe('event columns (the events wire form)', () => {
  it('round trip: the webview rebuilds every field of every event, in order', () => {
    const events = [
      ...odd(),
      { ...ev(20), oversize: 123_456, data: { '…': '3 more keys' } },
      { ...ev(21), truncated: true as const, eventId: 'evt_…' },
      {
        ...ev(22, 'step.teleported'),
        unreadable: { problem: 'timestamp: expected number, received string', raw: '{"timestamp":"yesterday"}' },
      },
      { ...ev(23), oversize: 0, truncated: true as const },
    ];
    assert.deepEqual(roundTrip(events), events);
    assert.deepEqual(roundTrip([]), []);
  });

  it('keeps a "__proto__" payload key a plain key (no prototype set on the webview side)', () => {
    const [, , , , , , , , rebuilt] = roundTrip(odd());
    const data = rebuilt!.data as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(data), Object.prototype);
    assert.deepEqual(Object.keys(data), ['__proto__', 'x']);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });

  it('an absent payload arrives as null (JSON has no undefined in arrays; the webview treats both alike)', () => {
    const [rebuilt] = roundTrip([{ ...ev(1), data: undefined }]);
    assert.equal(rebuilt!.data, null);
    const [withUndefinedValue] = roundTrip([{ ...ev(2), data: { a: 1, gone: undefined } }]);
    assert.deepEqual(withUndefinedValue!.data, { a: 1 }, 'a key JSON leaves out stays out');
  });

  it('sends repeated texts and payload keys once per batch', () => {
    const events = Array.from({ length: 500 }, (_, i) =>
      ev(i + 1, i % 2 ? 'step.completed' : 'step.awaiting-approval', { round: i, httpStatus: 200 }, `step_${i % 10}`),
    );
    const c = toEventColumns(events);
    assert.deepEqual(c.types, ['step.awaiting-approval', 'step.completed']);
    assert.equal(c.stepIds.length, 10);
    assert.deepEqual(c.correlationIds, ['corr_1']);
    assert.deepEqual(c.shapes, [['round', 'httpStatus']]);
    assert.deepEqual(c.data[3], [3, 200]);
    assert.deepEqual(c.extras, []);
    const keyed = JSON.stringify(events).length;
    const columns = JSON.stringify(c).length;
    assert.ok(columns < keyed / 2, `${columns} characters in columns vs ${keyed} keyed`);
  });

  it('what the host posts is in the protocol, odd events included', () => {
    const loaded: ExecutionEvent[] = [
      ...odd().map((e) => ({ ...e, data: e.data as ExecutionEvent['data'] })),
      { ...event(41), data: { x: 'y'.repeat(40_000) } },
      { ...event(42, 'step.teleported'), unreadable: { problem: 'p', raw: '{"seq":42}' } },
    ];
    const [m, ...more] = [...eventsMessages(loaded, 0, 1, false)];
    assert.deepEqual(more, []);
    const parsed = parseHostMessage(JSON.parse(JSON.stringify(m)));
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
    const back = fromEventColumns(m!.events);
    assert.deepEqual(
      back.map((e) => e.seq),
      loaded.map((e) => e.seq),
    );
    assert.equal(back.at(-1)!.unreadable!.raw, '{"seq":42}');
    assert.ok(back.at(-2)!.oversize! > 40_000, 'the oversize payload is marked');
  });

  it('the protocol rejects columns that do not line up', () => {
    const good = toEventColumns([ev(1, 'a', { k: 1 }), ev(2, 'b', 'text')]);
    assert.ok(parseHostMessage(message(good)).ok);
    const bad: EventColumns[] = [
      { ...good, eventId: ['evt_1'] },
      { ...good, type: [0, 2] },
      { ...good, stepId: [0, 9] },
      { ...good, dataShape: [0, 0] },
      { ...good, data: [[1, 2], 'text'] },
      { ...good, extras: [{ at: 2, truncated: true }] },
      { ...good, shapes: [['__proto__']] },
      { ...good, types: ['', 'b'] },
    ];
    for (const c of bad) assert.equal(parseHostMessage(message(c)).ok, false, JSON.stringify(c).slice(0, 200));
  });

  it('boundMessage cuts texts past their bounds and marks just the events that had one cut', () => {
    const long = (n: number) => 'x'.repeat(n);
    const events: PanelEvent[] = [
      { ...ev(1), type: long(EVENT_TEXT_BOUNDS.type + 1) },
      ev(2),
      { ...ev(3), stepId: long(EVENT_TEXT_BOUNDS.stepId + 5) },
      { ...ev(4), eventId: long(EVENT_TEXT_BOUNDS.eventId + 1) },
      { ...ev(5), unreadable: { problem: 'p', raw: long(UNREADABLE_BOUNDS.raw + 1) } },
      { ...ev(6), type: long(EVENT_TEXT_BOUNDS.type + 1), oversize: 7 },
    ];
    const unbounded = toEventColumns(events);
    assert.equal(parseHostMessage(message(unbounded)).ok, false, 'the premise');
    const bounded = boundEventColumns(unbounded);
    assert.ok(parseHostMessage(message(bounded)).ok);
    const back = fromEventColumns(bounded);
    assert.deepEqual(
      back.map((e) => e.truncated === true),
      [true, false, true, true, true, true],
    );
    assert.equal(back[0]!.type.length, EVENT_TEXT_BOUNDS.type);
    assert.ok(back[0]!.type.endsWith('…'));
    assert.equal(back[4]!.unreadable!.raw.length, UNREADABLE_BOUNDS.raw);
    assert.equal(back[5]!.oversize, 7, 'other extras stay');
    const inBounds = toEventColumns([ev(1), ev(2)]);
    assert.equal(boundEventColumns(inBounds), inBounds, 'nothing to cut: the batch itself');
  });

  it("the webview's filters work on what it rebuilds", () => {
    const events = [
      ev(1, 'execution.dispatched', { definitionId: 'nightly' }),
      ev(2, 'step.awaiting-approval', { mode: 'async', round: 1 }, 'step_a'),
      ev(3, 'step.completed', { decision: 'approve', round: 1 }, 'step_a'),
      ev(4, 'step.failed', { decision: 'reject', reason: 'Timeout' }, 'step_b'),
      ev(5, 'step.completed', { decision: 'REJECT', round: 2 }, 'step_b'),
      { ...ev(6, 'step.teleported'), unreadable: { problem: 'p', raw: '{}' } },
    ];
    const store = new EventStore();
    const search = new SearchIndex((stepId) => stepId ?? '');
    const view = new FilteredView(store, search, DEFAULT_FILTERS);
    // Two batches, as two messages would bring them.
    view.onAdded(store.add(roundTrip(events.slice(0, 3))));
    view.onAdded(store.add(roundTrip(events.slice(3))));
    assert.equal(view.count, 6, 'every event shown, the unreadable one too');
    assert.equal(store.typeCounts.get('step.completed'), 2);
    assert.equal(store.stepCounts.get('step_b'), 2);
    const seqs = (filter: Partial<FilterState>): number[] => {
      view.setFilter({ ...DEFAULT_FILTERS, ...filter });
      return Array.from({ length: view.count }, (_, i) => view.at(i)!.seq);
    };
    assert.deepEqual(seqs({ text: 'reject' }), [4, 5], 'text in a payload sent as values');
    assert.deepEqual(seqs({ text: 'timeout reject' }), [4]);
    assert.deepEqual(seqs({ types: ['step.completed'] }), [3, 5]);
    assert.deepEqual(seqs({ step: 'step_a' }), [2, 3]);
    assert.deepEqual(seqs({ failuresOnly: true }), [4]);
    assert.deepEqual(seqs({ text: 'teleported' }), [6]);
  });
});
