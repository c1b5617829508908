// The Graph tab's detail of the chosen node: each of its steps in this run (newest first) with status,
// start, end and duration (the panel's time format, util/format's words), its error (and the run's
// failure reason when this step ended it), and its output as the same coloured JSON the event detail shows,
// a trimmed output saying so. The steps come from the host (nodeDetail); text only, through textContent.
import type { PanelStepDetail } from '../panel/protocol';
import { formatDuration, stepStatusWord } from '../util/format';
import { h, setText, show } from './dom';
import { fillJson, prettyJson } from './jsonView';
import { Deps } from './keyed';
import { kib } from './renderDetail';
import { oneLine, plural } from './text';
import { formatTime, timeTooltip, type TimeContext } from './time';
import type { NodeDetail, ViewState } from './viewState';

const ENDED = new Set(['failed', 'breached']);

export class NodeDetailView {
  readonly el = h('section', { class: 'node-detail', attrs: { 'aria-label': 'Steps of the chosen node' } });
  private readonly deps = new Deps();

  constructor() {
    show(this.el, false);
  }

  /** `detail` is shown when it is the chosen node's (else nothing: the host's answer is on its way). */
  render(nodeId: string | null, detail: NodeDetail | null, s: ViewState): void {
    const mine = detail !== null && detail.nodeId === nodeId ? detail : null;
    show(this.el, mine !== null && mine.steps.length > 0);
    if (!mine) return;
    const running = mine.steps.some((step) => step.completedAt === null);
    const tick = s.timeFormat === 'relative' || running ? Math.floor(s.now / 1000) : 0;
    if (!this.deps.changed(mine, s.timeFormat, s.startedAt, s.execution?.failureReason, tick)) return;
    const context: TimeContext = { now: s.now, startedAt: s.startedAt };
    const steps = [...mine.steps].reverse().map((step) => this.step(step, s, context));
    const more =
      mine.moreSteps > 0
        ? h('p', {
            class: 'note',
            text: `${plural(mine.moreSteps, 'earlier step')} of this node ${mine.moreSteps === 1 ? 'is' : 'are'} not shown. Raw JSON in the header shows every step.`,
          })
        : null;
    this.el.replaceChildren(...steps, ...(more ? [more] : []));
  }

  private step(step: PanelStepDetail, s: ViewState, context: TimeContext): HTMLElement {
    const facts: Node[] = [];
    const fact = (label: string, value: string | null, title?: string): void => {
      if (value)
        facts.push(
          h('dt', { text: label }),
          h('dd', {
            class: 'mono',
            text: oneLine(value, 400),
            title: title ?? (value.length > 400 ? value : undefined),
          }),
        );
    };
    const time = (at: number | null): [string | null, string | undefined] =>
      at === null ? [null, undefined] : [formatTime(at, s.timeFormat, context), timeTooltip(at, context)];
    fact('Status', stepStatusWord(step));
    fact('Started', ...time(step.startedAt));
    fact('Ended', ...time(step.completedAt));
    if (step.startedAt !== null)
      fact(
        'Duration',
        step.completedAt === null
          ? `${formatDuration(s.now - step.startedAt)} so far`
          : formatDuration(step.completedAt - step.startedAt),
      );
    if (step.error) fact('Error', `${step.error.code}: ${step.error.message}`);
    const failure = s.execution?.failureReason;
    if (failure && ENDED.has(step.status) && s.execution?.status === 'failed')
      fact('Run failed', `${failure.code}: ${failure.message}`);

    const pre = h('pre', { class: 'json', attrs: { tabindex: 0, 'aria-label': 'Step output as JSON' } });
    const empty =
      step.output === null ||
      step.output === undefined ||
      (typeof step.output === 'object' && Object.keys(step.output).length === 0);
    pre.classList.toggle('no-data', empty);
    if (empty) setText(pre, 'no output');
    else {
      const pretty = prettyJson(step.output);
      if ('json' in pretty) fillJson(pre, pretty.json);
      else setText(pre, pretty.problem);
    }
    const note =
      step.oversize !== undefined
        ? h('p', {
            class: 'note',
            text: `This output (${kib(step.oversize)}) is too large or too deeply nested to show here; a shortened preview is shown. Raw JSON in the header shows all of it.`,
          })
        : null;
    return h('div', { class: 'node-step' }, [
      h('h3', { class: 'node-step-id mono', text: oneLine(step.stepId, 200), title: step.stepId }),
      h('dl', { class: 'detail-facts' }, facts),
      note,
      pre,
    ]);
  }
}
