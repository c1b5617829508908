// Notifications and flows: pinning an id the API does not know asks first; the Pin offer after an open
// shows only for a running execution, once; the Copy Link picker has its own title.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SANDBOX_EXECUTIONS } from '../../src/sandbox/server';
import { SANDBOX, setSetting, sleep, useSandbox, waitFor } from './helpers';

const ids = SANDBOX_EXECUTIONS as Record<string, string>;

interface Shown {
  text: string;
  actions: unknown[];
}

/** Answers the extension's notifications with `answer` and records them. */
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

describe('notifications and flows', function () {
  this.timeout(60_000);

  before(async () => {
    const api = await useSandbox();
    for (const id of api.pins.list(SANDBOX)) await api.pins.unpin(SANDBOX, id);
  });
  after(async () => {
    await setSetting('pollIntervalMs', undefined);
  });

  it('pinning an id the API says does not exist asks first', async () => {
    const api = await useSandbox();
    const id = ids['notFound']!;
    let reply: string | undefined;
    const spy = answerMessages(() => reply);
    try {
      assert.equal(await vscode.commands.executeCommand('velt.pinExecution', id), false, 'dismissed: not pinned');
      const question = spy.shown.find((s) => s.text.includes('does not exist'));
      assert.ok(question, 'asked');
      assert.deepEqual(question.actions, ['Pin Anyway']);
      assert.ok(!api.pins.isPinned(SANDBOX, id));
      reply = 'Pin Anyway';
      assert.equal(await vscode.commands.executeCommand('velt.pinExecution', id), true);
      assert.ok(api.pins.isPinned(SANDBOX, id));
      const asked = spy.shown.length;
      assert.equal(await vscode.commands.executeCommand('velt.pinExecution', ids['failed']), true);
      assert.equal(
        spy.shown.slice(asked).filter((s) => s.text.includes('does not exist')).length,
        0,
        'an existing execution is pinned without a question',
      );
    } finally {
      spy.restore();
      await api.pins.unpin(SANDBOX, id);
      await api.pins.unpin(SANDBOX, ids['failed']!);
    }
  });

  it('offers Pin after opening a running execution once, never for a finished one', async () => {
    const api = await useSandbox();
    const spy = answerMessages(() => undefined);
    const offers = (): Shown[] => spy.shown.filter((s) => /Pin it/.test(s.text));
    try {
      for (const id of [ids['completedParallel']!, ids['runningLongWait']!, ids['runningLongWait']!]) {
        await vscode.commands.executeCommand('velt.openExecution', { executionId: id, source: 'hover' });
        await waitFor('loaded', () => api.store.peek(id));
        await sleep(800);
      }
      const running = api.store.peek(ids['runningLongWait']!)!;
      assert.ok(!['completed', 'failed', 'cancelled'].includes(running.status), 'still running');
      assert.equal(offers().length, 1, `one offer: ${JSON.stringify(offers())}`);
      assert.deepEqual(offers()[0]!.actions, ['Pin']);
    } finally {
      spy.restore();
      for (const id of [ids['completedParallel']!, ids['runningLongWait']!])
        api.panels.find(SANDBOX, id)?.panel.dispose();
    }
  });

  it('the Copy Link picker has its own title', async () => {
    const win = vscode.window as unknown as Record<string, unknown>;
    const create = win['createQuickPick'] as () => vscode.QuickPick<vscode.QuickPickItem>;
    const picks: vscode.QuickPick<vscode.QuickPickItem>[] = [];
    win['createQuickPick'] = () => {
      const pick = create.call(vscode.window);
      picks.push(pick);
      return pick;
    };
    try {
      const copied = vscode.commands.executeCommand('velt.copyLink');
      const pick = await waitFor('the picker', () => picks[0]);
      assert.match(pick.title ?? '', /^Velt: Copy Link \(/);
      pick.hide();
      assert.equal(await copied, undefined);
    } finally {
      win['createQuickPick'] = create;
    }
  });
});
