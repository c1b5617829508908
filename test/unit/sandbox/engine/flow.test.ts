// Parallel groups (waitAll, cancelOnQuorum, joinOnQuorum, requiredNodeIds) and loop regions
// (iterations, loop-restart cancellation, exhaustion with and without an exhausted route).
import * as assert from 'node:assert/strict';
import { recordReviewerDecision } from '../../../../src/sandbox/engine/actions';
import type { GroupDef } from '../../../../src/sandbox/engine/model';
import type { Run } from '../../../../src/sandbox/engine/run';
import { Harness, agent, edge, human, notify } from './harness';

const MEMBERS = ['human-legal', 'human-brand', 'human-exec'];

function groupDefinition(h: Harness, id: string, group: Partial<GroupDef>, memberEdges = true): void {
  h.define({
    definitionId: id,
    name: id,
    nodes: [
      agent('agent-draft', '__mock__'),
      human('human-legal', 'u_legal'),
      human('human-brand', 'u_brand'),
      human('human-exec', 'u_exec'),
      notify('publish'),
      notify('rework'),
    ],
    edges: [
      edge('agent-draft', 'human-legal'),
      edge('agent-draft', 'human-brand'),
      edge('agent-draft', 'human-exec'),
      ...(memberEdges ? MEMBERS.flatMap((m) => [edge(m, 'publish', 'approve'), edge(m, 'rework', 'reject')]) : []),
      ...(memberEdges
        ? []
        : [
            { from: { kind: 'group' as const, groupId: 'review' }, to: 'publish', on: 'approve' as const },
            { from: { kind: 'group' as const, groupId: 'review' }, to: 'rework', on: 'reject' as const },
          ]),
    ],
    groups: [{ groupId: 'review', memberNodeIds: MEMBERS, expectedSteps: 3, quorum: 2, ...group }],
  });
}

function vote(h: Harness, run: Run, nodeId: string, decision: 'approve' | 'reject'): void {
  const step = h.step(run, nodeId);
  const result = recordReviewerDecision(h.engine, {
    executionId: run.executionId,
    stepId: step.stepId,
    reviewerId: `u_${nodeId.slice(6)}`,
    decision,
  });
  assert.ok(result.ok && result.value['recorded'] === true, JSON.stringify(result));
}

