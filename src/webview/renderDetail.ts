// The detail pane under the list: the selected event's metadata and its `data` as pretty JSON (or, for an
// event the server sent in a shape the API rejects, its raw JSON), with Copy and Open in Editor (the
// way to everything the host trimmed or shortened). Text only; controls made visible.
import type { PanelEvent, TimeFormat } from '../panel/protocol';
import { button, clear, h, icon, show } from './dom';
import { kindOf, KIND_GLYPHS, stepLabel, summarize } from './summaries';
import { oneLine, visibleControls } from './text';
import { formatTime, type TimeContext } from './time';

export interface DetailHandlers {
  copy(seq: number): void;
  openInEditor(seq: number): void;
  close(): void;
}

/** Pretty JSON is capped so a huge preview can never freeze the pane. */
const MAX_PRETTY = 200_000;

/** Shown text, capped; controls made visible. */
function shownText(text: string): string {
  const capped =
    text.length > MAX_PRETTY
      ? `${text.slice(0, MAX_PRETTY)}\n… (${(text.length - MAX_PRETTY).toLocaleString('en-US')} more characters: use Open in Editor)`
      : text;
  return visibleControls(capped, true);
}

export function prettyData(data: unknown): string {
  try {
    return shownText(JSON.stringify(data, null, 2) ?? 'null');
  } catch (error) {
    return `(cannot show this payload: ${error instanceof Error ? error.message : String(error)}; use Open in Editor)`;
  }
}

function kib(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export class DetailView {
  readonly el = h('section', { class: 'detail', attrs: { 'aria-label': 'Event details', tabindex: -1 } });
  private seq: number | null = null;

  constructor(private readonly handlers: DetailHandlers) {
    show(this.el, false);
    this.el.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.handlers.close();
    });
  }

  get shownSeq(): number | null {
    return this.seq;
  }

  get text(): string | null {
    return this.seq === null ? null : (this.el.querySelector('pre')?.textContent ?? null);
  }

  render(
    event: PanelEvent | undefined,
    timeFormat: TimeFormat,
    context: TimeContext,
    nodeIds: ReadonlyMap<string, string>,
  ): void {
    if (!event) {
      this.seq = null;
      clear(this.el);
      show(this.el, false);
      return;
    }
    if (this.seq === event.seq && this.el.childElementCount > 0) return;
    this.seq = event.seq;
    clear(this.el);
    show(this.el, true);
    const kind = kindOf(event);
    const step = stepLabel(event.stepId, nodeIds);
    const partial = event.oversize !== undefined || event.truncated === true;
    const actions = h('div', { class: 'detail-actions' }, [
      button('Copy JSON', () => this.handlers.copy(event.seq), {
        icon: 'copy',
        class: 'subtle',
        title: 'Copy the whole event as JSON',
      }),
      button('Open in Editor', () => this.handlers.openInEditor(event.seq), {
        glyph: '↗',
        class: partial ? 'primary' : 'subtle',
        title: 'Open the whole event in a read-only editor',
      }),
      button('Close', () => this.handlers.close(), {
        glyph: '✕',
        class: 'subtle icon-only-narrow',
        title: 'Close (Escape)',
      }),
    ]);
    const head = h('div', { class: 'detail-head' }, [
      kind === 'unreadable'
        ? h('span', { class: `glyph kind-${kind}`, attrs: { 'aria-hidden': 'true' } }, [icon('warning')])
        : h('span', { class: `glyph kind-${kind}`, text: KIND_GLYPHS[kind], attrs: { 'aria-hidden': 'true' } }),
      h('strong', { text: oneLine(event.type, 200) }),
      h('span', {
        class: 'muted',
        text: ` seq ${event.seq} · ${formatTime(event.timestamp, timeFormat, context)}${step ? ` · ${oneLine(step, 100)}` : ''}`,
      }),
      h('span', { class: 'spacer' }),
      actions,
    ]);
    const facts = h('dl', { class: 'detail-facts' });
    const fact = (label: string, value: string | null): void => {
      if (value)
        facts.append(
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
    const notes = [
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
      .map((text) => h('p', { class: 'note', text }));
    const body = event.unreadable ? shownText(event.unreadable.raw) : prettyData(event.data);
    this.el.append(
      head,
      facts,
      ...notes,
      h('pre', {
        class: 'json',
        text: body,
        attrs: { tabindex: 0, 'aria-label': event.unreadable ? 'Raw event JSON' : 'Event data as JSON' },
      }),
    );
  }
}
