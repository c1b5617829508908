// The step timeline as the webview draws it, built from the execution's steps, the event summary
// (summary.ts) and the definition's SLAs: one lane per step, the members of a parallel group under one
// heading, the runs of one node (loop iterations) stacked in order; each bar active until the step began
// waiting for reviewers, waiting after; and the idle stretches long enough to draw compressed. Pure.
import {
  MAX_STEPS,
  TIMELINE_BOUNDS,
  type TimelineGap,
  type TimelineModel,
  type TimelineRow,
  type TimelineStepRow,
} from '../protocol';
import type { TimelineSummary } from './summary';

/** What the model reads of a step and a run (an ExecutionView or a PanelExecution). */
export interface TimelineStepInput {
  stepId: string;
  nodeId: string;
  nodeType: string;
  status: string;
  groupId: string | null;
  startedAt: number | null;
  completedAt: number | null;
}

export interface TimelineRunInput {
  status: string;
  startedAt: number | null;
  completedAt: number | null;
  cancelledAt: number | null;
  steps: readonly TimelineStepInput[];
}

/** SLA per node id (from the definition) and why it may be missing or differ. */
export interface SlaInput {
  byNode: ReadonlyMap<string, number>;
  note: string | null;
}

export const NO_SLA: SlaInput = { byNode: new Map(), note: null };

/** An idle stretch is drawn compressed when longer than this and than GAP_SHARE of the run. */
export const MIN_GAP_MS = 60_000;
export const GAP_SHARE = 0.1;

const RUN_ENDED = new Set(['completed', 'failed', 'cancelled']);
const STEP_ENDED = new Set(['completed', 'failed', 'cancelled', 'skipped', 'breached']);

export function buildTimeline(
  run: TimelineRunInput,
  summary: TimelineSummary,
  sla: SlaInput,
  now: number,
): TimelineModel {
  const runEnd = RUN_ENDED.has(run.status) ? (run.completedAt ?? run.cancelledAt ?? null) : null;
  const steps = run.steps.length > MAX_STEPS ? run.steps.slice(0, MAX_STEPS) : run.steps;
  const stepRows = steps.map((step) => stepRow(step, summary, sla, runEnd));
  numberIterations(stepRows);
  const { rows, moreRows } = arrange(stepRows, summary);
  const start = run.startedAt ?? earliest(stepRows) ?? summary.runMarkers[0]?.at ?? now;
  const end = RUN_ENDED.has(run.status) ? (runEnd ?? latest(stepRows, summary) ?? start) : null;
  return {
    start,
    end,
    rows,
    moreRows,
    runMarkers: summary.runMarkers.slice(),
    moreMarkers: summary.moreRunMarkers,
    gaps: idleGaps(stepRows, start, end ?? now),
    slaNote: sla.note,
  };
}

function stepRow(
  step: TimelineStepInput,
  summary: TimelineSummary,
  sla: SlaInput,
  runEnd: number | null,
): TimelineStepRow {
  const seen = summary.step(step.stepId);
  const startedAt = step.startedAt;
  let endedAt = step.completedAt ?? seen?.endedAt ?? null;
  // A step the server reports ended (or left behind by an ended run) without a time ends with the run.
  if (endedAt === null && startedAt !== null && (STEP_ENDED.has(step.status) || runEnd !== null))
    endedAt = Math.max(startedAt, runEnd ?? startedAt);
  if (endedAt !== null && startedAt !== null && endedAt < startedAt) endedAt = startedAt;
  // Only a human step waits for reviewers; agents and async webhooks also send step.awaiting-approval while
  // they run (velt-api.md §3.2), and that time is their own work.
  const waiting = step.nodeType === 'human' ? (seen?.waitingFrom ?? null) : null;
  const waitingFrom =
    waiting !== null && startedAt !== null && waiting >= startedAt && (endedAt === null || waiting <= endedAt)
      ? waiting
      : null;
  const slaMs = sla.byNode.get(step.nodeId);
  return {
    kind: 'step',
    stepId: step.stepId,
    nodeId: step.nodeId,
    nodeType: step.nodeType,
    status: step.status,
    groupId: step.groupId,
    iteration: null,
    startedAt,
    endedAt,
    waitingFrom,
    slaAt: startedAt !== null && slaMs !== undefined ? startedAt + slaMs : null,
    markers: seen ? seen.markers.slice() : [],
  };
}

const startKey = (row: TimelineStepRow): number => row.startedAt ?? Number.POSITIVE_INFINITY;

