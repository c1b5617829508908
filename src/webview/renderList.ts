// The windowed event list: a scroll container whose content is as tall as all rows, and a layer holding
// only the visible rows plus overscan, recycled as the user scrolls. Fixed row height; details open in
// the detail pane, so rows never change size. Keyboard: arrows/j/k, PageUp/PageDown, Home/End, Enter.
// Reads what it shows (time format, step names, selection) from the view state; rows are refilled only
// when one of those changed. The columns drop by priority on narrow panels (panel.css).
// It never reads layout while rendering: the viewport height comes from a ResizeObserver and the scroll
// position from scroll events and its own writes, so a render after other views' writes forces no
// synchronous layout, and events arriving off-screen cost no DOM work at all. The App renders it, once
// per animation frame.
import type { PanelEvent, TimeFormat } from '../panel/protocol';
import { h, icon, setAttr, setText } from './dom';
import { Deps } from './keyed';
import { kindOf, KIND_GLYPHS, stepLabel, summarize } from './summaries';
import { oneLine } from './text';
import { formatTime, timeTooltip, type TimeContext } from './time';
import { computeWindow, isAtBottom, pageRows, scrollTopFor } from './virtualList';
import type { ViewState } from './viewState';

export const ROW_HEIGHT = 22;
export const OVERSCAN = 30;

export interface ListSource {
  count: number;
  at(position: number): PanelEvent | undefined;
  positionOfSeq(seq: number): number;
}

export interface ListHandlers {
  select(seq: number, openDetail: boolean): void;
  toggleDetail(): void;
  closeDetail(): void;
  nearEnd(): void;
  scrolled(): void;
  /** The list needs a render (scrolled, resized): the App renders everything in the next frame. */
  redraw(): void;
}

interface RowEls {
  row: HTMLDivElement;
  seq: HTMLSpanElement;
  time: HTMLSpanElement;
  glyph: HTMLSpanElement;
  type: HTMLSpanElement;
  step: HTMLSpanElement;
  summary: HTMLSpanElement;
  key: string;
}

/** The list's time column: the time of day without the date (the tooltip and the detail pane have it). */
const DATE_PREFIX = /^\d{4}-\d{2}-\d{2}[ T]/;
export function compactTime(ts: number, format: TimeFormat, context: TimeContext): string {
  return formatTime(ts, format, context).replace(DATE_PREFIX, '');
}

/** Width of the compact time column in `ch`. */
const TIME_WIDTH: Readonly<Record<TimeFormat, number>> = { local: 12, utc: 13, relative: 11, elapsed: 13 };

/** Column headings; each cell has the class of its column, so narrow layouts hide both together. */
export function columnHeadings(): HTMLDivElement {
  const columns: [string, string][] = [
    ['c-seq', 'Seq'],
    ['c-time', 'Time'],
    ['c-type', 'Type'],
    ['c-step', 'Step'],
    ['c-summary', 'Summary'],
  ];
  return h(
    'div',
    { class: 'columns', attrs: { 'aria-hidden': 'true' } },
    columns.map(([cls, label]) => h('span', { class: cls, text: label })),
  );
}

const summaries = new WeakMap<PanelEvent, string>();
function summaryOf(event: PanelEvent): string {
  let text = summaries.get(event);
  if (text === undefined) {
    text = oneLine(summarize(event), 400);
    summaries.set(event, text);
  }
  return text;
}

export class ListView {
  readonly el = h('div', {
    class: 'list',
    attrs: { role: 'listbox', tabindex: 0, 'aria-label': 'Events', 'aria-multiselectable': 'false' },
  });
  private readonly spacer = h('div', { class: 'spacer-rows' });
  private readonly layer = h('div', { class: 'rows' });
  private readonly pool: RowEls[] = [];
  private source: ListSource = { count: 0, at: () => undefined, positionOfSeq: () => -1 };
  private readonly presentation = new Deps();
  private renderVersion = 0;
  private userScrolled = false;
  /** Layout as last measured (clientHeight, scrollTop) or written (the spacer's height); -1: not measured yet. */
  private viewport = -1;
  private top = 0;
  private contentHeight = 0;
  /** aria-setsize as the rows show it. */
  private setSize = -1;

