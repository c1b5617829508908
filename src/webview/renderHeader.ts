// The header: status, ids, times and duration (ticking while running), failure reason, actions, the
// environment-mismatch banner and the steps summary (click a step to filter the stream to it).
import type { PanelAction, PanelError, PanelExecution } from '../panel/protocol';
import { button, clear, h, setText, show } from './dom';
import { errorTitle } from './renderStatus';
import { stepLabel } from './summaries';
import { oneLine, plural } from './text';
import { formatDuration, formatLocal, formatUtc, runStatus, statusWord } from '../util/format';

export interface HeaderModel {
  environment: string;
  activeEnvironment: string;
  executionId: string;
  execution: PanelExecution | null;
  executionError: PanelError | null;
  pinned: boolean;
  stepFilter: string | null;
  now: number;
}

export interface HeaderHandlers {
  action(action: PanelAction): void;
  refresh(): void;
  filterStep(stepId: string | null): void;
}

const STATUS_GLYPHS: Readonly<Record<string, string>> = {
  pending: '○',
  running: '◐',
  waiting: '◔',
  completed: '✓',
  failed: '✕',
  cancelled: '⊘',
  skipped: '↷',
  breached: '▲',
};

export function statusGlyph(status: string): string {
  return STATUS_GLYPHS[status] ?? '?';
}

/** CSS class suffix for a status; unknown statuses get their own neutral look. */
export function statusClass(status: string): string {
  return status in STATUS_GLYPHS ? `st-${status}` : 'st-unknown';
}

/** Step chips shown before "+N more". */
const STEPS_SHOWN = 12;

const isTerminal = (status: string): boolean => status === 'completed' || status === 'failed' || status === 'cancelled';

export class HeaderView {
  readonly el = h('header', { class: 'header', attrs: { 'aria-label': 'Execution' } });
  private readonly banner = h('div', { class: 'banner', attrs: { role: 'status' } });
  private readonly title = h('div', { class: 'title-row' });
  private readonly meta = h('dl', { class: 'meta' });
  private readonly failure = h('div', { class: 'failure', attrs: { role: 'alert' } });
  private readonly shortened = h('p', { class: 'note' });
  private readonly steps = h('div', { class: 'steps', attrs: { role: 'group', 'aria-label': 'Steps' } });
  private readonly duration = h('dd', { class: 'mono' });
  private readonly pinButton: HTMLButtonElement;
  private lastKey = '';

  constructor(private readonly handlers: HeaderHandlers) {
    this.pinButton = button('Pin', () => this.handlers.action(this.pinned ? 'unpin' : 'pin'), {
      glyph: '☆',
      title: 'Pin this execution in the Pinned Executions view',
    });
    const actions = h('div', { class: 'actions', attrs: { role: 'toolbar', 'aria-label': 'Execution actions' } }, [
      button('Refresh', () => this.handlers.refresh(), { glyph: '↻', title: 'Reload the header and fetch new events' }),
      this.pinButton,
      button('Copy ID', () => this.handlers.action('copyId'), { icon: 'copy', title: 'Copy the execution ID' }),
      button('Raw JSON', () => this.handlers.action('openRawJson'), {
        glyph: '{}',
        title: 'Open the execution as raw JSON',
      }),
      button('Export', () => this.handlers.action('export'), { glyph: '⤓', title: 'Export every event as JSON Lines' }),
    ]);
    this.shortened.append(
      'Some fields are too long for the panel and end in “…” (or steps are left out). ',
      button('Raw JSON', () => this.handlers.action('openRawJson'), {
        class: 'subtle',
        title: 'Open the whole execution as raw JSON',
      }),
    );
    show(this.shortened, false);
    this.el.append(
      this.banner,
      h('div', { class: 'header-top' }, [this.title, actions]),
      this.meta,
      this.failure,
      this.shortened,
      this.steps,
    );
  }

  private pinned = false;
  private stepsExpanded = false;

  update(model: HeaderModel): void {
    this.pinned = model.pinned;
    setText(this.pinButton.firstChild as Element, model.pinned ? '★' : '☆');
    setText(this.pinButton.lastChild as Element, model.pinned ? 'Unpin' : 'Pin');
    this.pinButton.setAttribute('aria-pressed', String(model.pinned));
    this.renderBanner(model);
    const key = JSON.stringify([model.execution, model.executionError, model.stepFilter, model.executionId]);
    if (key !== this.lastKey) {
      this.lastKey = key;
      this.renderTitle(model);
      this.renderMeta(model);
      this.renderFailure(model.execution);
      show(this.shortened, model.execution?.truncated === true);
      this.renderSteps(model);
    }
    this.tick(model.now, model.execution);
  }

  /** Updates only the duration (called every second while running). */
  tick(now: number, execution: PanelExecution | null): void {
    if (!execution || execution.startedAt === null) return setText(this.duration, '—');
    const end = execution.completedAt ?? execution.cancelledAt ?? (isTerminal(execution.status) ? null : now);
    setText(
      this.duration,
      end === null ? '—' : `${formatDuration(end - execution.startedAt)}${end === now ? ' (running)' : ''}`,
    );
  }

  private renderBanner(model: HeaderModel): void {
    clear(this.banner);
    const mismatch = model.environment !== model.activeEnvironment;
    show(this.banner, mismatch);
    if (!mismatch) return;
    this.banner.append(
      h('span', {
        text: `This execution belongs to “${model.environment}”, but “${model.activeEnvironment}” is the active environment. Loading is paused.`,
      }),
      button(`Switch to ${model.environment}`, () => this.handlers.action('selectEnvironment')),
    );
  }

