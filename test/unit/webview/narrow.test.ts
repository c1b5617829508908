// The panel at 480 px in headless Chromium: the definition id is not cut to a few characters, the detail
// pane's actions stay on one line (icon-only, named by aria-label), the filter row takes at most two
// lines; and the step chips use the shared status vocabulary ("Waiting for approval" for a human step).
import { strict as assert } from 'node:assert';
import { DEFAULT_PREFS, PROTOCOL_VERSION, type PanelEvent, type PanelExecution } from '../../../src/panel/protocol';
import { openPanelPage, useChromium, type PanelPage } from './harness';
import { T0, ev, range } from './fixtures';
import { toEventColumns } from '../../../src/panel/eventColumns';

const EXEC = 'exec_1793516400117_lwofay3k';
const DEFINITION = 'marketing-copy-approval';

const step = (i: number, status: string, nodeType: string): PanelExecution['steps'][number] => ({
  stepId: `step_node-${i}_1777374504255_abcdef`,
  nodeId: `node-${i}`,
  nodeType,
  status,
  groupId: null,
  startedAt: T0,
  completedAt: null,
  error: null,
});

const execution = (definitionId = DEFINITION): PanelExecution => ({
  executionId: EXEC,
  status: 'running',
  startedAt: T0,
  completedAt: null,
  cancelledAt: null,
  definitionId,
  definitionVersion: 3,
  correlationId: 'corr_campaign_42',
  idempotencyKey: 'campaign-42-dispatch',
  failureReason: null,
  steps: [step(0, 'completed', 'agent'), step(1, 'waiting', 'human'), step(2, 'waiting', 'timer')],
});

const messages = (definitionId?: string, tail = 'live'): unknown[] => [
  {
    type: 'init',
    protocol: PROTOCOL_VERSION,
    generation: 0,
    environment: 'Sandbox (local)',
    activeEnvironment: 'Sandbox (local)',
    executionId: EXEC,
    pinned: false,
    prefs: DEFAULT_PREFS,
    execution: execution(definitionId),
    executionError: null,
  },
  {
    type: 'events',
    generation: 0,
    requestId: null,
    live: false,
    events: toEventColumns(
      range(1, 20).map((s): PanelEvent => ev(s, 'group.quorum-met', { groupId: 'parallel-review', total: 3 })),
    ),
  },
  {
    type: 'status',
    generation: 0,
    requestId: null,
    loader: {
      phase: 'idle',
      loaded: 20,
      hasMore: false,
      cursor: 20,
      emptyPages: 0,
      terminal: false,
      error: null,
    },
    tail: { state: tail, intervalMs: 5000 },
  },
];

/** Element access inside page.evaluate (the root tsconfig has no DOM types). */
interface El {
  textContent: string | null;
  scrollWidth: number;
  clientWidth: number;
  getBoundingClientRect(): { left: number; top: number; width: number; height: number; bottom: number };
  querySelectorAll(selector: string): ArrayLike<El>;
  getAttribute(name: string): string | null;
}
interface Doc {
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El>;
}

