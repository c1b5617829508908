import * as assert from 'node:assert/strict';
import FakeTimers from '@sinonjs/fake-timers';
import { PollScheduler, type PollOutcome } from '../../../src/state/pollScheduler';
import type { Clock } from '../../../src/util/clock';

describe('PollScheduler', () => {
  let clock: ReturnType<typeof FakeTimers.createClock>;
  let timers: Clock;
  let calls: string[];
  let outcomes: Map<string, () => PollOutcome>;
  let scheduler: PollScheduler;

  beforeEach(() => {
    clock = FakeTimers.createClock(1_000_000);
    timers = {
      setTimeout: (fn, ms) => clock.setTimeout(fn, ms),
      clearTimeout: (h) => clock.clearTimeout(h as number),
      now: () => clock.now,
    };
    calls = [];
    outcomes = new Map();
    scheduler = new PollScheduler({
      fetch: async (id) => {
        calls.push(id);
        return (outcomes.get(id) ?? (() => ({})))();
      },
      intervals: () => ({ visibleMs: 5_000, hiddenMs: 60_000 }),
      timers,
      random: () => 0.5,
    });
  });
  afterEach(() => scheduler.dispose());

  const advance = async (ms: number): Promise<void> => {
    await clock.tickAsync(ms);
  };

  it('fetches new targets at once and then every visible interval', async () => {
    scheduler.setTargets(['a']);
    await advance(0);
    assert.deepEqual(calls, ['a']);
    await advance(4_999);
    assert.equal(calls.length, 1);
    await advance(1);
    assert.equal(calls.length, 2);
  });

  it('stops polling an execution for good once it is terminal', async () => {
    outcomes.set('a', () => ({ terminal: true }));
    scheduler.setTargets(['a']);
    await advance(600_000);
    assert.deepEqual(calls, ['a']);
    assert.deepEqual(scheduler.activeIds, []);
  });

  it('polls much slower while hidden and catches up at once when visible again', async () => {
    scheduler.setTargets(['a']);
    await advance(0);
    scheduler.setVisible(false);
    await advance(5_000);
    assert.equal(calls.length, 2, 'the fetch already scheduled still runs');
    await advance(30_000);
    assert.equal(calls.length, 2);
    scheduler.setVisible(true);
    await advance(0);
    assert.equal(calls.length, 3);
  });

  it('backs off after failures and honours the server Retry-After', async () => {
    outcomes.set('a', () => ({ failed: { retryAfterMs: 45_000 } }));
    scheduler.setTargets(['a']);
    await advance(0);
    await advance(44_999);
    assert.equal(calls.length, 1);
    await advance(1);
    assert.equal(calls.length, 2);
    outcomes.set('a', () => ({ failed: {} }));
    await advance(0);
    const before = calls.length;
    await advance(10_000);
    assert.equal(calls.length, before, 'second failure waits longer than one interval');
  });

  it('reports each planned retry, and none after a permanent failure', async () => {
    const planned: [string, number | undefined][] = [];
    scheduler.dispose();
    scheduler = new PollScheduler({
      fetch: async (id) => (id === 'gone' ? { failed: { permanent: true } } : { failed: { retryAfterMs: 30_000 } }),
      intervals: () => ({ visibleMs: 5_000, hiddenMs: 60_000 }),
      timers,
      random: () => 0.5,
      onRescheduled: (id, at) => planned.push([id, at]),
    });
    const start = clock.now;
    scheduler.setTargets(['limited', 'gone']);
    await advance(0);
    assert.deepEqual(planned, [
      ['limited', start + 30_000],
      ['gone', undefined],
    ]);
  });

  it('stops on permanent failures until refreshed', async () => {
    outcomes.set('a', () => ({ failed: { permanent: true } }));
    scheduler.setTargets(['a']);
    await advance(120_000);
    assert.equal(calls.length, 1);
    outcomes.set('a', () => ({}));
    scheduler.refresh('a');
    await advance(0);
    assert.equal(calls.length, 2);
  });

  it('never runs two fetches of one id at a time', async () => {
    let release: () => void = () => undefined;
    let inFlight = 0;
    let maxInFlight = 0;
    scheduler.dispose();
    scheduler = new PollScheduler({
      fetch: () => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        return new Promise((r) => {
          release = () => {
            inFlight--;
            r({});
          };
        });
      },
      intervals: () => ({ visibleMs: 1_000, hiddenMs: 1_000 }),
      timers,
    });
    scheduler.setTargets(['a']);
    await advance(10_000);
    scheduler.refresh('a');
    await advance(10_000);
    assert.equal(maxInFlight, 1);
    release();
  });

  it('polls nothing when there are no running targets and drops removed ones', async () => {
    scheduler.setTargets(['a', 'b']);
    await advance(0);
    scheduler.setTargets(['b']);
    await advance(5_000);
    assert.deepEqual(calls, ['a', 'b', 'b']);
    scheduler.setTargets([]);
    await advance(60_000);
    assert.equal(calls.length, 3);
  });

  it('bursts after a pin or open', async () => {
    scheduler.setTargets(['a']);
    await advance(0);
    scheduler.burst('a');
    await advance(3_000);
    assert.ok(calls.length >= 4, `burst polled ${calls.length} times`);
  });
});
