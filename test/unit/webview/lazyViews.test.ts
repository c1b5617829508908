// The Graph and Timeline tabs' code loads on first show (issue 11), in headless Chromium under the panel's
// CSP: opening the panel loads only dist/webview.js; the first show of a tab adds one nonce'd script (no CSP
// violation) that mounts the view; showing it again loads nothing more; a bundle that cannot be loaded says
// so in the tab and in the log, and showing the tab again retries.
import { strict as assert } from 'node:assert';
import { DEFAULT_PREFS, PROTOCOL_VERSION } from '../../../src/panel/protocol';
import { openPanelPage, useChromium, type PageGlobals, type PanelPage } from './harness';

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

interface El {
  textContent: string | null;
  getAttribute(name: string): string | null;
}
interface Doc {
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El>;
}

describe('webview: Graph and Timeline code loaded on first show', function () {
  this.timeout(60_000);
  const browser = useChromium();
  let p: PanelPage;
  afterEach(async () => {
    await p.page.close();
  });

  /** The scripts the page has (their file names) and the views registered so far. */
  const loaded = () =>
    p.page.evaluate(() => {
      const d = (globalThis as unknown as { document: Doc }).document;
      const views = (globalThis as unknown as { __veltViews?: Record<string, unknown> }).__veltViews ?? {};
      return {
        scripts: Array.from(d.querySelectorAll('script[src]'))
          .map((s) => s.getAttribute('src')!.split('/').pop())
          .sort(),
        views: Object.keys(views).sort(),
      };
    });
  const show = async (tab: string) => {
    await p.page.locator(`#tab-${tab}`).click();
    await p.frames();
  };
  const probe = async () => {
    await p.send({ type: 'probe', requestId: 99 });
    const result = (await p.posted()).filter((m) => m['type'] === 'probeResult').at(-1);
    return (result?.['stats'] as { mountedViews: string[] } | undefined)?.mountedViews;
  };

  it('opens with the event stream only, and loads each view once, under the CSP, when its tab is first shown', async () => {
    p = await openPanelPage(browser());
    await p.send(init);
    await p.frames();
    assert.deepEqual(await loaded(), { scripts: ['webview.js'], views: [] });
    assert.deepEqual(await probe(), []);

    await show('timeline');
    assert.deepEqual(await loaded(), { scripts: ['webview.js', 'webviewTimeline.js'], views: ['timeline'] });
    assert.match(
      (await p.page.locator('.view-timeline .tl-note').textContent()) ?? '',
      /appears once the execution has loaded/,
      'the timeline view is mounted and rendered',
    );
    await show('graph');
    assert.deepEqual((await loaded()).views, ['graph', 'timeline']);
    assert.equal(await p.page.locator('.view-graph .graph-tools').count(), 1, 'the graph view is mounted');
    assert.equal(await p.page.locator('.lazy-note').count(), 0, 'no loading note is left behind');
    assert.deepEqual(await probe(), ['graph', 'timeline']);

    await show('events');
    await show('timeline');
    await show('graph');
    assert.deepEqual((await loaded()).scripts, ['webview.js', 'webviewGraph.js', 'webviewTimeline.js'], 'once each');
    assert.deepEqual(await p.violations(), []);
  });

  it('says in the tab and in the log when a view cannot be loaded, and retries when the tab is shown again', async () => {
    p = await openPanelPage(browser(), { missingBundles: true });
    await p.send(init);
    await p.frames();
    await show('graph');
    assert.match(
      (await p.page.locator('.view-graph .lazy-note').textContent()) ?? '',
      /^The Graph view could not be loaded \(its script did not load\)\. Open the tab again to retry/,
    );
    assert.equal(
      await p.page.evaluate(() =>
        (globalThis as unknown as { document: Doc }).document.querySelector('.view-graph')!.getAttribute('aria-busy'),
      ),
      null,
      'no longer busy',
    );
    const logs = (await p.posted()).filter((m) => m['type'] === 'log');
    assert.deepEqual(
      logs.map((m) => [m['level'], m['message']]),
      [['error', 'webview: the graph bundle could not be loaded (its script did not load)']],
    );
    await show('events');
    await show('graph');
    const scripts = await p.page.evaluate(
      () => (globalThis as unknown as { document: Doc }).document.querySelectorAll('script[src]').length,
    );
    assert.equal(scripts, 3, 'a second attempt');
    assert.equal((await p.posted()).filter((m) => m['type'] === 'log').length, 2);
    assert.equal(await p.page.evaluate(() => (globalThis as unknown as PageGlobals).__veltPwned), undefined);
  });
});
