// Windowing maths for the event list: which rows to put in the DOM for a scroll position, with fixed
// row height and an overscan on both sides. Past MAX_SCROLL_HEIGHT pixels (browsers cap element
// heights) the scroll range is scaled, so any number of rows stays reachable. Pure (no DOM).

export const MAX_SCROLL_HEIGHT = 8_000_000;

export interface WindowInput {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  count: number;
  overscan: number;
  maxScrollHeight?: number;
}

export interface RowWindow {
  /** First row index in the DOM. */
  start: number;
  /** One past the last row index in the DOM. */
  end: number;
  /** Pixel offset of row `start` inside the scroll content. */
  offsetY: number;
  /** Height of the scroll content. */
  totalHeight: number;
  /** Virtual pixels per scroll pixel (1 unless the list is taller than the cap). */
  scale: number;
}

export function contentHeight(count: number, rowHeight: number, maxScrollHeight = MAX_SCROLL_HEIGHT): number {
  return Math.min(count * rowHeight, maxScrollHeight);
}

function scaleOf(count: number, rowHeight: number, viewportHeight: number, maxScrollHeight: number): number {
  const virtual = count * rowHeight;
  if (virtual <= maxScrollHeight) return 1;
  return Math.max(1, (virtual - viewportHeight) / Math.max(1, maxScrollHeight - viewportHeight));
}

export function computeWindow(input: WindowInput): RowWindow {
  const { viewportHeight, rowHeight, count, overscan } = input;
  const max = input.maxScrollHeight ?? MAX_SCROLL_HEIGHT;
  const totalHeight = contentHeight(count, rowHeight, max);
  const scale = scaleOf(count, rowHeight, viewportHeight, max);
  if (count === 0 || rowHeight <= 0) return { start: 0, end: 0, offsetY: 0, totalHeight, scale };
  const scrollTop = Math.min(Math.max(0, input.scrollTop), Math.max(0, totalHeight - viewportHeight));
  const virtualTop = scrollTop * scale;
  const firstVisible = Math.min(count - 1, Math.floor(virtualTop / rowHeight));
  const visibleRows = Math.ceil(viewportHeight / rowHeight) + 1;
  const start = Math.max(0, firstVisible - overscan);
  const end = Math.min(count, firstVisible + visibleRows + overscan);
  const offsetY = scrollTop + (start * rowHeight - virtualTop);
  return { start, end, offsetY, totalHeight, scale };
}

/** The scrollTop that shows row `index` (row 0 at the top when `align` is start). */
export function scrollTopFor(
  index: number,
  align: 'start' | 'end' | 'nearest',
  input: Omit<WindowInput, 'overscan'>,
): number {
  const { viewportHeight, rowHeight, count } = input;
  const max = input.maxScrollHeight ?? MAX_SCROLL_HEIGHT;
  const scale = scaleOf(count, rowHeight, viewportHeight, max);
  const totalHeight = contentHeight(count, rowHeight, max);
  const limit = Math.max(0, totalHeight - viewportHeight);
  const top = (index * rowHeight) / scale;
  const bottom = ((index + 1) * rowHeight - viewportHeight) / scale;
  let target: number;
  if (align === 'start') target = top;
  else if (align === 'end') target = bottom;
  else if (input.scrollTop > top) target = top;
  else if (input.scrollTop < bottom) target = bottom;
  else target = input.scrollTop;
  return Math.min(limit, Math.max(0, target));
}

/** Row index at the top of the viewport (to keep the place across a reload). */
export function firstVisibleIndex(input: Omit<WindowInput, 'overscan'>): number {
  return computeWindow({ ...input, overscan: 0 }).start;
}

export function isAtBottom(scrollTop: number, viewportHeight: number, scrollHeight: number, tolerance = 4): boolean {
  return scrollTop + viewportHeight >= scrollHeight - tolerance;
}

/** Rows that fit a page (PageUp/PageDown). */
export function pageRows(viewportHeight: number, rowHeight: number): number {
  return Math.max(1, Math.floor(viewportHeight / rowHeight) - 1);
}
