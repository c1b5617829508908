// Issue 10 in the real editor, the panel's part: the sandbox's "oversize" execution has fields at and
// past the panel protocol's bounds (a 2,001-char eventId and type, 10,001-char step and correlation ids,
// a 10,001-char definition id, a 100,001-char failure message, a 300 KB payload) mixed into ordinary
// pages. The panel initialises, every event reaches the webview (none lost), what was cut says so, and
// the full values are one click away in the payload document.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InspectorTestApi } from '../../src/extension';
import type { ExecutionPanel } from '../../src/panel/executionPanel';
import { SANDBOX_EXECUTIONS } from '../../src/sandbox/server';
import { OVERSIZE } from '../../src/sandbox/oversize';
import { SANDBOX, setSetting, useSandbox, waitFor } from './helpers';

const ID = SANDBOX_EXECUTIONS['oversize']!;
const TOTAL = OVERSIZE.events + 1;

describe('trust: the panel with over-size fields', function () {
  this.timeout(120_000);
  let api: InspectorTestApi;
  let panel: ExecutionPanel;

  before(async () => {
    api = await useSandbox();
    await setSetting('eventsPageSize', 100);
    assert.equal(await vscode.commands.executeCommand('velt.openExecution', ID), ID);
    panel = await waitFor('the oversize panel', () => api.panels.find(SANDBOX, ID));
    await waitFor('the webview ready message', () => panel.isReady, 30_000);
  });

  after(async () => {
    await setSetting('eventsPageSize', undefined);
    panel?.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('initialises and receives every event, page after page', async () => {
    await waitFor('the first page', () => panel.snapshot().loaded >= 100 && panel.snapshot().loader.phase === 'idle');
    panel.receive({ type: 'loadAll', requestId: 1 });
    const s = await waitFor(
      'every page',
      () => {
        const x = panel.snapshot();
        return x.loader.phase === 'idle' && !x.loader.hasMore ? x : false;
      },
      60_000,
    );
    assert.equal(s.loaded, TOTAL);
    assert.equal(s.executionStatus, 'failed');
    assert.equal(s.executionError, null);
    const stats = await waitFor(
      'the webview to hold every event',
      async () => {
        const p = await panel.probe();
        return p && p.received === TOTAL ? p : false;
      },
      30_000,
    );
    assert.equal(stats.received, TOTAL, 'no event was lost');
    assert.ok(stats.domRows > 0);
    assert.equal(panel.rejectedMessages, 0, 'the webview sent nothing the host rejected');
  });

  it('replays every event to a new webview (hidden, then shown again)', async () => {
    const other = SANDBOX_EXECUTIONS['completedParallel']!;
    await vscode.commands.executeCommand('velt.openExecution', other);
    await waitFor('the oversize webview to be discarded', () => !panel.isReady);
    panel.reveal();
    await waitFor('the revealed webview', () => panel.isReady, 30_000);
    const stats = await waitFor(
      'the replay',
      async () => {
        const p = await panel.probe();
        return p && p.received === TOTAL ? p : false;
      },
      30_000,
    );
    assert.equal(stats.received, TOTAL);
  });

  it('opens the full, uncut event in the payload document', async () => {
    const cut = panel.events.find((e) => e.eventId.length > OVERSIZE.eventId);
    assert.ok(cut, 'the sandbox served an eventId past the bound');
    panel.receive({ type: 'openPayload', requestId: 9, seq: cut.seq });
    const editor = await waitFor(
      'the payload editor',
      () =>
        vscode.window.visibleTextEditors.find(
          (e) => e.document.uri.scheme === 'velt-event' && e.document.uri.path.endsWith(`/${cut.seq}.json`),
        ) ?? false,
    );
    const shown = JSON.parse(editor.document.getText()) as { eventId: string; seq: number };
    assert.equal(shown.eventId, cut.eventId, 'the whole eventId, not the cut one');
    assert.equal(shown.seq, cut.seq);
  });
});