  private renderTitle(model: HeaderModel): void {
    clear(this.title);
    const e = model.execution;
    const failed = !e && model.executionError !== null && model.executionError.kind !== 'wrongEnvironment';
    const status = e ? runStatus(e) : failed ? errorTitle(model.executionError!.kind) : 'loading';
    this.title.append(
      h(
        'span',
        {
          class: `status-badge ${e ? statusClass(status) : failed ? 'st-failed' : 'st-unknown'}`,
          attrs: { role: 'img', 'aria-label': `Status: ${e ? statusWord(status) : status}` },
        },
        [
          h('span', {
            class: 'glyph',
            text: e ? statusGlyph(status) : failed ? '!' : '…',
            attrs: { 'aria-hidden': 'true' },
          }),
          h('span', { text: oneLine(e ? statusWord(status) : status, 40) }),
        ],
      ),
      h('h1', { class: 'definition', text: e ? oneLine(e.definitionId, 120) : 'Execution', title: e?.definitionId }),
    );
    if (e && e.definitionVersion !== null)
      this.title.append(h('span', { class: 'version', text: `v${e.definitionVersion}` }));
  }

  private renderMeta(model: HeaderModel): void {
    clear(this.meta);
    const e = model.execution;
    const item = (label: string, value: string | null, options: { copy?: boolean; title?: string } = {}): void => {
      if (value === null || value === '') return;
      const dd = h('dd', { class: 'mono', title: options.title ?? value }, [h('span', { text: oneLine(value, 160) })]);
      if (options.copy)
        dd.append(
          button('', () => this.handlers.action('copyId'), {
            icon: 'copy',
            class: 'icon-only',
            title: 'Copy the execution ID',
          }),
        );
      this.meta.append(h('div', { class: 'meta-item' }, [h('dt', { text: label }), dd]));
    };
    item('Execution', model.executionId, { copy: true });
    item('Environment', model.environment);
    if (!e) return;
    item('Correlation', e.correlationId);
    item('Idempotency key', e.idempotencyKey);
    const time = (ts: number | null): string | null => (ts === null ? null : formatLocal(ts));
    item('Started', time(e.startedAt), { title: e.startedAt === null ? undefined : formatUtc(e.startedAt) });
    item('Completed', time(e.completedAt), { title: e.completedAt === null ? undefined : formatUtc(e.completedAt) });
    item('Cancelled', time(e.cancelledAt), { title: e.cancelledAt === null ? undefined : formatUtc(e.cancelledAt) });
    this.meta.append(h('div', { class: 'meta-item' }, [h('dt', { text: 'Duration' }), this.duration]));
  }

  private renderFailure(e: PanelExecution | null): void {
    clear(this.failure);
    show(this.failure, Boolean(e?.failureReason));
    if (!e?.failureReason) return;
    this.failure.append(
      h('span', { class: 'glyph', text: '✕', attrs: { 'aria-hidden': 'true' } }),
      h('strong', { text: oneLine(e.failureReason.code, 200) }),
      h('span', { text: ` ${oneLine(e.failureReason.message, 1000)}` }),
    );
  }

  private renderSteps(model: HeaderModel): void {
    clear(this.steps);
    const steps = model.execution?.steps ?? [];
    show(this.steps, steps.length > 0);
    if (steps.length === 0) return;
    const nodeIds = new Map(steps.map((s) => [s.stepId, s.nodeId]));
    this.steps.append(h('span', { class: 'steps-label', text: plural(steps.length, 'step') }));
    const collapsed = !this.stepsExpanded && steps.length > STEPS_SHOWN;
    const shown = collapsed ? steps.filter((s, i) => i < STEPS_SHOWN || s.stepId === model.stepFilter) : steps;
    this.steps.classList.toggle('expanded', this.stepsExpanded);
    for (const step of shown) {
      const active = model.stepFilter === step.stepId;
      const label = oneLine(stepLabel(step.stepId, nodeIds), 60);
      const chip = h(
        'button',
        {
          class: `chip ${statusClass(step.status)}${active ? ' active' : ''}`,
          title: `${step.stepId}\n${step.nodeType} · ${step.status}${step.error ? `\n${step.error.code}: ${step.error.message}` : ''}\n${active ? 'Click to show all steps' : 'Click to show only this step'}`,
          attrs: {
            type: 'button',
            'aria-pressed': String(active),
            'aria-label': `Step ${label}, ${step.status}${active ? ', filtering' : ''}`,
          },
          onClick: () => this.handlers.filterStep(active ? null : step.stepId),
        },
        [
          h('span', { class: 'glyph', text: statusGlyph(step.status), attrs: { 'aria-hidden': 'true' } }),
          h('span', { text: label }),
          h('span', { class: 'chip-status', text: oneLine(step.status, 30) }),
        ],
      );
      this.steps.append(chip);
    }
    if (steps.length > STEPS_SHOWN) {
      const label = collapsed ? `+${steps.length - shown.length} more` : 'Show fewer';
      this.steps.append(
        button(
          label,
          () => {
            this.stepsExpanded = !this.stepsExpanded;
            this.renderSteps(model);
          },
          { class: 'subtle more' },
        ),
      );
    }
  }
}
