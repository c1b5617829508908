// `list` and `get` for people: executions as an aligned table, and one execution as a summary with its
// steps as an indented tree like the sidebar's (parallel groups, loop iterations, waiting reviewers).
// Words and numbers come from util/format; every piece of API text goes through inert().
import type { ExecutionView, StepView } from '../../api';
import {
  formatDuration,
  formatLocal,
  formatRelative,
  runStatus,
  shortId,
  statusWord,
  stepStatusWord,
} from '../../util/format';
import { executionDuration, waitingApprovals } from '../../util/executionText';
import { groupSteps, loopIterations } from '../../util/stepGroups';
import { renderTable, tableWidth, type Cell, type Column } from './table';
import { fit, inert, paint, statusTone, type TerminalStyle } from './terminal';

const LIST_COLUMNS: readonly Column[] = [
  { header: 'STATUS', max: 20 },
  { header: 'DEFINITION', flexible: true, max: 40 },
  { header: 'ID' },
  { header: 'STARTED', align: 'right' },
  { header: 'DURATION', align: 'right' },
];

/** Executions as a table; full ids when they fit (so they can be copied), short ids when not. */
export function executionsTable(items: readonly ExecutionView[], style: TerminalStyle): string {
  if (items.length === 0) return 'No executions match.\n';
  const now = style.now();
  const rows = (idOf: (id: string) => string): Cell[][] =>
    items.map((view) => {
      const status = runStatus(view);
      return [
        { text: inert(statusWord(status)), tone: statusTone(status) },
        { text: definitionText(view) },
        { text: inert(idOf(view.executionId)) },
        { text: view.startedAt === null ? '—' : formatRelative(view.startedAt, now) },
        { text: durationText(view, now) },
      ];
    });
  const full = rows((id) => id);
  return renderTable(LIST_COLUMNS, tableWidth(LIST_COLUMNS, full) <= style.width ? full : rows(shortId), style);
}

function definitionText(view: ExecutionView): string {
  return `${inert(view.definitionId)}${view.definitionVersion !== null ? ` v${view.definitionVersion}` : ''}`;
}

function durationText(view: ExecutionView, now: number): string {
  const ms = executionDuration(view, now);
  return ms === undefined ? '—' : formatDuration(ms);
}

/** One execution: a summary block, then its steps as a tree. */
export function executionSummary(view: ExecutionView, style: TerminalStyle): string {
  const now = style.now();
  const status = runStatus(view);
  const when = (at: number | null): string | undefined =>
    at === null ? undefined : `${formatLocal(at, 's')} (${formatRelative(at, now)})`;
  const fields: [string, string | undefined][] = [
    ['Definition', definitionText(view)],
    ['Started', when(view.startedAt)],
    ['Completed', when(view.completedAt)],
    ['Cancelled', when(view.cancelledAt)],
    ['Duration', durationText(view, now)],
    ['Correlation', view.correlationId === null ? undefined : inert(view.correlationId)],
    ['Idempotency', view.idempotencyKey === null ? undefined : inert(view.idempotencyKey)],
    [
      'Failure',
      view.failureReason === null
        ? undefined
        : `${inert(view.failureReason.code)}: ${inert(view.failureReason.message)}`,
    ],
  ];
  const lines = [
    `${paint(style, 'bold', fit(inert(view.executionId), style.width - 2 - statusWord(status).length))}  ${paint(style, statusTone(status), inert(statusWord(status)))}`,
    ...fields
      .filter((field): field is [string, string] => field[1] !== undefined)
      .map(([label, value]) => {
        const text = fit(`${label.padEnd(12)}${value}`, style.width);
        return label === 'Failure' ? paint(style, 'bad', text) : text;
      }),
    '',
    `Steps (${view.steps.length})`,
    ...stepTree(view.steps, style, now),
  ];
  return `${lines.join('\n')}\n`;
}

const GLYPHS: Readonly<Record<string, string>> = {
  completed: '✓',
  failed: '✕',
  cancelled: '⊘',
  skipped: '⊘',
  breached: '▲',
  waiting: '◔',
  running: '▶',
  pending: '·',
};

function stepTree(steps: readonly StepView[], style: TerminalStyle, now: number): string[] {
  if (steps.length === 0) return ['  (no steps yet)'];
  const iterations = loopIterations(steps);
  const waiting = new Map(waitingApprovals(steps).map((w) => [w.stepId, w]));
  const line = (step: StepView, indent: string): string => {
    const iteration = iterations.get(step.stepId);
    const name = `${inert(step.nodeId)}${iteration !== undefined ? ` (iteration ${iteration})` : ''}`;
    const end = step.completedAt ?? (step.status === 'running' || step.status === 'waiting' ? now : null);
    const took = step.startedAt !== null && end !== null ? formatDuration(end - step.startedAt) : '';
    const details = [inert(step.nodeType), stepStatusWord(step), took, ...stepNotes(step, waiting.get(step.stepId))]
      .filter((part) => part !== '')
      .join(' · ');
    const glyph = GLYPHS[step.status] ?? '?';
    const text = fit(`${indent}${glyph} ${name}  ${details}`, style.width);
    return paint(style, statusTone(step.status), text);
  };
  const out: string[] = [];
  for (const entry of groupSteps(steps)) {
    if (entry.kind === 'step') {
      out.push(line(entry.step, '  '));
      continue;
    }
    out.push(
      fit(
        `  ◎ parallel group ${inert(entry.groupId)} (${entry.steps.length} members, ${entry.approved} of ${entry.decided} decided approved)`,
        style.width,
      ),
    );
    for (const step of entry.steps) out.push(line(step, '    '));
  }
  return out;
}

function stepNotes(step: StepView, waiting: ReturnType<typeof waitingApprovals>[number] | undefined): string[] {
  const notes: string[] = [];
  const decision = step.output['decision'];
  if (typeof decision === 'string') notes.push(`decision ${inert(decision)}`);
  if (waiting?.reviewers !== undefined)
    notes.push(
      `waiting for ${waiting.reviewers} reviewer${waiting.reviewers === 1 ? '' : 's'}${waiting.mandatory !== undefined ? `, ${waiting.mandatory} mandatory` : ''}`,
    );
  if (step.error) notes.push(`${inert(step.error.code)}: ${inert(step.error.message)}`);
  return notes;
}
