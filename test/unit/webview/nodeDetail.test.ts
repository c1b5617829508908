// The Graph tab's node detail in headless Chromium: choosing a node asks the host for its steps, which
// show their status, times (the panel's format), duration, error, the run's failure reason and output as
// coloured JSON; a trimmed output says so; hostile names and outputs stay text.
import { strict as assert } from 'node:assert';
import { DEFAULT_PREFS, PROTOCOL_VERSION, type GraphLayout, type GraphStatus } from '../../../src/panel/protocol';
import { formatDuration, formatUtc } from '../../../src/util/format';
import { openPanelPage, useChromium, type PageGlobals, type PanelPage } from './harness';

const EXEC = 'exec_1793516400117_lwofay3k';
const HOSTILE = '<img src=x onerror="window.__veltPwned=1">';
const STARTED = Date.UTC(2026, 10, 2, 9, 30, 0, 250);
const step = (stepId: string, nodeId: string, status: string) => ({
  stepId,
  nodeId,
  nodeType: 'human',
  status,
  groupId: null,
  startedAt: STARTED,
  completedAt: status === 'waiting' ? null : STARTED + 64_000,
  error: null,
});
const init = {
  type: 'init',
  protocol: PROTOCOL_VERSION,
  generation: 0,
  environment: 'Sandbox (local)',
  activeEnvironment: 'Sandbox (local)',
  executionId: EXEC,
  pinned: false,
  prefs: { ...DEFAULT_PREFS, timeFormat: 'utc', tab: 'graph' },
  execution: {
    executionId: EXEC,
    status: 'failed',
    startedAt: STARTED,
    completedAt: STARTED + 64_000,
    cancelledAt: null,
    definitionId: 'flow',
    definitionVersion: 1,
    correlationId: null,
    idempotencyKey: null,
    failureReason: { code: 'step-failed', message: `review failed ${HOSTILE}` },
    steps: [step('s1', 'draft', 'completed'), step(HOSTILE, 'review', 'failed')],
  },
  executionError: null,
};
const layout: GraphLayout = {
  width: 300,
  height: 200,
  nodes: [
    { id: 'draft', type: 'agent', label: 'Draft', group: null, x: 100, y: 40, w: 180, h: 44 },
    { id: 'review', type: 'human', label: HOSTILE, group: null, x: 100, y: 140, w: 180, h: 44 },
  ],
  edges: [],
  groups: [],
};
const status: GraphStatus = {
  nodes: [
    { id: 'draft', status: 'completed', stepIds: ['s1'], note: null, uncertain: false },
    { id: 'review', status: 'failed', stepIds: [HOSTILE], note: null, uncertain: false },
  ],
  fired: [],
  uncertainEdges: [],
  groups: [],
  banner: null,
};

