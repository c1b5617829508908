// The header: status, ids, times and duration (ticking while running), failure reason, actions, the
// environment-mismatch banner and the steps summary (click a step to filter the stream to it). Each part
// re-renders only when what it reads from the view state changed; the step chips are keyed by step id
// and form one tab stop with arrow keys inside (roving tabindex).
import type { PanelAction, PanelExecution, PanelStep, PanelWriteAction, PanelWriteOffer } from '../panel/protocol';
import { button, h, icon, setText, show } from './dom';
import { Deps, reconcile } from './keyed';
import { errorTitle } from './renderStatus';
import { stepLabel } from './summaries';
import { oneLine, plural } from './text';
import { formatDuration, formatLocal, formatUtc, runStatus, statusWord, stepStatusWord } from '../util/format';
import { isNotFound, type ViewState } from './viewState';

export interface HeaderHandlers {
  action(action: PanelAction): void;
  /** A write (Approve… / Reject… / Cancel Execution…): the host's command asks before anything is sent. */
  writeAction(action: PanelWriteAction, stepId: string | null): void;
  refresh(): void;
  togglePin(): void;
  toggleStep(stepId: string): void;
  toggleStepsExpanded(): void;
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

/** Step chips shown (in one row) before "Show all". */
const STEPS_SHOWN = 12;

const isTerminal = (status: string): boolean => status === 'completed' || status === 'failed' || status === 'cancelled';

function durationText(execution: PanelExecution | null, now: number): string {
  if (!execution || execution.startedAt === null) return '—';
  const end = execution.completedAt ?? execution.cancelledAt ?? (isTerminal(execution.status) ? null : now);
  return end === null ? '—' : `${formatDuration(end - execution.startedAt)}${end === now ? ' (running)' : ''}`;
}

/** A header action: its label is hidden on narrow panels (then it is the accessible name only). */
function action(label: string, run: () => void, options: { title: string; glyph?: string }): HTMLButtonElement {
  return button(label, run, { ...options, class: 'header-action', iconWhenNarrow: true });
}

export class HeaderView {
  readonly el = h('header', { class: 'header', attrs: { 'aria-label': 'Execution' } });
  private readonly banner = h('div', { class: 'banner', attrs: { role: 'status' } });
  private readonly bannerText = h('span');
  private readonly title = h('div', { class: 'title-row' });
  private readonly meta = h('dl', { class: 'meta' });
  private readonly failure = h('div', { class: 'failure', attrs: { role: 'alert' } });
  private readonly shortened = h('p', { class: 'note' });
  private readonly steps = h('div', { class: 'steps' });
  private readonly stepsLabel = h('span', { class: 'steps-label' });
  private readonly chips = h('div', { class: 'chips', attrs: { role: 'toolbar', 'aria-label': 'Steps' } });
  private readonly moreButton: HTMLButtonElement;
  private readonly duration = h('dd', { class: 'mono' });
  private readonly pinButton: HTMLButtonElement;
  private readonly ownedButtons: HTMLButtonElement[];
  private readonly switchButton: HTMLButtonElement;
  private readonly deps = {
    banner: new Deps(),
    pin: new Deps(),
    title: new Deps(),
    meta: new Deps(),
    steps: new Deps(),
    writes: new Deps(),
  };
  /** The write buttons, in the actions toolbar after the others. */
  private readonly writes = h('span', { class: 'write-actions' });
  /** The chip that takes the row's one tab stop (the last one focused). */
  private rovingStep: string | null = null;

  constructor(private readonly handlers: HeaderHandlers) {
    this.pinButton = action('Pin', () => this.handlers.togglePin(), {
      title: 'Pin this execution in the Pinned Executions view',
    });
    this.pinButton.prepend(icon('pin'));
    this.ownedButtons = [
      this.pinButton,
      action('Raw JSON', () => this.handlers.action('openRawJson'), {
        glyph: '{}',
        title: 'Open the execution as raw JSON',
      }),
      action('Export', () => this.handlers.action('export'), {
        glyph: '⤓',
        title: 'Export every event as JSON Lines',
      }),
    ];
    const copy = action('Copy ID', () => this.handlers.action('copyId'), { title: 'Copy the execution ID' });
    copy.prepend(icon('copy'));
    const actions = h('div', { class: 'actions', attrs: { role: 'toolbar', 'aria-label': 'Execution actions' } }, [
      action('Refresh', () => this.handlers.refresh(), { glyph: '↻', title: 'Reload the header and fetch new events' }),
      this.ownedButtons[0],
      copy,
      ...this.ownedButtons.slice(1),
      this.writes,
    ]);
    this.switchButton = button('', () => this.handlers.action('selectEnvironment'));
    this.banner.append(this.bannerText, this.switchButton);
    this.shortened.append(
      'Some fields are too long for the panel and end in “…” (or steps are left out). ',
      button('Raw JSON', () => this.handlers.action('openRawJson'), {
        class: 'subtle',
        title: 'Open the whole execution as raw JSON',
      }),
    );
    this.moreButton = button('', () => this.handlers.toggleStepsExpanded(), { class: 'subtle more' });
    this.steps.append(this.stepsLabel, this.chips, this.moreButton);
    this.chips.addEventListener('click', (e) => {
      const chip = (e.target as Element).closest<HTMLElement>('.chip');
      const id = chip && chipSteps.get(chip);
      if (id !== undefined && id !== null) this.handlers.toggleStep(id);
    });
    this.chips.addEventListener('keydown', (e) => this.onChipKey(e));
    this.chips.addEventListener('focusin', (e) => {
      const chip = (e.target as Element).closest<HTMLElement>('.chip');
      if (chip) this.setRoving(chip);
    });
    new ResizeObserver(() => this.updateMoreButton()).observe(this.chips);
    this.el.append(
      this.banner,
      h('div', { class: 'header-top' }, [this.title, actions]),
      this.meta,
      this.failure,
      this.shortened,
      this.steps,
    );
  }

