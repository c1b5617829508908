// EventCursor / iterateEvents over a scripted fake WorkflowApi: gaps, empty pages, duplicates and
// overlaps, a cursor that does not advance, and aborting mid-way.
import { strict as assert } from 'node:assert';
import { ApiError } from '../../../src/api/errors';
import { EventCursor, clampPageSize, iterateEvents } from '../../../src/api/paging';
import type { CallOptions, WorkflowReadApi } from '../../../src/api/client';
import type { EventsPage, ExecutionEvent, GetEventsRequest } from '../../../src/api/schemas';
import { UnusedApi } from '../support/unusedApi';

const EXEC_ID = 'exec_1777374504255_xzy43k9q';

function event(seq: number, type = 'step.completed'): ExecutionEvent {
  return {
    eventId: `evt_${seq}`,
    seq,
    type,
    stepId: type.startsWith('step.') ? `step_${seq}` : null,
    timestamp: 1_777_374_504_364 + seq,
    correlationId: 'corr',
    data: null,
  };
}

function page(
  seqs: number[],
  nextCursor: number | null,
  hasMore: boolean,
  types: Record<number, string> = {},
): EventsPage {
  return { executionId: EXEC_ID, events: seqs.map((s) => event(s, types[s])), nextCursor, hasMore, unplaceable: 0 };
}

/** A fake API that answers getEvents from a script, or from a function of the request. */
class FakeApi extends UnusedApi {
  readonly requests: GetEventsRequest[] = [];
  readonly signals: (AbortSignal | undefined)[] = [];
  constructor(private readonly answer: (request: GetEventsRequest, index: number) => EventsPage | Promise<EventsPage>) {
    super();
  }

  static scripted(pages: EventsPage[]): FakeApi {
    return new FakeApi((_request, index) => {
      const next = pages[index];
      if (!next) throw new Error(`unexpected request #${index + 1}`);
      return next;
    });
  }

  override async getEvents(request: GetEventsRequest, options?: CallOptions): Promise<EventsPage> {
    if (options?.signal?.aborted) throw new ApiError('cancelled', 'The request was cancelled.');
    this.requests.push({ ...request });
    this.signals.push(options?.signal);
    return this.answer(request, this.requests.length - 1);
  }
}

/** A server simulation: a stream with internal events filtered out (so external seqs have gaps). */
function streamApi(externalSeqs: number[], maxSeq: number): FakeApi {
  return new FakeApi((request) => {
    const since = request.sinceSeq ?? 0;
    const size = request.pageSize ?? 100;
    // pageSize counts scanned seqs, internal ones included, so pages can be short or empty.
    const scannedTo = Math.min(maxSeq, since + size);
    const events = externalSeqs.filter((s) => s > since && s <= scannedTo).map((s) => event(s));
    return { executionId: EXEC_ID, events, nextCursor: scannedTo, hasMore: scannedTo < maxSeq, unplaceable: 0 };
  });
}

async function collect(
  api: WorkflowReadApi,
  options: { sinceSeq?: number; pageSize?: number; signal?: AbortSignal } = {},
): Promise<number[]> {
  const seqs: number[] = [];
  for await (const result of iterateEvents(api, EXEC_ID, options)) seqs.push(...result.events.map((e) => e.seq));
  return seqs;
}

async function rejectsKind(promise: Promise<unknown>, kind: string, field?: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ApiError, String(error));
    assert.equal(error.kind, kind);
    if (field) assert.equal(error.field, field);
    return true;
  });
}

