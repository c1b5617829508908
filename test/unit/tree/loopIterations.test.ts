// A loop runs a node more than once: each of its steps says which run it is ("agent-draft · iteration 2").
import * as assert from 'node:assert/strict';
import type { StepView } from '../../../src/api';
import { StepViewSchema } from '../../../src/api/schemas';
import { loopIterations } from '../../../src/tree/stepGroups';

function step(stepId: string, nodeId: string, startedAt: number | null): StepView {
  return StepViewSchema.parse({ stepId, nodeId, nodeType: 'agent', status: 'completed', startedAt });
}

describe('loop iterations', () => {
  it('numbers the runs of a repeated node in run order, and leaves single runs alone', () => {
    const iterations = loopIterations([
      step('s3', 'agent-draft', 30),
      step('s1', 'agent-draft', 10),
      step('s2', 'human-review', 20),
      step('s4', 'human-review', null),
      step('s5', 'publish', 50),
    ]);
    assert.deepEqual([...iterations].sort(), [
      ['s1', 1],
      ['s2', 1],
      ['s3', 2],
      ['s4', 2],
    ]);
  });

  it('no loop, no iterations', () => {
    assert.equal(loopIterations([step('a', 'a', 1), step('b', 'b', 2)]).size, 0);
  });
});
