// The panel's tab strip in headless Chromium: a WAI-ARIA tablist (arrow keys, Home/End, aria-selected,
// one tab in the Tab order), the choice kept in the webview state and the prefs, `showTab` from the host,
// and the event list keeps its scroll position while another view is in front.
import { strict as assert } from 'node:assert';
import { DEFAULT_PREFS, PROTOCOL_VERSION } from '../../../src/panel/protocol';
import { ev, range } from './fixtures';
import { openPanelPage, useChromium, type PageGlobals, type PanelPage } from './harness';
import { toEventColumns } from '../../../src/panel/eventColumns';

const EXEC = 'exec_1793516400117_lwofay3k';
const init = (extra: Record<string, unknown> = {}) => ({
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
  ...extra,
});
const status = {
  type: 'status',
  generation: 0,
  requestId: null,
  loader: { phase: 'idle', loaded: 0, hasMore: false, cursor: 0, emptyPages: 0, terminal: true, error: null },
  tail: { state: 'off', intervalMs: 0 },
};

/** The DOM inside page.evaluate (the root tsconfig has no DOM types). */
interface El {
  textContent: string | null;
  hidden: boolean;
  id: string;
  scrollTop: number;
  getAttribute(name: string): string | null;
}
interface Doc {
  activeElement: El | null;
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El>;
}

describe('webview tab strip in headless Chromium', function () {
  this.timeout(60_000);
  const browser = useChromium();
  let p: PanelPage;
  afterEach(async () => {
    await p.page.close();
  });

  const selected = () =>
    p.page.evaluate(() => {
      const d = (globalThis as unknown as { document: Doc }).document;
      return Array.from(d.querySelectorAll('[role=tab]')).map(
        (t) => `${t.textContent}:${t.getAttribute('aria-selected')}:${t.getAttribute('tabindex')}`,
      );
    });
  const visibleViews = () =>
    p.page.evaluate(() => {
      const d = (globalThis as unknown as { document: Doc }).document;
      return Array.from(d.querySelectorAll('[role=tabpanel]'))
        .filter((v) => !v.hidden)
        .map((v) => v.id);
    });

  it('moves between tabs with the arrow keys, Home and End, and keeps one tab in the Tab order', async () => {
    p = await openPanelPage(browser());
    await p.send(init(), status);
    await p.frames();
    assert.deepEqual(await selected(), ['Events:true:0', 'Graph:false:-1', 'Timeline:false:-1']);
    assert.deepEqual(await visibleViews(), ['view-events']);
    await p.page.locator('[role=tab]', { hasText: 'Events' }).focus();
    await p.page.keyboard.press('ArrowRight');
    await p.frames();
    assert.deepEqual(await selected(), ['Events:false:-1', 'Graph:true:0', 'Timeline:false:-1']);
    assert.deepEqual(await visibleViews(), ['view-graph']);
    assert.equal(
      await p.page.evaluate(() => (globalThis as unknown as { document: Doc }).document.activeElement?.textContent),
      'Graph',
    );
    await p.page.keyboard.press('End');
    await p.frames();
    assert.deepEqual(await visibleViews(), ['view-timeline']);
    await p.page.keyboard.press('ArrowRight'); // wraps around
    await p.frames();
    assert.deepEqual(await visibleViews(), ['view-events']);
    await p.page.keyboard.press('ArrowLeft');
    await p.frames();
    assert.deepEqual(await visibleViews(), ['view-timeline']);
    await p.page.keyboard.press('Home');
    await p.frames();
    assert.deepEqual(await visibleViews(), ['view-events']);
    assert.equal(
      await p.page.evaluate(() => (globalThis as unknown as { document: Doc }).document.activeElement?.textContent),
      'Events',
    );
  });

  it('keeps the tab in the webview state and the prefs, and follows showTab from the host', async () => {
    p = await openPanelPage(browser());
    await p.send(init(), status);
    await p.page.locator('[role=tab]', { hasText: 'Timeline' }).click();
    await p.frames();
    const state = await p.page.evaluate(() => (globalThis as unknown as PageGlobals).__state as { tab?: string });
    assert.equal(state.tab, 'timeline');
    await p.page.waitForTimeout(500); // prefs are saved after a short pause
    const saved = (await p.posted()).filter((m) => m['type'] === 'savePrefs').pop();
    assert.equal((saved?.['prefs'] as { tab?: string } | undefined)?.tab, 'timeline');
    await p.send({ type: 'showTab', tab: 'graph' });
    await p.frames();
    assert.deepEqual(await visibleViews(), ['view-graph']);
    await p.page.close();

    // A reloaded panel comes back on its own tab; a new one starts on the remembered one.
    p = await openPanelPage(browser(), { state: { environment: 'Sandbox (local)', executionId: EXEC, tab: 'graph' } });
    await p.send(init({ prefs: { ...DEFAULT_PREFS, tab: 'timeline' } }), status);
    await p.frames();
    assert.deepEqual(await visibleViews(), ['view-graph']);
    await p.page.close();
    p = await openPanelPage(browser());
    await p.send(init({ prefs: { ...DEFAULT_PREFS, tab: 'timeline' } }), status);
    await p.frames();
    assert.deepEqual(await visibleViews(), ['view-timeline']);
  });

  it('keeps the event list where it was while another view is in front', async () => {
    p = await openPanelPage(browser());
    await p.send(
      init(),
      {
        type: 'events',
        generation: 0,
        requestId: null,
        live: false,
        events: toEventColumns(range(1, 400).map((s) => ev(s))),
      },
      status,
    );
    await p.frames();
    await p.page.evaluate(() => {
      (globalThis as unknown as { document: Doc }).document.querySelector('.list')!.scrollTop = 2000;
    });
    await p.frames();
    await p.page.locator('[role=tab]', { hasText: 'Graph' }).click();
    await p.frames();
    await p.page.locator('[role=tab]', { hasText: 'Events' }).click();
    await p.frames();
    assert.equal(
      await p.page.evaluate(
        () => (globalThis as unknown as { document: Doc }).document.querySelector('.list')!.scrollTop,
      ),
      2000,
    );
  });
});