  render(state: ViewState): void {
    const { execution, executionError } = state;
    const environment = state.identity?.environment ?? '';
    const executionId = state.identity?.executionId ?? '';
    if (this.deps.banner.changed(environment, state.activeEnvironment)) this.renderBanner(environment, state);
    if (this.deps.pin.changed(state.pinned, execution, executionError)) {
      setText(this.pinButton.lastChild as Element, state.pinned ? 'Unpin' : 'Pin');
      this.pinButton.setAttribute('aria-label', state.pinned ? 'Unpin' : 'Pin');
      this.pinButton.setAttribute('aria-pressed', String(state.pinned));
      this.pinButton.firstElementChild?.replaceWith(icon(state.pinned ? 'pinned' : 'pin'));
      // A not-found execution has nothing to pin, export or show as JSON.
      for (const el of this.ownedButtons) show(el, !isNotFound(state));
    }
    if (this.deps.title.changed(execution, executionError)) this.renderTitle(state);
    if (this.deps.meta.changed(execution, executionId, environment)) {
      this.renderMeta(execution, executionId, environment);
      this.renderFailure(execution);
      show(this.shortened, execution?.truncated === true);
    }
    if (this.deps.steps.changed(execution, state.filters.step, state.stepsExpanded, state.nodeIds))
      this.renderSteps(state);
    if (this.deps.writes.changed(state.writeActions)) this.renderWrites(state.writeActions);
    setText(this.duration, durationText(execution, state.now));
  }

  private renderWrites(offers: readonly PanelWriteOffer[]): void {
    this.writes.replaceChildren(
      ...offers.map((offer) =>
        action(oneLine(offer.label, 80), () => this.handlers.writeAction(offer.action, offer.stepId), {
          glyph: offer.action === 'approve' ? '✓' : offer.action === 'reject' ? '✕' : '⊘',
          title: `${oneLine(offer.label, 80)} (asks before anything is sent)`,
        }),
      ),
    );
    show(this.writes, offers.length > 0);
  }

  private renderBanner(environment: string, state: ViewState): void {
    const mismatch = environment !== state.activeEnvironment;
    show(this.banner, mismatch);
    if (!mismatch) return;
    setText(
      this.bannerText,
      `This execution belongs to “${environment}”, but “${state.activeEnvironment}” is the active environment. Loading is paused.`,
    );
    setText(this.switchButton.lastChild as Element, `Switch to ${environment}`);
  }

  private renderTitle(state: ViewState): void {
    const e = state.execution;
    const error = state.executionError;
    const failed = !e && error !== null && error.kind !== 'wrongEnvironment';
    const status = e ? runStatus(e) : failed ? errorTitle(error.kind) : 'Loading';
    const children: Node[] = [
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
    ];
    if (e && e.definitionVersion !== null)
      children.push(h('span', { class: 'version', text: `v${e.definitionVersion}` }));
    this.title.replaceChildren(...children);
  }

  private renderMeta(e: PanelExecution | null, executionId: string, environment: string): void {
    const items: Node[] = [];
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
      items.push(h('div', { class: 'meta-item' }, [h('dt', { text: label }), dd]));
    };
    item('Execution', executionId, { copy: true });
    item('Environment', environment);
    if (e) {
      item('Correlation', e.correlationId);
      item('Idempotency key', e.idempotencyKey);
      const time = (ts: number | null): string | null => (ts === null ? null : formatLocal(ts));
      const utc = (ts: number | null): string | undefined => (ts === null ? undefined : formatUtc(ts));
      item('Started', time(e.startedAt), { title: utc(e.startedAt) });
      item('Completed', time(e.completedAt), { title: utc(e.completedAt) });
      item('Cancelled', time(e.cancelledAt), { title: utc(e.cancelledAt) });
      items.push(h('div', { class: 'meta-item' }, [h('dt', { text: 'Duration' }), this.duration]));
    }
    this.meta.replaceChildren(...items);
  }

