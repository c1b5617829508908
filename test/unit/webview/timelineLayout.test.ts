// The timeline's axis: times to fractions, idle gaps compressed to a sliver (or drawn to scale), bars at
// least a minimum width and inside the track, and the held axis end of a running run.
import { strict as assert } from 'node:assert';
import { barBox, COMPRESSED_GAP_SHARE, makeAxis, position, runningEnd } from '../../../src/webview/timelineLayout';

const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} ≠ ${expected}`);

describe('timeline axis', () => {
  it('maps times linearly without gaps, clamped to the axis', () => {
    const axis = makeAxis(1000, 2000, [], true);
    close(position(axis, 1000), 0, 'start');
    close(position(axis, 1250), 0.25, 'quarter');
    close(position(axis, 2000), 1, 'end');
    close(position(axis, 0), 0, 'before the start');
    close(position(axis, 9000), 1, 'after the end');
  });

  it('draws a compressed gap as a sliver and keeps the busy parts in proportion', () => {
    // 0–100 busy, 100–10,100 idle, 10,100–10,200 busy.
    const gaps = [{ from: 100, to: 10_100 }];
    const axis = makeAxis(0, 10_200, gaps, true);
    const sliver = 200 * COMPRESSED_GAP_SHARE;
    close(axis.span, 200 + sliver, 'span');
    close(position(axis, 100), 100 / axis.span, 'gap start');
    close(position(axis, 10_100), (100 + sliver) / axis.span, 'gap end');
    close(position(axis, 5_100), (100 + sliver / 2) / axis.span, 'middle of the gap');
    close(position(axis, 10_200), 1, 'end');
    assert.ok(position(axis, 10_100) - position(axis, 100) < 0.05, 'the idle stretch takes a sliver');
    const expanded = makeAxis(0, 10_200, gaps, false);
    close(position(expanded, 10_100), 10_100 / 10_200, 'expanded: to scale');
  });

  it('keeps a zero-length or tiny bar at the minimum width, inside the track', () => {
    const axis = makeAxis(0, 1_000_000, [], true);
    const tiny = barBox(axis, 500_000, 500_001, 0.005);
    close(tiny.width, 0.005, 'minimum width');
    close(tiny.left, 0.5, 'left');
    const atEnd = barBox(axis, 1_000_000, 1_000_000, 0.005);
    close(atEnd.left + atEnd.width, 1, 'a bar at the end stays inside');
    const wide = barBox(axis, 0, 500_000, 0.005);
    close(wide.width, 0.5, 'a wide bar keeps its width');
  });

  it('holds the axis end of a running run ahead of now', () => {
    assert.equal(runningEnd(0, 1_000), 6_000, 'at least 5 s ahead');
    assert.equal(runningEnd(0, 400_000), 500_000, 'a quarter of its age ahead');
  });
});
