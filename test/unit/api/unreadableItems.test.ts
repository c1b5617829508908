// One bad item never hides the others (issue 10, point 5): events and list items are validated one by one.
// A malformed event with a usable seq is kept, flagged and placed; one without a seq is counted; a
// malformed list item is skipped and counted; the client logs each case; the output shape (CLI, export)
// keeps only what could be read plus `unreadable`.
import { strict as assert } from 'node:assert';
import { MockAgent } from 'undici';
import {
  EventsPageSchema,
  ExecutionListPageSchema,
  MAX_UNREADABLE_RAW_CHARS,
  readEvents,
  type ExecutionEvent,
} from '../../../src/api/schemas';
import { createWorkflowApi } from '../../../src/api/client';
import { eventRecord } from '../../../src/api/eventRecord';
import { jsonLine } from '../../../src/panel/payload';
import { userAgent, type LogLevel } from '../../../src/api';

const EXEC_ID = 'exec_1777374504255_xzy43k9q';

function wireEvent(seq: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventId: `evt_${seq}`,
    seq,
    type: 'step.completed',
    stepId: `step_${seq}`,
    timestamp: 1_777_374_504_364 + seq,
    correlationId: 'corr',
    data: { n: seq },
    ...extra,
  };
}

function execution(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    executionId: id,
    status: 'completed',
    startedAt: 1,
    completedAt: 2,
    definitionId: 'doc-signoff',
    steps: [],
    ...extra,
  };
}

function eventsPage(events: unknown[]): ReturnType<typeof EventsPageSchema.parse> {
  return EventsPageSchema.parse({ executionId: EXEC_ID, events, nextCursor: 10, hasMore: true });
}

