// The timeline model: active/waiting split from the event summary, loop iterations stacked, parallel
// group members under one heading, SLA lines from the definition, idle gaps, running bars, caps.
import { strict as assert } from 'node:assert';
import type { ExecutionEvent } from '../../../../src/api/schemas';
import { TIMELINE_BOUNDS, type TimelineRow, type TimelineStepRow } from '../../../../src/panel/protocol';
import {
  buildTimeline,
  MIN_GAP_MS,
  NO_SLA,
  type TimelineRunInput,
  type TimelineStepInput,
} from '../../../../src/panel/timeline/model';
import { TimelineSummary } from '../../../../src/panel/timeline/summary';

const T0 = 1_777_374_504_000;
let seq = 0;
const ev = (
  type: string,
  stepId: string | null,
  at: number,
  data: Record<string, unknown> | null = null,
): ExecutionEvent => ({
  eventId: `evt_${++seq}`,
  seq,
  type,
  stepId,
  timestamp: T0 + at,
  correlationId: null,
  data,
});

const step = (stepId: string, from: number | null, to: number | null, extra: Partial<TimelineStepInput> = {}) => ({
  stepId,
  nodeId: stepId,
  nodeType: 'agent',
  status: to === null ? 'running' : 'completed',
  groupId: null,
  startedAt: from === null ? null : T0 + from,
  completedAt: to === null ? null : T0 + to,
  ...extra,
});

const run = (steps: TimelineStepInput[], status = 'completed', end: number | null = 10_000): TimelineRunInput => ({
  status,
  startedAt: T0,
  completedAt: end === null ? null : T0 + end,
  cancelledAt: null,
  steps,
});

const summaryOf = (...events: ExecutionEvent[]): TimelineSummary => {
  const s = new TimelineSummary();
  s.add(events);
  return s;
};

const stepRows = (rows: TimelineRow[]): TimelineStepRow[] =>
  rows.filter((r): r is TimelineStepRow => r.kind === 'step');
