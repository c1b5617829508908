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

/** Called once by the App with the tab's container; then render() on every frame while the tab is shown. */
export function mountTimeline(container: HTMLElement, handlers: StepSelection): TimelineView {
  const view = new TimelineView(handlers);
  container.replaceChildren(view.el);
  return view;
}

/** An open bar in sight, grown each second. */
interface OpenBar {
  row: TimelineStepRow;
  bar: HTMLElement;
  wait: HTMLElement | null;
}

export class TimelineView {
  readonly el: HTMLElement;
  private readonly note = h('span', { class: 'tl-note' });
  private readonly gapsButton = button('', () => this.toggleGaps(), { class: 'subtle' });
  private readonly axisEl = h('div', { class: 'tl-axis', attrs: { 'aria-hidden': 'true' } });
  private readonly lanes = h('div', { class: 'tl-lanes', attrs: { role: 'listbox', 'aria-label': 'Step timeline' } });
  private readonly spacer = h('div', { class: 'tl-spacer' });
  private readonly layer = h('div', { class: 'tl-layer' });
  private readonly detail = h('div', { class: 'tl-detail', attrs: { id: DETAIL_ID, 'aria-live': 'polite' } });
  private model: TimelineModel | null = null;
  private compress = true;
  private axis: Axis | undefined;
  private dirty = true;
  private active = 0;
  private selected: string | null = null;
  private open: OpenBar[] = [];
  private trackPx = 0;

  constructor(private readonly actions: StepSelection) {
    this.spacer.append(this.layer);
    this.lanes.append(this.spacer);
    this.el = h('section', { class: 'timeline' }, [
      h('div', { class: 'tl-head' }, [this.note, this.gapsButton]),
      this.axisEl,
      this.lanes,
      this.detail,
    ]);
    this.lanes.addEventListener('scroll', () => this.drawLanes());
    this.lanes.addEventListener('keydown', (e) => this.onKey(e));
    this.lanes.addEventListener('click', (e) => {
      const index = this.indexOf(e.target);
      if (index !== undefined) this.choose(index);
    });
    const describe = (e: Event): void => {
      const index = this.indexOf(e.target);
      if (index !== undefined) setText(this.detail, this.describe(index, Date.now()).join(' · '));
    };
    this.lanes.addEventListener('mouseover', describe);
    this.lanes.addEventListener('focusin', describe);
  }

  get rows(): readonly TimelineRow[] {
    return this.model?.rows ?? [];
  }

  /** Draws what changed: everything after a new model or when a running run outgrows the axis, else the open bars. */
  render(s: Pick<ViewState, 'timeline' | 'now' | 'filters'>): void {
    const { now } = s;
    const m = s.timeline;
    if (m !== this.model || s.filters.step !== this.selected) {
      this.model = m;
      this.selected = s.filters.step;
      this.active = Math.min(this.active, Math.max(0, this.rows.length - 1));
      this.dirty = true;
    }
    if (!m) {
      setText(this.note, 'The timeline appears once the execution has loaded.');
      show(this.gapsButton, false);
      this.axisEl.replaceChildren();
      this.layer.replaceChildren();
      return;
    }
    if (m.end === null && this.axis && now > this.axis.end) this.dirty = true;
    if (this.dirty) return this.draw(m, now);
    for (const open of this.open) this.placeBar(open, now);
  }

  private draw(m: TimelineModel, now: number): void {
    this.dirty = false;
    this.axis = makeAxis(m.start, m.end ?? runningEnd(m.start, now), m.gaps, this.compress);
    const steps = this.rows.filter((r) => r.kind === 'step').length;
    const notes = [plural(steps, 'step')];
    if (m.moreRows > 0) notes.push(`${plural(m.moreRows, 'more step')} not shown`);
    if (m.moreMarkers > 0) notes.push(`${plural(m.moreMarkers, 'more run marker')} not shown`);
    if (m.slaNote) notes.push(m.slaNote);
    setText(this.note, oneLine(notes.join(' · '), 600));
    show(this.gapsButton, m.gaps.length > 0);
    setText(this.gapsButton.lastChild as Element, this.compress ? 'Expand idle gaps' : 'Compress idle gaps');
    this.drawAxis(m);
    this.spacer.style.height = `${this.rows.length * LANE_HEIGHT}px`;
    this.drawLanes();
  }

  private drawAxis(m: TimelineModel): void {
    const axis = this.axis!;
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
    for (const marker of m.runMarkers) items.push(this.marker(marker));
    this.axisEl.replaceChildren(...items);
  }

  /** The lanes in sight (and a few more), rebuilt on scroll and on a full draw. */
  private drawLanes(): void {
    const axis = this.axis;
    if (!axis) return;
    const win = computeWindow({
      scrollTop: this.lanes.scrollTop,
      viewportHeight: this.lanes.clientHeight || 400,
      rowHeight: LANE_HEIGHT,
      count: this.rows.length,
      overscan: 8,
    });
    this.trackPx = Math.max(100, (this.lanes.clientWidth || 600) * 0.7);
    this.layer.style.transform = `translateY(${win.offsetY}px)`;
    this.open = [];
    const lanes: Element[] = [];
    for (let i = win.start; i < win.end; i++) lanes.push(this.lane(i, axis));
    // A redraw replaces the lanes: the one that had focus gets it back.
    const focused = this.lanes.contains(document.activeElement);
    this.layer.replaceChildren(...lanes);
    if (focused) this.layer.querySelector<HTMLElement>(`[data-index="${this.active}"]`)?.focus();
  }