describe('api: unreadable items', () => {
  describe('events', () => {
    it('keeps a malformed event mid-page in place, flagged, with its readable fields and raw JSON', () => {
      const bad = wireEvent(2, { timestamp: 'yesterday' });
      const page = eventsPage([wireEvent(1), bad, wireEvent(3)]);
      assert.deepEqual(
        page.events.map((e) => e.seq),
        [1, 2, 3],
      );
      assert.equal(page.unplaceable, 0);
      const [first, kept, last] = page.events as [ExecutionEvent, ExecutionEvent, ExecutionEvent];
      assert.equal(first.unreadable, undefined);
      assert.equal(last.unreadable, undefined);
      assert.equal(kept.eventId, 'evt_2');
      assert.equal(kept.type, 'step.completed');
      assert.equal(kept.stepId, 'step_2');
      assert.equal(kept.correlationId, 'corr');
      assert.deepEqual(kept.data, { n: 2 });
      assert.equal(kept.timestamp, 0, 'placeholder');
      assert.match(kept.unreadable!.problem, /^timestamp: .*expected number/);
      assert.deepEqual(JSON.parse(kept.unreadable!.raw), bad);
      assert.deepEqual(kept.unreadable!.placeholders, ['timestamp']);
    });

    it('uses the documented placeholders for every field it cannot read', () => {
      const page = eventsPage([{ seq: 5, eventId: '', type: 42, stepId: 7, timestamp: Number.NaN, correlationId: {} }]);
      const [event] = page.events as [ExecutionEvent];
      assert.equal(event.eventId, 'unreadable-5');
      assert.equal(event.type, 'unreadable');
      assert.equal(event.stepId, null);
      assert.equal(event.correlationId, null);
      assert.equal(event.timestamp, 0);
      assert.equal(event.data, null, 'no data key → null');
      assert.deepEqual(event.unreadable!.placeholders, ['eventId', 'type', 'stepId', 'timestamp', 'correlationId']);
    });

    it('counts items without a usable seq instead of placing them, and keeps the rest', () => {
      const page = eventsPage([
        wireEvent(1),
        { ...wireEvent(2), seq: undefined },
        { ...wireEvent(3), seq: -1 },
        { ...wireEvent(4), seq: 4.5 },
        'text',
        null,
        [1],
        wireEvent(5),
      ]);
      assert.deepEqual(
        page.events.map((e) => e.seq),
        [1, 5],
      );
      assert.equal(page.unplaceable, 6);
    });

    it('caps the raw JSON at 64 KiB and survives a deeply nested item', () => {
      const huge = wireEvent(1, { timestamp: 'yesterday', data: 'x'.repeat(200_000) });
      const [kept] = readEvents([huge]).events as [ExecutionEvent];
      assert.equal(kept.unreadable!.raw.length, MAX_UNREADABLE_RAW_CHARS + 1);
      assert.ok(kept.unreadable!.raw.endsWith('…'));
      let deep: unknown = 1;
      for (let i = 0; i < 20_000; i++) deep = { d: deep };
      const [flagged] = readEvents([wireEvent(2, { eventId: null, data: deep })]).events as [ExecutionEvent];
      assert.equal(flagged.seq, 2);
      assert.equal(typeof flagged.unreadable!.raw, 'string');
    });

    it('ignores an `unreadable` key the server sends on a valid event', () => {
      const page = eventsPage([wireEvent(1, { unreadable: { problem: 'forged', raw: '{}' } })]);
      assert.equal(page.events[0]!.unreadable, undefined);
    });

    it('keeps the envelope strict', () => {
      assert.equal(EventsPageSchema.safeParse({ events: 'nope', hasMore: true }).success, false);
      assert.equal(EventsPageSchema.safeParse({ events: [], hasMore: 'yes' }).success, false);
    });
  });

  describe('list items', () => {
    it('skips one item with definitionId: null and keeps the others, counting it', () => {
      const page = ExecutionListPageSchema.parse({
        items: [execution('exec_a'), execution('exec_b', { definitionId: null }), execution('exec_c')],
        nextCursor: '123',
      });
      assert.deepEqual(
        page.items.map((i) => i.executionId),
        ['exec_a', 'exec_c'],
      );
      assert.equal(page.skipped, 1);
      assert.deepEqual(page.skippedProblems.length, 1);
      assert.match(page.skippedProblems[0]!, /^items\.1\.definitionId: /);
      assert.equal(page.nextCursor, '123');
    });

    it('has nothing skipped in the common case', () => {
      const page = ExecutionListPageSchema.parse({ items: [execution('exec_a')], nextCursor: null });
      assert.equal(page.skipped, 0);
      assert.deepEqual(page.skippedProblems, []);
    });
  });

  describe('the client logs what it could not read', () => {
    function api(
      result: unknown,
      path: string,
    ): { call: ReturnType<typeof createWorkflowApi>; logs: { level: LogLevel; message: string }[] } {
      const agent = new MockAgent();
      agent.disableNetConnect();
      agent
        .get('https://api.velt.test')
        .intercept({ path, method: 'POST' })
        .reply(200, JSON.stringify({ result }), { headers: { 'content-type': 'application/json' } });
      const logs: { level: LogLevel; message: string }[] = [];
      const call = createWorkflowApi({
        getTarget: () => ({
          baseUrl: 'https://api.velt.test',
          credentials: { apiKey: 'k_1234', authToken: 't_1234', origin: 'https://api.velt.test' },
        }),
        userAgent: userAgent('cli'),
        dispatcher: agent,
        log: (level, message) => logs.push({ level, message }),
      });
      return { call, logs };
    }

    it('warns naming the seq of an unreadable event and counting unplaceable items', async () => {
      const { call, logs } = api(
        {
          executionId: EXEC_ID,
          events: [wireEvent(1), wireEvent(7, { timestamp: 'yesterday' }), { type: 'x' }],
          nextCursor: 9,
          hasMore: false,
        },
        '/v2/workflow/executions/getEvents',
      );
      const page = await call.getEvents({ executionId: EXEC_ID });
      assert.equal(page.events.length, 2);
      const warnings = logs.filter((l) => l.level === 'warn').map((l) => l.message);
      assert.ok(
        warnings.some((m) => /1 event could not be read.*seq 7: timestamp/.test(m)),
        warnings.join('\n'),
      );
      assert.ok(
        warnings.some((m) => /dropped 1 item without a usable seq/.test(m)),
        warnings.join('\n'),
      );
    });

    it('warns about a skipped list item with its problem', async () => {
      const { call, logs } = api(
        { items: [execution('exec_a', { definitionId: null }), execution('exec_b')], nextCursor: null },
        '/v2/workflow/executions/list',
      );
      const page = await call.listExecutions({});
      assert.deepEqual(
        page.items.map((i) => i.executionId),
        ['exec_b'],
      );
      assert.ok(
        logs.some((l) => l.level === 'warn' && /skipped 1 item .*items\.0\.definitionId/.test(l.message)),
        JSON.stringify(logs),
      );
    });
  });

  describe('output shape (CLI and export)', () => {
    it('a readable event is written as it is', () => {
      const [event] = eventsPage([wireEvent(1)]).events as [ExecutionEvent];
      assert.equal(eventRecord(event), event);
      assert.deepEqual(JSON.parse(jsonLine(EXEC_ID, event)), { executionId: EXEC_ID, ...wireEvent(1) });
    });

    it('an unreadable event keeps what could be read, leaves placeholders out and adds unreadable', () => {
      const bad = wireEvent(2, { timestamp: 'yesterday', type: '' });
      const [event] = eventsPage([bad]).events as [ExecutionEvent];
      const record = eventRecord(event);
      assert.deepEqual(Object.keys(record), ['eventId', 'seq', 'stepId', 'correlationId', 'data', 'unreadable']);
      assert.deepEqual(record, {
        eventId: 'evt_2',
        seq: 2,
        stepId: 'step_2',
        correlationId: 'corr',
        data: { n: 2 },
        unreadable: { problem: event.unreadable!.problem, raw: JSON.stringify(bad) },
      });
      const line = jsonLine(EXEC_ID, event);
      assert.equal(line.split('\n').length, 2, 'one line');
      assert.deepEqual(JSON.parse(line), { executionId: EXEC_ID, ...record });
    });
  });
});
