// The live-tail schedule: interval while visible, slower while hidden, nothing while paused or
// suspended, and stopped for good once a tick reports a terminal execution.
import { strict as assert } from 'node:assert';
import { LiveTail } from '../../../src/panel/liveTail';
import { ManualClock } from './fakes';

function harness(terminalAfter = Infinity) {
  const clock = new ManualClock();
  let ticks = 0;
  let changes = 0;
  const tail = new LiveTail({
    intervals: () => ({ visibleMs: 5000, hiddenMs: 60_000 }),
    tick: async () => ++ticks >= terminalAfter,
    onChange: () => changes++,
    clock,
  });
  return { clock, tail, ticks: () => ticks, changes: () => changes };
}

describe('LiveTail', () => {
  it('is off until started, then ticks every interval while visible', async () => {
    const h = harness();
    assert.equal(h.tail.state, 'off');
    h.tail.start();
    assert.equal(h.tail.state, 'live');
    await h.clock.advance(4999);
    assert.equal(h.ticks(), 0);
    await h.clock.advance(1);
    assert.equal(h.ticks(), 1);
    await h.clock.advance(15_000);
    assert.equal(h.ticks(), 4);
  });

  it('slows down while hidden and catches up at once when shown', async () => {
    const h = harness();
    h.tail.start();
    h.tail.setVisible(false);
    assert.equal(h.tail.state, 'slow');
    assert.equal(h.tail.status().intervalMs, 60_000);
    await h.clock.advance(59_000);
    assert.equal(h.ticks(), 0);
    await h.clock.advance(1000);
    assert.equal(h.ticks(), 1);
    h.tail.setVisible(true);
    await h.clock.advance(0);
    assert.equal(h.ticks(), 2, 'an immediate tick on becoming visible');
  });

  it('does nothing while paused or suspended', async () => {
    const h = harness();
    h.tail.start();
    h.tail.setPaused(true);
    assert.equal(h.tail.state, 'paused');
    await h.clock.advance(60_000);
    assert.equal(h.ticks(), 0);
    h.tail.setPaused(false);
    await h.clock.advance(0);
    assert.equal(h.ticks(), 1);
    h.tail.setSuspended(true);
    assert.equal(h.tail.state, 'off');
    await h.clock.advance(60_000);
    assert.equal(h.ticks(), 1);
  });

  it('stops for good at a terminal execution', async () => {
    const h = harness(3);
    h.tail.start();
    await h.clock.advance(60_000);
    assert.equal(h.ticks(), 3);
    assert.equal(h.tail.state, 'stopped');
    h.tail.setPaused(false);
    h.tail.setVisible(false);
    h.tail.setVisible(true);
    h.tail.start();
    await h.clock.advance(60_000);
    assert.equal(h.ticks(), 3);
    assert.deepEqual(h.clock.pending, []);
  });

  it('leaves no timer behind when disposed', async () => {
    const h = harness();
    h.tail.start();
    h.tail.dispose();
    assert.deepEqual(h.clock.pending, []);
  });
});