const labels = (rows: TimelineRow[]): string[] =>
  rows.map((r) => (r.kind === 'group' ? `[${r.groupId}]` : `${r.stepId}${r.iteration ? `#${r.iteration}` : ''}`));

describe('timeline model', () => {
  it('splits a human step into active and waiting for reviewers at step.awaiting-approval', () => {
    const summary = summaryOf(
      ev('step.awaiting-approval', 'review', 2_000, { waitingForReviewers: ['u1'] }),
      ev('step.awaiting-approval', 'review', 3_000), // a second one does not move the start of the wait
      ev('step.completed', 'review', 9_000),
    );
    const model = buildTimeline(
      run([step('review', 1_000, null, { status: 'completed', nodeType: 'human' })]),
      summary,
      NO_SLA,
      T0,
    );
    const [row] = stepRows(model.rows);
    assert.equal(row!.startedAt, T0 + 1_000);
    assert.equal(row!.waitingFrom, T0 + 2_000);
    // The completion event closes the bar when the header has no completedAt (yet).
    assert.equal(row!.endedAt, T0 + 9_000);
  });

  it('ignores a wait outside the bar and leaves steps without one all active', () => {
    const summary = summaryOf(ev('step.awaiting-approval', 'a', 500), ev('step.awaiting-approval', 'b', 8_000));
    const model = buildTimeline(
      run([
        step('a', 1_000, 5_000, { nodeType: 'human' }),
        step('b', 1_000, 5_000, { nodeType: 'human' }),
        step('c', 1_000, 5_000, { nodeType: 'human' }),
      ]),
      summary,
      NO_SLA,
      T0,
    );
    assert.deepEqual(
      stepRows(model.rows).map((r) => r.waitingFrom),
      [null, null, null],
    );
  });

  it('an agent or webhook step waiting on its own work is all active, not waiting for reviewers', () => {
    const summary = summaryOf(
      ev('step.awaiting-approval', 'agent', 2_000, { agentId: 'a1', agentExecutionId: 'x', pollIntervalMs: 500 }),
      ev('step.awaiting-approval', 'hook', 2_000),
    );
    const model = buildTimeline(
      run([step('agent', 1_000, 5_000), step('hook', 1_000, 5_000, { nodeType: 'webhook' })]),
      summary,
      NO_SLA,
      T0,
    );
    assert.deepEqual(
      stepRows(model.rows).map((r) => r.waitingFrom),
      [null, null],
    );
  });

  it('stacks the runs of a looping node in order, numbered by iteration', () => {
    const steps = [
      step('draft', 0, 1_000, { nodeId: 'draft' }),
      step('review', 1_000, 2_000, { nodeId: 'review' }),
      step('draft__to__draft', 2_000, 3_000, { nodeId: 'draft' }),
      step('review2', 3_000, 4_000, { nodeId: 'review' }),
      step('publish', 4_000, 5_000, { nodeId: 'publish' }),
    ];
    const summary = summaryOf(ev('loop.iteration-started', 'draft__to__draft', 2_000, { loopId: 'l', iteration: 2 }));
    const model = buildTimeline(run(steps), summary, NO_SLA, T0);
    assert.deepEqual(labels(model.rows), ['draft#1', 'draft__to__draft#2', 'review#1', 'review2#2', 'publish']);
    const second = stepRows(model.rows)[1]!;
    assert.deepEqual(second.markers, [{ kind: 'iteration', at: T0 + 2_000, label: 'Loop iteration 2 started' }]);
  });

  it('puts the members of a parallel group under one heading with the quorum marker', () => {
    const steps = [
      step('start', 0, 1_000),
      step('legal', 1_000, 4_000, { groupId: 'review', nodeType: 'human' }),
      step('brand', 1_000, 3_000, { groupId: 'review', nodeType: 'human' }),
      step('publish', 4_000, 5_000),
      step('seo', 1_500, 4_500, { groupId: 'review', nodeType: 'human' }),
    ];
    const summary = summaryOf(
      ev('group.quorum-met', null, 3_000, {
        groupId: 'review',
        total: 3,
        quorum: 2,
        completedTotal: 2,
        expectedSteps: 3,
      }),
    );
    const model = buildTimeline(run(steps), summary, NO_SLA, T0);
    assert.deepEqual(labels(model.rows), ['start', '[review]', 'legal', 'brand', 'seo', 'publish']);
    const heading = model.rows[1]!;
    assert.equal(heading.kind, 'group');
    assert.deepEqual(heading.markers, [{ kind: 'quorum', at: T0 + 3_000, label: 'Quorum met (2 of quorum 2)' }]);
  });

  it('draws the SLA deadline at startedAt + slaMs of the node, with the note about the definition', () => {
    const sla = {
      byNode: new Map([['review', 5_000]]),
      note: 'SLA lines from definition version 3; this run used version 2.',
    };
    const model = buildTimeline(
      run([step('review', 1_000, 9_000), step('other', 0, 1_000)]),
      new TimelineSummary(),
      sla,
      T0,
    );
    const byId = new Map(stepRows(model.rows).map((r) => [r.stepId, r]));
    assert.equal(byId.get('review')!.slaAt, T0 + 6_000);
    assert.equal(byId.get('other')!.slaAt, null);
    assert.equal(model.slaNote, sla.note);
  });

  it('marks breaches on their step and execution events on the run', () => {
    const summary = summaryOf(
      ev('execution.dispatched', null, 0),
      ev('step.breached', 'review', 6_000, { reason: 'sla' }),
      ev('execution.failed', null, 6_100),
    );
    const model = buildTimeline(
      run([step('review', 1_000, null, { status: 'breached' })], 'failed', 6_100),
      summary,
      NO_SLA,
      T0,
    );
    const [row] = stepRows(model.rows);
    assert.deepEqual(row!.markers, [{ kind: 'breached', at: T0 + 6_000, label: 'SLA breached' }]);
    // A breached step the header gives no end ends with the run.
    assert.equal(row!.endedAt, T0 + 6_100);
    assert.deepEqual(
      model.runMarkers.map((m) => m.label),
      ['execution.dispatched', 'execution.failed'],
    );
    assert.equal(model.end, T0 + 6_100);
  });

  it('leaves a running step open (it ticks to now in the view) and the axis open while the run runs', () => {
    const model = buildTimeline(
      run([step('a', 0, 1_000), step('b', 1_000, null)], 'running', null),
      new TimelineSummary(),
      NO_SLA,
      T0 + 5_000,
    );
    const b = stepRows(model.rows)[1]!;
    assert.equal(b.endedAt, null);
    assert.equal(model.end, null);
    // The same run once over: its unfinished step ends with it.
    const over = buildTimeline(
      run([step('a', 0, 1_000), step('b', 1_000, null)], 'cancelled', 7_000),
      new TimelineSummary(),
      NO_SLA,
      T0,
    );
    assert.equal(stepRows(over.rows)[1]!.endedAt, T0 + 7_000);
  });

  it('finds idle gaps longer than the threshold (and not the short ones)', () => {
    const hour = 3_600_000;
    const steps = [step('a', 0, 1_000), step('b', 2_000, 3_000), step('c', 2 * hour, 2 * hour + 1_000)];
    const model = buildTimeline(run(steps, 'completed', 2 * hour + 1_000), new TimelineSummary(), NO_SLA, T0);
    assert.deepEqual(model.gaps, [{ from: T0 + 3_000, to: T0 + 2 * hour }]);
    const short = buildTimeline(
      run([step('a', 0, 1_000), step('b', MIN_GAP_MS, MIN_GAP_MS + 1)], 'completed', MIN_GAP_MS + 1),
      new TimelineSummary(),
      NO_SLA,
      T0,
    );
    assert.deepEqual(short.gaps, []);
  });

  it('caps the rows and counts the steps left out; steps that never started go last', () => {
    const many = Array.from({ length: TIMELINE_BOUNDS.rows + 50 }, (_, i) => step(`s${i}`, i, i + 1));
    const model = buildTimeline(
      run([step('later', null, null, { status: 'pending' }), ...many]),
      new TimelineSummary(),
      NO_SLA,
      T0,
    );
    assert.equal(model.rows.length, TIMELINE_BOUNDS.rows);
    assert.equal(model.moreRows, 51);
    const small = buildTimeline(
      run([step('later', null, null, { status: 'pending' }), step('a', 0, 1)]),
      new TimelineSummary(),
      NO_SLA,
      T0,
    );
    assert.deepEqual(labels(small.rows), ['a', 'later']);
  });

  it('keeps one entry per step in the summary however many events arrive', () => {
    const summary = new TimelineSummary();
    const events = Array.from({ length: 100_000 }, (_, i) =>
      ev(i % 2 ? 'step.started' : 'step.awaiting-approval', `s${i % 10}`, i),
    );
    summary.add(events);
    assert.equal(summary.step('s0')!.waitingFrom, T0);
    assert.equal(summary.step('s9'), undefined, 'a step with no timeline event has no entry');
    assert.equal(summary.runMarkers.length, 0);
  });
});
