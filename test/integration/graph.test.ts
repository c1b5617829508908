// The Graph tab in the real editor against the built-in sandbox (issue 14): opened with Show Graph, read
// back from the webview through the probe, for a parallel-quorum run (quorum progress), a looping run
// (iteration count), a failed run with a breach and a run whose definition changed since (drift banner).
// Choosing a node (the host's selectNode, as a click) filters the events to its steps and shows them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InspectorTestApi } from '../../src/extension';
import type { ExecutionPanel } from '../../src/panel/executionPanel';
import type { ProbeStats } from '../../src/panel/protocol';
import { SANDBOX_EXECUTIONS } from '../../src/sandbox/server';
import { SANDBOX, setSetting, useSandbox, waitFor } from './helpers';

const ids = SANDBOX_EXECUTIONS;

describe('execution graph', function () {
  this.timeout(200_000);
  let api: InspectorTestApi;

  before(async () => {
    api = await useSandbox();
    await setSetting('pollIntervalMs', 1000);
    // Fresh panels: one an earlier suite left open may have seen these live runs end before a sandbox restart.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await setSetting('pollIntervalMs', undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  async function showGraph(role: string): Promise<ExecutionPanel> {
    const id = ids[role]!;
    // Re-read the run: a sandbox restart in an earlier suite re-ran the live seeds under the same ids while the
    // store may still hold the ended run.
    await api.store.get(id, { force: true });
    assert.equal(await vscode.commands.executeCommand('velt.showGraph', id), id);
    const panel = await waitFor(`the panel of ${role}`, () => api.panels.find(SANDBOX, id));
    await waitFor(`the ${role} webview's ready message`, () => panel.isReady, 30_000);
    return panel;
  }

  /** The webview's probe once its Graph tab text satisfies `accept`. */
  function graphShows(
    panel: ExecutionPanel,
    what: string,
    accept: (text: string, stats: ProbeStats) => boolean,
    timeoutMs = 30_000,
  ): Promise<ProbeStats & { graphText: string }> {
    return waitFor(
      what,
      async () => {
        const p = await panel.probe();
        return p && p.graphText !== null && accept(p.graphText, p) ? { ...p, graphText: p.graphText } : false;
      },
      timeoutMs,
    );
  }

  it('a parallel-quorum run: quorum progress on the group; choosing a reviewer filters to its steps and shows them', async () => {
    const panel = await showGraph('completedParallel');
    const drawn = await graphShows(panel, 'the quorum progress', (t) => /\d\/3 approved, quorum 2/.test(t));
    assert.match(drawn.graphText, /2\/3 approved, quorum 2/);
    assert.equal(drawn.foreignElements, 0, drawn.foreignTags.join(', '));
    await waitFor('the events', () => panel.loader.events.length > 0);
    const view = panel.executionView!;
    const reviewer = view.steps.find((s) => s.groupId !== null && s.status === 'completed')!;
    const reviewerSteps = view.steps.filter((s) => s.nodeId === reviewer.nodeId);
    panel.post({ type: 'selectNode', nodeId: reviewer.nodeId });
    const chosen = await graphShows(
      panel,
      "the reviewer's steps under the graph and the stream filtered",
      (t, p) => t.includes(reviewerSteps.at(-1)!.stepId) && p.filtered < p.received,
    );
    assert.ok(chosen.filtered > 0, 'the reviewer has events');
    const stepEvents = panel.loader.events.filter((e) => e.stepId === reviewerSteps.at(-1)!.stepId);
    assert.equal(chosen.filtered, stepEvents.length, "the stream shows the node's latest step only");
    assert.match(chosen.graphText, new RegExp(`${reviewer.nodeId}: Completed`));
    assert.match(chosen.graphText, /StatusCompletedStarted.*Ended.*Duration/);
  });

  it('a looping run: the loop body counts its iterations', async () => {
    const panel = await showGraph('runningLoop');
    const drawn = await graphShows(panel, 'the second iteration', (t) => /×2 of \d+/.test(t), 150_000);
    assert.match(drawn.graphText, /×2 of 3/);
  });

  it('a failed run with a breach: the breached review and the failed step drawn with their status', async () => {
    const panel = await showGraph('runningSla');
    await waitFor('the run to fail', () => panel.executionView?.status === 'failed', 150_000);
    await graphShows(panel, 'the breach and the failure', (t) => /breached/.test(t) && /failed/.test(t));
    const view = panel.executionView!;
    const failed = view.steps.find((s) => s.status === 'failed')!;
    panel.post({ type: 'selectNode', nodeId: failed.nodeId });
    const chosen = await graphShows(panel, 'the failed step with the run failure', (t) => t.includes('Run failed'));
    assert.ok(chosen.graphText.includes(`${failed.nodeId}: Failed`), chosen.graphText);
    const reason = view.failureReason!;
    assert.ok(chosen.graphText.includes(`Run failed${reason.code}: ${reason.message}`), chosen.graphText);
  });

  it('a run whose definition changed since it ran: the banner says which versions', async () => {
    const panel = await showGraph('failed');
    const view = panel.executionView!;
    const drawn = await graphShows(panel, 'the drift banner', (t) => t.includes('the definition is now at version'));
    assert.match(
      drawn.graphText,
      new RegExp(
        `used version ${view.definitionVersion} of ${view.definitionId}; the definition is now at version \\d+`,
      ),
    );
  });
});