/** Numbers the runs of every node that ran more than once (1, 2, … in start order). */
function numberIterations(rows: TimelineStepRow[]): void {
  const byNode = new Map<string, TimelineStepRow[]>();
  for (const row of rows) {
    const list = byNode.get(row.nodeId);
    if (list) list.push(row);
    else byNode.set(row.nodeId, [row]);
  }
  for (const list of byNode.values()) {
    if (list.length < 2) continue;
    list.sort((a, b) => startKey(a) - startKey(b));
    list.forEach((row, i) => (row.iteration = i + 1));
  }
}

interface Block {
  groupId: string | null;
  first: number;
  order: number;
  rows: TimelineStepRow[];
}

/**
 * Blocks in start order: a parallel group's members together under a heading, a node's runs together;
 * inside a block, each node's runs stacked by iteration. Cut at TIMELINE_BOUNDS.rows rows.
 */
function arrange(stepRows: TimelineStepRow[], summary: TimelineSummary): { rows: TimelineRow[]; moreRows: number } {
  const blocks = new Map<string, Block>();
  stepRows.forEach((row, order) => {
    const key = row.groupId !== null ? `g:${row.groupId}` : `n:${row.nodeId}`;
    let block = blocks.get(key);
    if (!block) blocks.set(key, (block = { groupId: row.groupId, first: startKey(row), order, rows: [] }));
    block.first = Math.min(block.first, startKey(row));
    block.rows.push(row);
  });
  const ordered = [...blocks.values()].sort((a, b) => a.first - b.first || a.order - b.order);
  const rows: TimelineRow[] = [];
  let placed = 0;
  for (const block of ordered) {
    if (block.groupId !== null) {
      if (rows.length + 1 >= TIMELINE_BOUNDS.rows) break;
      rows.push({ kind: 'group', groupId: block.groupId, markers: summary.groupMarkers(block.groupId).slice() });
    }
    for (const row of stackByNode(block.rows)) {
      if (rows.length >= TIMELINE_BOUNDS.rows) break;
      rows.push(row);
      placed++;
    }
  }
  return { rows, moreRows: stepRows.length - placed };
}

function stackByNode(rows: TimelineStepRow[]): TimelineStepRow[] {
  if (rows.length < 2) return rows;
  // Nodes in the order of their first start (ties: as the server listed them), each node's runs by iteration.
  const node = new Map<string, { first: number; order: number }>();
  rows.forEach((row, order) => {
    const seen = node.get(row.nodeId);
    if (!seen) node.set(row.nodeId, { first: startKey(row), order });
    else seen.first = Math.min(seen.first, startKey(row));
  });
  const rank = (row: TimelineStepRow) => node.get(row.nodeId)!;
  return rows
    .map((row, i) => ({ row, i }))
    .sort(
      (a, b) =>
        rank(a.row).first - rank(b.row).first ||
        rank(a.row).order - rank(b.row).order ||
        (a.row.iteration ?? 0) - (b.row.iteration ?? 0) ||
        a.i - b.i,
    )
    .map(({ row }) => row);
}

function earliest(rows: readonly TimelineStepRow[]): number | null {
  let min: number | null = null;
  for (const r of rows) if (r.startedAt !== null && (min === null || r.startedAt < min)) min = r.startedAt;
  return min;
}

function latest(rows: readonly TimelineStepRow[], summary: TimelineSummary): number | null {
  let max: number | null = null;
  const see = (t: number | null): void => {
    if (t !== null && (max === null || t > max)) max = t;
  };
  for (const r of rows) see(r.endedAt ?? r.startedAt);
  for (const m of summary.runMarkers) see(m.at);
  return max;
}

/**
 * Stretches from `start` to `end` where no step runs, longer than MIN_GAP_MS and GAP_SHARE of the run:
 * the longest TIMELINE_BOUNDS.gaps of them, in time order.
 */
export function idleGaps(rows: readonly TimelineStepRow[], start: number, end: number): TimelineGap[] {
  const busy = rows
    .filter((r) => r.startedAt !== null)
    .map((r) => ({ from: r.startedAt!, to: r.endedAt ?? end }))
    .sort((a, b) => a.from - b.from);
  const threshold = Math.max(MIN_GAP_MS, (end - start) * GAP_SHARE);
  const gaps: TimelineGap[] = [];
  let cursor = start;
  for (const span of busy) {
    if (span.from - cursor > threshold) gaps.push({ from: cursor, to: span.from });
    cursor = Math.max(cursor, span.to);
  }
  if (end - cursor > threshold) gaps.push({ from: cursor, to: end });
  if (gaps.length <= TIMELINE_BOUNDS.gaps) return gaps;
  return gaps
    .sort((a, b) => b.to - b.from - (a.to - a.from))
    .slice(0, TIMELINE_BOUNDS.gaps)
    .sort((a, b) => a.from - b.from);
}