  constructor(
    private readonly handlers: ListHandlers,
    private readonly state: Readonly<ViewState>,
  ) {
    this.el.append(this.spacer, this.layer);
    this.el.addEventListener(
      'scroll',
      () => {
        // Scroll events run before the frame's renders, when layout is clean: reading here costs nothing.
        this.top = this.el.scrollTop;
        this.userScrolled = true;
        this.handlers.redraw();
        this.handlers.scrolled();
      },
      { passive: true },
    );
    this.el.addEventListener('keydown', (e) => this.onKey(e));
    this.layer.addEventListener('click', (e) => {
      const row = (e.target as HTMLElement).closest<HTMLElement>('.row');
      const seq = row ? Number(row.dataset['seq']) : NaN;
      if (Number.isFinite(seq)) this.handlers.select(seq, true);
    });
    new ResizeObserver(() => {
      // Observers run after layout, so this read is free too.
      this.viewport = this.el.clientHeight;
      this.handlers.redraw();
    }).observe(this.el);
  }

  get rowCount(): number {
    return this.layer.childElementCount;
  }

  /** Whether the list shows its end (as of the last render). */
  get atBottom(): boolean {
    const viewport = this.viewportHeight;
    return isAtBottom(this.top, viewport, Math.max(this.contentHeight, viewport));
  }

  setSource(source: ListSource): void {
    this.source = source;
    this.handlers.redraw();
  }

  scrollToBottom(): void {
    this.scrollTop = this.contentHeight;
  }

  scrollToPosition(position: number, align: 'start' | 'end' | 'nearest'): void {
    this.scrollTop = scrollTopFor(position, align, this.metrics());
  }

  get scrollTop(): number {
    return this.top;
  }

  /** Scrolls (clamped the way the browser clamps against the rendered content); the scroll event confirms it. */
  set scrollTop(value: number) {
    this.el.scrollTop = value;
    this.top = Math.min(Math.max(0, value), Math.max(0, this.contentHeight - this.viewportHeight));
    this.handlers.redraw();
  }

  private get viewportHeight(): number {
    // Measured once before the observer's first report; afterwards the observer keeps it.
    if (this.viewport < 0) this.viewport = this.el.clientHeight;
    return this.viewport;
  }

  private metrics() {
    return {
      scrollTop: this.top,
      viewportHeight: this.viewportHeight,
      rowHeight: ROW_HEIGHT,
      count: this.source.count,
    };
  }

  private get timeContext(): TimeContext {
    return { now: this.state.now, startedAt: this.state.startedAt };
  }

  render(): void {
    const s = this.state;
    const relativeTick = s.timeFormat === 'relative' ? Math.floor(s.now / 10_000) : 0;
    if (this.presentation.changed(s.timeFormat, s.nodeIds, s.startedAt, s.selectedSeq, relativeTick)) {
      this.renderVersion++;
      this.el.style.setProperty('--time-width', `${TIME_WIDTH[s.timeFormat]}ch`);
    }
    const win = computeWindow({ ...this.metrics(), overscan: OVERSCAN });
    if (win.totalHeight !== this.contentHeight) {
      this.contentHeight = win.totalHeight;
      this.spacer.style.height = `${win.totalHeight}px`;
      // Shorter content pulls the scroll position up, as the browser will.
      this.top = Math.min(this.top, Math.max(0, win.totalHeight - this.viewportHeight));
    }
    const transform = `translateY(${win.offsetY}px)`;
    if (this.layer.style.transform !== transform) this.layer.style.transform = transform;
    // The set size changes with every batch while loading; it is the only thing rows show about it.
    const count = this.source.count;
    const sizeChanged = count !== this.setSize;
    this.setSize = count;
    const needed = win.end - win.start;
    while (this.pool.length < needed) this.pool.push(this.createRow());
    for (let i = 0; i < needed; i++) {
      const els = this.pool[i]!;
      if (els.row.parentNode !== this.layer) this.layer.append(els.row);
      if (this.fill(els, win.start + i) || sizeChanged) setAttr(els.row, 'aria-setsize', count);
    }
    while (this.layer.childElementCount > needed) this.layer.lastChild!.remove();
    this.pool.length = Math.min(this.pool.length, needed + 20);
    const selected = s.selectedSeq === null ? -1 : this.source.positionOfSeq(s.selectedSeq);
    setAttr(
      this.el,
      'aria-activedescendant',
      selected >= win.start && selected < win.end ? `row-${s.selectedSeq}` : undefined,
    );
    if (this.userScrolled && win.end >= this.source.count - OVERSCAN) {
      this.userScrolled = false;
      this.handlers.nearEnd();
    }
  }

