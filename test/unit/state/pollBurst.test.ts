// After a pin or an open the scheduler polls fast for a while (the burst); it must end by itself and
// fall back to the normal interval (visible or hidden), on a fake clock.
import * as assert from 'node:assert/strict';
import FakeTimers from '@sinonjs/fake-timers';
import { PollScheduler } from '../../../src/state/pollScheduler';

const START = 1_000_000;
const BURST_MS = 10_000;
const BURST_INTERVAL_MS = 1_000;

describe('PollScheduler burst', () => {
  let clock: ReturnType<typeof FakeTimers.createClock>;
  let fetchedAt: number[];
  let fetchedIds: string[];
  let scheduler: PollScheduler;

  beforeEach(() => {
    clock = FakeTimers.createClock(START);
    fetchedAt = [];
    fetchedIds = [];
    scheduler = new PollScheduler({
      fetch: async (id) => {
        fetchedAt.push(clock.now - START);
        fetchedIds.push(id);
        return {};
      },
      intervals: () => ({ visibleMs: 5_000, hiddenMs: 60_000 }),
      timers: {
        setTimeout: (fn, ms) => clock.setTimeout(fn, ms),
        clearTimeout: (h) => clock.clearTimeout(h as number),
        now: () => clock.now,
      },
      random: () => 0.5,
      burstMs: BURST_MS,
      burstIntervalMs: BURST_INTERVAL_MS,
    });
  });
  afterEach(() => scheduler.dispose());

  /** The gaps between consecutive fetches. */
  const gaps = (): number[] => fetchedAt.slice(1).map((t, i) => t - fetchedAt[i]!);

  it('polls every second during the burst, then every visible interval again', async () => {
    scheduler.setTargets(['a']);
    await clock.tickAsync(0);
    scheduler.burst('a');
    await clock.tickAsync(30_000);
    assert.deepEqual(
      fetchedAt,
      [0, 0, 1_000, 2_000, 3_000, 4_000, 5_000, 6_000, 7_000, 8_000, 9_000, 10_000, 15_000, 20_000, 25_000, 30_000],
    );
    assert.equal(scheduler.nextDueAt('a'), START + 35_000);
  });

  it('ends on time when the window is hidden, and continues at the hidden interval', async () => {
    scheduler.setTargets(['a']);
    await clock.tickAsync(0);
    scheduler.setVisible(false);
    scheduler.burst('a');
    await clock.tickAsync(BURST_MS + 2 * 60_000);
    const burstFetches = fetchedAt.filter((t) => t <= BURST_MS).length;
    assert.equal(burstFetches, 12, `fetches in the first ${BURST_MS} ms: ${fetchedAt.join()}`);
    assert.deepEqual(gaps().slice(-2), [60_000, 60_000], fetchedAt.join());
  });

  it('a second burst extends the fast polling from its own start, and only for that execution', async () => {
    scheduler.setTargets(['a', 'b']);
    await clock.tickAsync(0);
    scheduler.burst('a');
    await clock.tickAsync(6_000);
    scheduler.burst('a');
    await clock.tickAsync(30_000);
    // The second burst fetches at once (6 s appears twice: the timer's fetch, then the burst's).
    const times = (id: string): number[] => fetchedAt.filter((_, i) => fetchedIds[i] === id);
    assert.deepEqual(
      times('a').filter((t) => t >= 6_000),
      [
        6_000, 6_000, 7_000, 8_000, 9_000, 10_000, 11_000, 12_000, 13_000, 14_000, 15_000, 16_000, 21_000, 26_000,
        31_000, 36_000,
      ],
    );
    assert.deepEqual(times('b'), [0, 5_000, 10_000, 15_000, 20_000, 25_000, 30_000, 35_000]);
  });
});
