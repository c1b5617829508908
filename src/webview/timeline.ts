// The Timeline tab: one lane per step from the host's model (panel/timeline/model.ts), bars split into
// active and waiting for reviewers, SLA deadlines as lines, markers, idle gaps compressed on request.
// Only the lanes in sight are in the DOM (fixed row height), so 20,000 steps cost what 40 do; while the
// run goes on, each second only the open bars in sight grow. Lanes are keyboard reachable (one tab stop,
// arrows move, Enter selects); hover or focus shows exact times, in the title and in a described-by line.
import type { TimelineMarker, TimelineModel, TimelineRow, TimelineStepRow } from '../panel/protocol';
import { formatAbsolute, formatDuration, stepStatusWord } from '../util/format';
import { button, h, setText, show } from './dom';
import { statusClass } from './renderHeader';
import { oneLine, plural } from './text';
import { barBox, makeAxis, position, runningEnd, type Axis } from './timelineLayout';
import { computeWindow } from './virtualList';
import type { ViewState } from './viewState';

export const LANE_HEIGHT = 22;
const MIN_BAR_PX = 3;
const DETAIL_ID = 'tl-detail';

export interface StepSelection {
  /** Select a step (the event stream filters to it); null clears the selection. */
  selectStep(stepId: string | null): void;
}

export interface TimelineView {
  /** Draws what changed: all after a new model, selection or axis; else only the open bars grow. */
  render(s: Pick<ViewState, 'timeline' | 'now' | 'filters'>): void;
}

/** An open bar in sight, grown each second. */
interface OpenBar {
  row: TimelineStepRow;
  bar: HTMLElement;
  wait: HTMLElement | null;
}

/**
 * Called once by the App with the tab's container; then render() on every frame while the tab is shown.
 * A closure rather than a class: its locals minify to single letters (the webview bundle has a size goal).
 */