describe('sandbox engine: groups and loops', () => {
  it('cancelOnQuorum: quorum-met event, the waiting sibling cancelled by system:group-quorum, members fan out', () => {
    const h = new Harness();
    groupDefinition(h, 'cancel-on-quorum', { onQuorumMet: 'cancelOnQuorum' });
    const run = h.start('cancel-on-quorum');
    assert.ok(MEMBERS.every((m) => h.step(run, m).groupId === 'review'));
    vote(h, run, 'human-legal', 'approve');
    assert.equal(
      run.log.some((e) => e.type === 'group.quorum-met'),
      false,
    );
    vote(h, run, 'human-brand', 'approve');
    assert.deepEqual(run.log.find((e) => e.type === 'group.quorum-met')?.data, {
      groupId: 'review',
      total: 3,
      quorum: 2,
      completedTotal: 2,
      expectedSteps: 3,
    });
    assert.equal(h.step(run, 'human-exec').status, 'cancelled');
    assert.deepEqual(run.log.find((e) => e.type === 'step.cancelled')?.data, {
      actorId: 'system:group-quorum',
      reason: 'group-quorum-met',
    });
    assert.equal(
      [...run.steps.values()].filter((s) => s.nodeId === 'publish').length,
      2,
      'each approving member fans out',
    );
    assert.equal(run.status, 'completed');
  });

  it('joinOnQuorum: one group successor with { groupOutputs, groupId, quorum, totalApproved }', () => {
    const h = new Harness();
    groupDefinition(h, 'join-on-quorum', { onQuorumMet: 'joinOnQuorum' });
    const run = h.start('join-on-quorum');
    vote(h, run, 'human-exec', 'approve');
    vote(h, run, 'human-legal', 'approve');
    const successors = [...run.steps.values()].filter((s) => s.stepId.startsWith('group_'));
    assert.deepEqual(
      successors.map((s) => s.stepId),
      ['group_review__to__publish'],
      'join fans out on approval only',
    );
    const publish = run.steps.get('group_review__to__publish')!;
    assert.equal(publish.groupId, null);
    assert.deepEqual(Object.keys(publish.input).sort(), ['groupId', 'groupOutputs', 'quorum', 'totalApproved']);
    assert.equal(publish.input['totalApproved'], 2);
    assert.deepEqual(Object.keys(publish.input['groupOutputs'] as object).sort(), ['human-exec', 'human-legal']);
    assert.equal(h.step(run, 'human-brand').status, 'cancelled');
    assert.equal(run.status, 'completed');
  });

  it('waitAll as an edge source: one collective branch by unanimity after every member ends', () => {
    const h = new Harness();
    groupDefinition(h, 'wait-all', { onQuorumMet: 'waitAll' }, false);
    const run = h.start('wait-all');
    vote(h, run, 'human-legal', 'approve');
    vote(h, run, 'human-brand', 'approve');
    assert.ok(run.log.some((e) => e.type === 'group.quorum-met'));
    assert.equal(h.step(run, 'human-exec').status, 'waiting', 'waitAll cancels nobody');
    vote(h, run, 'human-exec', 'reject');
    assert.deepEqual(
      [...run.steps.keys()].filter((id) => id.startsWith('group_')),
      ['group_review__to__rework'],
    );
    assert.equal(run.status, 'completed', 'a routed collective reject is not a failed run');
  });

  it('requiredNodeIds: quorum needs the required member too', () => {
    const h = new Harness();
    groupDefinition(h, 'required', { onQuorumMet: 'cancelOnQuorum', requiredNodeIds: ['human-legal'] });
    const run = h.start('required');
    vote(h, run, 'human-brand', 'approve');
    vote(h, run, 'human-exec', 'approve');
    assert.equal(
      run.log.some((e) => e.type === 'group.quorum-met'),
      false,
    );
    vote(h, run, 'human-legal', 'approve');
    assert.equal(run.log.filter((e) => e.type === 'group.quorum-met').length, 1);
  });

  function loopDefinition(h: Harness, exhaustedRoute: boolean): void {
    h.define({
      definitionId: exhaustedRoute ? 'loop-routed' : 'loop-fails',
      name: 'Loop',
      nodes: [
        agent('agent-draft'),
        human('human-manager', 'u_manager_ana'),
        agent('agent-factcheck'),
        notify('notify-author'),
        notify('escalate'),
      ],
      edges: [
        edge('agent-draft', 'human-manager'),
        edge('agent-draft', 'agent-factcheck'),
        edge('human-manager', 'notify-author', 'approve'),
        edge('human-manager', 'agent-draft', 'reject', { loop: { maxIterations: 2 } }),
        ...(exhaustedRoute ? [edge('human-manager', 'escalate', 'exhausted')] : []),
      ],
    });
  }

  it('loop: a mandatory reject starts iteration 2, cancels in-flight steps with loop-restart, then exhausts into the exhausted route', () => {
    const h = new Harness();
    loopDefinition(h, true);
    const run = h.start('loop-routed', { agentMs: 5000 });
    h.tick(5000);
    const firstReview = h.step(run, 'human-manager');
    assert.equal(h.step(run, 'agent-factcheck').status, 'waiting');
    assert.ok(
      recordReviewerDecision(h.engine, {
        executionId: run.executionId,
        stepId: firstReview.stepId,
        reviewerId: 'u_manager_ana',
        decision: 'reject',
        reason: 'Needs sources',
      }).ok,
    );
    const started = run.log.find((e) => e.type === 'loop.iteration-started')!;
    assert.deepEqual(started.data, { loopId: 'loop_agent-draft', iteration: 2, triggeredBy: 'rejection' });
    assert.equal(started.stepId, `${firstReview.stepId}__to__agent-draft`);
    assert.equal(h.step(run, 'agent-factcheck').status, 'cancelled');
    assert.deepEqual(run.log.find((e) => e.type === 'step.cancelled')?.data, {
      actorId: 'system:loop-restart',
      reason: 'loop-restart',
    });
    const secondDraft = h.step(run, 'agent-draft', 1);
    const input = run.steps.get(secondDraft.stepId)!.input;
    assert.equal(input['iteration'], 2);
    const attempts = input['previousAttempts'] as Record<string, unknown>[];
    assert.deepEqual(
      [attempts.length, attempts[0]!['rejectedBy'], attempts[0]!['rejectionReason']],
      [1, 'u_manager_ana', 'Needs sources'],
    );
    h.tick(5000);
    const secondReview = h.step(run, 'human-manager', 1);
    assert.ok(
      recordReviewerDecision(h.engine, {
        executionId: run.executionId,
        stepId: secondReview.stepId,
        reviewerId: 'u_manager_ana',
        decision: 'reject',
      }).ok,
    );
    assert.deepEqual(run.log.find((e) => e.type === 'loop.exhausted')?.data, {
      loopId: 'loop_agent-draft',
      iteration: 2,
      lastRejectedBy: 'u_manager_ana',
    });
    assert.equal(h.step(run, 'escalate').status, 'completed');
    h.tick(5000);
    assert.equal(run.status, 'completed');
  });

  it('loop: exhaustion without an exhausted route fails the run', () => {
    const h = new Harness();
    loopDefinition(h, false);
    const run = h.start('loop-fails');
    for (let i = 0; i < 2; i++) {
      h.tick(5000);
      assert.ok(
        recordReviewerDecision(h.engine, {
          executionId: run.executionId,
          stepId: h.step(run, 'human-manager', i).stepId,
          reviewerId: 'u_manager_ana',
          decision: 'reject',
        }).ok,
      );
    }
    assert.equal(run.status, 'failed');
    assert.equal(run.failureReason?.code, 'loop-exhausted');
    assert.equal(run.log.filter((e) => e.type === 'loop.iteration-started').length, 1);
  });
});
