// The webview in definition mode (Show Definition Graph) in headless Chromium: a `definition` message
// replaces the run's header, tabs and event list with the definition's header over the Graph view; the
// graph is drawn from the host's layout without asking for one, nothing is dimmed as unreached, names stay
// text, the probe lists the nodes drawn, and a definition that could not be read says why instead.
import { strict as assert } from 'node:assert';
import type { GraphLayout, GraphStatus } from '../../../src/panel/protocol';
import { openPanelPage, useChromium, type PageGlobals, type PanelPage } from './harness';

interface Styles {
  getComputedStyle(el: unknown): { opacity: string };
}
const HOSTILE = '<img src=x onerror="window.__veltPwned=1">';
const definition = {
  type: 'definition',
  environment: 'Sandbox (local)',
  definition: { definitionId: 'doc-signoff', name: `Sign-off ${HOSTILE}`, version: 4, nodes: 2 },
  error: null,
};
const layout: GraphLayout = {
  width: 300,
  height: 200,
  nodes: [
    { id: 'draft', type: 'agent', label: 'Draft', group: null, x: 100, y: 40, w: 180, h: 44 },
    { id: 'review', type: 'human', label: HOSTILE, group: null, x: 100, y: 140, w: 180, h: 44 },
  ],
  edges: [
    { id: 'draft→review:always', from: 'draft', to: 'review', on: 'always', back: false, points: [100, 62, 100, 118] },
  ],
  groups: [],
};
const status: GraphStatus = {
  nodes: [
    { id: 'draft', status: null, stepIds: [], note: null, uncertain: false },
    { id: 'review', status: null, stepIds: [], note: 'SLA 1m 00s', uncertain: false },
  ],
  fired: [],
  uncertainEdges: [],
  groups: [],
  banner: null,
};

describe('webview definition graph in headless Chromium', function () {
  this.timeout(60_000);
  const browser = useChromium();
  let p: PanelPage;
  afterEach(async () => {
    await p.page.close();
  });

  it("shows only the definition's header and its graph, drawn as text, none dimmed", async () => {
    p = await openPanelPage(browser());
    await p.send(definition);
    await p.frames();
    assert.match((await p.page.locator('.view-graph .view-note').textContent()) ?? '', /Loading/);
    await p.send({ type: 'graph', requestId: null, layout, status, error: null });
    await p.frames();
    assert.equal(await p.page.locator('.tabs').count(), 0, 'no tab strip');
    assert.equal(await p.page.locator('.view-events, .view-timeline, .header-action').count(), 0, 'nothing of a run');
    assert.equal(await p.page.locator('.definition-header h1').textContent(), `Sign-off ${HOSTILE}`);
    assert.match((await p.page.locator('.definition-header .title-row').textContent()) ?? '', /v4.*2 nodes/);
    assert.match(
      (await p.page.locator('.definition-header .meta').textContent()) ?? '',
      /doc-signoff.*Sandbox \(local\)/,
    );
    assert.deepEqual(await p.page.locator('.graph .node-label').allTextContents(), [
      'Draft',
      `${HOSTILE.slice(0, 23)}…`,
    ]);
    assert.equal(await p.page.locator('.graph .node-note').nth(1).textContent(), 'SLA 1m 00s');
    assert.equal(
      await p.page
        .locator('.graph .node')
        .first()
        .evaluate((el) => (globalThis as unknown as Styles).getComputedStyle(el).opacity),
      '1',
      'a definition has no unreached nodes to dim',
    );
    assert.equal(await p.page.locator('.graph .node-status:visible, .graph-info:visible').count(), 0);
    assert.equal(await p.page.evaluate(() => (globalThis as unknown as PageGlobals).__veltPwned), undefined);
    assert.deepEqual(await p.violations(), []);
    const asked = (await p.posted()).filter((m) => m['type'] !== 'ready' && m['type'] !== 'probeResult');
    assert.deepEqual(asked, [], 'asks the host for nothing (no loadGraph, no prefs)');

    await p.send({ type: 'probe', requestId: 7 });
    const probe = (await p.posted()).find((m) => m['type'] === 'probeResult');
    const stats = probe?.['stats'] as { graphNodes: string[]; foreignElements: number };
    assert.deepEqual(stats.graphNodes, ['draft', 'review']);
    assert.equal(stats.foreignElements, 0);
  });

  it('says why when the definition could not be read, and draws no graph', async () => {
    p = await openPanelPage(browser());
    await p.send({
      ...definition,
      definition: { definitionId: 'gone', name: '', version: null, nodes: null },
      error: {
        kind: 'notFound',
        message: 'Definition gone was not found. Run Show Definition Graph again to retry.',
        retryInMs: null,
      },
    });
    await p.frames();
    assert.equal(await p.page.locator('.definition-header h1').textContent(), 'gone');
    assert.match(
      (await p.page.locator('.definition-header .failure').textContent()) ?? '',
      /could not be read\. Definition gone was not found\. Run Show Definition Graph again/,
    );
    assert.equal(await p.page.locator('.view-graph:visible').count(), 0);
  });
});