export function mountTimeline(container: HTMLElement, handlers: StepSelection): TimelineView {
  const note = h('span', { class: 'tl-note' });
  const gapsButton = button('', () => toggleGaps(), { class: 'subtle' });
  const axisEl = h('div', { class: 'tl-axis', attrs: { 'aria-hidden': 'true' } });
  const lanes = h('div', { class: 'tl-lanes', attrs: { role: 'listbox', 'aria-label': 'Step timeline' } });
  const layer = h('div', { class: 'tl-layer' });
  const spacer = h('div', { class: 'tl-spacer' }, [layer]);
  const detail = h('div', { class: 'tl-detail', attrs: { id: DETAIL_ID, 'aria-live': 'polite' } });
  let model: TimelineModel | null = null;
  let rows: readonly TimelineRow[] = [];
  let compress = true;
  let axis: Axis | undefined;
  let dirty = true;
  let active = 0;
  let selected: string | null = null;
  let open: OpenBar[] = [];
  let trackPx = 0;

  lanes.append(spacer);
  container.replaceChildren(
    h('section', { class: 'timeline' }, [h('div', { class: 'tl-head' }, [note, gapsButton]), axisEl, lanes, detail]),
  );

  const draw = (m: TimelineModel, now: number): void => {
    dirty = false;
    axis = makeAxis(m.start, m.end ?? runningEnd(m.start, now), m.gaps, compress);
    const notes = [plural(rows.filter((r) => r.kind === 'step').length, 'step')];
    if (m.moreRows > 0) notes.push(`${plural(m.moreRows, 'more step')} not shown`);
    if (m.moreMarkers > 0) notes.push(`${plural(m.moreMarkers, 'more run marker')} not shown`);
    if (m.slaNote) notes.push(m.slaNote);
    setText(note, oneLine(notes.join(' · '), 600));
    show(gapsButton, m.gaps.length > 0);
    setText(gapsButton.lastChild as Element, compress ? 'Expand idle gaps' : 'Compress idle gaps');
    const items: Element[] = [];
    for (const gap of axis.gaps) {
      const el = h('span', {
        class: 'tl-gap',
        text: '⋯',
        title: `Idle ${formatDuration(gap.to - gap.from)} (compressed)`,
      });
      place(el, position(axis, gap.from), position(axis, gap.to) - position(axis, gap.from));
      items.push(el);
    }
    for (const marker of m.runMarkers) items.push(markerEl(axis, marker));
    axisEl.replaceChildren(...items);
    spacer.style.height = `${rows.length * LANE_HEIGHT}px`;
    drawLanes();
  };

  /** The lanes in sight (and a few more), rebuilt on scroll and on a full draw. */
  const drawLanes = (): void => {
    if (!axis) return;
    const win = computeWindow({
      scrollTop: lanes.scrollTop,
      viewportHeight: lanes.clientHeight || 400,
      rowHeight: LANE_HEIGHT,
      count: rows.length,
      overscan: 8,
    });
    trackPx = Math.max(100, (lanes.clientWidth || 600) * 0.7);
    layer.style.transform = `translateY(${win.offsetY}px)`;
    open = [];
    const items: Element[] = [];
    for (let i = win.start; i < win.end; i++) items.push(lane(i, axis));
    // A redraw replaces the lanes: the one that had focus gets it back.
    const focused = lanes.contains(document.activeElement);
    layer.replaceChildren(...items);
    if (focused) focusLane(active, false);
  };

  const lane = (index: number, axis: Axis): Element => {
    const row = rows[index]!;
    const track = h('div', { class: 'tl-track' });
    const label =
      row.kind === 'group'
        ? `Group ${oneLine(row.groupId, 120)}`
        : `${oneLine(row.nodeId, 120)}${row.iteration !== null ? ` #${row.iteration}` : ''}`;
    const isSelected = row.kind === 'step' && row.stepId === selected;
    const kind = row.kind === 'group' ? ' tl-group' : row.groupId !== null ? ' tl-member' : '';
    const el = h(
      'div',
      {
        class: `tl-row${kind}${isSelected ? ' selected' : ''}`,
        title: describe(row, Date.now()).join('\n'),
        attrs: {
          role: 'option',
          'aria-selected': String(isSelected),
          'aria-describedby': DETAIL_ID,
          tabindex: index === active ? 0 : -1,
          'data-index': index,
        },
      },
      [h('span', { class: 'tl-label', text: label }), track],
    );
    if (row.kind === 'step' && row.startedAt !== null) {
      const bar = h('div', { class: `tl-bar ${statusClass(row.status)}` });
      const wait = row.waitingFrom !== null ? h('div', { class: 'tl-wait' }) : null;
      if (wait) bar.append(wait);
      track.append(bar);
      const item = { row, bar, wait };
      placeBar(item, Date.now());
      if (row.endedAt === null) open.push(item);
      if (row.slaAt !== null && row.slaAt <= axis.end) {
        const sla = h('div', { class: 'tl-sla' });
        place(sla, position(axis, row.slaAt), 0);
        track.append(sla);
      }
    }
    for (const marker of row.markers) track.append(markerEl(axis, marker));
    return el;
  };

  const placeBar = ({ row, bar, wait }: OpenBar, now: number): void => {
    const a = axis!;
    const box = barBox(a, row.startedAt!, row.endedAt ?? Math.min(now, a.end), MIN_BAR_PX / trackPx);
    place(bar, box.left, box.width);
    if (wait && row.waitingFrom !== null) {
      const share = (position(a, row.waitingFrom) - box.left) / box.width;
      wait.style.left = `${Math.min(1, Math.max(0, share)) * 100}%`;
    }
  };

  const toggleGaps = (): void => {
    compress = !compress;
    if (model) draw(model, Date.now());
  };

  const indexOf = (target: EventTarget | null): number | undefined => {
    const index = Number((target as Element).closest?.('.tl-row')?.getAttribute('data-index') ?? NaN);
    return Number.isInteger(index) ? index : undefined;
  };

  const choose = (index: number): void => {
    focusLane(index, true);
    const row = rows[index];
    // Like the header's step chips: choosing the selected step again shows every step.
    if (row?.kind === 'step') handlers.selectStep(row.stepId === selected ? null : row.stepId);
  };

  /** Moves the tab stop to lane `index`, scrolling it into sight (`redraw`: the lanes in sight may change). */
  const focusLane = (index: number, redraw: boolean): void => {
    active = index;
    if (redraw) {
      const top = index * LANE_HEIGHT;
      if (top < lanes.scrollTop) lanes.scrollTop = top;
      else if (top + LANE_HEIGHT > lanes.scrollTop + lanes.clientHeight)
        lanes.scrollTop = top + LANE_HEIGHT - lanes.clientHeight;
      drawLanes();
    }
    layer.querySelector<HTMLElement>(`[data-index="${index}"]`)?.focus();
  };

  lanes.addEventListener('scroll', drawLanes);
  lanes.addEventListener('click', (e) => {
    const index = indexOf(e.target);
    if (index !== undefined) choose(index);
  });
  lanes.addEventListener('keydown', (e) => {
    const last = rows.length - 1;
    const to = ({ ArrowDown: active + 1, ArrowUp: active - 1, Home: 0, End: last } as Record<string, number>)[e.key];
    if (to !== undefined) {
      e.preventDefault();
      focusLane(Math.max(0, Math.min(last, to)), true);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      choose(active);
    }
  });
  const showTimes = (e: Event): void => {
    const row = rows[indexOf(e.target) ?? -1];
    if (row) setText(detail, describe(row, Date.now()).join(' · '));
  };
  lanes.addEventListener('mouseover', showTimes);
  lanes.addEventListener('focusin', showTimes);

  return {
    render(s) {
      const now = s.now;
      const m = s.timeline;
      if (m !== model || s.filters.step !== selected) {
        model = m;
        rows = m?.rows ?? [];
        selected = s.filters.step;
        active = Math.min(active, Math.max(0, rows.length - 1));
        dirty = true;
      }
      if (!m) {
        setText(note, 'The timeline appears once the execution has loaded.');
        show(gapsButton, false);
        axisEl.replaceChildren();
        layer.replaceChildren();
        return;
      }
      if (m.end === null && axis && now > axis.end) dirty = true;
      if (dirty) draw(m, now);
      else for (const item of open) placeBar(item, now);
    },
  };
}