describe('webview at 480 px in headless Chromium', function () {
  this.timeout(60_000);
  const browser = useChromium();
  let p: PanelPage;
  afterEach(async () => {
    await p?.page.close();
  });

  const open = async (definitionId?: string, tail?: string): Promise<void> => {
    p = await openPanelPage(browser(), { width: 480, height: 760, theme: 'light' });
    await p.send(...messages(definitionId, tail));
    await p.frames();
  };

  it('shows the definition id whole (wrapping, not cut), with the full id in its tooltip', async () => {
    await open();
    const m = await p.page.evaluate(() => {
      const d = (globalThis as unknown as { document: Doc }).document;
      const title = d.querySelector('.definition')!;
      return {
        width: title.getBoundingClientRect().width,
        panel: d.querySelector('.header')!.getBoundingClientRect().width,
        cut: title.scrollWidth > title.clientWidth,
        text: title.textContent,
      };
    });
    assert.equal(m.text, DEFINITION);
    assert.equal(m.cut, false, 'the definition id is not cut');
    assert.ok(m.width > m.panel / 2, `the definition id takes ${m.width}px of ${m.panel}px`);

    await p.page.close();
    const long = `${DEFINITION}-for-the-spring-campaign-across-every-region-and-channel`;
    await open(long);
    const wrapped = await p.page.evaluate(() => {
      const title = (globalThis as unknown as { document: Doc }).document.querySelector('.definition')!;
      return { cut: title.scrollWidth > title.clientWidth, tooltip: title.getAttribute('title') };
    });
    assert.equal(wrapped.cut, false, 'a long id wraps instead of being cut');
    assert.equal(wrapped.tooltip, long);
  });

  it('keeps the detail actions on one line, icon-only with accessible names', async () => {
    await open();
    await p.page.locator('.row').nth(3).click();
    await p.frames();
    const m = await p.page.evaluate(() => {
      const d = (globalThis as unknown as { document: Doc }).document;
      const buttons = [...(d.querySelectorAll('.detail-actions .btn') as unknown as El[])];
      return buttons.map((b) => ({
        top: Math.round(b.getBoundingClientRect().top),
        height: b.getBoundingClientRect().height,
        label: b.getAttribute('aria-label'),
        title: b.getAttribute('title'),
      }));
    });
    assert.equal(m.length, 3);
    assert.equal(new Set(m.map((b) => b.top)).size, 1, `the buttons share one line: ${JSON.stringify(m)}`);
    for (const b of m) assert.ok(b.height < 30, `a button is ${b.height}px high (its label wrapped)`);
    assert.deepEqual(
      m.map((b) => b.label),
      ['Copy JSON', 'Open in Editor', 'Close (Escape)'],
    );
    assert.ok(m.every((b) => b.title));
    // Icon-only: the detail head (title and actions) stays compact.
    const head = await p.page.locator('.detail-head').boundingBox();
    assert.ok(head && head.height < 56, `the detail head is ${head?.height}px high`);
  });

  for (const tail of ['live', 'slow', 'stopped'])
    it(`keeps the filter row to two lines (live tail ${tail}, filters active)`, async () => {
      await open(undefined, tail);
      await p.page.locator('#failures-only').check(); // shows Clear and "N of M events"
      await p.frames();
      const m = await p.page.evaluate(() => {
        const d = (globalThis as unknown as { document: Doc }).document;
        const toolbar = d.querySelector('.toolbar')!;
        const input = d.querySelector('.filter-input')!;
        const tops = [...(toolbar.querySelectorAll(':scope > *') as unknown as El[])]
          .map((el) => el.getBoundingClientRect())
          .filter((r) => r.height > 0)
          .map((r) => Math.round(r.top));
        // Controls on one line differ by a few pixels (they are centred): a new line starts 10+ px lower.
        const lines = tops.sort((a, b) => a - b).filter((top, i) => i === 0 || top - tops[i - 1]! > 10).length;
        return {
          lines,
          height: toolbar.getBoundingClientRect().height,
          input: input.getBoundingClientRect().width,
          count: d.querySelector('.count')!.textContent,
        };
      });
      assert.match(m.count ?? '', / of 20 events/);
      assert.ok(m.lines <= 2, `the filter row takes ${m.lines} lines`);
      assert.ok(m.height <= 2 * 26 + 12 + 6 + 2, `the filter row is ${m.height}px high`);
      assert.ok(m.input > 100, `the search box is ${m.input}px wide`);
    });

  it('names step statuses in the shared vocabulary (chip text, tooltip and aria-label)', async () => {
    await open();
    const chips = await p.page.evaluate(() =>
      [...((globalThis as unknown as { document: Doc }).document.querySelectorAll('.chip') as unknown as El[])].map(
        (c) => ({
          status: c.querySelectorAll('.chip-status')[0]!.textContent,
          label: c.getAttribute('aria-label'),
          title: c.getAttribute('title'),
        }),
      ),
    );
    assert.deepEqual(
      chips.map((c) => c.status),
      ['Completed', 'Waiting for approval', 'Waiting'],
    );
    assert.match(chips[1]!.label ?? '', /^Step node-1, Waiting for approval/);
    assert.match(chips[1]!.title ?? '', /human · Waiting for approval/);
    // The badge shows the word as written (not "Waiting For Approval").
    assert.equal((await p.page.locator('.status-badge').innerText()).replace(/^\W+/, ''), 'Waiting for approval');
  });
});