  private renderFailure(e: PanelExecution | null): void {
    show(this.failure, Boolean(e?.failureReason));
    if (!e?.failureReason) return this.failure.replaceChildren();
    this.failure.replaceChildren(
      h('span', { class: 'glyph', text: '✕', attrs: { 'aria-hidden': 'true' } }),
      h('strong', { text: oneLine(e.failureReason.code, 200) }),
      h('span', { text: ` ${oneLine(e.failureReason.message, 1000)}` }),
    );
  }

  private renderSteps(state: ViewState): void {
    const steps = state.execution?.steps ?? [];
    show(this.steps, steps.length > 0);
    setText(this.stepsLabel, plural(steps.length, 'step'));
    const filter = state.filters.step;
    const shown =
      state.stepsExpanded || steps.length <= STEPS_SHOWN
        ? steps
        : steps.filter((s, i) => i < STEPS_SHOWN || s.stepId === filter);
    this.steps.classList.toggle('expanded', state.stepsExpanded);
    this.hiddenSteps = steps.length - shown.length;
    const roving = shown.some((s) => s.stepId === this.rovingStep)
      ? this.rovingStep
      : (shown.find((s) => s.stepId === filter)?.stepId ?? shown[0]?.stepId ?? null);
    this.rovingStep = roving;
    reconcile(
      this.chips,
      shown,
      (s) => s.stepId,
      (s) => createChip(s),
      (chip, s) => updateChip(chip, s, filter === s.stepId, state.nodeIds, s.stepId === roving),
    );
    this.updateMoreButton();
  }

  private hiddenSteps = 0;

  /** "Show all" appears when steps are left out or the one-line row cuts some off. */
  private updateMoreButton(): void {
    const expanded = this.steps.classList.contains('expanded');
    const clipped = this.chips.scrollWidth > this.chips.clientWidth + 1;
    this.chips.classList.toggle('clipped', clipped && !expanded);
    show(this.moreButton, expanded || this.hiddenSteps > 0 || clipped);
    setText(
      this.moreButton.lastChild as Element,
      expanded ? 'Show fewer' : this.hiddenSteps > 0 ? `+${this.hiddenSteps} more` : 'Show all',
    );
    this.moreButton.setAttribute('aria-expanded', String(expanded));
  }

  private setRoving(chip: HTMLElement): void {
    const id = chipSteps.get(chip);
    if (id === undefined) return;
    this.rovingStep = id;
    for (const el of this.chips.children) (el as HTMLElement).tabIndex = el === chip ? 0 : -1;
  }

  private onChipKey(e: KeyboardEvent): void {
    const chips = [...this.chips.children] as HTMLElement[];
    const current = chips.indexOf(e.target as HTMLElement);
    if (current < 0) return;
    let next: number;
    switch (e.key) {
      case 'ArrowRight':
      case 'ArrowDown':
        next = Math.min(chips.length - 1, current + 1);
        break;
      case 'ArrowLeft':
      case 'ArrowUp':
        next = Math.max(0, current - 1);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = chips.length - 1;
        break;
      default:
        return;
    }
    e.preventDefault();
    const chip = chips[next]!;
    this.setRoving(chip);
    chip.focus();
  }
}

/** The step id of each chip (read by the click handler; ids can be long, so not in an attribute). */
const chipSteps = new WeakMap<Element, string>();

function createChip(step: PanelStep): HTMLButtonElement {
  const chip = h('button', { class: 'chip', attrs: { type: 'button' } }, [
    h('span', { class: 'glyph', attrs: { 'aria-hidden': 'true' } }),
    h('span'),
    h('span', { class: 'chip-status' }),
  ]);
  chipSteps.set(chip, step.stepId);
  return chip;
}

function updateChip(
  chip: HTMLButtonElement,
  step: PanelStep,
  active: boolean,
  nodeIds: ReadonlyMap<string, string>,
  tabStop: boolean,
): void {
  const label = oneLine(stepLabel(step.stepId, nodeIds), 60);
  // The shared vocabulary ("Waiting for approval" for a human step), as in the tree and the hover.
  const word = oneLine(stepStatusWord(step), 30);
  const [glyph, name, status] = [...chip.children] as HTMLElement[];
  chip.className = `chip ${statusClass(step.status)}${active ? ' active' : ''}`;
  chip.title = `${step.stepId}\n${step.nodeType} · ${word}${step.error ? `\n${step.error.code}: ${step.error.message}` : ''}\n${active ? 'Click to show all steps' : 'Click to show only this step'}`;
  chip.setAttribute('aria-pressed', String(active));
  chip.setAttribute('aria-label', `Step ${label}, ${word}${active ? ', filtering' : ''}`);
  chip.tabIndex = tabStop ? 0 : -1;
  setText(glyph!, statusGlyph(step.status));
  setText(name!, label);
  setText(status!, word);
}