function markerEl(axis: Axis, marker: TimelineMarker): HTMLElement {
  const el = h('span', { class: `tl-mark tl-${marker.kind}`, title: markerText(marker) });
  place(el, position(axis, marker.at), 0);
  return el;
}

/** Exact times of a lane, one fact a line (its title; joined for the described-by line). */
function describe(row: TimelineRow, now: number): string[] {
  if (row.kind === 'group') return [`Parallel group ${oneLine(row.groupId, 200)}`, ...row.markers.map(markerText)];
  const lines = [
    `${oneLine(row.nodeId, 200)}${row.iteration !== null ? ` (run ${row.iteration})` : ''}: ${oneLine(stepStatusWord(row), 100)}`,
  ];
  if (row.startedAt === null) return [...lines, 'Not started'];
  const end = row.endedAt ?? now;
  lines.push(`Started ${formatAbsolute(row.startedAt)}`);
  if (row.waitingFrom !== null)
    lines.push(
      `Active ${formatDuration(row.waitingFrom - row.startedAt)}, waiting for reviewers ${formatDuration(end - row.waitingFrom)} from ${formatAbsolute(row.waitingFrom)}`,
    );
  lines.push(
    row.endedAt === null
      ? `Running for ${formatDuration(end - row.startedAt)}`
      : `Ended ${formatAbsolute(row.endedAt)} after ${formatDuration(end - row.startedAt)}`,
  );
  if (row.slaAt !== null) lines.push(`SLA deadline ${formatAbsolute(row.slaAt)}${end > row.slaAt ? ' (passed)' : ''}`);
  return [...lines, ...row.markers.map(markerText)];
}

function markerText(m: TimelineMarker): string {
  return `${oneLine(m.label, 200)} — ${formatAbsolute(m.at)}`;
}

/** Positions an element on the track by fractions of its width (a width of 0 leaves the width to CSS). */
function place(el: HTMLElement, left: number, width: number): void {
  el.style.left = `${left * 100}%`;
  if (width > 0) el.style.width = `${width * 100}%`;
}
