// Paging is bounded and fair (issue 10, point 4), against a server answering `hasMore: true`, no events,
// cursor + 1 forever: EventCursor hands control back after MAX_EMPTY_PAGES_PER_CALL empty pages, readers
// that must reach the end stop after MAX_CONSECUTIVE_EMPTY_PAGES in a row with pagingStalled, and empty
// pages at the live edge (hasMore false) never count.
import { strict as assert } from 'node:assert';
import { ApiError } from '../../../src/api/errors';
import {
  EventCursor,
  MAX_CONSECUTIVE_EMPTY_PAGES,
  MAX_EMPTY_PAGES_PER_CALL,
  iterateEvents,
} from '../../../src/api/paging';
import type { CallOptions, WorkflowReadApi } from '../../../src/api/client';
import type { EventsPage, ExecutionEvent, GetEventsRequest } from '../../../src/api/schemas';

const EXEC_ID = 'exec_1777374504255_xzy43k9q';

function event(seq: number): ExecutionEvent {
  return {
    eventId: `evt_${seq}`,
    seq,
    type: 'step.completed',
    stepId: null,
    timestamp: 1,
    correlationId: null,
    data: null,
  };
}

class ScriptApi implements WorkflowReadApi {
  requests = 0;
  constructor(private readonly answer: (request: GetEventsRequest, index: number) => EventsPage) {}
  async getEvents(request: GetEventsRequest, options?: CallOptions): Promise<EventsPage> {
    if (options?.signal?.aborted) throw new ApiError('cancelled', 'The request was cancelled.');
    // An unbounded loop over an always-resolved fake never yields to mocha's timeout: fail it here instead.
    if (this.requests >= 100_000) throw new Error('runaway: the client kept paging');
    return this.answer(request, this.requests++);
  }
  getExecution(): never {
    throw new Error('not used');
  }
  listExecutions(): never {
    throw new Error('not used');
  }
}

/** hasMore: true, no events, nextCursor = sinceSeq + 1, forever. */
function endless(): ScriptApi {
  return new ScriptApi((request) => ({
    executionId: EXEC_ID,
    events: [],
    nextCursor: (request.sinceSeq ?? 0) + 1,
    hasMore: true,
    unplaceable: 0,
  }));
}

async function stalled(promise: Promise<unknown>): Promise<ApiError> {
  let caught: unknown;
  await assert.rejects(promise, (error: unknown) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof ApiError, String(caught));
  assert.equal(caught.kind, 'pagingStalled');
  return caught;
}

