// Waiting-step extraction, outstanding reviewers, SLA countdown and breach warnings (src/state/waitingSteps.ts).
import * as assert from 'node:assert/strict';
import {
  breachWarningDue,
  byUrgency,
  outstandingReviewers,
  reviewersFromOutput,
  reviewersLabel,
  slaState,
  waitingApprovals,
} from '../../../src/state/waitingSteps';
import { definition, execution, node, step } from './fixtures';

describe('waiting approvals', () => {
  it('lists only human steps that wait, of a running execution', () => {
    const run = execution([
      step({ stepId: 's1', nodeId: 'legal' }),
      step({ stepId: 's2', nodeId: 'agent', nodeType: 'agent' }),
      step({ stepId: 's3', nodeId: 'finance', status: 'completed' }),
      step({ stepId: 's4', nodeId: 'ops', status: 'running' }),
    ]);
    assert.deepEqual(
      waitingApprovals(run, undefined).map((a) => a.stepId),
      ['s1'],
    );
    assert.deepEqual(waitingApprovals({ ...run, status: 'cancelled' }, undefined), []);
  });

  it("takes reviewers and SLA from the definition's node, mandatory first", () => {
    const run = execution([step({ stepId: 's1', nodeId: 'legal', startedAt: 5_000 })]);
    const def = definition([
      node({
        nodeId: 'legal',
        name: 'Legal review',
        slaMs: 60_000,
        reviewers: [
          { userId: 'bob', mandatory: false },
          { userId: 'alice', mandatory: true },
          { userId: 'carol', mandatory: true },
        ],
      }),
    ]);
    const [approval] = waitingApprovals(run, def);
    assert.ok(approval);
    assert.equal(approval.nodeName, 'Legal review');
    assert.equal(approval.deadline, 65_000);
    assert.deepEqual(
      approval.outstanding.map((r) => r.userId),
      ['alice', 'carol', 'bob'],
    );
    assert.equal(reviewersLabel(approval), 'waiting for alice (mandatory), carol (mandatory), bob');
  });

  it('without a definition, reads the reviewers from the step output (no SLA then)', () => {
    const run = execution([
      step({
        stepId: 's1',
        nodeId: 'legal',
        output: { reviewers: [{ userId: 'x', mandatory: false }, { userId: 'y', mandatory: true }, 'junk'] },
      }),
      step({ stepId: 's2', nodeId: 'ops', output: { reviewerIds: ['ann', 'ann', 7] } }),
      step({ stepId: 's3', nodeId: 'nobody' }),
    ]);
    const [a, b, c] = waitingApprovals(run, undefined);
    assert.deepEqual(a!.outstanding, [
      { userId: 'y', mandatory: true },
      { userId: 'x', mandatory: false },
    ]);
    assert.equal(a!.deadline, null);
    assert.deepEqual(b!.outstanding, [{ userId: 'ann', mandatory: true }]);
    assert.equal(c!.reviewersKnown, false);
    assert.equal(reviewersLabel(c!), 'reviewers unknown');
  });

  it('drops reviewers the output says decided (decisions or responses)', () => {
    const declared = [
      { userId: 'alice', mandatory: true },
      { userId: 'bob', mandatory: true },
      { userId: 'carol', mandatory: false },
    ];
    const result = outstandingReviewers(declared, {
      decisions: [{ reviewerId: 'alice', decision: 'approve' }, null],
      responses: [{ userId: 'carol', decision: 'approve' }],
    });
    assert.deepEqual(result.outstanding, [{ userId: 'bob', mandatory: true }]);
    assert.deepEqual(result.decided, ['alice', 'carol']);
    assert.equal(reviewersLabel({ outstanding: [], reviewersKnown: true }), 'every reviewer decided');
  });

  it('ignores reviewers of the wrong shape in the output', () => {
    assert.deepEqual(reviewersFromOutput({ reviewers: 'alice' }), []);
    assert.deepEqual(reviewersFromOutput({ reviewers: [{ userId: '' }, { userId: 'a', mandatory: 'yes' }] }), [
      { userId: 'a', mandatory: false },
    ]);
  });
});

describe('SLA countdown', () => {
  it('counts down, then reads overdue', () => {
    assert.equal(slaState(null, 0), undefined);
    assert.deepEqual(slaState(70_000, 5_000), { remainingMs: 65_000, overdue: false, label: 'SLA 1m 05s left' });
    assert.deepEqual(slaState(70_000, 70_000)?.overdue, true);
    assert.equal(slaState(70_000, 192_000)?.label, 'SLA overdue by 2m 02s');
  });

  it('warns once inside the window before the breach, never after it, never when off', () => {
    assert.equal(breachWarningDue(100_000, 39_999, 60_000), false);
    assert.equal(breachWarningDue(100_000, 40_000, 60_000), true);
    assert.equal(breachWarningDue(100_000, 99_999, 60_000), true);
    assert.equal(breachWarningDue(100_000, 100_000, 60_000), false);
    assert.equal(breachWarningDue(100_000, 90_000, 0), false);
    assert.equal(breachWarningDue(null, 90_000, 60_000), false);
  });

  it('orders by the nearest deadline, then the longest wait', () => {
    const base = {
      executionId: 'e',
      definitionId: 'd',
      nodeId: 'n',
      nodeName: null,
      slaMs: null,
      outstanding: [],
      decided: [],
      reviewersKnown: true,
    };
    const items = [
      { ...base, stepId: 'none-late', deadline: null, waitingSince: 50 },
      { ...base, stepId: 'none-early', deadline: null, waitingSince: 10 },
      { ...base, stepId: 'soon', deadline: 100, waitingSince: 90 },
      { ...base, stepId: 'later', deadline: 500, waitingSince: 1 },
    ];
    assert.deepEqual(
      items.sort(byUrgency).map((a) => a.stepId),
      ['soon', 'later', 'none-early', 'none-late'],
    );
  });
});
