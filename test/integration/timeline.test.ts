// The step timeline in the real editor against the built-in sandbox (issue 14): the model the panel posts
// for a parallel-quorum run, a looping run and a run that fails after an SLA breach, built from the real
// API's steps, events and definition (SLA lines from definitions/get).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InspectorTestApi } from '../../src/extension';
import type { ExecutionPanel } from '../../src/panel/executionPanel';
import type { TimelineModel, TimelineStepRow } from '../../src/panel/protocol';
import { SANDBOX_EXECUTIONS } from '../../src/sandbox/server';
import { SANDBOX, setSetting, useSandbox, waitFor } from './helpers';

const ids = SANDBOX_EXECUTIONS;
const stepRows = (model: TimelineModel): TimelineStepRow[] =>
  model.rows.filter((r): r is TimelineStepRow => r.kind === 'step');

describe('step timeline', function () {
  this.timeout(180_000);
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

  async function open(role: string): Promise<ExecutionPanel> {
    const id = ids[role]!;
    // Re-read the run: an earlier suite's sandbox restart re-ran these live seeds under the same ids, and the
    // store may still hold the ended run (noted as a known gap: the store is not cleared on a sandbox restart).
    await api.store.get(id, { force: true });
    assert.equal(await vscode.commands.executeCommand('velt.openExecution', id), id);
    const panel = await waitFor(`the panel of ${role}`, () => api.panels.find(SANDBOX, id));
    await waitFor(`the ${role} webview's ready message`, () => panel.isReady, 30_000);
    return panel;
  }

  /** The panel's model once `accept` holds (events and the definition arrive in the background). */
  function model(
    panel: ExecutionPanel,
    what: string,
    accept: (m: TimelineModel) => boolean,
    timeoutMs = 30_000,
  ): Promise<TimelineModel> {
    return waitFor(
      what,
      async () => {
        // Every page, so the summary has all the markers (the live tail brings the rest of a running run).
        if (!panel.loader.busy && panel.loader.hasMore) await panel.loader.loadAll();
        const m = panel.timelineModel();
        return m !== null && accept(m) ? m : false;
      },
      timeoutMs,
    );
  }

  it('a parallel-quorum run: the members under their group heading, quorum met, reviewers waiting', async () => {
    const panel = await open('completedParallel');
    const m = await model(panel, 'the quorum marker', (t) =>
      t.rows.some((r) => r.kind === 'group' && r.markers.length > 0),
    );
    const at = m.rows.findIndex((r) => r.kind === 'group');
    const group = m.rows[at]!;
    assert.equal(group.kind, 'group');
    assert.equal(group.markers[0]!.kind, 'quorum');
    const members = m.rows
      .slice(at + 1)
      .filter((r): r is TimelineStepRow => r.kind === 'step' && r.groupId === group.groupId);
    assert.equal(members.length, 3, 'three reviewers under the heading');
    assert.ok(
      members.some((r) => r.waitingFrom !== null && r.startedAt !== null && r.waitingFrom >= r.startedAt),
      'a reviewer step waits for reviewers',
    );
    assert.ok(m.end !== null && m.runMarkers.some((r) => r.label === 'execution.completed'));
  });

  it('a looping run: the runs of a node stacked and numbered, the new iteration marked', async () => {
    const panel = await open('runningLoop');
    const m = await model(
      panel,
      'the second iteration, marked',
      (t) =>
        stepRows(t).some((r) => r.iteration === 2) &&
        stepRows(t).some((r) => r.markers.some((k) => k.kind === 'iteration')),
      150_000,
    );
    const rows = stepRows(m);
    const second = rows.findIndex((r) => r.iteration === 2);
    const node = rows[second]!.nodeId;
    assert.equal(rows[second - 1]!.nodeId, node, 'iteration 2 sits right under iteration 1');
    assert.equal(rows[second - 1]!.iteration, 1);
    assert.ok(
      rows.some((r) => r.markers.some((k) => k.kind === 'iteration')),
      'loop.iteration-started is marked',
    );
  });

  it('a failed run with a breach: the SLA line from the definition, the breach and the failure marked', async () => {
    const panel = await open('runningSla');
    const m = await model(
      panel,
      'the failed run',
      (t) => t.end !== null && t.runMarkers.some((k) => k.label === 'execution.failed'),
      150_000,
    );
    const review = stepRows(m).find((r) => r.nodeId === 'human-compliance');
    assert.ok(review, 'the compliance review has a lane');
    assert.equal(review.slaAt, review.startedAt! + 60_000, 'SLA line at startedAt + slaMs');
    assert.ok(
      review.markers.some((k) => k.kind === 'breached'),
      'the breach is marked',
    );
    assert.ok(review.endedAt !== null, 'the bar is closed');
  });
});
