import * as assert from 'node:assert/strict';
import { canCancelExecution, stepActionTokens, validStepActions, type StepAction } from '../../../src/actions/matrix';

describe('actions: which actions a step offers (steps/resolve matrix)', () => {
  const cases: [string, string, string, StepAction[]][] = [
    [
      'human',
      'waiting',
      'running',
      ['approve', 'reject', 'forceApprove', 'forceReject', 'forceComplete', 'forceFail', 'cancelStep'],
    ],
    ['agent', 'waiting', 'running', ['forceApprove', 'forceReject', 'forceComplete', 'forceFail', 'cancelStep']],
    ['webhook', 'waiting', 'running', ['forceApprove', 'forceReject', 'forceComplete', 'forceFail', 'cancelStep']],
    ['agent', 'running', 'running', ['forceComplete', 'forceFail', 'cancelStep']],
    ['human', 'running', 'running', ['forceComplete', 'forceFail', 'cancelStep']],
    ['notification', 'pending', 'running', ['cancelStep']],
    ['human', 'completed', 'running', []],
    ['human', 'failed', 'running', []],
    ['human', 'cancelled', 'running', []],
    ['human', 'breached', 'running', []],
    ['human', 'skipped', 'running', []],
    ['human', 'paused-by-new-status', 'running', []],
    ['human', 'waiting', 'completed', []],
    ['human', 'waiting', 'cancelled', []],
    ['agent', 'running', 'failed', []],
  ];
  for (const [nodeType, status, run, expected] of cases) {
    it(`${nodeType} ${status} in a ${run} run → ${expected.join(', ') || 'none'}`, () => {
      assert.deepEqual(validStepActions({ nodeType, status }, run), expected);
    });
  }

  it('reviewer decisions only on human steps: an unknown node type gets only the overrides', () => {
    assert.ok(!validStepActions({ nodeType: 'robot', status: 'waiting' }, 'running').includes('approve'));
    assert.ok(validStepActions({ nodeType: 'robot', status: 'waiting' }, 'running').includes('forceApprove'));
  });

  it('Cancel Execution only while the run can change', () => {
    assert.equal(canCancelExecution('pending'), true);
    assert.equal(canCancelExecution('running'), true);
    for (const status of ['completed', 'failed', 'cancelled', 'something-new'])
      assert.equal(canCancelExecution(status), false);
  });

  it('tree tokens name exactly the valid families', () => {
    assert.deepEqual(stepActionTokens(validStepActions({ nodeType: 'human', status: 'waiting' }, 'running')), [
      'approvable',
      'forceDecidable',
      'forceable',
      'cancellableStep',
    ]);
    assert.deepEqual(stepActionTokens(validStepActions({ nodeType: 'agent', status: 'running' }, 'running')), [
      'forceable',
      'cancellableStep',
    ]);
    assert.deepEqual(stepActionTokens([]), []);
  });
});
