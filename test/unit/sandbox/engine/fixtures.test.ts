// The seeded fixtures the engine produces: finished runs at their fixed ids and times, and the three
// live runs dispatched at start (decided by scripted reviewers).
import * as assert from 'node:assert/strict';
import { engineFixtures } from '../../../../src/sandbox/engine/fixtureSeeds';
import { SANDBOX_EXECUTIONS, startedAtFromId } from '../../../../src/sandbox/roles';

describe('sandbox engine: seeded fixtures', () => {
  it('completedParallel, failed and cancelled are finished engine runs at their fixed ids and versions', () => {
    const [parallel, failed, cancelled] = engineFixtures();
    assert.deepEqual(
      [parallel!.executionId, failed!.executionId, cancelled!.executionId],
      [SANDBOX_EXECUTIONS['completedParallel'], SANDBOX_EXECUTIONS['failed'], SANDBOX_EXECUTIONS['cancelled']],
    );
    assert.equal(parallel!.startedAt, startedAtFromId(parallel!.executionId));
    assert.deepEqual([parallel!.status, parallel!.definition.version], ['completed', 3]);
    const successor = parallel!.steps.get('group_parallel-review__to__agent-publish')!;
    assert.deepEqual(Object.keys(successor.input).sort(), ['groupId', 'groupOutputs', 'quorum', 'totalApproved']);
    assert.deepEqual(
      [failed!.status, failed!.failureReason?.code, failed!.definition.version],
      ['failed', 'webhook-node-empty-response', 4],
    );
    assert.deepEqual(
      [cancelled!.status, cancelled!.log.at(-1)?.data],
      ['cancelled', { reason: 'Superseded by a newer draft of the document' }],
    );
    assert.equal(engineFixtures()[0], parallel, 'simulated once per process');
  });
});
