// Host-side paging: first page, one load in flight, scanning through empty pages, load all, live polls,
// countdown retries after 429/5xx (Retry-After honoured), errors that keep loaded events, cancel, reset.
import { strict as assert } from 'node:assert';
import { ApiError } from '../../../src/api/errors';
import { MAX_EMPTY_PAGES_PER_CALL } from '../../../src/api/paging';
import type { ExecutionEvent } from '../../../src/api/schemas';
import { EventLoader, LOADER_BACKOFF } from '../../../src/panel/eventLoader';
import { backoffDelay } from '../../../src/api/retry';
import type { LoaderStatus } from '../../../src/panel/protocol';
import { FakeEventsApi, ManualClock, event } from './fakes';

function harness(api: FakeEventsApi, pageSize = 100) {
  const clock = new ManualClock();
  const received: { events: ExecutionEvent[]; requestId: number | null; live: boolean }[] = [];
  const statuses: LoaderStatus[] = [];
  const loader: EventLoader = new EventLoader(
    api,
    'exec_1',
    pageSize,
    {
      onEvents: (events, requestId, live) => received.push({ events, requestId, live }),
      onStatus: () => statuses.push(loader.status()),
    },
    clock,
  );
  const seqs = (): number[] => loader.events.map((e) => e.seq);
  return { clock, loader, received, statuses, seqs };
}