describe('webview graph node detail in headless Chromium', function () {
  this.timeout(60_000);
  const browser = useChromium();
  let p: PanelPage;
  afterEach(async () => {
    await p.page.close();
  });

  const openGraph = async (): Promise<void> => {
    p = await openPanelPage(browser());
    await p.send(init);
    await p.frames();
    const asked = (await p.posted()).filter((m) => m['type'] === 'loadGraph');
    await p.send({ type: 'graph', requestId: asked[0]!['requestId'], layout, status, error: null });
    await p.frames();
  };

  it("asks for a chosen node's steps and shows status, times, error and output as text", async () => {
    await openGraph();
    await p.page.locator('.graph .node').nth(1).click();
    await p.frames();
    const asked = (await p.posted()).filter((m) => m['type'] === 'loadNodeDetail');
    assert.deepEqual(
      asked.map((m) => m['nodeId']),
      ['review'],
    );
    await p.send({
      type: 'nodeDetail',
      requestId: asked[0]!['requestId'],
      nodeId: 'review',
      moreSteps: 3,
      steps: [
        {
          ...step(HOSTILE, 'review', 'failed'),
          error: { code: 'no-reviewers', message: HOSTILE },
          output: { decision: 'reject', comment: HOSTILE, approveCount: 1, approved: false, rejectedBy: null },
        },
      ],
    });
    await p.frames();
    const detail = p.page.locator('.node-detail');
    assert.equal(await detail.locator('.node-step-id').textContent(), HOSTILE);
    const facts = await detail.locator('.detail-facts').innerText();
    assert.match(facts, /Status\s+Failed/);
    assert.ok(facts.includes(formatUtc(STARTED)), facts);
    assert.ok(facts.includes(formatUtc(STARTED + 64_000)), facts);
    assert.match(facts, new RegExp(`Duration\\s+${formatDuration(64_000)}`));
    assert.ok(facts.includes(`no-reviewers: ${HOSTILE}`), facts);
    assert.ok(facts.includes(`step-failed: review failed ${HOSTILE}`), 'the run failed with this step');
    const json = detail.locator('pre.json');
    assert.ok(((await json.textContent()) ?? '').includes(`"comment": "${HOSTILE.replace(/"/g, '\\"')}"`));
    assert.deepEqual(await json.locator('.j-key').allTextContents(), [
      '"decision"',
      '"comment"',
      '"approveCount"',
      '"approved"',
      '"rejectedBy"',
    ]);
    assert.deepEqual(await json.locator('.j-num, .j-bool, .j-null').allTextContents(), ['1', 'false', 'null']);
    assert.match((await detail.locator('.note').textContent()) ?? '', /^3 earlier steps of this node are not shown/);
    assert.equal((await detail.innerHTML()).includes('<img'), false, 'markup stays text');
    assert.equal(await p.page.evaluate(() => (globalThis as unknown as PageGlobals).__veltPwned), undefined);
    assert.deepEqual(await p.violations(), []);
  });

  it('says when an output was trimmed, follows updates, and ignores the detail of another node', async () => {
    await openGraph();
    await p.page.locator('.graph .node').nth(0).click();
    await p.frames();
    const detail = p.page.locator('.node-detail');
    await p.send({
      type: 'nodeDetail',
      requestId: null,
      nodeId: 'review',
      moreSteps: 0,
      steps: [{ ...step('s2', 'review', 'failed'), output: {} }],
    });
    await p.frames();
    assert.equal(await detail.isVisible(), false, 'not the chosen node');
    await p.send({
      type: 'nodeDetail',
      requestId: null,
      nodeId: 'draft',
      moreSteps: 0,
      steps: [
        { ...step('s1', 'draft', 'completed'), output: { summary: 'x'.repeat(300) + '…' }, oversize: 3 * 1024 * 1024 },
      ],
    });
    await p.frames();
    assert.match(
      (await detail.locator('.note').textContent()) ?? '',
      /This output \(3\.0 MB\) is too large .* Raw JSON in the header shows all of it\./,
    );
    await p.send({
      type: 'nodeDetail',
      requestId: null,
      nodeId: 'draft',
      moreSteps: 0,
      steps: [{ ...step('s1', 'draft', 'waiting'), output: {} }],
    });
    await p.frames();
    assert.equal(await detail.locator('pre.json').textContent(), 'no output');
    assert.match(
      await detail.locator('.detail-facts').innerText(),
      /Status\s+Waiting for approval[\s\S]*Duration\s+.+ so far/,
    );
    assert.equal(await detail.locator('.note').count(), 0);
  });

  it("the host's selectNode chooses a node as a click would, and the probe reports the tab's text", async () => {
    await openGraph();
    await p.send({ type: 'selectNode', nodeId: 'draft' });
    await p.frames();
    const state = await p.page.evaluate(
      () => (globalThis as unknown as PageGlobals).__state as { filters?: { step: string } },
    );
    assert.equal(state.filters?.step, 's1');
    assert.deepEqual(
      (await p.posted()).filter((m) => m['type'] === 'loadNodeDetail').map((m) => m['nodeId']),
      ['draft'],
    );
    await p.send({ type: 'probe', requestId: 9 });
    await p.frames();
    const result = (await p.posted()).find((m) => m['type'] === 'probeResult');
    const text = (result?.['stats'] as { graphText: string }).graphText;
    // A graph smaller than the canvas is not magnified: the view is the canvas's own size.
    const fit = await p.page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document;
      const canvas = doc.querySelector('svg.graph') as unknown as {
        clientWidth: number;
        getAttribute(n: string): string;
      };
      return { width: canvas.clientWidth, viewBox: canvas.getAttribute('viewBox') };
    });
    assert.ok(fit.width > 300, `canvas ${fit.width} px`);
    assert.equal(Number(fit.viewBox.split(' ')[2]), fit.width);
    assert.deepEqual(text.split('\n'), ['◆ Draft completed', `● ${HOSTILE.slice(0, 23)}… failed`, 'draft: Completed']);
  });
});
