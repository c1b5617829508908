// What a batch of events costs the webview while a long load streams in, in headless Chromium: however
// many messages arrive, one render per animation frame; no layout reads (so no forced synchronous
// layout); rows already on screen are left alone when the new events land below them; and the step
// options' counts are rewritten only where they show.
import { strict as assert } from 'node:assert';
import { DEFAULT_PREFS, PROTOCOL_VERSION } from '../../../src/panel/protocol';
import { openPanelPage, useChromium, type PanelPage } from './harness';
import { ev, range } from './fixtures';
import { toEventColumns } from '../../../src/panel/eventColumns';

const EXEC = 'exec_1793516400117_lwofay3k';
const init = {
  type: 'init',
  protocol: PROTOCOL_VERSION,
  generation: 0,
  environment: 'Sandbox (local)',
  activeEnvironment: 'Sandbox (local)',
  executionId: EXEC,
  pinned: false,
  prefs: DEFAULT_PREFS,
  execution: null,
  executionError: null,
};
const events = (from: number, to: number) => ({
  type: 'events',
  generation: 0,
  requestId: null,
  live: false,
  events: toEventColumns(range(from, to).map((seq) => ev(seq, 'step.completed', { n: seq }))),
});
const status = (loaded: number) => ({
  type: 'status',
  generation: 0,
  requestId: null,
  loader: { phase: 'loadingAll', loaded, hasMore: true, cursor: loaded, emptyPages: 0, terminal: false, error: null },
  tail: { state: 'off', intervalMs: 5000 },
});
/** 30 batches of 100 events after the first 100, each with its progress status. */
const stream = () => range(1, 30).flatMap((i) => [events(i * 100 + 1, i * 100 + 100), status(i * 100 + 100)]);

/**
 * Runs in the page: counts reads of layout-dependent properties, animation frames requested, and changes
 * to the rows other than their set size (which does change with every batch).
 */
const INSTRUMENT = `(() => {
  const probe = (window.__cost = { layoutReads: [], frames: 0, rowChanges: [] });
  const spy = (proto, name) => {
    const d = Object.getOwnPropertyDescriptor(proto, name);
    Object.defineProperty(proto, name, { ...d, get() { probe.layoutReads.push(name); return d.get.call(this); } });
  };
  for (const name of ['scrollTop', 'scrollHeight', 'clientHeight', 'clientWidth', 'scrollWidth']) spy(Element.prototype, name);
  for (const name of ['offsetHeight', 'offsetWidth', 'offsetTop']) spy(HTMLElement.prototype, name);
  const rect = Element.prototype.getBoundingClientRect;
  Element.prototype.getBoundingClientRect = function () { probe.layoutReads.push('getBoundingClientRect'); return rect.call(this); };
  const raf = window.requestAnimationFrame;
  window.requestAnimationFrame = (cb) => { probe.frames++; return raf.call(window, cb); };
  new MutationObserver((records) => {
    for (const r of records) if (r.attributeName !== 'aria-setsize') probe.rowChanges.push(r.type + ' ' + (r.attributeName ?? ''));
  }).observe(document.querySelector('.rows'), { subtree: true, childList: true, attributes: true, characterData: true });
})()`;

interface Cost {
  layoutReads: string[];
  frames: number;
  rowChanges: string[];
}

describe('webview cost per event batch in headless Chromium', function () {
  this.timeout(60_000);
  const browser = useChromium();
  let p: PanelPage;
  beforeEach(async () => {
    p = await openPanelPage(browser(), { width: 1000, height: 600 });
    await p.send(init, events(1, 100), status(100));
    await p.frames();
    await p.page.evaluate(INSTRUMENT);
  });
  afterEach(async () => {
    await p.page.close();
  });

  const cost = () => p.page.evaluate('window.__cost') as Promise<Cost>;

  it('renders once per frame however many messages arrive', async () => {
    await p.send(...stream()); // 60 messages in one task
    const before = await cost();
    assert.equal(before.frames, 1, 'one frame requested for the whole burst');
    await p.frames();
    assert.equal(await p.page.locator('.count').innerText(), '3,100 events');
    assert.match(await p.page.locator('.footer').innerText(), /Loading all events… 3,100 loaded/);
  });

  it('reads no layout and leaves the rows on screen alone while events land below them', async () => {
    for (const message of stream()) {
      await p.send(message);
      if (message.type === 'status') await p.frames();
    }
    await p.frames();
    const after = await cost();
    assert.deepEqual(after.layoutReads, [], 'no layout reads, so no forced synchronous layout');
    assert.deepEqual(after.rowChanges, [], 'rows above the new events keep their DOM');
    assert.equal(await p.page.locator('.row').first().getAttribute('aria-setsize'), '3100');
    assert.equal(await p.page.locator('.row').first().getAttribute('data-seq'), '1');
  });

  it('mutates no DOM when a render has nothing new to show', async () => {
    await p.page.evaluate(`(() => {
      window.__appChanges = [];
      new MutationObserver((records) => {
        for (const r of records) window.__appChanges.push(r.type + ' ' + (r.attributeName ?? '') + ' on ' + r.target.nodeName);
      }).observe(document.getElementById('app'), { subtree: true, childList: true, attributes: true, characterData: true });
    })()`);
    await p.send(status(100), status(100)); // equal statuses: the footer re-renders from a new object
    await p.frames();
    assert.deepEqual(await p.page.evaluate('window.__appChanges'), []);
  });

  it('refreshes the step counts where they show: the chosen step, and all of them on focus', async () => {
    const select = p.page.locator('select[aria-label="Filter by step"]');
    const options = () => select.locator('option').allInnerTexts();
    assert.deepEqual(await options(), ['All steps', 'node-1 (34)', 'node-2 (33)', 'node-0 (33)']);
    await select.selectOption('step_node-2_1777374504255_abcdef');
    await p.send(...stream());
    await p.frames();
    assert.deepEqual(await options(), ['All steps', 'node-1 (34)', 'node-2 (1,033)', 'node-0 (33)']);
    await p.send(events(3101, 3200));
    await select.focus();
    assert.deepEqual(await options(), ['All steps', 'node-1 (1,067)', 'node-2 (1,067)', 'node-0 (1,066)']);
    await p.send(events(3201, 3300));
    await p.frames();
    assert.deepEqual(await options(), ['All steps', 'node-1 (1,100)', 'node-2 (1,100)', 'node-0 (1,100)']);
  });
});
