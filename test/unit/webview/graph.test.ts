// The Graph tab in headless Chromium: it asks the host for the graph once, draws hostile node names as
// text only, restyles on a status update without redrawing, dims unreached nodes, highlights fired edges,
// and a node chosen by keyboard (Tab order, Enter) filters the stream to its latest step.
import { strict as assert } from 'node:assert';
import { DEFAULT_PREFS, PROTOCOL_VERSION, type GraphLayout, type GraphStatus } from '../../../src/panel/protocol';
import { openPanelPage, useChromium, type PageGlobals, type PanelPage } from './harness';

const EXEC = 'exec_1793516400117_lwofay3k';
const HOSTILE = '<img src=x onerror="window.__veltPwned=1">';
const init = {
  type: 'init',
  protocol: PROTOCOL_VERSION,
  generation: 0,
  environment: 'Sandbox (local)',
  activeEnvironment: 'Sandbox (local)',
  executionId: EXEC,
  pinned: false,
  prefs: { ...DEFAULT_PREFS, tab: 'graph' },
  execution: {
    executionId: EXEC,
    status: 'running',
    startedAt: 1,
    completedAt: null,
    cancelledAt: null,
    definitionId: 'flow',
    definitionVersion: 1,
    correlationId: null,
    idempotencyKey: null,
    failureReason: null,
    steps: [],
  },
  executionError: null,
};
const layout: GraphLayout = {
  width: 300,
  height: 200,
  nodes: [
    { id: 'draft', type: 'agent', label: HOSTILE, group: null, x: 100, y: 40, w: 180, h: 44 },
    { id: 'review', type: 'human', label: 'Review', group: null, x: 100, y: 140, w: 180, h: 44 },
  ],
  edges: [
    { id: 'draft→review:always', from: 'draft', to: 'review', on: HOSTILE, back: false, points: [100, 62, 100, 118] },
  ],
  groups: [],
};
const status = (reviewStatus: string | null): GraphStatus => ({
  nodes: [
    { id: 'draft', status: 'completed', stepIds: ['s1', 's1b'], note: '×2 of 3', uncertain: false },
    { id: 'review', status: reviewStatus, stepIds: reviewStatus ? ['s2'] : [], note: null, uncertain: false },
  ],
  fired: reviewStatus ? ['draft→review:always'] : [],
  uncertainEdges: [],
  groups: [],
  banner: `This run used version 1 ${HOSTILE}`,
});

interface El {
  getAttribute(name: string): string | null;
  textContent: string | null;
}
interface Doc {
  querySelectorAll(selector: string): ArrayLike<El>;
  querySelector(selector: string): El | null;
}

describe('webview graph in headless Chromium', function () {
  this.timeout(60_000);
  const browser = useChromium();
  let p: PanelPage;
  afterEach(async () => {
    await p.page.close();
  });

  const classes = () =>
    p.page.evaluate(() =>
      Array.from(
        (globalThis as unknown as { document: Doc }).document.querySelectorAll('.graph .node, .graph .edge'),
      ).map((el) => el.getAttribute('class')),
    );

  it('draws from host coordinates with text only, restyles on status, and selects nodes by keyboard', async () => {
    p = await openPanelPage(browser());
    await p.send(init);
    await p.frames();
    const asked = (await p.posted()).filter((m) => m['type'] === 'loadGraph');
    assert.equal(asked.length, 1, 'asks for the graph once');
    await p.send({ type: 'graph', requestId: asked[0]!['requestId'], layout, status: status(null), error: null });
    await p.frames();
    const texts = await p.page.locator('.graph').innerHTML();
    assert.ok(!texts.includes('<img'), 'markup from node names stays text');
    assert.equal(await p.page.locator('.graph .node-label').first().textContent(), `${HOSTILE.slice(0, 23)}…`);
    assert.equal(await p.page.evaluate(() => (globalThis as unknown as PageGlobals).__veltPwned), undefined);
    assert.deepEqual(await p.violations(), []);
    assert.match((await p.page.locator('.graph-banner').textContent()) ?? '', /used version 1 <img/);
    assert.deepEqual(await classes(), ['edge', 'node s-completed', 'node unreached']);
    assert.equal(await p.page.locator('.graph .node-note').first().textContent(), '×2 of 3');

    // A status update restyles the same elements.
    await p.page.evaluate(() => {
      (
        (globalThis as unknown as { document: Doc }).document.querySelector('.graph .node') as unknown as Record<
          string,
          unknown
        >
      )['__mark'] = 1;
    });
    await p.send({ type: 'graphStatus', status: status('failed') });
    await p.frames();
    assert.deepEqual(await classes(), ['edge fired', 'node s-completed', 'node s-failed']);
    assert.equal(
      await p.page.evaluate(
        () =>
          (
            (globalThis as unknown as { document: Doc }).document.querySelector('.graph .node') as unknown as Record<
              string,
              unknown
            >
          )['__mark'],
      ),
      1,
      'not redrawn',
    );

    // Nodes are focusable in layout order; Enter selects: the stream filters to the node's latest step.
    await p.page.locator('.graph').focus();
    await p.page.keyboard.press('Tab');
    await p.page.keyboard.press('Enter');
    await p.frames();
    const state = await p.page.evaluate(
      () => (globalThis as unknown as PageGlobals).__state as { filters?: { step: string } },
    );
    assert.equal(state.filters?.step, 's1b');
    assert.match((await p.page.locator('.graph-info').textContent()) ?? '', /^draft/);
  });

  it("offers the header's write actions for the selected node's steps, under the graph", async () => {
    p = await openPanelPage(browser());
    await p.send({
      ...init,
      writeActions: [
        { action: 'approve', stepId: 's2', label: `Approve… ${HOSTILE}` },
        { action: 'reject', stepId: 's2', label: 'Reject… review' },
        { action: 'cancelExecution', stepId: null, label: 'Cancel Execution…' },
      ],
    });
    await p.frames();
    const asked = (await p.posted()).filter((m) => m['type'] === 'loadGraph');
    await p.send({ type: 'graph', requestId: asked[0]!['requestId'], layout, status: status('waiting'), error: null });
    await p.frames();
    const buttons = () => p.page.locator('.graph-actions button:visible').allTextContents();
    assert.deepEqual(await buttons(), [], 'nothing before a node is chosen');
    await p.page.locator('.graph .node').nth(0).click();
    await p.frames();
    assert.deepEqual(await buttons(), [], 'the draft node has no waiting step');
    await p.page.locator('.graph .node').nth(1).click();
    await p.frames();
    assert.deepEqual(
      await buttons(),
      [`Approve… ${HOSTILE}`, 'Reject… review'],
      'the execution-wide offer stays in the header',
    );
    assert.equal(await p.page.evaluate(() => (globalThis as unknown as PageGlobals).__veltPwned), undefined);
    await p.page.locator('.graph-actions button', { hasText: 'Reject… review' }).click();
    const writes = (await p.posted()).filter((m) => m['type'] === 'writeAction');
    assert.deepEqual(
      writes.map((m) => [m['action'], m['stepId']]),
      [['reject', 's2']],
    );
  });

  it('says why when the graph could not be drawn', async () => {
    p = await openPanelPage(browser());
    await p.send(init);
    await p.frames();
    await p.send({
      type: 'graph',
      requestId: 1,
      layout: null,
      status: null,
      error: { kind: 'network', message: 'The Velt API could not be reached.', retryInMs: null },
    });
    await p.frames();
    assert.match(
      (await p.page.locator('.view-graph .view-note').textContent()) ?? '',
      /could not be drawn: The Velt API could not be reached\. Open the Graph tab again/,
    );
  });
});