describe('EventLoader', () => {
  it('loads the first page and says whether there is more', async () => {
    const { loader, seqs, statuses } = harness(FakeEventsApi.stream(() => 250));
    assert.equal(await loader.loadMore(1), true);
    assert.deepEqual(seqs().length, 100);
    assert.equal(loader.status().hasMore, true);
    assert.equal(loader.status().cursor, 100);
    assert.deepEqual(
      statuses.map((s) => s.phase),
      ['loading', 'idle'],
    );
  });

  it('keeps one load in flight', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const api = FakeEventsApi.stream(() => 250);
    const inner = api.answer;
    api.answer = async (request, index) => {
      await gate;
      return inner(request, index);
    };
    const { loader } = harness(api);
    const first = loader.loadMore();
    assert.equal(loader.busy, true);
    assert.equal(await loader.loadMore(), false, 'a second load is refused while one runs');
    assert.equal(await loader.loadAll(), false);
    release();
    assert.equal(await first, true);
    assert.equal(api.requests.length, 1);
  });

  it('follows empty pages with a visible scanning state, pausing at the cap instead of asking back to back', async () => {
    const empty = Math.ceil(MAX_EMPTY_PAGES_PER_CALL * 1.5);
    const internal = empty * 100;
    const api = FakeEventsApi.stream(
      () => internal + 500,
      (s) => s > internal,
    );
    const { loader, statuses, seqs, clock } = harness(api);
    await loader.loadMore();
    assert.deepEqual(seqs(), [], 'nothing yet: the cursor stopped at its cap');
    assert.equal(api.requests.length, MAX_EMPTY_PAGES_PER_CALL);
    assert.deepEqual(loader.status(), {
      phase: 'scanning',
      loaded: 0,
      hasMore: true,
      cursor: MAX_EMPTY_PAGES_PER_CALL * 100,
      emptyPages: MAX_EMPTY_PAGES_PER_CALL,
      terminal: false,
      error: null,
    });
    assert.deepEqual(clock.pending, [1000], 'it goes on after one scan pause');
    await clock.advance(999);
    assert.equal(api.requests.length, MAX_EMPTY_PAGES_PER_CALL, 'no request during the pause');
    await clock.advance(1);
    assert.deepEqual(
      seqs(),
      Array.from({ length: 100 }, (_, i) => internal + 1 + i),
    );
    assert.ok(statuses.some((s) => s.phase === 'scanning' && s.emptyPages === empty));
    assert.equal(loader.status().emptyPages, empty, 'counted across the pause');
    assert.equal(loader.status().phase, 'idle');
  });

  it('a live poll that reaches the cap hands back to the live tail (no timer of its own)', async () => {
    const api = FakeEventsApi.stream(
      () => 100_000,
      (s) => s > 90_000,
    );
    const { loader, clock } = harness(api);
    await loader.poll();
    assert.equal(api.requests.length, MAX_EMPTY_PAGES_PER_CALL);
    assert.equal(loader.scanLimited, true, 'the caller can tell it should wait for its next tick');
    assert.equal(loader.status().phase, 'idle');
    assert.equal(loader.hasMore, true);
    assert.deepEqual(clock.pending, []);
  });

  it('a live tick polls a few pages while events keep coming, but stops at the empty-page cap', async () => {
    const busy = FakeEventsApi.stream(() => 10_000);
    await harness(busy).loader.pollPages(5);
    assert.equal(busy.requests.length, 5, 'five full pages in one tick');
    const empty = FakeEventsApi.stream(
      () => 1_000_000,
      (s) => s > 900_000,
    );
    const { loader } = harness(empty);
    await loader.pollPages(5);
    assert.equal(empty.requests.length, MAX_EMPTY_PAGES_PER_CALL, 'one capped scan per tick, not five');
    await loader.pollPages(5);
    assert.equal(empty.requests.length, 2 * MAX_EMPTY_PAGES_PER_CALL, 'the next tick goes on from there');
    assert.equal(loader.cursorState.cursor, 2 * MAX_EMPTY_PAGES_PER_CALL * 100);
  });

  it('cancel stops a paused scan', async () => {
    const api = FakeEventsApi.stream(
      () => 100_000,
      (s) => s > 90_000,
    );
    const { loader, clock } = harness(api);
    await loader.loadAll();
    assert.equal(loader.status().phase, 'scanning');
    loader.cancel();
    assert.deepEqual(clock.pending, []);
    await clock.advance(60_000);
    assert.equal(api.requests.length, MAX_EMPTY_PAGES_PER_CALL);
  });

  it('loads all pages to the end with progress, every event once, gaps not flagged', async () => {
    const { loader, statuses, seqs } = harness(
      FakeEventsApi.stream(
        () => 10_000,
        (s) => s % 2 === 0,
      ),
      500,
    );
    await loader.loadAll(7);
    assert.equal(seqs().length, 5000);
    assert.equal(new Set(seqs()).size, 5000);
    assert.equal(loader.hasMore, false);
    assert.ok(statuses.filter((s) => s.phase === 'loadingAll').length >= 10, 'progress statuses');
    assert.equal(loader.status().phase, 'idle');
  });

  it('asks for the largest pages for "load all", then goes back to the setting', async () => {
    const api = FakeEventsApi.stream(() => 3000);
    const { loader } = harness(api, 100);
    await loader.loadMore();
    await loader.loadAll();
    assert.deepEqual(
      api.requests.map((r) => r.pageSize),
      [100, 500, 500, 500, 500, 500, 500],
    );
    await loader.poll();
    assert.equal(api.requests.at(-1)!.pageSize, 100);
  });

  it('polls from the last cursor and marks the events live', async () => {
    let max = 50;
    const { loader, received, seqs } = harness(FakeEventsApi.stream(() => max));
    await loader.loadMore();
    assert.equal(loader.hasMore, false);
    max = 53;
    await loader.poll();
    assert.deepEqual(seqs().slice(-3), [51, 52, 53]);
    assert.equal(received.at(-1)!.live, true);
    await loader.poll();
    assert.equal(seqs().length, 53, 'nothing new, nothing added');
  });

  it('waits out a 429 with a countdown from Retry-After, then retries by itself, keeping loaded events', async () => {
    let calls = 0;
    const stream = FakeEventsApi.stream(() => 300);
    const api = new FakeEventsApi((request, index) => {
      calls++;
      if (calls === 2) throw new ApiError('rateLimited', 'Rate limited', { retryAfterMs: 30_000 });
      return stream.answer(request, index);
    });
    const { loader, clock, seqs } = harness(api);
    await loader.loadMore();
    await loader.loadMore();
    const waiting = loader.status();
    assert.equal(waiting.phase, 'waiting');
    assert.equal(waiting.error?.kind, 'rateLimited');
    assert.equal(waiting.error?.retryInMs, 30_000);
    assert.equal(seqs().length, 100, 'the loaded page is kept');
    await clock.advance(10_000);
    assert.equal(loader.status().error?.retryInMs, 20_000, 'the countdown runs');
    await clock.advance(20_000);
    assert.equal(loader.status().phase, 'idle');
    assert.equal(seqs().length, 200);
  });

  it('backs off exponentially on 5xx without Retry-After, capped', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, LOADER_BACKOFF)),
      [2000, 4000, 8000, 16000, 32000, 60000, 60000],
    );
    assert.equal(backoffDelay(3, { ...LOADER_BACKOFF, retryAfterMs: 30_000 }), 30_000);
  });

  it('stops on errors that do not fix themselves, keeps events, and retries on demand', async () => {
    let fail = false;
    const stream = FakeEventsApi.stream(() => 300);
    const api = new FakeEventsApi((request, index) => {
      if (fail) throw new ApiError('unauthenticated', 'The API key or auth token was rejected.');
      return stream.answer(request, index);
    });
    const { loader, clock, seqs } = harness(api);
    await loader.loadMore();
    fail = true;
    await loader.loadMore();
    assert.equal(loader.status().phase, 'error');
    assert.equal(loader.status().error?.retryInMs, null);
    assert.deepEqual(clock.pending, [], 'no automatic retry');
    assert.equal(seqs().length, 100);
    fail = false;
    await loader.retry();
    assert.equal(loader.status().phase, 'idle');
    assert.equal(seqs().length, 200);
  });

  it('treats an unexpected exception like any other error', async () => {
    const { loader } = harness(
      new FakeEventsApi(() => {
        throw new TypeError('boom');
      }),
    );
    await loader.loadMore();
    assert.equal(loader.status().phase, 'error');
    assert.match(loader.status().error!.message, /boom/);
  });

  it('cancels load all; what was loaded stays and a later load continues without duplicates', async () => {
    const stream = FakeEventsApi.stream(() => 5000);
    let cancel = (): void => undefined;
    // The cancel arrives while the fourth page is in flight; that page still lands (the cursor moved).
    const api = new FakeEventsApi((request, index) => {
      if (index === 3) cancel();
      return stream.answer(request, index);
    });
    const { loader, seqs } = harness(api);
    cancel = () => loader.cancel();
    await loader.loadAll();
    assert.equal(seqs().length, 2000, 'four pages of 500 (load all asks for the largest pages)');
    assert.equal(loader.status().phase, 'idle');
    await loader.loadAll();
    assert.equal(seqs().length, 5000);
    assert.equal(new Set(seqs()).size, 5000);
  });

  it('drops the result of a load started before a reset', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const stream = FakeEventsApi.stream(() => 300);
    const api = new FakeEventsApi(async (request, index) => {
      if (index === 0) await gate;
      return stream.answer(request, index);
    });
    const { loader, received } = harness(api);
    const first = loader.loadMore();
    loader.reset();
    assert.equal(loader.generation, 1);
    release();
    await first;
    assert.equal(received.length, 0, 'the stale page was dropped');
    await loader.loadMore();
    assert.equal(loader.events[0]!.seq, 1);
  });

  it('finds loaded events by seq', async () => {
    const { loader } = harness(
      FakeEventsApi.stream(
        () => 300,
        (s) => s % 3 === 0,
      ),
      300,
    );
    await loader.loadMore();
    assert.equal(loader.find(150)?.seq, 150);
    assert.equal(loader.find(151), undefined);
    assert.deepEqual(loader.find(3), event(3));
  });

  it('notices the terminal event', async () => {
    const { loader } = harness(
      FakeEventsApi.stream(
        () => 40,
        () => true,
        40,
      ),
    );
    await loader.loadMore();
    assert.equal(loader.terminal, true);
  });
});
