// Operator actions in the real editor against the sandbox: approve and the run proceeds, reject routes
// the reject edge, cancel a run, actions off offers and sends nothing, a non-sandbox environment needs
// the typed short id, and the action history gets one line per write and never a secret. Dialogs are
// answered by stubs of vscode.window that also record what each one said.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { ENDPOINTS } from '../../src/api';
import type { InspectorTestApi } from '../../src/extension';
import { SANDBOX, setSetting, useSandbox, waitFor } from './helpers';
import { answerDialogs, stepOf, waitingReview } from './operatorActions';
import { sandboxControl } from './sandboxControl';

const STAGING = 'Staging (sandbox by URL)';
const KEY = 'staging-key-4f1c2a9b7e';
const TOKEN = 'staging-token-8d3e6b0a5c';

const writeCount = (api: InspectorTestApi): number =>
  [ENDPOINTS.cancelExecution, ENDPOINTS.recordReviewerDecision, ENDPOINTS.resolveStep, ENDPOINTS.cancelStep]
    .map((p) => api.requestCounts.get(p) ?? 0)
    .reduce((a, b) => a + b, 0);

async function historyLines(api: InspectorTestApi): Promise<Record<string, unknown>[]> {
  const text = await api.actions.history.read();
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('operator actions', function () {
  this.timeout(180_000);
  let api: InspectorTestApi;

  before(async () => {
    api = await useSandbox();
    await setSetting('actions.actorId', 'ops@acme.example');
    await api.actions.setMode(api.environments.active, 'confirm');
  });
  after(async () => {
    await setSetting('actions.actorId', undefined);
  });

  it('approve a waiting step as both declared reviewers: the run proceeds on the approve edge', async () => {
    const { executionId, stepId } = await waitingReview(api);
    const before = (await historyLines(api)).length;
    const dialogs = answerDialogs({
      quickPick: (labels) => labels,
      inputBox: () => 'checked by both',
      warning: (text) => (text.startsWith('Approve') ? 'Approve' : undefined),
    });
    try {
      const finish = await vscode.commands.executeCommand<{ kind: string }>('velt.approveStep', {
        environment: SANDBOX,
        executionId,
        stepId,
      });
      assert.equal(finish.kind, 'done');
    } finally {
      dialogs.restore();
    }
    const pick = dialogs.shown.find((s) => s.api === 'showQuickPick');
    assert.deepEqual(pick?.items, ['u_legal_ng', 'u_legal_ortiz'], 'the declared reviewers');
    const modal = dialogs.shown.find((s) => s.api === 'showWarningMessage');
    assert.ok(modal, 'confirmed in a modal');
    assert.match(modal.text, /^Approve step human-legal .* of execution …\w{8} in Sandbox \(local\)/);
    assert.match(modal.detail ?? '', /Environment: Sandbox \(local\)/);
    assert.match(modal.detail ?? '', new RegExp(`Execution: ${executionId} \\(contract-review\\)`));
    assert.match(modal.detail ?? '', /Fires: webhook-docusign \(on approve\)\./);
    assert.ok(!dialogs.shown.some((s) => s.text.includes('Type ')), 'no typed confirmation in the sandbox');
    // Not pinned or listed: the write itself makes the watcher follow it until the run moves on.
    const after = await waitFor(
      'the approve edge to fire',
      () => stepOf(api.store.peek(executionId), 'webhook-docusign') && api.store.peek(executionId),
      30_000,
    );
    assert.equal(stepOf(after, 'human-legal')?.status, 'completed');
    assert.equal(stepOf(after, 'notify-counsel'), undefined, 'the reject edge did not fire');
    const lines = (await historyLines(api)).slice(before);
    assert.equal(lines.length, 2, 'one line per write (one decision per reviewer)');
    assert.deepEqual(
      lines.map((l) => [l['action'], l['actor'], l['reason'], (l['result'] as { ok: boolean }).ok]),
      [
        ['approve', 'u_legal_ng', 'checked by both', true],
        ['approve', 'u_legal_ortiz', 'checked by both', true],
      ],
    );
    assert.deepEqual(api.actions.reviewers.recall(SANDBOX), ['u_legal_ng', 'u_legal_ortiz'], 'remembered');
  });

  it('reject routes the reject edge', async () => {
    const { executionId, stepId } = await waitingReview(api);
    const dialogs = answerDialogs({
      quickPick: () => ['u_legal_ng'],
      inputBox: () => 'clause 7 is wrong',
      warning: (text) => (text.startsWith('Reject') ? 'Reject' : undefined),
    });
    try {
      await vscode.commands.executeCommand('velt.rejectStep', { executionId, stepId });
    } finally {
      dialogs.restore();
    }
    assert.match(
      dialogs.shown.find((s) => s.api === 'showWarningMessage')?.detail ?? '',
      /Fires: notify-counsel \(on reject\)\./,
    );
    const after = await waitFor(
      'the reject edge to fire',
      () => stepOf(api.store.peek(executionId), 'notify-counsel') && api.store.peek(executionId),
      30_000,
    );
    assert.equal(stepOf(after, 'human-legal')?.output['decision'], 'reject');
    assert.equal(stepOf(after, 'webhook-docusign'), undefined);
  });

  it('cancel a run: final, said so, and the run ends cancelled', async () => {
    const { executionId } = await waitingReview(api);
    const dialogs = answerDialogs({
      inputBox: () => '',
      warning: (text) => (text.startsWith('Cancel Execution') ? 'Cancel Execution' : undefined),
    });
    try {
      await vscode.commands.executeCommand('velt.cancelExecution', { executionId });
    } finally {
      dialogs.restore();
    }
    assert.match(dialogs.shown.find((s) => s.api === 'showWarningMessage')?.detail ?? '', /Cancelling is final/);
    await waitFor('the run to be cancelled', () => api.store.peek(executionId)?.status === 'cancelled', 30_000);
  });

  it('a dismissed modal sends nothing', async () => {
    const { executionId, stepId } = await waitingReview(api);
    const writes = writeCount(api);
    const dialogs = answerDialogs({ quickPick: (labels) => labels, inputBox: () => '', warning: () => undefined });
    try {
      const finish = await vscode.commands.executeCommand<{ kind: string }>('velt.forceApproveStep', {
        executionId,
        stepId,
      });
      assert.equal(finish.kind, 'cancelled');
    } finally {
      dialogs.restore();
    }
    assert.equal(writeCount(api), writes);
  });

  it('Force Complete: a bad output JSON is kept and asked again; after an error, Try Again re-opens the dialogs pre-filled', async () => {
    const { executionId, stepId } = await waitingReview(api);
    await sandboxControl(api).addFault({ mode: '500', count: 1, executionId, path: 'steps/resolve' });
    const outputValues: (string | undefined)[] = [];
    const reasonValues: (string | undefined)[] = [];
    let retries = 0;
    const dialogs = answerDialogs({
      inputBox: (options) => {
        if (options.title?.includes('Step Output')) {
          outputValues.push(options.value);
          return outputValues.length === 1 ? '{bad' : outputValues.length === 2 ? '{"note":"by hand"}' : options.value;
        }
        reasonValues.push(options.value);
        return reasonValues.length === 1 ? 'stuck for a day' : options.value;
      },
      warning: (text) => (text.startsWith('Force Complete') ? 'Force Complete' : undefined),
      error: () => (retries++ === 0 ? 'Try Again' : undefined),
    });
    try {
      const finish = await vscode.commands.executeCommand<{ kind: string }>('velt.forceCompleteStep', {
        executionId,
        stepId,
      });
      assert.equal(finish.kind, 'done');
    } finally {
      dialogs.restore();
    }
    assert.deepEqual(
      outputValues,
      ['{}', '{bad', '{"note":"by hand"}'],
      'the bad text kept, then the good one kept for the retry',
    );
    assert.deepEqual(reasonValues, ['', 'stuck for a day'], 'the reason kept for the retry');
    const failure = dialogs.shown.find((s) => s.api === 'showErrorMessage');
    assert.match(failure?.text ?? '', /may or may not have taken effect: refresh the execution/);
    const after = await waitFor(
      'the step to complete',
      () => stepOf(api.store.peek(executionId), 'human-legal')?.status === 'completed' && api.store.peek(executionId),
      30_000,
    );
    assert.equal(stepOf(after, 'human-legal')?.output['note'], 'by hand');
    const lines = (await historyLines(api)).filter((l) => l['executionId'] === executionId);
    assert.deepEqual(
      lines.map((l) => (l['result'] as { ok: boolean }).ok),
      [false, true],
      'both attempts audited',
    );
  });

  it('with actions off no write action is offered or sent', async () => {
    const { executionId, stepId } = await waitingReview(api);
    // Every write menu entry requires the context key, so none shows while it is false.
    const menus = (
      vscode.extensions.getExtension('velt-tools.velt-workflow-inspector')!.packageJSON as {
        contributes: { menus: Record<string, { command: string; when?: string }[]> };
      }
    ).contributes.menus;
    const writeCommands = [
      'approveStep',
      'rejectStep',
      'forceApproveStep',
      'forceRejectStep',
      'forceCompleteStep',
      'forceFailStep',
      'cancelStep',
      'cancelExecution',
    ].map((c) => `velt.${c}`);
    for (const [menu, entries] of Object.entries(menus))
      for (const entry of entries.filter((e) => writeCommands.includes(e.command)))
        assert.ok(
          entry.when === 'false' || (entry.when ?? '').includes('velt.actionsEnabled'),
          `${menu}: ${entry.command} shows without velt.actionsEnabled`,
        );
    await vscode.commands.executeCommand('velt.disableActions');
    try {
      assert.equal(api.actions.isEnabled(), false);
      const writes = writeCount(api);
      const dialogs = answerDialogs({ quickPick: (labels) => labels, warning: () => undefined });
      try {
        await vscode.commands.executeCommand('velt.approveStep', { executionId, stepId });
        await vscode.commands.executeCommand('velt.cancelExecution', { executionId });
      } finally {
        dialogs.restore();
      }
      assert.equal(writeCount(api), writes, 'nothing sent');
      assert.ok(!dialogs.shown.some((s) => s.api === 'showQuickPick'), 'not even asked who acts');
      assert.ok(dialogs.shown.some((s) => s.text.startsWith('Actions are off for Sandbox (local)')));
    } finally {
      await api.actions.setMode(api.environments.active, 'confirm');
    }
  });

  describe('on an environment that is not the sandbox', () => {
    before(async () => {
      const sandbox = api.sandbox.current!;
      await setSetting('environments', [{ name: STAGING, baseUrl: sandbox.url }]);
      await sandboxControl(api).setCredentials(KEY, TOKEN);
      await vscode.commands.executeCommand('velt.setCredentials', {
        environment: STAGING,
        apiKey: KEY,
        authToken: TOKEN,
        skipVerify: true,
      });
      await api.environments.select(STAGING);
      assert.equal(api.environments.isSignedIn, true);
    });
    after(async () => {
      await api.credentials.clear(STAGING);
      await api.environments.select(SANDBOX);
      await setSetting('environments', undefined);
      await sandboxControl(api).setCredentials('sandbox', 'sandbox');
    });

    it('actions are off until enabled, with a modal that says what it allows', async () => {
      assert.equal(api.actions.isEnabled(), false, 'off by default');
      const dialogs = answerDialogs({
        warning: (text) => (text.startsWith('Enable actions') ? 'Enable Actions' : undefined),
      });
      try {
        assert.equal(await vscode.commands.executeCommand('velt.enableActions'), true);
      } finally {
        dialogs.restore();
      }
      const modal = dialogs.shown.find((s) => s.api === 'showWarningMessage');
      assert.match(modal?.text ?? '', /Enable actions for Staging \(sandbox by URL\)\?/);
      assert.match(modal?.detail ?? '', /approve or reject waiting steps .* cancel an execution/);
      assert.equal(api.actions.isEnabled(), true);
    });

    it('Cancel Execution needs the short id typed; a wrong one sends nothing; the history never holds a secret', async () => {
      const { executionId } = await waitingReview(api);
      const short = executionId.slice(-8);
      const writes = writeCount(api);
      let typed = 'wrong';
      const script = {
        inputBox: (options: vscode.InputBoxOptions) =>
          options.prompt?.startsWith('This cannot be undone') ? typed : `pasted ${TOKEN} by mistake`,
        warning: (text: string) => (text.startsWith('Cancel Execution') ? 'Cancel Execution' : undefined),
      };
      let dialogs = answerDialogs(script);
      try {
        await vscode.commands.executeCommand('velt.cancelExecution', { executionId });
      } finally {
        dialogs.restore();
      }
      const asked = dialogs.shown.find((s) => s.text.includes('This cannot be undone'));
      assert.ok(asked?.text.includes(`Type ${short}`), 'asked for the short id');
      assert.equal(writeCount(api), writes, 'a wrong short id sends nothing');
      assert.notEqual((await api.store.get(executionId, { force: true })).status, 'cancelled');

      typed = short;
      dialogs = answerDialogs(script);
      try {
        await vscode.commands.executeCommand('velt.cancelExecution', { executionId });
      } finally {
        dialogs.restore();
      }
      await waitFor('the run to be cancelled', () => api.store.peek(executionId)?.status === 'cancelled', 30_000);
      const history = fs.readFileSync(api.actions.history.filePath, 'utf8');
      const last = JSON.parse(history.trimEnd().split('\n').at(-1)!) as Record<string, unknown>;
      assert.equal(last['environment'], STAGING);
      assert.equal(last['action'], 'cancelExecution');
      assert.equal(last['executionId'], executionId);
      assert.equal(last['actor'], 'ops@acme.example');
      for (const secret of [KEY, TOKEN]) assert.ok(!history.includes(secret), `the history holds ${secret}`);

      // Show Action History opens the same lines, read-only.
      const editor = await vscode.commands.executeCommand<vscode.TextEditor>('velt.showActionHistory');
      assert.equal(editor.document.uri.scheme, 'velt-action-history');
      assert.equal(editor.document.getText(), history);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });
  });
});
