// Group-bounded loops (docs "Loop regions"): a reject loop-back whose source is a joinOnQuorum group
// with quorum === expectedSteps. A member's mandatory reject starts the next iteration (fresh quorum,
// the other members cancelled with loop-restart); exhaustion ends the remaining members and takes the
// group's exhausted route; every other group as loop source is refused by the linter.
import * as assert from 'node:assert/strict';
import { recordReviewerDecision } from '../../../../src/sandbox/engine/actions';
import { compileDefinition } from '../../../../src/sandbox/engine/compile';
import type { DefinitionInput, GroupDef } from '../../../../src/sandbox/engine/model';
import type { Run } from '../../../../src/sandbox/engine/run';
import { Harness, agent, edge, human, notify } from './harness';

const REVIEW = { kind: 'group' as const, groupId: 'review' };

function definition(group: Partial<GroupDef> = {}): DefinitionInput {
  return {
    definitionId: 'group-loop',
    name: 'Group loop',
    nodes: [
      agent('agent-draft', '__mock__'),
      human('human-legal', 'u_legal'),
      human('human-brand', 'u_brand'),
      notify('publish'),
      notify('escalate'),
    ],
    edges: [
      edge('agent-draft', 'human-legal'),
      edge('agent-draft', 'human-brand'),
      edge('human-legal', 'publish', 'approve'),
      edge('human-brand', 'publish', 'approve'),
      { from: REVIEW, to: 'agent-draft', on: 'reject', loop: { maxIterations: 2 } },
      { from: REVIEW, to: 'escalate', on: 'exhausted' },
    ],
    groups: [
      {
        groupId: 'review',
        memberNodeIds: ['human-legal', 'human-brand'],
        expectedSteps: 2,
        quorum: 2,
        onQuorumMet: 'joinOnQuorum',
        ...group,
      },
    ],
  };
}

function vote(h: Harness, run: Run, nodeId: string, index: number, decision: 'approve' | 'reject'): void {
  const result = recordReviewerDecision(h.engine, {
    executionId: run.executionId,
    stepId: h.step(run, nodeId, index).stepId,
    reviewerId: `u_${nodeId.slice(6)}`,
    decision,
    ...(decision === 'reject' ? { reason: 'Not yet' } : {}),
  });
  assert.ok(result.ok && result.value['recorded'] === true, JSON.stringify(result));
}

describe('sandbox engine: loops bounded by a joinOnQuorum group', () => {
  it('compiles: the loop body is the entry and the members, with the group exhausted route', () => {
    const compiled = compileDefinition(definition());
    assert.ok(compiled.ok, JSON.stringify(compiled));
    assert.deepEqual(compiled.runtime.compiled.loops, [
      {
        loopId: 'loop_agent-draft',
        entryNodeId: 'agent-draft',
        bodyNodeIds: ['agent-draft', 'human-legal', 'human-brand'],
        maxIterations: 2,
        onExhausted: { routeToNodeId: 'escalate' },
      },
    ]);
    assert.equal(compiled.runtime.loopFromGroup.get('loop_agent-draft'), 'review');
  });

  it('a member reject starts iteration 2 with fresh quorum; all approving then joins once', () => {
    const h = new Harness();
    h.define(definition());
    const run = h.start('group-loop');
    vote(h, run, 'human-legal', 0, 'approve');
    vote(h, run, 'human-brand', 0, 'reject');
    assert.deepEqual(run.log.find((e) => e.type === 'loop.iteration-started')?.data, {
      loopId: 'loop_agent-draft',
      iteration: 2,
      triggeredBy: 'rejection',
    });
    const entry = h.step(run, 'agent-draft', 1);
    const attempts = (entry as unknown as { input: { previousAttempts: { rejectedBy: string }[] } }).input;
    assert.equal(attempts.previousAttempts[0]?.rejectedBy, 'u_brand');
    assert.equal(h.step(run, 'human-legal', 1).status, 'waiting', 'a new member step per iteration');
    assert.ok(!run.log.some((e) => e.type === 'group.quorum-met'), 'one approval of iteration 1 does not count');
    vote(h, run, 'human-legal', 1, 'approve');
    assert.ok(!run.log.some((e) => e.type === 'group.quorum-met'), 'quorum is counted per iteration');
    vote(h, run, 'human-brand', 1, 'approve');
    assert.equal(run.log.filter((e) => e.type === 'group.quorum-met').length, 1);
    assert.equal(h.step(run, 'publish').stepId, 'group_review__to__publish');
    assert.equal(run.status, 'completed');
  });

  it('a reject while a sibling still waits cancels it with loop-restart; exhaustion ends the rest and escalates', () => {
    const h = new Harness();
    h.define(definition());
    const run = h.start('group-loop');
    vote(h, run, 'human-legal', 0, 'reject');
    assert.equal(h.step(run, 'human-brand', 0).status, 'cancelled');
    assert.ok(run.log.some((e) => e.type === 'step.cancelled' && JSON.stringify(e.data).includes('loop-restart')));
    vote(h, run, 'human-brand', 1, 'reject');
    assert.deepEqual(run.log.find((e) => e.type === 'loop.exhausted')?.data, {
      loopId: 'loop_agent-draft',
      iteration: 2,
      lastRejectedBy: 'u_brand',
      lastRejectionReason: 'Not yet',
    });
    assert.equal(h.step(run, 'human-legal', 1).status, 'cancelled');
    assert.equal(h.step(run, 'escalate').status, 'completed');
    assert.equal(run.status, 'completed');
  });

  it('refuses a loop source group that is not joinOnQuorum with quorum === expectedSteps', () => {
    for (const group of [
      { quorum: 1 },
      { onQuorumMet: 'waitAll' as const },
      { onQuorumMet: 'cancelOnQuorum' as const, quorum: 1 },
    ]) {
      const compiled = compileDefinition(definition(group));
      assert.ok(!compiled.ok, JSON.stringify(group));
      assert.ok(
        compiled.problems.some(
          (p) => p.code === 'loop-body-must-have-single-terminal' && p.path.join('.') === 'edges.4.from',
        ),
        JSON.stringify(compiled.problems),
      );
    }
  });
});
