// The seeded history and fault-role runs are engine runs of the seeded definitions, driven by
// simulated reviewers and operators on a private clock: every status for every definition, the
// documented events in order, the same runs on every start.
import * as assert from 'node:assert/strict';
import { engineFixtures } from '../../../../src/sandbox/engine/fixtureSeeds';
import { HISTORY_COUNT, HISTORY_END, historyRuns } from '../../../../src/sandbox/engine/historySeeds';
import { Run } from '../../../../src/sandbox/engine/run';
import { SANDBOX_EXECUTIONS } from '../../../../src/sandbox/roles';

describe('sandbox engine: seeded history and fault-role runs', () => {
  const runs = historyRuns();

  it('120 engine runs before HISTORY_END with distinct ids and start times', () => {
    assert.equal(runs.length, HISTORY_COUNT);
    assert.ok(runs.every((r) => r instanceof Run && r.startedAt < HISTORY_END));
    assert.equal(new Set(runs.map((r) => r.executionId)).size, HISTORY_COUNT);
    assert.equal(new Set(runs.map((r) => r.startedAt)).size, HISTORY_COUNT);
    assert.ok(runs.every((r) => /^exec_\d{13}_[a-z0-9]{8}$/.test(r.executionId)));
    assert.equal(historyRuns(), runs, 'simulated once per process');
  });

  it('every definition has runs in every status, each produced by its definition', () => {
    const definitions = new Set(runs.map((r) => r.definitionId));
    assert.equal(definitions.size, 5);
    for (const definitionId of definitions)
      for (const status of ['pending', 'running', 'completed', 'failed', 'cancelled'])
        assert.ok(
          runs.some((r) => r.definitionId === definitionId && r.status === status),
          `${definitionId} has a ${status} run`,
        );
    for (const run of runs) {
      const nodeIds = new Set(run.definition.input.nodes.map((n) => n.nodeId));
      assert.ok(
        [...run.steps.values()].every((s) => nodeIds.has(s.nodeId)),
        `${run.executionId}: steps of its nodes`,
      );
      assert.equal(run.log[0]!.type, 'execution.dispatched');
      const seqs = run.log.map((e) => e.seq);
      assert.deepEqual(
        seqs,
        seqs.map((_, i) => i + 1),
      );
    }
  });

  it('pending runs are only dispatched; running ones wait for a reviewer; terminal ones end with their event', () => {
    for (const run of runs) {
      const external = run.log.filter((e) => !e.internal).map((e) => e.type);
      if (run.status === 'pending') assert.deepEqual(external, ['execution.dispatched']);
      if (run.status === 'running')
        assert.ok([...run.steps.values()].some((s) => s.nodeType === 'human' && s.status === 'waiting'));
      if (run.terminal) assert.equal(external.at(-1), `execution.${run.status}`);
    }
  });

  it('reviewers reject some runs (a doc-signoff reject loops back), operators cancel and force-fail others', () => {
    const looped = runs.filter(
      (r) => r.definitionId === 'doc-signoff' && r.log.some((e) => e.type === 'loop.iteration-started'),
    );
    assert.ok(looped.length > 0 && looped.every((r) => r.status === 'completed'));
    const codes = new Set(runs.filter((r) => r.status === 'failed').map((r) => r.failureReason?.code));
    assert.deepEqual([...codes].sort(), ['force-fail', 'webhook-http-error']);
    const cancelled = runs.filter((r) => r.status === 'cancelled');
    assert.ok(cancelled.every((r) => r.log.at(-1)?.data !== null && r.cancelledAt !== null));
    const large = runs.filter((r) => r.definitionId === 'invoice-approval' && r.triggerContext['amount'] === 18_500);
    assert.ok(large.some((r) => [...r.steps.values()].some((s) => s.nodeId === 'human-cfo')));
  });

  it('the fault roles are completed engine runs of invoice-approval (the faults are HTTP-level)', () => {
    for (const role of ['rateLimited', 'flaky', 'slow']) {
      const run = engineFixtures().find((r) => r.executionId === SANDBOX_EXECUTIONS[role]);
      assert.ok(run, role);
      assert.deepEqual([run.status, run.definitionId], ['completed', 'invoice-approval']);
      const approval = [...run.steps.values()].find((s) => s.nodeId === 'human-controller');
      assert.equal(approval?.output['decision'], 'approve');
    }
  });
});