describe('api/paging bounds', () => {
  it('names its figures', () => {
    assert.equal(MAX_EMPTY_PAGES_PER_CALL, 20);
    assert.equal(MAX_CONSECUTIVE_EMPTY_PAGES, 1_000);
  });

  describe('EventCursor.next with skipEmpty against an endless cursor', () => {
    it('returns after MAX_EMPTY_PAGES_PER_CALL empty pages with scanLimitReached, hasMore and the cursor reached', async () => {
      const api = endless();
      const cursor = new EventCursor(api, EXEC_ID);
      const result = await cursor.next({ skipEmpty: true });
      assert.equal(api.requests, MAX_EMPTY_PAGES_PER_CALL);
      assert.deepEqual(result.events, []);
      assert.equal(result.hasMore, true);
      assert.equal(result.scanLimitReached, true);
      assert.equal(result.emptyPagesSkipped, MAX_EMPTY_PAGES_PER_CALL);
      assert.equal(result.cursor, MAX_EMPTY_PAGES_PER_CALL);
      // The caller continues on its own schedule, from where it stopped.
      const again = await cursor.next({ skipEmpty: true });
      assert.equal(api.requests, 2 * MAX_EMPTY_PAGES_PER_CALL);
      assert.equal(again.cursor, 2 * MAX_EMPTY_PAGES_PER_CALL);
    });

    it('does not report scanLimitReached when events arrive within the cap', async () => {
      const api = new ScriptApi((request, index) => ({
        executionId: EXEC_ID,
        events: index === 5 ? [event(6)] : [],
        nextCursor: (request.sinceSeq ?? 0) + 1,
        hasMore: true,
        unplaceable: 0,
      }));
      const result = await new EventCursor(api, EXEC_ID).next({ skipEmpty: true });
      assert.deepEqual(
        result.events.map((e) => e.seq),
        [6],
      );
      assert.equal(result.scanLimitReached, false);
      assert.equal(result.emptyPagesSkipped, 5);
    });

    it('a non-advancing cursor with hasMore stays an error', async () => {
      const api = new ScriptApi(() => ({
        executionId: EXEC_ID,
        events: [],
        nextCursor: 0,
        hasMore: true,
        unplaceable: 0,
      }));
      const error = await stalled(new EventCursor(api, EXEC_ID).next({ skipEmpty: true }));
      assert.equal(error.field, 'nextCursor');
      assert.equal(api.requests, 1);
    });

    it('fails with pagingStalled across calls once the consecutive cap is given and reached', async () => {
      const api = endless();
      const cursor = new EventCursor(api, EXEC_ID);
      const options = { skipEmpty: true, maxConsecutiveEmptyPages: 50 };
      assert.equal((await cursor.next(options)).scanLimitReached, true);
      assert.equal((await cursor.next(options)).scanLimitReached, true);
      const error = await stalled(cursor.next(options));
      assert.equal(api.requests, 50);
      assert.equal(error.resumeAfterSeq, 50);
      assert.match(error.message, /50 empty pages in a row from seq 0/);
      assert.match(error.message, /stopped after seq 50/);
    });

    it('adds up the items that could not be placed over the pages of one call', async () => {
      const api = new ScriptApi((request, index) => ({
        executionId: EXEC_ID,
        events: index === 2 ? [event(3)] : [],
        nextCursor: (request.sinceSeq ?? 0) + 1,
        hasMore: true,
        unplaceable: 1,
      }));
      assert.equal((await new EventCursor(api, EXEC_ID).next({ skipEmpty: true })).unplaceable, 3);
    });
  });

  describe('iterateEvents (CLI --all)', () => {
    it(`stops an endless cursor with pagingStalled after ${MAX_CONSECUTIVE_EMPTY_PAGES} empty pages in a row`, async () => {
      const api = endless();
      let pages = 0;
      const error = await stalled(
        (async () => {
          for await (const page of iterateEvents(api, EXEC_ID)) {
            pages++;
            assert.equal(page.events.length, 0);
          }
        })(),
      );
      assert.equal(api.requests, MAX_CONSECUTIVE_EMPTY_PAGES);
      assert.equal(pages, MAX_CONSECUTIVE_EMPTY_PAGES - 1, 'every page before the failing one was yielded');
      assert.equal(error.resumeAfterSeq, MAX_CONSECUTIVE_EMPTY_PAGES);
    });

    it('a page with an event resets the run: long legal empty runs pass', async () => {
      // 900 empty pages, one event, 900 empty pages, the end: 1,801 pages, never 1,000 empty in a row.
      const api = new ScriptApi((request, index) => {
        const since = request.sinceSeq ?? 0;
        return {
          executionId: EXEC_ID,
          events: index === 900 ? [event(since + 1)] : [],
          nextCursor: since + 1,
          hasMore: index < 1800,
          unplaceable: 0,
        };
      });
      const seqs: number[] = [];
      for await (const page of iterateEvents(api, EXEC_ID)) seqs.push(...page.events.map((e) => e.seq));
      assert.deepEqual(seqs, [901]);
      assert.equal(api.requests, 1801);
    });

    it('takes a smaller cap', async () => {
      const api = endless();
      await stalled(
        (async () => {
          for await (const _ of iterateEvents(api, EXEC_ID, { maxConsecutiveEmptyPages: 3 })) void _;
        })(),
      );
      assert.equal(api.requests, 3);
    });
  });

  describe('the live edge (--follow)', () => {
    it('empty pages with hasMore false are waiting, not a fault, and break a run', async () => {
      // Alternating: 2 empty pages announcing more, then an empty page at the live edge, forever.
      const api = new ScriptApi((request, index) => ({
        executionId: EXEC_ID,
        events: [],
        nextCursor: (request.sinceSeq ?? 0) + 1,
        hasMore: index % 3 !== 2,
        unplaceable: 0,
      }));
      const cursor = new EventCursor(api, EXEC_ID);
      for (let i = 0; i < 300; i++) await cursor.next({ maxConsecutiveEmptyPages: 3 });
      assert.equal(api.requests, 300);
      const edge = new ScriptApi((request) => ({
        executionId: EXEC_ID,
        events: [],
        nextCursor: request.sinceSeq ?? 0,
        hasMore: false,
        unplaceable: 0,
      }));
      const waiting = new EventCursor(edge, EXEC_ID);
      for (let i = 0; i < 50; i++) assert.equal((await waiting.next({ maxConsecutiveEmptyPages: 1 })).hasMore, false);
    });
  });
});
