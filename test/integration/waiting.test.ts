// The Waiting for Approval view against the sandbox: waiting human steps of running executions, their
// outstanding reviewers and the activity-bar badge.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SANDBOX_EXECUTIONS } from '../../src/sandbox/server';
import { SANDBOX, setSetting, useSandbox, waitFor } from './helpers';

const ids = SANDBOX_EXECUTIONS as Record<string, string>;

describe('waiting for approval view', function () {
  this.timeout(90_000);

  before(async () => {
    await setSetting('pollIntervalMs', 1000);
    // On screen, as a user looks at it: the view's runs are polled at the visible pace.
    await vscode.commands.executeCommand('velt.waitingForApproval.focus');
  });
  after(async () => {
    await setSetting('pollIntervalMs', undefined);
  });

  it('lists waiting human steps of running executions nobody pinned (executions/list status=running)', async () => {
    const api = await useSandbox();
    for (const id of api.pins.list(SANDBOX)) await api.pins.unpin(SANDBOX, id);
    await vscode.commands.executeCommand('velt.refreshWaiting');
    const tree = api.workflowViews.waiting;
    const node = await waitFor(
      'a waiting step listed',
      () => tree.getChildren().find((n) => n.kind === 'approval'),
      45_000,
    );
    assert.ok(node.kind === 'approval');
    const item = tree.getTreeItem(node);
    assert.match(String(item.description), /^waiting \d/);
    assert.match(String(item.description), /waiting for \S+/);
    const approvals = api.waitingApprovals.approvals.length;
    assert.equal(api.workflowViews.waitingView.badge?.value, approvals, 'the badge counts them');
  });

  it("shows a pinned run's waiting step with its outstanding mandatory reviewers", async () => {
    const api = await useSandbox();
    const id = ids['runningLongWait']!;
    await vscode.commands.executeCommand('velt.pinExecution', id);
    const tree = api.workflowViews.waiting;
    const node = await waitFor(
      'the long wait listed',
      () => tree.getChildren().find((n) => n.kind === 'approval' && n.executionId === id),
      30_000,
    );
    assert.ok(node.kind === 'approval');
    const item = tree.getTreeItem(node);
    assert.match(String(item.label), /^contract-review › /);
    assert.match(String(item.description), /waiting for u_legal_ng \(mandatory\), u_legal_ortiz \(mandatory\)/);
    assert.ok(String(item.contextValue).includes('<approvable>'));
    assert.deepEqual(item.command?.arguments, [{ executionId: id, stepId: node.stepId }]);
    await api.pins.unpin(SANDBOX, id);
  });

  it('shows the SLA countdown from the definition while a step with an SLA waits', async () => {
    const api = await useSandbox();
    // Any running vendor-onboarding review has the 60 s SLA; the sandbox keeps starting runs, so one waits soon.
    const approval = await waitFor(
      'a waiting vendor-onboarding review with its SLA',
      () => api.waitingApprovals.approvals.find((a) => a.definitionId === 'vendor-onboarding' && a.deadline !== null),
      60_000,
    );
    assert.equal(approval.slaMs, 60_000);
    const item = api.workflowViews.waiting.getTreeItem({
      kind: 'approval',
      executionId: approval.executionId,
      stepId: approval.stepId,
    });
    assert.match(String(item.description), /SLA (\d+s left|overdue by)/);
  });
});
