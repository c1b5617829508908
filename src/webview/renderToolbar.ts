// The filter bar: free text, event types (multi-select with counts), step, failures only, time format,
// the filtered/total count (in a slot of its own width, so the row never reflows as events arrive) and
// the live-tail control. Reads the view state; the type options and step options are keyed, so an open
// dropdown keeps its focus while counts change. Counts in the step options are refreshed only where someone
// can see them (the chosen option, or all of them once the list has focus): rewriting every option on
// every batch would re-lay out the select dozens of times a second while a long load streams in.
import type { FilterState, TailStatus, TimeFormat } from '../panel/protocol';
import { button, h, setText, show } from './dom';
import { isFilterActive, type FilteredView } from './filters';
import type { EventStore } from './eventStore';
import { Deps, reconcile } from './keyed';
import { eventKind, KIND_GLYPHS, stepLabel } from './summaries';
import { formatCount, oneLine, plural } from './text';
import { TIME_FORMATS } from './time';
import { isTimeFormat } from './state';
import type { ViewState } from './viewState';

export interface ToolbarHandlers {
  /** Changes some filters (the others stay). */
  setFilters(change: Partial<FilterState>): void;
  toggleType(type: string): void;
  setTimeFormat(format: TimeFormat): void;
  setTailPaused(paused: boolean): void;
  /** Esc in an empty filter box: back to the list. */
  leaveFilter(): void;
  /** Something only the toolbar knows about changed (the Types dropdown opened). */
  redraw(): void;
}

const TAIL_TEXT: Readonly<Record<TailStatus['state'], string>> = {
  off: '',
  live: 'Live',
  slow: 'Live (slowed while hidden)',
  paused: 'Paused',
  stopped: 'Finished',
};

/** The type of each option in the Types list (types can be long, so not in an attribute). */
const optionTypes = new WeakMap<Element, string>();

