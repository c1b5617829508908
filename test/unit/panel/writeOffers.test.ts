import * as assert from 'node:assert/strict';
import type { ExecutionView, StepView } from '../../../src/api';
import { panelWriteOffers } from '../../../src/panel/writeOffers';
import { parseWebviewMessage } from '../../../src/panel/webviewInput';

function step(nodeId: string, nodeType: string, status: string): StepView {
  return {
    stepId: `s-${nodeId}`,
    nodeId,
    nodeType,
    status,
    groupId: null,
    startedAt: 1,
    completedAt: null,
    output: {},
    error: null,
  };
}

function run(status: string, steps: StepView[]): ExecutionView {
  return {
    executionId: 'exec_1',
    status,
    startedAt: 1,
    completedAt: null,
    cancelledAt: null,
    definitionId: 'd',
    definitionVersion: 1,
    correlationId: 'c',
    idempotencyKey: null,
    failureReason: null,
    steps,
  };
}

describe('panel header write offers', () => {
  it('Approve… / Reject… per waiting human step and Cancel Execution, only while actions are on', () => {
    const execution = run('running', [step('human-legal', 'human', 'waiting'), step('agent', 'agent', 'waiting')]);
    assert.deepEqual(panelWriteOffers(execution, true), [
      { action: 'approve', stepId: 's-human-legal', label: 'Approve human-legal…' },
      { action: 'reject', stepId: 's-human-legal', label: 'Reject human-legal…' },
      { action: 'cancelExecution', stepId: null, label: 'Cancel Execution…' },
    ]);
    assert.deepEqual(panelWriteOffers(execution, false), []);
    assert.deepEqual(panelWriteOffers(undefined, true), []);
  });

  it('nothing on a finished run', () => {
    assert.deepEqual(panelWriteOffers(run('completed', [step('h', 'human', 'waiting')]), true), []);
  });

  it('the host accepts a writeAction message only in its documented shape', () => {
    assert.ok(parseWebviewMessage({ type: 'writeAction', requestId: 3, action: 'approve', stepId: 's1' }).ok);
    assert.ok(parseWebviewMessage({ type: 'writeAction', requestId: 3, action: 'cancelExecution', stepId: null }).ok);
    assert.ok(!parseWebviewMessage({ type: 'writeAction', requestId: 3, action: 'forceFail', stepId: 's1' }).ok);
    assert.ok(
      !parseWebviewMessage({ type: 'writeAction', requestId: 3, action: 'approve', stepId: 's1', extra: 1 }).ok,
    );
  });
});
