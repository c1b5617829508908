import * as assert from 'node:assert/strict';
import type { StepView } from '../../../src/api';
import { StepViewSchema } from '../../../src/api/schemas';
import { countSteps, groupSteps, runOrder } from '../../../src/tree/stepGroups';

function step(stepId: string, startedAt: number | null, extra: Partial<Record<string, unknown>> = {}): StepView {
  return StepViewSchema.parse({ stepId, nodeId: stepId, nodeType: 'human', status: 'completed', startedAt, ...extra });
}

describe('step ordering and groups', () => {
  it('orders by start time, unstarted last, ties in server order', () => {
    const ordered = runOrder([step('c', null), step('b', 20), step('a', 10), step('d', 20)]);
    assert.deepEqual(
      ordered.map((s) => s.stepId),
      ['a', 'b', 'd', 'c'],
    );
  });

  it('gathers a parallel group where its first member ran and counts approvals', () => {
    const entries = groupSteps([
      step('draft', 1),
      step('legal', 2, { groupId: 'review', output: { decision: 'approve' } }),
      step('brand', 3, { groupId: 'review', output: { decision: 'reject' } }),
      step('ceo', 4, { groupId: 'review', status: 'cancelled' }),
      step('publish', 5),
    ]);
    assert.deepEqual(
      entries.map((e) => (e.kind === 'step' ? e.step.stepId : `group:${e.groupId}`)),
      ['draft', 'group:review', 'publish'],
    );
    const group = entries[1];
    assert.ok(group && group.kind === 'group');
    assert.equal(group.steps.length, 3);
    assert.equal(group.approved, 1);
    assert.equal(group.decided, 2);
  });

  it('counts steps by status including unknown ones', () => {
    const counts = countSteps([step('a', 1, { status: 'waiting' }), step('b', 2, { status: 'teleported' })]);
    assert.equal(counts.byStatus['teleported'], 1);
    assert.equal(counts.waiting.length, 1);
  });
});
