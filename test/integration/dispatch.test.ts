// Dispatch against the sandbox: a draft opens as a JSON document, Dispatch starts the run, pins and opens
// it; the same key again is deduplicated and says so; Run Again re-opens the input; a broken draft is
// refused with its position and kept.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DispatchResult } from '../../src/api';
import { SANDBOX, useSandbox, waitFor } from './helpers';

interface Shown {
  text: string;
  actions: unknown[];
}

/** Answers the extension's messages (the confirmation modal included) with `answer`, and records them. */
function answerMessages(answer: (text: string) => string | undefined): { shown: Shown[]; restore: () => void } {
  const win = vscode.window as unknown as Record<string, unknown>;
  const shown: Shown[] = [];
  const originals = new Map<string, unknown>();
  for (const name of ['showInformationMessage', 'showWarningMessage', 'showErrorMessage']) {
    originals.set(name, win[name]);
    win[name] = (text: unknown, ...actions: unknown[]) => {
      shown.push({ text: String(text), actions });
      return Promise.resolve(answer(String(text)));
    };
  }
  return {
    shown,
    restore: () => {
      for (const [name, original] of originals) win[name] = original;
    },
  };
}

async function replaceText(document: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

describe('dispatch', function () {
  this.timeout(90_000);
  let spy: ReturnType<typeof answerMessages>;

  beforeEach(() => {
    spy = answerMessages((text) => (text.startsWith('Start a run of') ? 'Dispatch' : undefined));
  });
  afterEach(async () => {
    spy.restore();
    // Saved first: closing an edited draft would ask whether to save it.
    await vscode.commands.executeCommand('workbench.action.files.saveAll');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a draft, dispatches it, pins and opens the new run; the same key again is deduplicated', async () => {
    const api = await useSandbox();
    for (const id of api.pins.list(SANDBOX)) await api.pins.unpin(SANDBOX, id);
    const uri = await vscode.commands.executeCommand<vscode.Uri>('velt.dispatchExecution', {
      kind: 'definition',
      definitionId: 'contract-review',
    });
    assert.ok(uri && uri.path.endsWith('contract-review.velt-dispatch.json'));
    const editor = await waitFor('the draft in the editor', () =>
      vscode.window.activeTextEditor?.document.uri.toString() === uri.toString()
        ? vscode.window.activeTextEditor
        : undefined,
    );
    assert.equal(editor.document.languageId, 'json');
    const draft = JSON.parse(editor.document.getText()) as Record<string, unknown>;
    assert.equal(draft['definitionId'], 'contract-review');
    assert.match(String(draft['idempotencyKey']), /^vwi-/);
    assert.deepEqual(draft['triggerContext'], {});

    await replaceText(
      editor.document,
      JSON.stringify({ ...draft, triggerContext: { contractId: 'c-42', amount: 1200 } }, null, 2),
    );
    const result = await vscode.commands.executeCommand<DispatchResult>('velt.dispatchFromDocument', uri);
    assert.ok(result, `dispatched (messages: ${JSON.stringify(spy.shown.map((s) => s.text))})`);
    assert.equal(result.deduplicated, false);
    assert.ok(api.pins.isPinned(SANDBOX, result.executionId), 'the new run is pinned');
    await waitFor('its panel open', () => api.panels.find(SANDBOX, result.executionId));
    assert.ok(spy.shown.some((s) => s.text.startsWith('Dispatched contract-review')));
    const run = await waitFor('the run readable', () => api.store.get(result.executionId).catch(() => undefined));
    assert.equal(run.definitionId, 'contract-review');

    const history = await api.actions.history.read();
    const line = history
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { action: string; executionId: string | null })
      .find((r) => r.action === 'dispatch' && r.executionId === result.executionId);
    assert.ok(line, 'the dispatch is in the action history');

    const again = await vscode.commands.executeCommand<DispatchResult>('velt.dispatchFromDocument', uri);
    assert.equal(again.executionId, result.executionId);
    assert.equal(again.deduplicated, true);
    assert.ok(
      spy.shown.some((s) => s.text.startsWith('Not started again')),
      'a replay says so',
    );

    const reopened = await vscode.commands.executeCommand<vscode.Uri>('velt.runAgain', {
      executionId: result.executionId,
    });
    const text = (await vscode.workspace.openTextDocument(reopened)).getText();
    const rerun = JSON.parse(text) as Record<string, unknown>;
    assert.deepEqual(rerun['triggerContext'], { contractId: 'c-42', amount: 1200 });
    assert.notEqual(rerun['idempotencyKey'], draft['idempotencyKey'], 'a new draft gets a new key');
    await api.pins.unpin(SANDBOX, result.executionId);
  });

  it('refuses a broken draft with its position and keeps the text', async () => {
    await useSandbox();
    const uri = await vscode.commands.executeCommand<vscode.Uri>('velt.dispatchExecution', {
      definitionId: 'doc-signoff',
    });
    const document = await vscode.workspace.openTextDocument(uri);
    const broken = document.getText().replace('"triggerContext": {', '"triggerContext": {,');
    await replaceText(document, broken);
    const result = await vscode.commands.executeCommand('velt.dispatchFromDocument', uri);
    assert.equal(result, undefined);
    assert.ok(
      spy.shown.some((s) => /not valid JSON at line \d+, column \d+/.test(s.text)),
      JSON.stringify(spy.shown.map((s) => s.text)),
    );
    assert.ok(!spy.shown.some((s) => s.text.startsWith('Start a run of')), 'nothing asked, nothing sent');
    assert.equal(document.getText(), broken, 'the input is kept');
  });
});
