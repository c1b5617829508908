// Windowing maths: the DOM holds only visible rows plus overscan, whatever the row count; scrolling to
// a row, the bottom test and the scaled range past the browser's height cap.
import { strict as assert } from 'node:assert';
import {
  computeWindow,
  contentHeight,
  firstVisibleIndex,
  isAtBottom,
  pageRows,
  scrollTopFor,
} from '../../../src/webview/virtualList';

const base = { viewportHeight: 440, rowHeight: 22, overscan: 30 };

describe('virtualList', () => {
  it('renders nothing for an empty list', () => {
    assert.deepEqual(computeWindow({ ...base, scrollTop: 0, count: 0 }), {
      start: 0,
      end: 0,
      offsetY: 0,
      totalHeight: 0,
      scale: 1,
    });
  });

  it('renders only the visible rows plus overscan at the top', () => {
    const w = computeWindow({ ...base, scrollTop: 0, count: 100_000 });
    assert.equal(w.start, 0);
    assert.equal(w.end, 20 + 1 + 30);
    assert.equal(w.offsetY, 0);
    assert.equal(w.totalHeight, 2_200_000);
  });

  it('keeps the DOM bounded anywhere in a 100,000-row list', () => {
    for (const scrollTop of [0, 1234, 500_000, 1_099_999, 2_200_000 - 440, 9_999_999]) {
      const w = computeWindow({ ...base, scrollTop, count: 100_000 });
      assert.ok(w.end - w.start <= 20 + 1 + 60, `window at ${scrollTop} has ${w.end - w.start} rows`);
      assert.ok(w.start >= 0 && w.end <= 100_000);
    }
  });

  it('places the first rendered row at its pixel offset', () => {
    const w = computeWindow({ ...base, scrollTop: 22 * 1000 + 5, count: 100_000 });
    assert.equal(w.start, 1000 - 30);
    assert.equal(w.offsetY, (1000 - 30) * 22);
  });

  it('clamps a scroll position past the end', () => {
    const w = computeWindow({ ...base, scrollTop: 1e9, count: 50 });
    assert.equal(w.end, 50);
    assert.ok(w.start >= 0);
  });

  it('scales the scroll range past the height cap and still reaches the last row', () => {
    const count = 1_000_000;
    const max = 1_000_000;
    assert.equal(contentHeight(count, 22, max), max);
    const bottom = computeWindow({ ...base, scrollTop: max - 440, count, maxScrollHeight: max });
    assert.equal(bottom.end, count);
    assert.ok(bottom.scale > 1);
    const firstVisible = bottom.start + 30;
    // The last row's bottom edge sits at the viewport's bottom edge.
    assert.equal(Math.round(bottom.offsetY + (count - bottom.start) * 22), max);
    assert.ok(firstVisible < count);
    const middle = computeWindow({ ...base, scrollTop: (max - 440) / 2, count, maxScrollHeight: max });
    assert.ok(Math.abs(middle.start + 30 - count / 2) < 100);
  });

  it('computes the scrollTop that shows a row', () => {
    const input = { scrollTop: 0, viewportHeight: 440, rowHeight: 22, count: 1000 };
    assert.equal(scrollTopFor(100, 'start', input), 2200);
    assert.equal(scrollTopFor(100, 'end', input), 101 * 22 - 440);
    assert.equal(scrollTopFor(5, 'nearest', input), 0, 'already visible: no move');
    assert.equal(scrollTopFor(30, 'nearest', input), 31 * 22 - 440, 'below: align to the bottom');
    assert.equal(scrollTopFor(2, 'nearest', { ...input, scrollTop: 500 }), 44, 'above: align to the top');
    assert.equal(scrollTopFor(999, 'start', input), 1000 * 22 - 440, 'never past the end');
  });

  it('finds the first visible index and page size', () => {
    assert.equal(firstVisibleIndex({ scrollTop: 22 * 40 + 3, viewportHeight: 440, rowHeight: 22, count: 1000 }), 40);
    assert.equal(pageRows(440, 22), 19);
    assert.equal(pageRows(10, 22), 1);
  });

  it('tells when the view is at the bottom', () => {
    assert.equal(isAtBottom(1560, 440, 2000), true);
    assert.equal(isAtBottom(1500, 440, 2000), false);
  });
});
