// The Waiting for Approval view against the sandbox: waiting human steps of running executions, their
// outstanding reviewers and the activity-bar badge; the row's inline Approve… / Reject… (the modal answered
// by a stub) move the run on along the approve or the reject edge, and the row leaves the view.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SANDBOX_EXECUTIONS } from '../../src/sandbox/server';
import type { InspectorTestApi } from '../../src/extension';
import { EXTENSION_ID, Views } from '../../src/ids';
import type { WaitingNode } from '../../src/tree/waitingTree';
import { SANDBOX, setSetting, useSandbox, waitFor } from './helpers';
import { answerDialogs, stepOf, waitingReview } from './operatorActions';

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

  describe('inline Approve… / Reject… on a row', () => {
    interface MenuItem {
      command: string;
      when?: string;
      group?: string;
    }
    /** The commands VS Code draws inline on a row: the manifest's when clauses, evaluated for this row. */
    function inlineCommands(api: InspectorTestApi, item: vscode.TreeItem): string[] {
      const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
        contributes: { menus: Record<string, MenuItem[]> };
      };
      const context: Record<string, string> = { view: Views.waiting, viewItem: String(item.contextValue) };
      const keys: Record<string, boolean> = {
        'velt.actionsEnabled': api.actions.isEnabled(api.environments.active),
      };
      // The forms our manifest uses: `key`, `key == value`, `key =~ /regex/`, joined by &&.
      const holds = (when: string): boolean =>
        when.split('&&').every((clause) => {
          const regex = /^\s*([\w.]+)\s*=~\s*\/(.*)\/\s*$/.exec(clause);
          if (regex) return new RegExp(regex[2]!).test(context[regex[1]!] ?? '');
          const equals = /^\s*([\w.]+)\s*==\s*(\S+)\s*$/.exec(clause);
          if (equals) return context[equals[1]!] === equals[2];
          const key = clause.trim();
          assert.ok(key in keys, `a when clause this test can evaluate: ${key}`);
          return keys[key];
        });
      return manifest.contributes.menus['view/item/context']!.filter(
        (m) => m.group?.startsWith('inline') && holds(m.when ?? 'true'),
      ).map((m) => m.command);
    }

    async function waitingRow(api: InspectorTestApi, executionId: string): Promise<WaitingNode> {
      return waitFor(
        'the waiting step listed',
        () =>
          api.workflowViews.waiting.getChildren().find((n) => n.kind === 'approval' && n.executionId === executionId),
        30_000,
      );
    }

    async function rowGone(api: InspectorTestApi, executionId: string): Promise<void> {
      await waitFor(
        'the decided step to leave the view',
        () =>
          !api.workflowViews.waiting.getChildren().some((n) => n.kind === 'approval' && n.executionId === executionId),
        30_000,
      );
    }

    let api: InspectorTestApi;
    before(async () => {
      api = await useSandbox();
      await api.actions.setMode(api.environments.active, 'confirm');
    });

    it('Approve… on the row as both declared reviewers: the run proceeds on the approve edge', async () => {
      const { executionId, stepId } = await waitingReview(api);
      await api.pins.pin(SANDBOX, executionId);
      try {
        const row = await waitingRow(api, executionId);
        assert.deepEqual(row, { kind: 'approval', executionId, stepId });
        assert.deepEqual(inlineCommands(api, api.workflowViews.waiting.getTreeItem(row)), [
          'velt.approveStep',
          'velt.rejectStep',
        ]);
        const dialogs = answerDialogs({
          quickPick: (labels) => labels,
          inputBox: () => '',
          warning: (text) => (text.startsWith('Approve') ? 'Approve' : undefined),
        });
        let finish: { kind: string } | undefined;
        try {
          // What VS Code passes an inline action: the row's tree element.
          finish = await vscode.commands.executeCommand<{ kind: string }>('velt.approveStep', row);
        } finally {
          dialogs.restore();
        }
        assert.equal(finish.kind, 'done');
        assert.deepEqual(dialogs.shown.find((s) => s.api === 'showQuickPick')?.items, ['u_legal_ng', 'u_legal_ortiz']);
        assert.match(
          dialogs.shown.find((s) => s.api === 'showWarningMessage')?.detail ?? '',
          /Fires: webhook-docusign \(on approve\)\./,
        );
        const after = await waitFor(
          'the approve edge to fire',
          () => stepOf(api.store.peek(executionId), 'webhook-docusign') && api.store.peek(executionId),
          30_000,
        );
        assert.equal(stepOf(after, 'human-legal')?.status, 'completed');
        assert.equal(stepOf(after, 'notify-counsel'), undefined, 'the reject edge did not fire');
        await rowGone(api, executionId);
      } finally {
        await api.pins.unpin(SANDBOX, executionId);
      }
    });

    it('Reject… on the row routes the reject edge', async () => {
      const { executionId } = await waitingReview(api);
      await api.pins.pin(SANDBOX, executionId);
      try {
        const row = await waitingRow(api, executionId);
        const dialogs = answerDialogs({
          quickPick: () => ['u_legal_ng'],
          inputBox: () => 'clause 7 is wrong',
          warning: (text) => (text.startsWith('Reject') ? 'Reject' : undefined),
        });
        let finish: { kind: string } | undefined;
        try {
          finish = await vscode.commands.executeCommand<{ kind: string }>('velt.rejectStep', row);
        } finally {
          dialogs.restore();
        }
        assert.equal(finish.kind, 'done');
        const after = await waitFor(
          'the reject edge to fire',
          () => stepOf(api.store.peek(executionId), 'notify-counsel') && api.store.peek(executionId),
          30_000,
        );
        assert.equal(stepOf(after, 'human-legal')?.output['decision'], 'reject');
        assert.equal(stepOf(after, 'webhook-docusign'), undefined, 'the approve edge did not fire');
        await rowGone(api, executionId);
      } finally {
        await api.pins.unpin(SANDBOX, executionId);
      }
    });
  });
});