  private createRow(): RowEls {
    const span = (cls: string) => h('span', { class: cls });
    const els = {
      row: h('div', { class: 'row', attrs: { role: 'option' } }),
      seq: span('c-seq'),
      time: span('c-time'),
      glyph: span('glyph'),
      type: span('c-type-name'),
      step: span('c-step'),
      summary: span('c-summary'),
      key: '',
    };
    els.glyph.setAttribute('aria-hidden', 'true');
    els.row.append(els.seq, els.time, h('span', { class: 'c-type' }, [els.glyph, els.type]), els.step, els.summary);
    return els;
  }

  /** Fills a row for the event at `position`; returns false when it already shows it as it should. */
  private fill(els: RowEls, position: number): boolean {
    const event = this.source.at(position);
    if (!event) return false;
    const key = `${event.seq}:${this.renderVersion}:${position}`;
    if (els.key === key) return false;
    els.key = key;
    const kind = kindOf(event);
    const { timeFormat, nodeIds } = this.state;
    const context = this.timeContext;
    const selected = event.seq === this.state.selectedSeq;
    const time = compactTime(event.timestamp, timeFormat, context);
    const step = oneLine(stepLabel(event.stepId, nodeIds), 120);
    const summary = summaryOf(event);
    const type = oneLine(event.type, 80);
    els.row.className = `row kind-${kind}${selected ? ' selected' : ''}${position % 2 ? ' odd' : ''}`;
    els.row.id = `row-${event.seq}`;
    els.row.dataset['seq'] = String(event.seq);
    setAttr(els.row, 'aria-selected', String(selected));
    setAttr(els.row, 'aria-posinset', position + 1);
    setAttr(
      els.row,
      'aria-label',
      `Event ${event.seq}, ${type}, ${formatTime(event.timestamp, timeFormat, context)}${step ? `, step ${step}` : ''}, ${summary}${event.truncated ? ', shortened' : ''}`,
    );
    setText(els.seq, String(event.seq));
    setText(els.time, time);
    els.time.title = timeTooltip(event.timestamp, context);
    if (kind !== 'unreadable') setText(els.glyph, KIND_GLYPHS[kind]);
    else if (!els.glyph.firstElementChild) els.glyph.replaceChildren(icon('warning'));
    setText(els.type, type);
    setText(els.step, step);
    els.step.title = event.stepId ?? '';
    setText(els.summary, summary);
    els.summary.title = summary;
    return true;
  }

  private onKey(e: KeyboardEvent): void {
    const count = this.source.count;
    if (count === 0) return;
    const current = this.state.selectedSeq === null ? -1 : this.source.positionOfSeq(this.state.selectedSeq);
    const page = pageRows(this.viewportHeight, ROW_HEIGHT);
    let next: number | undefined;
    switch (e.key) {
      case 'ArrowDown':
      case 'j':
        next = current + 1;
        break;
      case 'ArrowUp':
      case 'k':
        next = current <= 0 ? 0 : current - 1;
        break;
      case 'PageDown':
        next = current + page;
        break;
      case 'PageUp':
        next = current - page;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = count - 1;
        break;
      case 'Enter':
      case ' ':
        if (current >= 0) {
          e.preventDefault();
          this.handlers.toggleDetail();
        }
        return;
      case 'Escape':
        this.handlers.closeDetail();
        return;
      default:
        return;
    }
    e.preventDefault();
    const position = Math.min(count - 1, Math.max(0, next));
    const event = this.source.at(position);
    if (!event) return;
    this.handlers.select(event.seq, false);
    this.scrollToPosition(position, 'nearest');
    if (position >= count - 1) this.handlers.nearEnd();
  }
}
