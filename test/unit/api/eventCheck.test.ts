// The hand-written happy path of event validation (eventCheck.ts) against the zod schemas it stands in for:
// for every field, every kind of wrong value is refused exactly when the schema refuses it, what passes is
// output exactly as the schema outputs it, and a page read through EventsPageReader still flags the one
// malformed event (naming the field) while keeping the others.
import { strict as assert } from 'node:assert';
import {
  EventsPageReader,
  EventsPageSchema,
  ExecutionEventSchema,
  readEvents,
  type ExecutionEvent,
} from '../../../src/api/schemas';
import { checkedEvent, checkedEventsEnvelope } from '../../../src/api/eventCheck';

const GOOD_EVENT: Record<string, unknown> = {
  eventId: 'evt_abc123',
  seq: 7,
  type: 'step.awaiting-approval',
  stepId: 'step_agent-draft_1777374504300_lwofay__to__human-legal',
  timestamp: 1777374510000,
  correlationId: 'corr_campaign_42',
  data: { waitingForReviewers: ['u1', 'u2'] },
};

const MISSING = Symbol('missing');

/** Values of every JSON type and the edge cases of each check (a value may be valid for one field only). */
const PROBES: readonly unknown[] = [
  MISSING,
  null,
  '',
  'x',
  'evt_1',
  0,
  -0,
  1,
  7,
  -1,
  1.5,
  -0.5,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 1,
  2 ** 60,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  true,
  false,
  {},
  { nested: 1 },
  [],
  ['x'],
];

/** Every field of ExecutionEventSchema, with a value that must be refused (so the list cannot be all-accepting). */
const EVENT_FIELDS: Record<string, unknown[]> = {
  eventId: ['', 42, null, MISSING, {}],
  seq: ['7', -1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1, null, MISSING],
  type: ['', 42, null, MISSING, []],
  stepId: [42, {}, false],
  timestamp: ['yesterday', -1, Number.NaN, Number.POSITIVE_INFINITY, null, MISSING],
  correlationId: [42, [], true],
  data: [],
};

function withField(base: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...base };
  if (value === MISSING) delete copy[key];
  else copy[key] = value;
  return copy;
}

const show = (value: unknown): string => (value === MISSING ? '(missing)' : String(JSON.stringify(value) ?? value));

/** Same verdict, and when accepted the same output down to key order. */
function assertAgrees(item: unknown, label: string): void {
  const fast = checkedEvent(item);
  const zod = ExecutionEventSchema.safeParse(item);
  assert.equal(fast !== undefined, zod.success, `${label}: fast check ${fast ? 'accepts' : 'refuses'}, zod does not`);
  if (fast && zod.success) {
    assert.deepEqual(fast, zod.data, label);
    assert.deepEqual(Object.keys(fast), Object.keys(zod.data), `${label}: key order`);
  }
}