export class ToolbarView {
  readonly el = h('div', { class: 'toolbar', attrs: { role: 'search' } });
  readonly input = h('input', {
    class: 'filter-input',
    attrs: {
      type: 'search',
      placeholder: 'Filter type, step, data…  ( / )',
      'aria-label': 'Filter events by text',
      spellcheck: 'false',
    },
  });
  private readonly typesSummary = h('summary', { text: 'Types: all' });
  private readonly typesList = h('div', { class: 'types-list', attrs: { role: 'group', 'aria-label': 'Event types' } });
  private readonly types = h('details', { class: 'types' }, [this.typesSummary, this.typesList]);
  private readonly noTypes = h('span', { class: 'muted', text: 'No events loaded yet' });
  private readonly step = h('select', { attrs: { 'aria-label': 'Filter by step' } });
  private readonly failures = h('input', { attrs: { type: 'checkbox', id: 'failures-only' } });
  private readonly clearButton: HTMLButtonElement;
  private readonly time = h('select', { attrs: { 'aria-label': 'Time format' } });
  private readonly count = h('span', { class: 'count', attrs: { 'aria-live': 'polite' } });
  private readonly tailText = h('span', { class: 'tail-text' });
  private readonly tailButton: HTMLButtonElement;
  private readonly tail = h('span', { class: 'tail' }, [this.tailText]);
  private readonly deps = { filters: new Deps(), types: new Deps(), steps: new Deps(), tail: new Deps() };
  private tailState: TailStatus['state'] = 'off';
  /** What the last render showed, so focusing the step list can refresh its counts at once. */
  private shown: { state: ViewState; store: EventStore } | undefined;
  private debounce: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly handlers: ToolbarHandlers) {
    this.clearButton = button(
      'Clear',
      () => {
        this.input.value = '';
        this.emit({ types: [], step: null, text: '', failuresOnly: false });
      },
      { title: 'Clear all filters', class: 'subtle', glyph: '✕', iconWhenNarrow: true },
    );
    this.tailButton = button('Pause', () => this.handlers.setTailPaused(this.tailState !== 'paused'), {
      class: 'subtle',
      title: 'Pause or resume following new events',
    });
    this.tail.append(this.tailButton);
    for (const format of TIME_FORMATS)
      this.time.append(h('option', { text: format.label, attrs: { value: format.value } }));
    this.input.addEventListener('input', () => {
      clearTimeout(this.debounce);
      this.debounce = setTimeout(() => this.emit({}), 150);
    });
    this.input.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape') return;
      // The first Esc clears the text and its filter at once; Esc in an empty box goes back to the list.
      e.preventDefault();
      e.stopPropagation();
      if (this.input.value === '' && this.appliedText === '') return this.handlers.leaveFilter();
      this.input.value = '';
      this.emit({});
    });
    this.failures.addEventListener('change', () => this.emit({ failuresOnly: this.failures.checked }));
    this.step.addEventListener('change', () => this.emit({ step: this.step.value === '' ? null : this.step.value }));
    // Focus comes before the options open (mouse or keyboard): every count is current when they show.
    this.step.addEventListener('focus', () => {
      if (this.shown) this.renderSteps(this.shown.state, this.shown.store);
    });
    this.time.addEventListener('change', () => {
      if (isTimeFormat(this.time.value)) this.handlers.setTimeFormat(this.time.value);
    });
    this.typesList.addEventListener('change', (e) => {
      const type = optionTypes.get((e.target as Element).closest('.type-option') ?? this.typesList);
      if (type !== undefined) this.handlers.toggleType(type);
    });
    this.types.addEventListener('toggle', () => {
      if (this.types.open) this.deps.types = new Deps();
      this.handlers.redraw();
    });
    document.addEventListener('mousedown', (e) => {
      if (this.types.open && !this.types.contains(e.target as Node)) this.types.open = false;
    });
    this.el.append(
      this.input,
      this.types,
      this.step,
      h('label', { class: 'check', attrs: { for: 'failures-only' } }, [this.failures, 'Failures only']),
      this.clearButton,
      h('span', { class: 'spacer' }),
      this.count,
      this.time,
      this.tail,
      // Where a narrow panel starts the toolbar's second line (panel.css).
      h('span', { class: 'line-break', attrs: { 'aria-hidden': 'true' } }),
    );
  }

  /** Whether the Types dropdown is open (Esc closes it first). */
  get typesOpen(): boolean {
    return this.types.open;
  }

  /** Closes the Types dropdown and puts focus back on its button. */
  closeTypes(): void {
    this.types.open = false;
    this.typesSummary.focus();
  }

  /** The text filter in effect (the box may hold an edit still waiting for its debounce). */
  private appliedText = '';

  /** Applies a change; the text box's current value (maybe still waiting for its debounce) goes with it. */
  private emit(change: Partial<FilterState>): void {
    clearTimeout(this.debounce);
    this.handlers.setFilters({ text: this.input.value, ...change });
  }

  render(state: ViewState, store: EventStore, view: FilteredView): void {
    this.shown = { state, store };
    const f = state.filters;
    this.appliedText = f.text;
    if (this.deps.filters.changed(f)) {
      if (document.activeElement !== this.input && this.input.value !== f.text) this.input.value = f.text;
      this.failures.checked = f.failuresOnly;
      show(this.clearButton, isFilterActive(f));
      setText(
        this.typesSummary,
        f.types.length === 0
          ? 'Types: all'
          : f.types.length === 1
            ? `Type: ${oneLine(f.types[0]!, 30)}`
            : `Types: ${f.types.length} selected`,
      );
      this.types.classList.toggle('active', f.types.length > 0);
    }
    if (this.time.value !== state.timeFormat) this.time.value = state.timeFormat;
    // The type list is only kept up to date while it is open (a hostile stream can have many types).
    if (this.types.open && this.deps.types.changed(state.eventsVersion, f.types)) this.renderTypes(store, f);
    if (this.deps.steps.changed(state.eventsVersion, state.execution, f.step, state.nodeIds))
      this.renderSteps(state, store);
    setText(
      this.count,
      isFilterActive(f) ? `${formatCount(view.count)} of ${plural(store.size, 'event')}` : plural(store.size, 'event'),
    );
    if (this.deps.tail.changed(state.tail.state)) {
      const tail = state.tail.state;
      this.tailState = tail;
      show(this.tail, tail !== 'off');
      this.tail.className = `tail tail-${tail}`;
      setText(this.tailText, TAIL_TEXT[tail]);
      this.tailText.title = TAIL_TEXT[tail];
      show(this.tailButton, tail !== 'stopped');
      setText(this.tailButton.lastChild as Element, tail === 'paused' ? 'Resume' : 'Pause');
    }
  }

  private renderTypes(store: EventStore, f: FilterState): void {
    const types = [...new Set([...store.typeCounts.keys(), ...f.types])].sort();
    reconcile(
      this.typesList,
      types.length > 0 ? types : [null],
      (type) => (type === null ? '' : `t:${type}`),
      (type) => (type === null ? this.noTypes : createTypeOption(type)),
      (el, type) => {
        if (type === null) return;
        const [box, , , count] = [...el.children] as HTMLElement[];
        (box as HTMLInputElement).checked = f.types.includes(type);
        setText(count!, formatCount(store.typeCounts.get(type) ?? 0));
      },
    );
  }

  private renderSteps(state: ViewState, store: EventStore): void {
    const ids = new Set<string>([
      ...(state.execution?.steps ?? []).map((s) => s.stepId),
      ...[...store.stepCounts.keys()].filter((k) => k !== ''),
    ]);
    if (state.filters.step !== null) ids.add(state.filters.step);
    const allCounts = document.activeElement === this.step;
    reconcile(
      this.step,
      ['', ...ids],
      (id) => `s:${id}`,
      (id) => {
        const option = h('option', { title: id || undefined });
        option.value = id;
        return option;
      },
      (option, id) => {
        if (id === '') setText(option, 'All steps');
        else if (allCounts || id === state.filters.step || option.textContent === '')
          setText(
            option,
            `${oneLine(stepLabel(id, state.nodeIds), 50)} (${formatCount(store.stepCounts.get(id) ?? 0)})`,
          );
      },
    );
    this.step.value = state.filters.step ?? '';
    this.step.classList.toggle('active', state.filters.step !== null);
  }
}

let optionIds = 0;

function createTypeOption(type: string): HTMLLabelElement {
  const id = `type-option-${++optionIds}`;
  const kind = eventKind(type);
  const label = h('label', { class: `type-option kind-${kind}`, attrs: { for: id } }, [
    h('input', { attrs: { type: 'checkbox', id } }),
    h('span', { class: 'glyph', text: KIND_GLYPHS[kind], attrs: { 'aria-hidden': 'true' } }),
    h('span', { class: 'type-name', text: oneLine(type, 80) }),
    h('span', { class: 'type-count' }),
  ]);
  optionTypes.set(label, type);
  return label;
}