  private lane(index: number, axis: Axis): Element {
    const row = this.rows[index]!;
    const track = h('div', { class: 'tl-track' });
    const label =
      row.kind === 'group'
        ? `Group ${oneLine(row.groupId, 120)}`
        : `${oneLine(row.nodeId, 120)}${row.iteration !== null ? ` #${row.iteration}` : ''}`;
    const selected = row.kind === 'step' && row.stepId === this.selected;
    const kind = row.kind === 'group' ? ' tl-group' : row.groupId !== null ? ' tl-member' : '';
    const el = h(
      'div',
      {
        class: `tl-row${kind}${selected ? ' selected' : ''}`,
        title: this.describe(index, Date.now()).join('\n'),
        attrs: {
          role: 'option',
          'aria-selected': String(selected),
          'aria-describedby': DETAIL_ID,
          tabindex: index === this.active ? 0 : -1,
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
      const open = { row, bar, wait };
      this.placeBar(open, Date.now());
      if (row.endedAt === null) this.open.push(open);
      if (row.slaAt !== null && row.slaAt <= axis.end) {
        const sla = h('div', { class: 'tl-sla' });
        place(sla, position(axis, row.slaAt), 0);
        track.append(sla);
      }
    }
    for (const marker of row.markers) track.append(this.marker(marker));
    return el;
  }

  private placeBar({ row, bar, wait }: OpenBar, now: number): void {
    const axis = this.axis!;
    const end = row.endedAt ?? Math.min(now, axis.end);
    const box = barBox(axis, row.startedAt!, end, MIN_BAR_PX / this.trackPx);
    place(bar, box.left, box.width);
    if (wait && row.waitingFrom !== null) {
      const from = position(axis, row.waitingFrom);
      const share = Math.min(1, Math.max(0, (from - box.left) / box.width));
      wait.style.left = `${share * 100}%`;
    }
  }

  private marker(marker: TimelineMarker): Element {
    const el = h('span', {
      class: `tl-mark tl-${marker.kind}`,
      title: `${oneLine(marker.label, 200)} — ${formatAbsolute(marker.at)}`,
    });
    place(el, position(this.axis!, marker.at), 0);
    return el;
  }

  /** Exact times of a lane, one fact a line (its title; joined for the described-by line). */
  describe(index: number, now: number): string[] {
    const row = this.rows[index];
    if (!row) return [];
    if (row.kind === 'group')
      return [`Parallel group ${oneLine(row.groupId, 200)}`, ...row.markers.map((m) => markerText(m))];
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
    if (row.slaAt !== null)
      lines.push(`SLA deadline ${formatAbsolute(row.slaAt)}${end > row.slaAt ? ' (passed)' : ''}`);
    return [...lines, ...row.markers.map((m) => markerText(m))];
  }

  private toggleGaps(): void {
    this.compress = !this.compress;
    this.dirty = true;
    if (this.model) this.draw(this.model, Date.now());
  }

  private indexOf(target: EventTarget | null): number | undefined {
    const index = Number((target as Element).closest?.('.tl-row')?.getAttribute('data-index') ?? NaN);
    return Number.isInteger(index) ? index : undefined;
  }

  private choose(index: number): void {
    this.focus(index);
    const row = this.rows[index];
    // Like the header's step chips: choosing the selected step again shows every step.
    if (row?.kind === 'step') this.actions.selectStep(row.stepId === this.selected ? null : row.stepId);
  }

  private onKey(e: KeyboardEvent): void {
    const last = this.rows.length - 1;
    const moves: Record<string, number> = {
      ArrowDown: this.active + 1,
      ArrowUp: this.active - 1,
      Home: 0,
      End: last,
    };
    const to = moves[e.key];
    if (to !== undefined) {
      e.preventDefault();
      this.focus(Math.max(0, Math.min(last, to)));
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.choose(this.active);
    }
  }

  /** Moves the tab stop to lane `index`, scrolling it into sight. */
  private focus(index: number): void {
    this.active = index;
    const top = index * LANE_HEIGHT;
    const view = this.lanes;
    if (top < view.scrollTop) view.scrollTop = top;
    else if (top + LANE_HEIGHT > view.scrollTop + view.clientHeight)
      view.scrollTop = top + LANE_HEIGHT - view.clientHeight;
    this.drawLanes();
    this.layer.querySelector<HTMLElement>(`[data-index="${index}"]`)?.focus();
  }
}

function markerText(m: TimelineMarker): string {
  return `${oneLine(m.label, 200)} ${formatAbsolute(m.at)}`;
}

/** Positions an element on the track by fractions of its width (a width of 0 leaves the width to CSS). */
function place(el: HTMLElement, left: number, width: number): void {
  el.style.left = `${left * 100}%`;
  if (width > 0) el.style.width = `${width * 100}%`;
}
