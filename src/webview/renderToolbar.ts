// The filter bar: free text, event types (multi-select with counts), step, failures only, time format,
// the filtered/total count and the live-tail control.
import type { FilterState, PanelExecution, TailStatus, TimeFormat } from '../panel/protocol';
import { button, clear, h, setText, show } from './dom';
import { isFilterActive } from './filters';
import { eventKind, KIND_GLYPHS, stepLabel } from './summaries';
import { formatCount, oneLine, plural } from './text';
import { TIME_FORMATS } from './time';
import { isTimeFormat, toggleType } from './state';

export interface ToolbarModel {
  filters: FilterState;
  timeFormat: TimeFormat;
  typeCounts: ReadonlyMap<string, number>;
  stepCounts: ReadonlyMap<string, number>;
  execution: PanelExecution | null;
  shown: number;
  total: number;
  tail: TailStatus;
}

export interface ToolbarHandlers {
  setFilters(filters: FilterState): void;
  setTimeFormat(format: TimeFormat): void;
  setTailPaused(paused: boolean): void;
}

const TAIL_TEXT: Readonly<Record<TailStatus['state'], string>> = {
  off: '',
  live: 'Live',
  slow: 'Live (slowed while hidden)',
  paused: 'Paused',
  stopped: 'Finished',
};

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
  private readonly step = h('select', { attrs: { 'aria-label': 'Filter by step' } });
  private readonly failures = h('input', { attrs: { type: 'checkbox', id: 'failures-only' } });
  private readonly clearButton = button(
    'Clear',
    () => {
      this.input.value = '';
      this.emit({ types: [], step: null, text: '', failuresOnly: false });
    },
    { title: 'Clear all filters', class: 'subtle' },
  );
  private readonly time = h('select', { attrs: { 'aria-label': 'Time format' } });
  private readonly count = h('span', { class: 'count', attrs: { 'aria-live': 'polite' } });
  private readonly tailText = h('span', { class: 'tail-text' });
  private readonly tailButton = button('Pause', () => this.handlers.setTailPaused(this.tailState !== 'paused'), {
    class: 'subtle',
    title: 'Pause or resume following new events',
  });
  private readonly tail = h('span', { class: 'tail' }, [this.tailText, this.tailButton]);
  private model: ToolbarModel | undefined;
  private tailState: TailStatus['state'] = 'off';
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private typesKey = '';
  private stepsKey = '';

  constructor(private readonly handlers: ToolbarHandlers) {
    for (const format of TIME_FORMATS)
      this.time.append(h('option', { text: format.label, attrs: { value: format.value } }));
    this.input.addEventListener('input', () => {
      clearTimeout(this.debounce);
      this.debounce = setTimeout(() => this.emit({ text: this.input.value }), 150);
    });
    this.failures.addEventListener('change', () => this.emit({ failuresOnly: this.failures.checked }));
    this.step.addEventListener('change', () => this.emit({ step: this.step.value === '' ? null : this.step.value }));
    this.time.addEventListener('change', () => {
      if (isTimeFormat(this.time.value)) this.handlers.setTimeFormat(this.time.value);
    });
    this.types.addEventListener('toggle', () => {
      if (this.types.open && this.model) this.renderTypes(this.model, true);
    });
    document.addEventListener('mousedown', (e) => {
      if (this.types.open && !this.types.contains(e.target as Node)) this.types.open = false;
    });
    this.types.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.types.open) {
        e.stopPropagation();
        this.types.open = false;
        this.typesSummary.focus();
      }
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
    );
  }

  /** Applies a change; a text edit still waiting for its debounce goes with it. */
  private emit(change: Partial<FilterState>): void {
    clearTimeout(this.debounce);
    if (this.model) this.handlers.setFilters({ ...this.model.filters, text: this.input.value, ...change });
  }

  update(model: ToolbarModel): void {
    this.model = model;
    const f = model.filters;
    if (document.activeElement !== this.input && this.input.value !== f.text) this.input.value = f.text;
    this.failures.checked = f.failuresOnly;
    if (this.time.value !== model.timeFormat) this.time.value = model.timeFormat;
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
    this.renderTypes(model, false);
    this.renderSteps(model);
    setText(
      this.count,
      isFilterActive(f)
        ? `${formatCount(model.shown)} of ${plural(model.total, 'event')}`
        : plural(model.total, 'event'),
    );
    this.tailState = model.tail.state;
    show(this.tail, model.tail.state !== 'off');
    this.tail.className = `tail tail-${model.tail.state}`;
    setText(this.tailText, TAIL_TEXT[model.tail.state]);
    show(this.tailButton, model.tail.state !== 'stopped');
    setText(this.tailButton.lastChild as Element, model.tail.state === 'paused' ? 'Resume' : 'Pause');
  }

  private renderTypes(model: ToolbarModel, force: boolean): void {
    const types = new Set([...model.typeCounts.keys(), ...model.filters.types]);
    const key = JSON.stringify([[...types].map((t) => [t, model.typeCounts.get(t) ?? 0]), model.filters.types]);
    if (!force && (key === this.typesKey || !this.types.open)) return;
    this.typesKey = key;
    clear(this.typesList);
    for (const type of [...types].sort()) {
      const id = `type-${[...type].map((c) => c.charCodeAt(0).toString(16)).join('')}`.slice(0, 120);
      const box = h('input', { attrs: { type: 'checkbox', id } });
      box.checked = model.filters.types.includes(type);
      box.addEventListener(
        'change',
        () => this.model && this.handlers.setFilters(toggleType(this.model.filters, type)),
      );
      this.typesList.append(
        h('label', { class: `type-option kind-${eventKind(type)}`, attrs: { for: id } }, [
          box,
          h('span', { class: 'glyph', text: KIND_GLYPHS[eventKind(type)], attrs: { 'aria-hidden': 'true' } }),
          h('span', { class: 'type-name', text: oneLine(type, 80) }),
          h('span', { class: 'type-count', text: formatCount(model.typeCounts.get(type) ?? 0) }),
        ]),
      );
    }
    if (types.size === 0) this.typesList.append(h('span', { class: 'muted', text: 'No events loaded yet' }));
  }

  private renderSteps(model: ToolbarModel): void {
    const nodeIds = new Map((model.execution?.steps ?? []).map((s) => [s.stepId, s.nodeId]));
    const ids = new Set<string>([
      ...(model.execution?.steps ?? []).map((s) => s.stepId),
      ...[...model.stepCounts.keys()].filter((k) => k !== ''),
    ]);
    if (model.filters.step !== null) ids.add(model.filters.step);
    const key = JSON.stringify([
      [...ids].map((id) => [id, model.stepCounts.get(id) ?? 0]),
      model.filters.step,
      nodeIds.size,
    ]);
    if (key === this.stepsKey) return;
    this.stepsKey = key;
    clear(this.step);
    this.step.append(h('option', { text: 'All steps', attrs: { value: '' } }));
    for (const id of ids) {
      const n = model.stepCounts.get(id) ?? 0;
      this.step.append(
        h('option', {
          text: `${oneLine(stepLabel(id, nodeIds), 50)} (${formatCount(n)})`,
          title: id,
          attrs: { value: id },
        }),
      );
    }
    this.step.value = model.filters.step ?? '';
    this.step.classList.toggle('active', model.filters.step !== null);
  }
}
