// The engine per construct: decisions and edges, SLA breach routes, custom predicates on trigger
// context, parallel groups in each quorum mode, loops to exhaustion — all on a fake clock.
import * as assert from 'node:assert/strict';
import { recordReviewerDecision } from '../../../../src/sandbox/engine/actions';
import { Harness, agent, edge, human, notify } from './harness';

function decide(
  h: Harness,
  run: { executionId: string },
  stepId: string,
  reviewerId: string,
  decision: 'approve' | 'reject',
  reason?: string,
): Record<string, unknown> {
  const result = recordReviewerDecision(h.engine, {
    executionId: run.executionId,
    stepId,
    reviewerId,
    decision,
    ...(reason ? { reason } : {}),
  });
  assert.ok(result.ok, JSON.stringify(result));
  return result.value;
}

describe('sandbox engine: executor', () => {
  it('runs agent → human → approve/reject branches, with documented events, ids and outputs', () => {
    const h = new Harness();
    h.define({
      definitionId: 'doc-signoff',
      name: 'Doc sign-off',
      nodes: [
        agent('agent-draft', '__mock__'),
        human('human-manager', 'u_ana', ['u_bo', false]),
        notify('notify-ok'),
        notify('notify-rework'),
      ],
      edges: [
        edge('agent-draft', 'human-manager'),
        edge('human-manager', 'notify-ok', 'approve'),
        edge('human-manager', 'notify-rework', 'reject'),
      ],
    });
    const dispatched = h.engine.dispatch({ definitionId: 'doc-signoff' });
    assert.ok(dispatched.ok);
    const run = dispatched.run;
    assert.match(run.executionId, /^exec_\d{13}_[a-z0-9]{8}$/);
    assert.match(run.correlationId, /^corr_/);
    assert.deepEqual(h.types(run), ['execution.dispatched']);
    assert.equal(run.status, 'pending');
    h.tick(1000);
    assert.equal(run.status, 'running');
    const root = h.step(run, 'agent-draft');
    assert.match(root.stepId, /^step_agent-draft_\d{13}_[a-z]{6}$/);
    assert.deepEqual(root.output, { agentId: '__mock__', synthetic: true, decision: 'approve' });
    const review = h.step(run, 'human-manager');
    assert.equal(review.stepId, `${root.stepId}__to__human-manager`);
    assert.equal(review.status, 'waiting');
    assert.deepEqual(run.log.find((e) => e.type === 'step.awaiting-approval')?.data, {
      waitingForReviewers: ['u_ana', 'u_bo'],
      mandatoryCount: 1,
      resumeKey: `human:${review.stepId}`,
    });

    assert.deepEqual(decide(h, run, review.stepId, 'u_bo', 'approve'), {
      recorded: true,
      aggregatorStatus: 'pending',
      resumeScheduled: false,
    });
    assert.deepEqual(decide(h, run, review.stepId, 'u_bo', 'approve'), {
      recorded: false,
      aggregatorStatus: 'pending',
      resumeScheduled: false,
      rejectionReason: 'idempotent',
    });
    assert.deepEqual(decide(h, run, review.stepId, 'u_zed', 'approve'), {
      recorded: false,
      aggregatorStatus: 'pending',
      resumeScheduled: false,
      rejectionReason: 'unknown-responder',
    });
    assert.deepEqual(decide(h, run, review.stepId, 'u_ana', 'approve'), {
      recorded: true,
      aggregatorStatus: 'resolved',
      resumeScheduled: true,
    });
    assert.equal(decide(h, run, review.stepId, 'u_ana', 'reject')['rejectionReason'], 'already-terminal');
    assert.equal(h.step(run, 'human-manager').output['decision'], 'approve');
    assert.equal(h.step(run, 'notify-ok').status, 'completed');
    assert.equal(
      [...run.steps.values()].some((s) => s.nodeId === 'notify-rework'),
      false,
    );
    assert.equal(run.status, 'completed');
    assert.deepEqual(h.types(run), [
      'execution.dispatched',
      'step.completed',
      'step.awaiting-approval',
      'step.completed',
      'step.completed',
      'execution.completed',
    ]);
    assert.ok(h.types(run, false).includes('step.response-recorded'), 'internal events take seq numbers');
    run.log.forEach((e, i) => assert.equal(e.seq, i + 1));
  });

  it('a mandatory reject resolves the step as rejected with rejectedBy and follows the reject edge', () => {
    const h = new Harness();
    h.define({
      definitionId: 'reject-path',
      name: 'Reject',
      nodes: [human('review', 'u_a', 'u_b'), notify('ok'), notify('rework')],
      edges: [edge('review', 'ok', 'approve'), edge('review', 'rework', 'reject')],
    });
    const run = h.start('reject-path');
    decide(h, run, h.step(run, 'review').stepId, 'u_b', 'reject', 'Too long');
    const output = h.step(run, 'review').output;
    assert.deepEqual(
      [output['decision'], output['aggregatorStatus'], output['rejectedBy'], output['rejectorMandatory']],
      ['reject', 'rejected', 'u_b', true],
    );
    assert.equal(h.step(run, 'rework').status, 'completed');
    assert.equal(run.status, 'completed');
  });

  it('non-mock agents wait, resume after their simulated run and can reject', () => {
    const h = new Harness({ agents: () => ({ decision: 'reject', durationMs: 8000 }) });
    h.define({
      definitionId: 'agent-run',
      name: 'Agent',
      nodes: [agent('check'), notify('fixup')],
      edges: [edge('check', 'fixup', 'reject')],
    });
    const run = h.start('agent-run');
    assert.equal(h.step(run, 'check').status, 'waiting');
    const waiting = run.log.find((e) => e.type === 'step.awaiting-approval')!.data as Record<string, unknown>;
    assert.equal(waiting['agentId'], 'copy-agent');
    assert.match(String(waiting['agentExecutionId']), /^exec_\d{13}_[a-z0-9]{12}$/);
    h.tick(7000);
    assert.equal(h.step(run, 'check').status, 'waiting');
    h.tick(1000);
    assert.equal(h.step(run, 'check').output['decision'], 'reject');
    assert.equal(h.step(run, 'fixup').status, 'completed');
    assert.equal(run.status, 'completed');
  });

  it('SLA: breached → on "always" breach route; without one the run fails; timeScale shortens it', () => {
    const h = new Harness({ timeScale: 10 });
    h.define({
      definitionId: 'sla-route',
      name: 'SLA',
      nodes: [{ ...human('review', 'u_a'), slaMs: 60_000 }, notify('escalate')],
      edges: [
        edge('review', 'escalate', 'custom', { when: '{"op":"eq","args":[{"var":"step.status"},"breached"]}' }),
        edge('review', 'escalate', 'reject'),
      ],
    });
    h.define({ definitionId: 'sla-fail', name: 'SLA fail', nodes: [{ ...agent('check'), slaMs: 40_000 }], edges: [] });
    h.define({ definitionId: 'sla-ok', name: 'SLA ok', nodes: [{ ...agent('check'), slaMs: 60_000 }], edges: [] });
    const routed = h.start('sla-route');
    const failing = h.start('sla-fail', {}, 50_000);
    const ok = h.start('sla-ok');
    h.tick(2000);
    assert.equal(h.step(routed, 'review').status, 'waiting', '60 s of workflow time is 6 s at timeScale 10');
    h.tick(1500);
    assert.equal(h.step(routed, 'review').status, 'breached');
    assert.deepEqual(routed.log.find((e) => e.type === 'step.breached')?.data, { reason: 'sla-exceeded' });
    assert.equal(h.step(routed, 'escalate').status, 'completed');
    assert.equal(routed.status, 'completed');
    assert.equal(failing.status, 'failed');
    assert.equal(failing.failureReason?.code, 'step-breached');
    assert.equal(h.step(failing, 'check').status, 'breached');
    assert.equal(ok.status, 'completed', 'finished before the SLA: no breach');
  });

  it('custom predicates see output.*, step.* and execution.input.* (triggerContext)', () => {
    const h = new Harness();
    h.define({
      definitionId: 'routing',
      name: 'Routing',
      nodes: [agent('start', '__mock__'), notify('big'), notify('small'), notify('urgent')],
      edges: [
        edge('start', 'big', 'custom', { when: '{"op":"gt","args":[{"var":"execution.input.amount"},1000]}' }),
        edge('start', 'small', 'custom', {
          when: '{"op":"not","args":[{"op":"gt","args":[{"var":"execution.input.amount"},1000]}]}',
        }),
        edge('start', 'urgent', 'custom', {
          when: '{"op":"and","args":[{"op":"regex","args":[{"var":"execution.input.title"},"^URGENT"]},{"op":"eq","args":[{"var":"output.decision"},"approve"]},{"op":"startsWith","args":[{"var":"step.nodeId"},"st"]}]}',
        }),
      ],
    });
    const big = h.start('routing', { amount: 5000, title: 'URGENT: invoice' });
    assert.deepEqual([...big.steps.values()].map((s) => s.nodeId).sort(), ['big', 'start', 'urgent']);
    const small = h.start('routing', { amount: 10, title: 'routine' });
    assert.deepEqual([...small.steps.values()].map((s) => s.nodeId).sort(), ['small', 'start']);
  });

  it('a failed step with no recovery edge fails the run and cancels what is still active', () => {
    const h = new Harness();
    h.define({
      definitionId: 'blocking',
      name: 'Blocking agent',
      nodes: [
        { nodeId: 'root', type: 'agent', config: { agentId: '__mock__', url: 'https://x.example' } },
        {
          nodeId: 'bad',
          type: 'agent',
          config: { agentId: 'a', url: 'https://x.example', blocking: true, resolutionPolicy: {} },
        },
        human('review', 'u_a'),
      ],
      edges: [edge('root', 'review'), edge('root', 'bad'), edge('review', 'bad', 'reject')],
    });
    const run = h.start('blocking');
    assert.equal(run.status, 'failed');
    assert.equal(run.failureReason?.code, 'agent-blocking-not-supported');
    assert.equal(h.step(run, 'review').status, 'cancelled');
    assert.equal(h.types(run).at(-1), 'execution.failed');
  });
});
