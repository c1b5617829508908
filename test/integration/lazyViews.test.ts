// The Graph and Timeline tabs' code in the real editor (issue 11): the panel opens with dist/webview.js
// only, and each tab's bundle, loaded under the panel's CSP from the URI the host put in its HTML, mounts
// its view the first time the tab is shown.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InspectorTestApi } from '../../src/extension';
import type { PanelTab } from '../../src/panel/protocol';
import { SANDBOX_EXECUTIONS } from '../../src/sandbox/server';
import { SANDBOX, useSandbox, waitFor } from './helpers';

describe('panel tabs loaded on first show', function () {
  this.timeout(120_000);
  let api: InspectorTestApi;

  before(async () => {
    api = await useSandbox();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // The tab shown last is remembered for every panel, and an earlier suite (graph, timeline) may have left the
    // Graph tab in front: put the event stream back, so the panel under test opens with neither view mounted.
    const id = SANDBOX_EXECUTIONS['completedParallel']!;
    await vscode.commands.executeCommand('velt.openExecution', id);
    const panel = await waitFor('a panel', () => api.panels.find(SANDBOX, id));
    panel.showTab('events');
    await waitFor('the Events tab remembered', () => panel.services.prefs.get().tab === 'events');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('the panel closed', () => api.panels.find(SANDBOX, id) === undefined);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('mounts the Timeline and Graph views from their own bundles when their tab is first shown', async () => {
    const id = SANDBOX_EXECUTIONS['completedParallel']!;
    assert.equal(await vscode.commands.executeCommand('velt.openExecution', id), id);
    const panel = await waitFor('the panel', () => api.panels.find(SANDBOX, id));
    await waitFor("the webview's ready message", () => panel.isReady, 30_000);
    const html = panel.panel.webview.html;
    assert.match(html, /data-graph="[^"]+\/dist\/webviewGraph\.js"/);
    assert.match(html, /data-timeline="[^"]+\/dist\/webviewTimeline\.js"/);
    assert.equal(html.match(/<script /g)?.length, 1, 'one script in the HTML; the tabs add theirs');
    const mounted = async (): Promise<PanelTab[] | false> => (await panel.probe())?.mountedViews ?? false;
    const shown = (tab: PanelTab) =>
      waitFor(`the ${tab} view`, async () => {
        const views = await mounted();
        return views && views.includes(tab) ? views : false;
      });
    assert.deepEqual(await waitFor('a probe', mounted), [], 'nothing but the event stream at open');

    panel.showTab('timeline');
    assert.deepEqual(await shown('timeline'), ['timeline']);
    panel.showTab('graph');
    assert.deepEqual(await shown('graph'), ['graph', 'timeline']);
    const stats = await panel.probe();
    assert.equal(stats?.foreignElements, 0, stats?.foreignTags.join(', '));
    // The tab shown last is remembered for every panel: later suites expect the event stream in front.
    panel.showTab('events');
    await waitFor('the Events tab remembered', () => panel.services.prefs.get().tab === 'events');
  });
});
