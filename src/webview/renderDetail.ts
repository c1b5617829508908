// The detail pane under the list: the selected event's metadata and its `data` as syntax-coloured JSON
// (or, for an event the server sent in a shape the API rejects, its raw JSON), with Copy and Open in
// Editor (the way to everything the host trimmed or shortened). The body is rebuilt when the event
// changes; the heading follows the time format and clock on every render. Text only; controls made visible.
import type { PanelEvent } from '../panel/protocol';
import { button, h, icon, setText, show } from './dom';
import { fillJson, prettyJson } from './jsonView';
import { Deps } from './keyed';
import { kindOf, KIND_GLYPHS, stepLabel, summarize } from './summaries';
import { oneLine } from './text';
import { formatTime, type TimeContext } from './time';
import type { ViewState } from './viewState';

export interface DetailHandlers {
  copy(seq: number): void;
  openInEditor(seq: number): void;
  close(): void;
}

/** A payload size for notes: "12 KB", "1.5 MB". */
export function kib(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export class DetailView {
  readonly el = h('section', { class: 'detail', attrs: { 'aria-label': 'Event details', tabindex: -1 } });
  private readonly glyph = h('span', { attrs: { 'aria-hidden': 'true' } });
  private readonly type = h('strong', { class: 'detail-type' });
  private readonly where = h('span', { class: 'detail-where muted' });
  private readonly openButton: HTMLButtonElement;
  private readonly facts = h('dl', { class: 'detail-facts' });
  private readonly notes = h('div');
  private readonly pre = h('pre', { class: 'json', attrs: { tabindex: 0 } });
  private readonly bodyDeps = new Deps();
  private readonly headDeps = new Deps();
  private event: PanelEvent | undefined;

  constructor(private readonly handlers: DetailHandlers) {
    show(this.el, false);
    this.el.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.handlers.close();
    });
    const act = (run: (seq: number) => void) => () => this.event && run(this.event.seq);
    this.openButton = button('Open in Editor', act(this.handlers.openInEditor.bind(this.handlers)), {
      glyph: '↗',
      title: 'Open the whole event in a read-only editor',
      iconWhenNarrow: true,
    });
    const actions = h('div', { class: 'detail-actions' }, [
      button('Copy JSON', act(this.handlers.copy.bind(this.handlers)), {
        icon: 'copy',
        class: 'subtle',
        title: 'Copy the whole event as JSON',
        iconWhenNarrow: true,
      }),
      this.openButton,
      button('', () => this.handlers.close(), { glyph: '✕', class: 'subtle', title: 'Close (Escape)' }),
    ]);
    const title = h('div', { class: 'detail-title' }, [this.glyph, this.type, this.where]);
    this.el.append(h('div', { class: 'detail-head' }, [title, actions]), this.facts, this.notes, this.pre);
  }

  get shownSeq(): number | null {
    return this.event?.seq ?? null;
  }

  get text(): string | null {
    return this.event ? this.pre.textContent : null;
  }

  render(event: PanelEvent | undefined, state: ViewState, context: TimeContext): void {
    show(this.el, event !== undefined);
    this.event = event;
    if (!event) return;
    if (this.bodyDeps.changed(event)) this.renderBody(event);
    const relativeTick = state.timeFormat === 'relative' ? Math.floor(state.now / 10_000) : 0;
    if (this.headDeps.changed(event, state.timeFormat, state.nodeIds, context.startedAt, relativeTick)) {
      const step = stepLabel(event.stepId, state.nodeIds);
      setText(
        this.where,
        `seq ${event.seq} · ${formatTime(event.timestamp, state.timeFormat, context)}${step ? ` · ${oneLine(step, 100)}` : ''}`,
      );
    }
  }

  private renderBody(event: PanelEvent): void {
    const kind = kindOf(event);
    this.glyph.className = `glyph kind-${kind}`;
    if (kind === 'unreadable') this.glyph.replaceChildren(icon('warning'));
    else this.glyph.textContent = KIND_GLYPHS[kind];
    setText(this.type, oneLine(event.type, 200));
    this.type.title = event.type.length > 200 ? event.type.slice(0, 5000) : '';
    const partial = event.oversize !== undefined || event.truncated === true;
    this.openButton.className = `btn narrow-icon ${partial ? 'primary' : 'subtle'}`;
    const facts: Node[] = [];
    const fact = (label: string, value: string | null): void => {
      if (value)
        facts.push(
          h('dt', { text: label }),
          h('dd', {
            class: 'mono',
            text: oneLine(value, 240),
            title: value.length > 240 ? value.slice(0, 5000) : undefined,
          }),
        );
    };
    fact('Summary', summarize(event));
    fact('Event ID', event.eventId);
    fact('Step ID', event.stepId);
    fact('Correlation', event.correlationId);
    this.facts.replaceChildren(...facts);
    this.notes.replaceChildren(
      ...[
        event.unreadable
          ? `The server sent this event in a shape the extension cannot read (${oneLine(event.unreadable.problem, 300)}). Its raw JSON is shown as received.`
          : '',
        event.oversize !== undefined
          ? `This payload (${kib(event.oversize)}) is too large or too deeply nested to show here; a shortened preview is shown. Open in Editor shows all of it.`
          : '',
        event.truncated
          ? 'Some fields are too long for the panel and end in “…”. Open in Editor shows them in full.'
          : '',
      ]
        .filter(Boolean)
        .map((text) => h('p', { class: 'note', text })),
    );
    this.pre.setAttribute('aria-label', event.unreadable ? 'Raw event JSON' : 'Event data as JSON');
    const noData = !event.unreadable && (event.data === null || event.data === undefined);
    this.pre.classList.toggle('no-data', noData);
    if (event.unreadable) return fillJson(this.pre, event.unreadable.raw);
    if (noData) return setText(this.pre, 'no data');
    const pretty = prettyJson(event.data);
    if ('json' in pretty) fillJson(this.pre, pretty.json);
    else setText(this.pre, pretty.problem);
  }
}
