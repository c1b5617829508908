// The execution panel in the real editor against the built-in sandbox: open/reveal, the webview
// handshake and what it renders (asked through the probe message), paging to the end of the
// 100,000-event execution, empty pages, fault modes, hostile content, export, hide/replay, the
// serializer, invalid messages, and the live tail of a running execution up to its terminal state.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { InspectorTestApi } from '../../src/extension';
import type { ExecutionPanel } from '../../src/panel/executionPanel';
import { toPanelEvent } from '../../src/panel/payload';
import { SANDBOX_EXECUTIONS } from '../../src/sandbox/server';
import { SANDBOX, setSetting, sleep, useSandbox, waitFor, waitOutOriginPause } from './helpers';
import { sandboxControl } from './sandboxControl';

const ids = SANDBOX_EXECUTIONS;
const GET_EVENTS = '/v2/workflow/executions/getEvents';

describe('execution panel', function () {
  this.timeout(180_000);
  let api: InspectorTestApi;

  before(async () => {
    api = await useSandbox();
    await setSetting('pollIntervalMs', 1000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // A fresh sandbox process starts its live runs now: the running loop (~85 s) is still running when the tail
    // test reaches it, however long the suites before this one took since the sandbox last started.
    await api.sandbox.reload();
  });

  after(async () => {
    await setSetting('pollIntervalMs', undefined);
    await setSetting('eventsPageSize', undefined);
    await sandboxControl(api).clearFaults();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  async function open(role: string): Promise<ExecutionPanel> {
    const id = ids[role]!;
    assert.equal(await vscode.commands.executeCommand('velt.openExecution', id), id);
    const panel = await waitFor(`the panel of ${role}`, () => api.panels.find(SANDBOX, id));
    await waitFor(`the ${role} webview's ready message`, () => panel.isReady, 30_000);
    return panel;
  }

  function settled(panel: ExecutionPanel, timeoutMs = 30_000) {
    return waitFor(
      `${panel.executionId} to finish loading`,
      () => {
        const s = panel.snapshot();
        return !['loading', 'scanning', 'loadingAll'].includes(s.loader.phase) &&
          (s.executionStatus !== null || s.executionError !== null)
          ? s
          : false;
      },
      timeoutMs,
    );
  }

  it('opens one panel per execution, titled by definition and short id, and reveals it again', async () => {
    // The running execution is opened first so it progresses while the other tests run (see 'tails a running execution').
    await open('runningLoop');
    const panel = await open('completedParallel');
    const s = await settled(panel);
    assert.ok(s.loaded > 0, 'the first page loaded');
    assert.equal(s.executionStatus, 'completed');
    assert.match(s.title, / · …lwofay3k$/);
    assert.ok(s.title.startsWith(panel.executionView!.definitionId.slice(0, 20)));
    const count = api.panels.all.length;
    await vscode.commands.executeCommand('velt.openExecution', ids['completedParallel']);
    assert.equal(api.panels.all.length, count, 'no second panel');
    assert.equal(panel.panel.active, true, 'revealed');
    const html = panel.panel.webview.html;
    assert.match(html, /default-src 'none'/);
    assert.match(html, /script-src 'nonce-[A-Za-z0-9+/=]+'/);
    assert.ok(!/unsafe-inline|unsafe-eval/.test(html));
    assert.equal(panel.panel.webview.options.enableCommandUris, false);
    assert.equal(panel.panel.webview.options.localResourceRoots?.length, 2);
    const stats = await waitFor('the rows to render', async () => {
      const p = await panel.probe();
      return p && p.domRows > 0 ? p : false;
    });
    assert.equal(stats.received, s.loaded);
    assert.equal(stats.foreignElements, 0, stats.foreignTags.join(', '));
    assert.match(stats.firstRowTexts[0]!, /execution\.dispatched/);
  });

  it('pages to the end of the 100,000-event execution, every event once, with a bounded DOM', async () => {
    const panel = await open('huge');
    await settled(panel);
    const started = Date.now();
    panel.receive({ type: 'loadAll', requestId: 1 });
    const s = await waitFor(
      'all pages',
      () => {
        const x = panel.snapshot();
        return x.loader.phase === 'idle' && !x.loader.hasMore ? x : false;
      },
      150_000,
    );
    const elapsed = Date.now() - started;
    assert.equal(s.loaded, 100_003);
    const seqs = panel.events.map((e) => e.seq);
    assert.ok(
      seqs.every((seq, i) => i === 0 || seq > seqs[i - 1]!),
      'strictly increasing: no duplicates',
    );
    const stats = await waitFor(
      'the webview to hold every event',
      async () => {
        const p = await panel.probe();
        return p && p.received === 100_003 ? p : false;
      },
      60_000,
    );
    assert.ok(stats.domRows > 0 && stats.domRows < 300, `${stats.domRows} rows in the DOM`);
    console.log(
      `      loaded 100,003 events in ${elapsed} ms; DOM rows ${stats.domRows}, elements ${stats.domElements}`,
    );
  });

  it('exports every event as JSON Lines', async () => {
    const file = path.join(os.tmpdir(), `velt-export-${process.pid}.jsonl`);
    try {
      const result = await vscode.commands.executeCommand<{ outcome: string; count: number }>('velt.exportEvents', {
        executionId: ids['huge'],
        environment: SANDBOX,
        uri: vscode.Uri.file(file),
      });
      assert.equal(result?.outcome, 'saved');
      assert.equal(result?.count, 100_003);
      const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
      assert.equal(lines.length, 100_003);
      const first = JSON.parse(lines[0]!) as { executionId: string; seq: number };
      const last = JSON.parse(lines.at(-1)!) as { seq: number; type: string };
      assert.equal(first.executionId, ids['huge']);
      assert.ok(last.seq > first.seq);
      assert.equal(last.type, 'execution.completed');
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it('keeps loaded events while hidden and replays them to the new webview', async () => {
    const huge = api.panels.find(SANDBOX, ids['huge']!)!;
    await open('failed');
    await waitFor('the hidden panel to drop its webview', () => !huge.isReady);
    huge.reveal();
    await waitFor('the revealed webview to be ready', () => huge.isReady, 30_000);
    const stats = await waitFor(
      'the replay',
      async () => {
        const p = await huge.probe();
        return p && p.received === 100_003 ? p : false;
      },
      60_000,
    );
    assert.ok(stats.domRows < 300);
  });

  it('follows the empty pages of internalFirst with a scanning state', async () => {
    const panel = await open('internalFirst');
    const s = await settled(panel);
    assert.ok(s.loader.emptyPages >= 30, `${s.loader.emptyPages} empty pages followed`);
    assert.ok(panel.events[0]!.seq > 3000);
    assert.ok(s.loaded > 0);
  });

  it('shows not found inside the panel, with its actions', async () => {
    const panel = await open('notFound');
    const s = await settled(panel);
    assert.equal(s.executionError?.kind, 'notFound');
    const stats = await waitFor('the not-found state', async () => {
      const p = await panel.probe();
      return p && p.stateText.includes('Not found') ? p : false;
    });
    assert.match(stats.stateText, /Select Environment/);
  });

  it('flaky: 503s are retried quietly', async () => {
    const panel = await open('flaky');
    const s = await settled(panel);
    assert.equal(s.loader.phase, 'idle');
    assert.ok(s.loaded > 0);
  });

  it('offline while paging: a retry state, and every loaded event kept', async () => {
    await setSetting('eventsPageSize', 2);
    const panel = await open('cancelled');
    const first = await settled(panel);
    assert.ok(
      first.loaded >= 1 && first.loaded <= 2 && first.loader.hasMore,
      'one small page (pageSize counts internal seqs too)',
    );
    await sandboxControl(api).addFault({ mode: 'drop', executionId: ids['cancelled'], path: 'executions/getEvents' });
    panel.receive({ type: 'loadMore', requestId: 1 });
    const s = await waitFor(
      'the offline state',
      () => {
        const x = panel.snapshot();
        return x.loader.phase === 'waiting' || x.loader.phase === 'error' ? x : false;
      },
      60_000,
    );
    assert.equal(s.loaded, first.loaded, 'the loaded page is kept');
    assert.match(s.loader.error?.kind ?? '', /network|timeout|unavailable/);
    await sandboxControl(api).clearFaults();
    panel.receive({ type: 'retry', requestId: 2 });
    const after = await waitFor(
      'the retry',
      () => {
        const x = panel.snapshot();
        return x.loader.phase === 'idle' && x.loaded > first.loaded ? x : false;
      },
      30_000,
    );
    assert.ok(after.loaded > first.loaded);
    await setSetting('eventsPageSize', undefined);
  });

  it('renders hostile content as text; nothing executes; the 200 KB payload opens in an editor', async () => {
    const panel = await open('hostile');
    await settled(panel);
    const stats = await waitFor('the hostile rows', async () => {
      const p = await panel.probe();
      return p && p.domRows > 0 ? p : false;
    });
    assert.equal(stats.scriptRan, false);
    assert.equal(stats.foreignElements, 0, `no element was created from data (found ${stats.foreignTags.join(', ')})`);
    const text = stats.firstRowTexts.join('\n');
    assert.ok(text.includes('<script>alert(1)</script>'), 'script markup shown literally');
    assert.ok(text.includes('<img src=x onerror=alert(1)>'), 'img markup shown literally');
    assert.ok(!/[\u0000-\u0008\u001b\u202e]/.test(text), 'control and bidi characters are made visible');
    assert.ok(!panel.panel.title.includes('\u202e'));
    const big = panel.events.find((e) => toPanelEvent(e).oversize !== undefined);
    assert.ok(big, 'the 200 KB payload was trimmed for the webview');
    panel.receive({ type: 'openPayload', requestId: 3, seq: big.seq });
    const editor = await waitFor('the payload editor', () => {
      const e = vscode.window.visibleTextEditors.find((x) => x.document.uri.scheme === 'velt-event');
      return e ?? false;
    });
    assert.ok(editor.document.getText().length > 200_000);
  });

  it('rejects invalid messages from the webview', async () => {
    const panel = api.panels.find(SANDBOX, ids['hostile']!)!;
    const before = panel.rejectedMessages;
    const requests = api.requestCounts.get(GET_EVENTS) ?? 0;
    for (const message of [
      'loadMore',
      null,
      { type: 'loadMore' },
      { type: 'action', requestId: 1, action: 'workbench.action.quit' },
      { type: 'copyEvent', requestId: 1, seq: -1 },
      { type: 'loadMore', requestId: 1, command: 'x' },
    ]) {
      panel.receive(message);
    }
    assert.equal(panel.rejectedMessages - before, 6);
    await sleep(300);
    assert.equal(api.requestCounts.get(GET_EVENTS) ?? 0, requests, 'nothing was requested');
  });

  it('revives a panel from saved state (the serializer path) and drops invalid state', async () => {
    const id = ids['cancelled']!;
    api.panels.find(SANDBOX, id)?.panel.dispose();
    assert.equal(api.panels.find(SANDBOX, id), undefined, 'dispose clears the registry');
    const webview = vscode.window.createWebviewPanel('velt.executionPanel', 'restored', vscode.ViewColumn.Active, {
      enableScripts: true,
    });
    api.panels.revive(webview, { environment: SANDBOX, executionId: id, scrollTop: 0 });
    const panel = await waitFor('the revived panel', () => api.panels.find(SANDBOX, id));
    await waitFor('its webview', () => panel.isReady, 30_000);
    assert.ok((await settled(panel)).loaded > 0);
    const broken = vscode.window.createWebviewPanel('velt.executionPanel', 'broken', vscode.ViewColumn.Active, {});
    let disposed = false;
    broken.onDidDispose(() => {
      disposed = true;
    });
    api.panels.revive(broken, { nonsense: true });
    assert.equal(disposed, true);
  });

  it('pauses a panel whose environment is no longer active, and resumes when it is again', async () => {
    const panel = api.panels.find(SANDBOX, ids['completedParallel']!)!;
    const requests = api.requestCounts.get(GET_EVENTS) ?? 0;
    void vscode.commands.executeCommand('velt.selectEnvironment', 'Production'); // not awaited: it asks about credentials
    await waitFor('the switch', () => api.environments.active.name === 'Production');
    assert.equal(panel.wrongEnvironment, true);
    panel.receive({ type: 'loadMore', requestId: 1 });
    panel.receive({ type: 'refresh', requestId: 2 });
    await sleep(500);
    assert.equal(api.requestCounts.get(GET_EVENTS) ?? 0, requests, 'nothing is requested from the other environment');
    await vscode.commands.executeCommand('velt.selectEnvironment', SANDBOX);
    assert.equal(panel.wrongEnvironment, false);
    panel.receive({ type: 'refresh', requestId: 3 });
    await waitFor('a request again', () => (api.requestCounts.get(GET_EVENTS) ?? 0) > requests);
  });

  it('tails a running execution until it ends, then stops polling for good', async () => {
    const panel = api.panels.find(SANDBOX, ids['runningLoop']!)!;
    const before = panel.snapshot().loaded;
    panel.reveal();
    await waitFor('the tail to run', () => ['live', 'stopped'].includes(panel.snapshot().tail.state), 30_000);
    const end = await waitFor(
      'the terminal state',
      () => {
        const s = panel.snapshot();
        return s.tail.state === 'stopped' ? s : false;
      },
      150_000,
    );
    assert.equal(end.executionStatus, 'completed');
    assert.equal(end.loader.terminal, true);
    assert.ok(end.loaded > before, `live events appended (${before} → ${end.loaded})`);
    assert.equal(panel.events.at(-1)!.type, 'execution.completed');
    const stats = await waitFor('the webview to show the end', async () => {
      const p = await panel.probe();
      return p && p.received === end.loaded ? p : false;
    });
    assert.match(stats.stateText, /End of stream/);
    const requests = api.requestCounts.get(GET_EVENTS) ?? 0;
    await sleep(3000);
    assert.equal(api.requestCounts.get(GET_EVENTS) ?? 0, requests, 'no polling after the terminal state');
  });

  // Last: the 429 pauses every request to the sandbox origin (src/api/retryBudget.ts), which would slow the
  // tests after it, and the tail test above needs the running execution to still be running when it starts.
  it('rate limited: a countdown from Retry-After, inside the panel', async () => {
    const panel = await open('rateLimited');
    const s = await waitFor(
      'the countdown',
      () => {
        const x = panel.snapshot();
        return x.loader.phase === 'waiting' ? x : false;
      },
      40_000,
    );
    assert.equal(s.loader.error?.kind, 'rateLimited');
    assert.ok((s.loader.error?.retryInMs ?? 0) > 15_000, `retry in ${s.loader.error?.retryInMs} ms`);
    const stats = await waitFor('the rate-limited state', async () => {
      const p = await panel.probe();
      return p && /Rate limited/.test(p.stateText) && /retrying in (\d+m )?\d+s/.test(p.stateText) ? p : false;
    });
    assert.ok(stats);
    panel.receive({ type: 'cancelLoad', requestId: 9 });
    assert.equal(panel.snapshot().loader.phase, 'idle');
    panel.panel.dispose();
    await waitOutOriginPause(api);
  });
});