describe('api/paging', () => {
  describe('clampPageSize', () => {
    it('clamps to 1..500 and defaults to 100', () => {
      assert.equal(clampPageSize(undefined), 100);
      assert.equal(clampPageSize(Number.NaN), 100);
      assert.equal(clampPageSize(Number.POSITIVE_INFINITY), 100);
      assert.equal(clampPageSize(0), 1);
      assert.equal(clampPageSize(-5), 1);
      assert.equal(clampPageSize(2.9), 2);
      assert.equal(clampPageSize(500), 500);
      assert.equal(clampPageSize(10_000), 500);
    });
  });

  describe('EventCursor.next', () => {
    it('passes nextCursor back as sinceSeq and treats gaps as normal', async () => {
      const api = FakeApi.scripted([page([1, 3, 7], 9, true), page([12, 20], 25, false)]);
      const cursor = new EventCursor(api, EXEC_ID, 3);
      const first = await cursor.next();
      assert.deepEqual(
        first.events.map((e) => e.seq),
        [1, 3, 7],
      );
      assert.equal(first.cursor, 9);
      assert.equal(first.hasMore, true);
      const second = await cursor.next();
      assert.deepEqual(
        second.events.map((e) => e.seq),
        [12, 20],
      );
      assert.equal(second.hasMore, false);
      assert.deepEqual(api.requests, [
        { executionId: EXEC_ID, sinceSeq: 0, pageSize: 3 },
        { executionId: EXEC_ID, sinceSeq: 9, pageSize: 3 },
      ]);
      assert.deepEqual(cursor.snapshot, { cursor: 25, lastSeq: 20, hasMore: false, reachedTerminalEvent: false });
    });

    it('falls back to the highest seq seen when nextCursor is null', async () => {
      const api = FakeApi.scripted([page([4, 5], null, true), page([6], null, false)]);
      const cursor = new EventCursor(api, EXEC_ID);
      assert.equal((await cursor.next()).cursor, 5);
      await cursor.next();
      assert.equal(api.requests[1]!.sinceSeq, 5);
    });

    it('never moves the cursor backwards when the server reports a lower nextCursor', async () => {
      const api = FakeApi.scripted([page([10], 10, true), page([11], 3, true), page([12], 12, false)]);
      const cursor = new EventCursor(api, EXEC_ID);
      await cursor.next();
      assert.equal((await cursor.next()).cursor, 11);
      await cursor.next();
      assert.equal(api.requests[2]!.sinceSeq, 11);
    });

    it('returns an empty page with hasMore as it is unless skipEmpty is set', async () => {
      const api = FakeApi.scripted([page([], 100, true)]);
      const result = await new EventCursor(api, EXEC_ID).next();
      assert.deepEqual(result.events, []);
      assert.equal(result.hasMore, true);
      assert.equal(result.cursor, 100);
      assert.equal(result.emptyPagesSkipped, 0);
      assert.equal(result.scanLimitReached, false);
    });

    it('with skipEmpty follows empty pages, reporting each via onEmptyPage', async () => {
      const api = FakeApi.scripted([
        page([], 100, true),
        page([], 200, true),
        page([], 300, true),
        page([305], 310, true),
      ]);
      const empties: number[] = [];
      const result = await new EventCursor(api, EXEC_ID).next({ skipEmpty: true, onEmptyPage: (c) => empties.push(c) });
      assert.deepEqual(
        result.events.map((e) => e.seq),
        [305],
      );
      assert.equal(result.emptyPagesSkipped, 3);
      assert.deepEqual(empties, [100, 200, 300]);
      assert.deepEqual(
        api.requests.map((r) => r.sinceSeq),
        [0, 100, 200, 300],
      );
    });

    it('with skipEmpty stops at the end even if the last page is empty', async () => {
      const api = FakeApi.scripted([page([], 100, true), page([], 120, false)]);
      const result = await new EventCursor(api, EXEC_ID).next({ skipEmpty: true });
      assert.deepEqual(result.events, []);
      assert.equal(result.hasMore, false);
      assert.equal(result.emptyPagesSkipped, 1);
    });

    it('with skipEmpty stops following empty pages once aborted (kind cancelled)', async () => {
      const controller = new AbortController();
      const api = FakeApi.scripted([page([], 100, true), page([], 200, true)]);
      const cursor = new EventCursor(api, EXEC_ID);
      await rejectsKind(
        cursor.next({ skipEmpty: true, signal: controller.signal, onEmptyPage: () => controller.abort() }),
        'cancelled',
      );
      assert.equal(api.requests.length, 1);
      assert.equal(cursor.snapshot.cursor, 100, 'the position reached so far is kept for a later resume');
    });

    it('drops duplicate and overlapping seqs: never yields a seq twice', async () => {
      const api = FakeApi.scripted([
        page([1, 2, 2, 3], 3, true),
        page([2, 3, 4, 4, 5], 5, true), // overlap with the first page and an inner duplicate
        page([6, 5, 7], 7, false), // out of order, with a repeat
      ]);
      const seqs = await collect(api);
      assert.deepEqual(seqs, [1, 2, 3, 4, 5, 6, 7]);
    });

    it('sorts a page that arrives out of order', async () => {
      const api = FakeApi.scripted([page([9, 2, 5], 9, false)]);
      assert.deepEqual(
        (await new EventCursor(api, EXEC_ID).next()).events.map((e) => e.seq),
        [2, 5, 9],
      );
    });

    it('fails with pagingStalled (field nextCursor) when the cursor does not advance although hasMore', async () => {
      const api = FakeApi.scripted([page([1, 2], 2, true), page([], 2, true)]);
      const cursor = new EventCursor(api, EXEC_ID);
      await cursor.next();
      await rejectsKind(cursor.next(), 'pagingStalled', 'nextCursor');
    });

    it('fails rather than loop forever when a page repeats only old events', async () => {
      const api = FakeApi.scripted([page([1, 2], 2, true), page([1, 2], 2, true)]);
      await rejectsKind(collect(api), 'pagingStalled', 'nextCursor');
      assert.equal(api.requests.length, 2);
    });

    it('fails with skipEmpty too when an empty page does not advance', async () => {
      const api = FakeApi.scripted([page([], 0, true)]);
      await rejectsKind(new EventCursor(api, EXEC_ID).next({ skipEmpty: true }), 'pagingStalled', 'nextCursor');
    });

    it('notices a terminal event and remembers it', async () => {
      const api = FakeApi.scripted([
        page([1, 2], 2, true),
        page([3], 3, false, { 3: 'execution.cancelled' }),
        page([], 3, false),
      ]);
      const cursor = new EventCursor(api, EXEC_ID);
      assert.equal((await cursor.next()).reachedTerminalEvent, false);
      assert.equal((await cursor.next()).reachedTerminalEvent, true);
      assert.equal((await cursor.next()).reachedTerminalEvent, true);
    });

    it('resumes from a saved snapshot without repeating events', async () => {
      const api = FakeApi.scripted([page([5, 6, 7], 8, false)]);
      const cursor = new EventCursor(api, EXEC_ID, 50, { cursor: 4, lastSeq: 6 });
      const result = await cursor.next();
      assert.deepEqual(
        result.events.map((e) => e.seq),
        [7],
      );
      assert.equal(api.requests[0]!.sinceSeq, 4);
      assert.equal(api.requests[0]!.pageSize, 50);
    });

    it('clamps the page size it sends', async () => {
      const api = FakeApi.scripted([page([], 0, false)]);
      await new EventCursor(api, EXEC_ID, 9_999).next();
      assert.equal(api.requests[0]!.pageSize, 500);
    });

    it('passes the abort signal to the API', async () => {
      const controller = new AbortController();
      const api = FakeApi.scripted([page([], 0, false)]);
      await new EventCursor(api, EXEC_ID).next({ signal: controller.signal });
      assert.equal(api.signals[0], controller.signal);
    });
  });

  describe('iterateEvents', () => {
    it('walks a gappy stream with empty pages to the end, every external seq once, increasing', async () => {
      const external = [1, 2, 5, 9, 250, 251, 900, 1_000];
      const api = streamApi(external, 1_000);
      const seqs = await collect(api, { pageSize: 100 });
      assert.deepEqual(seqs, external);
      assert.equal(api.requests.length, 10, 'empty pages in between are followed');
    });

    it('starts after sinceSeq (exclusive)', async () => {
      const api = streamApi([1, 2, 3, 4, 5], 5);
      assert.deepEqual(await collect(api, { sinceSeq: 3, pageSize: 1 }), [4, 5]);
      assert.equal(api.requests[0]!.sinceSeq, 3);
    });

    it('makes exactly one request for a single last page', async () => {
      const api = FakeApi.scripted([page([1], 1, false)]);
      assert.deepEqual(await collect(api), [1]);
      assert.equal(api.requests.length, 1);
    });

    it('handles a large stream without repeats', async () => {
      const external = Array.from({ length: 20_000 }, (_, i) => i * 3 + 1);
      const seqs = await collect(streamApi(external, 60_000), { pageSize: 500 });
      assert.equal(seqs.length, external.length);
      for (let i = 1; i < seqs.length; i++) assert.ok(seqs[i]! > seqs[i - 1]!);
    });

    it('stops when the consumer breaks out early', async () => {
      const api = streamApi(
        Array.from({ length: 50 }, (_, i) => i + 1),
        50,
      );
      for await (const result of iterateEvents(api, EXEC_ID, { pageSize: 10 })) {
        if (result.events.some((e) => e.seq >= 20)) break;
      }
      assert.equal(api.requests.length, 2);
    });

    it('rejects with kind cancelled when aborted mid-way, without further requests', async () => {
      const controller = new AbortController();
      const api = streamApi(
        Array.from({ length: 100 }, (_, i) => i + 1),
        100,
      );
      const seen: number[] = [];
      const run = (async (): Promise<void> => {
        for await (const result of iterateEvents(api, EXEC_ID, { pageSize: 10, signal: controller.signal })) {
          seen.push(...result.events.map((e) => e.seq));
          if (seen.length >= 30) controller.abort();
        }
      })();
      await rejectsKind(run, 'cancelled');
      assert.equal(seen.length, 30);
      assert.equal(api.requests.length, 3);
    });

    it('propagates API errors', async () => {
      const api = new FakeApi((_r, index) => {
        if (index === 1) throw new ApiError('notFound', 'gone');
        return page([1], 1, true);
      });
      await rejectsKind(collect(api), 'notFound');
    });
  });
});