describe('api: eventCheck (the fast path of event validation)', () => {
  it('covers every field of ExecutionEventSchema', () => {
    assert.deepEqual(Object.keys(EVENT_FIELDS).sort(), Object.keys(ExecutionEventSchema.shape).sort());
  });

  for (const field of Object.keys(EVENT_FIELDS)) {
    it(`agrees with ExecutionEventSchema on every kind of value for "${field}"`, () => {
      for (const value of PROBES) assertAgrees(withField(GOOD_EVENT, field, value), `${field} = ${show(value)}`);
    });

    if (EVENT_FIELDS[field]!.length > 0) {
      it(`refuses a wrong "${field}" and the page keeps that event flagged, naming the field`, () => {
        for (const value of EVENT_FIELDS[field]!) {
          const bad = withField({ ...GOOD_EVENT, seq: 8 }, field, value);
          if (field !== 'seq') assert.equal(checkedEvent(bad), undefined, `${field} = ${show(value)}`);
          const result = EventsPageReader.safeParse({
            executionId: 'exec_1',
            events: [GOOD_EVENT, bad, { ...GOOD_EVENT, seq: 9 }],
            nextCursor: 9,
            hasMore: false,
          });
          assert.ok(result.success);
          const events = result.data.events;
          if (field === 'seq') {
            // Without a usable seq the item cannot be placed: counted, never hiding the others.
            assert.deepEqual(
              events.map((e) => e.seq),
              [7, 9],
            );
            assert.equal(result.data.unplaceable, 1, `seq = ${show(value)}`);
            continue;
          }
          assert.deepEqual(
            events.map((e) => e.seq),
            [7, 8, 9],
          );
          const [first, flagged, last] = events as [ExecutionEvent, ExecutionEvent, ExecutionEvent];
          assert.equal(first.unreadable, undefined);
          assert.equal(last.unreadable, undefined);
          assert.ok(flagged.unreadable, `${field} = ${show(value)} is flagged`);
          assert.match(flagged.unreadable.problem, new RegExp(`^${field}: `), `${field} = ${show(value)}`);
          assert.deepEqual(flagged.unreadable.placeholders, [field]);
        }
      });
    }
  }

  it('agrees on items that are not objects and on extra fields (dropped, as zod drops them)', () => {
    for (const item of [null, undefined, 'evt', 7, true, [], [GOOD_EVENT]]) assertAgrees(item, show(item));
    assertAgrees({ ...GOOD_EVENT, extra: 'kept out', nested: { a: 1 } }, 'extra fields');
    assertAgrees(
      { data: 1, correlationId: null, timestamp: 5, stepId: null, type: 't', seq: 0, eventId: 'e' },
      'reversed key order',
    );
  });

  it('reads a page of good events exactly as EventsPageSchema does', () => {
    const page = {
      executionId: 'exec_1',
      events: [GOOD_EVENT, { ...GOOD_EVENT, seq: 8, stepId: null, data: undefined }, { ...GOOD_EVENT, seq: 9 }],
      nextCursor: 12,
      hasMore: true,
    };
    const fast = EventsPageReader.safeParse(page);
    const zod = EventsPageSchema.safeParse(page);
    assert.ok(fast.success && zod.success);
    assert.equal(JSON.stringify(fast.data), JSON.stringify(zod.data));
    assert.deepEqual(readEvents(page.events), { events: zod.data.events, unplaceable: 0 });
  });

  const ENVELOPE_FIELDS: Record<string, unknown[]> = {
    executionId: [42, {}],
    events: [MISSING, null, 'x', {}],
    nextCursor: ['12', -3, 1.5, Number.NaN, true],
    hasMore: ['yes', 1, {}],
  };
  for (const field of Object.keys(ENVELOPE_FIELDS)) {
    it(`agrees with EventsPageSchema on every kind of value for the page's "${field}", and names it when wrong`, () => {
      const good = { executionId: 'exec_1', events: [GOOD_EVENT], nextCursor: 12, hasMore: true };
      for (const value of [...PROBES, [GOOD_EVENT]]) {
        const page = withField(good, field, value);
        const fast = EventsPageReader.safeParse(page);
        const zod = EventsPageSchema.safeParse(page);
        const label = `${field} = ${show(value)}`;
        assert.equal(fast.success, zod.success, label);
        assert.equal(checkedEventsEnvelope(page) !== undefined, zod.success, label);
        if (fast.success && zod.success) assert.equal(JSON.stringify(fast.data), JSON.stringify(zod.data), label);
      }
      for (const value of ENVELOPE_FIELDS[field]!) {
        const result = EventsPageReader.safeParse(withField(good, field, value));
        assert.equal(result.success, false, `${field} = ${show(value)}`);
        if (!result.success) assert.deepEqual(result.error.issues[0]?.path, [field]);
      }
    });
  }

  it('refuses a page that is not an object', () => {
    for (const value of [null, undefined, [], 'page', 3])
      assert.equal(EventsPageReader.safeParse(value).success, false);
  });
});
