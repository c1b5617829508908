// The webview's view state in headless Chromium: focus survives re-renders, Esc in the filter box and the
// Types dropdown, the step chips' roving tabindex, the narrow layout, coloured JSON, the new-events pill
// (and its paused form), and the header's Pin and not-found states.
import { strict as assert } from 'node:assert';
import { DEFAULT_PREFS, PROTOCOL_VERSION, type PanelEvent, type PanelExecution } from '../../../src/panel/protocol';
import { openPanelPage, useChromium, type PanelPage } from './harness';
import { T0, ev, range } from './fixtures';
import { toEventColumns } from '../../../src/panel/eventColumns';

const EXEC = 'exec_1793516400117_lwofay3k';

const step = (i: number, status = 'completed'): PanelExecution['steps'][number] => ({
  stepId: `step_node-${i}_1777374504255_abcdef`,
  nodeId: `node-${i}`,
  nodeType: 'task',
  status,
  groupId: null,
  startedAt: T0,
  completedAt: null,
  error: null,
});

const execution = (steps = 3): PanelExecution => ({
  executionId: EXEC,
  status: 'running',
  startedAt: T0,
  completedAt: null,
  cancelledAt: null,
  definitionId: 'doc-signoff',
  definitionVersion: 3,
  correlationId: 'corr_42',
  idempotencyKey: 'doc-42',
  failureReason: null,
  steps: range(0, steps - 1).map((i) => step(i)),
});

const init = (extra: Record<string, unknown> = {}) => ({
  type: 'init',
  protocol: PROTOCOL_VERSION,
  generation: 0,
  environment: 'Sandbox (local)',
  activeEnvironment: 'Sandbox (local)',
  executionId: EXEC,
  pinned: false,
  prefs: DEFAULT_PREFS,
  execution: execution(),
  executionError: null,
  ...extra,
});
const events = (list: PanelEvent[], live = false) => ({
  type: 'events',
  generation: 0,
  requestId: null,
  live,
  events: toEventColumns(list),
});
const status = (loader: Record<string, unknown> = {}, tail = 'off') => ({
  type: 'status',
  generation: 0,
  requestId: null,
  loader: {
    phase: 'idle',
    loaded: 0,
    hasMore: true,
    cursor: 0,
    emptyPages: 0,
    terminal: false,
    error: null,
    ...loader,
  },
  tail: { state: tail, intervalMs: 5000 },
});

/** Document and element access inside page.evaluate (the root tsconfig has no DOM types). */
interface Doc {
  activeElement: El | null;
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El>;
}
interface El {
  className: string;
  tagName: string;
  textContent: string | null;
  tabIndex: number;
  scrollWidth: number;
  clientWidth: number;
  hidden: boolean;
  children: ArrayLike<El>;
  getBoundingClientRect(): { left: number; top: number; width: number; height: number };
  querySelectorAll(selector: string): ArrayLike<El>;
  [mark: string]: unknown;
}

interface Styles {
  getComputedStyle(el: unknown): { color: string };
}

describe('webview interaction in headless Chromium', function () {
  this.timeout(60_000);
  const browser = useChromium();
  let p: PanelPage;
  beforeEach(async () => {
    p = await openPanelPage(browser());
  });
  afterEach(async () => {
    await p.page.close();
  });

  const activeClass = () =>
    p.page.evaluate(() => (globalThis as unknown as { document: Doc }).document.activeElement?.className ?? '');
  const markActive = () =>
    p.page.evaluate(() => {
      (globalThis as unknown as { document: Doc }).document.activeElement!['__mark'] = true;
    });
  const activeIsMarked = () =>
    p.page.evaluate(() => (globalThis as unknown as { document: Doc }).document.activeElement?.['__mark'] === true);
  const rows = () => p.page.locator('.row');

  it('keeps keyboard focus on Retry while the countdown and statuses re-render', async () => {
    const error = { kind: 'rateLimited', message: 'Rate limited by the Velt API.', retryInMs: 30_000 };
    await p.send(init(), status({ phase: 'waiting', error }));
    await p.frames();
    await p.page.locator('.empty-state button', { hasText: 'Retry' }).focus();
    await markActive();
    await p.page.waitForTimeout(1200); // the one-second tick re-renders the countdown
    await p.send(status({ phase: 'waiting', error: { ...error, retryInMs: 20_000 } }));
    await p.frames();
    assert.match(await p.page.locator('.empty-state').innerText(), /retrying in 20s/);
    assert.ok(await activeIsMarked(), 'the same Retry button still has focus');
  });

  it('keeps focus on Load more while pages arrive', async () => {
    await p.send(init(), events([ev(1)]), status({ loaded: 1 }));
    await p.frames();
    await p.page.locator('.footer button', { hasText: 'Load more' }).focus();
    await markActive();
    await p.send(events(range(2, 40).map((s) => ev(s))), status({ loaded: 40 }));
    await p.frames();
    assert.match(await p.page.locator('.footer').innerText(), /40 events loaded/);
    assert.ok(await activeIsMarked());
  });

  it('Esc in the filter box clears the text and the filter at once; a second Esc goes to the list', async () => {
    await p.send(
      init(),
      events([ev(1, 'step.completed', { to: 'webhook' }), ev(2), ev(3), ev(4)]),
      status({ loaded: 4 }),
    );
    await p.frames();
    const input = p.page.locator('.filter-input');
    await input.fill('webhook');
    await p.page.waitForTimeout(250);
    await p.frames();
    assert.equal(await rows().count(), 1);
    await input.press('Escape');
    await p.frames();
    assert.equal(await input.inputValue(), '');
    assert.equal(await rows().count(), 4, 'the filter is gone without waiting for a debounce');
    assert.equal(await activeClass(), 'filter-input', 'the first Esc keeps focus in the box');
    await input.press('Escape');
    assert.equal(await activeClass(), 'list');
  });

  it('Esc closes the Types dropdown and returns focus to its button, also after counts re-render', async () => {
    await p.send(init(), events([ev(1), ev(2, 'step.failed')]), status({ loaded: 2 }));
    await p.frames();
    await p.page.locator('.types > summary').click();
    await p.frames();
    const box = p.page.locator('.type-option input').first();
    await box.focus();
    await markActive();
    await p.send(events([ev(3), ev(4, 'step.breached')]));
    await p.frames();
    assert.equal(await p.page.locator('.type-option').count(), 3);
    assert.ok(await activeIsMarked(), 'the focused checkbox survived the new counts');
    await p.page.keyboard.press('Escape');
    await p.frames();
    assert.equal(await p.page.locator('.types').getAttribute('open'), null);
    assert.equal(
      await p.page.evaluate(() => (globalThis as unknown as { document: Doc }).document.activeElement?.tagName),
      'SUMMARY',
    );
  });

  it('makes the step chips one tab stop with arrow keys inside', async () => {
    await p.send(init({ execution: execution(5) }), events([ev(1)]), status({ loaded: 1 }));
    await p.frames();
    const tabStops = () =>
      p.page.evaluate(() =>
        [...Array.from((globalThis as unknown as { document: Doc }).document.querySelectorAll('.chip'))].map(
          (c) => c.tabIndex,
        ),
      );
    assert.deepEqual(await tabStops(), [0, -1, -1, -1, -1]);
    await p.page.locator('.chip').first().focus();
    await p.page.keyboard.press('ArrowRight');
    await p.page.keyboard.press('ArrowRight');
    assert.match(
      (await p.page.evaluate(() => (globalThis as unknown as { document: Doc }).document.activeElement?.textContent)) ??
        '',
      /node-2/,
    );
    assert.deepEqual(await tabStops(), [-1, -1, 0, -1, -1]);
    await p.page.keyboard.press('End');
    assert.match(
      (await p.page.evaluate(() => (globalThis as unknown as { document: Doc }).document.activeElement?.textContent)) ??
        '',
      /node-4/,
    );
    await p.page.keyboard.press('Home');
    assert.match(
      (await p.page.evaluate(() => (globalThis as unknown as { document: Doc }).document.activeElement?.textContent)) ??
        '',
      /node-0/,
    );
    await p.page.keyboard.press('Tab');
    assert.doesNotMatch(await activeClass(), /chip/, 'Tab leaves the row');
    await p.page.keyboard.press('Shift+Tab');
    assert.match(
      (await p.page.evaluate(() => (globalThis as unknown as { document: Doc }).document.activeElement?.textContent)) ??
        '',
      /node-0/,
    );
  });

  it('uses the pin icons for Pin/Unpin and hides Pin, Raw JSON and Export for a not-found execution', async () => {
    await p.send(init({ pinned: true }), status());
    await p.frames();
    const pin = p.page.locator('.header-action', { hasText: 'Unpin' });
    assert.equal(await pin.getAttribute('aria-pressed'), 'true');
    assert.equal(await pin.locator('svg.icon').count(), 1, 'an icon, not a star glyph');
    assert.doesNotMatch(await pin.innerText(), /[☆★]/);
    const notFound = await openPanelPage(browser());
    const error = { kind: 'notFound', message: 'Not found in this environment.', retryInMs: null };
    await notFound.send(init({ execution: null, executionError: error }), status({ phase: 'error', error }));
    await notFound.frames();
    const visible = await notFound.page
      .locator('.header .actions button:visible')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    assert.deepEqual(visible, ['Refresh', 'Copy ID']);
    await notFound.page.close();
  });

  it('colours JSON with classed spans of text, and says "no data" for an event without data', async () => {
    const data = { name: '<img src=x onerror="window.__veltPwned=1">', count: 3, ok: true, none: null, list: [1.5] };
    await p.send(init(), events([ev(1, 'step.completed', data), ev(2, 'step.completed', null)]), status());
    await p.frames();
    await rows().first().click();
    await p.frames();
    const pre = await p.page.evaluate(() => {
      const el = (globalThis as unknown as { document: Doc }).document.querySelector('.detail pre')!;
      const all = [...Array.from(el.querySelectorAll('*'))];
      return {
        text: el.textContent,
        tags: [...new Set(all.map((e) => e.tagName))],
        classes: [...new Set(all.map((e) => e.className))].sort(),
        nested: all.filter((e) => e.children.length > 0).length,
      };
    });
    assert.equal(pre.text, JSON.stringify(data, null, 2), 'the text is exactly the pretty JSON');
    assert.deepEqual(pre.tags, ['SPAN'], 'only spans, nothing made from data');
    assert.deepEqual(pre.classes, ['j-bool', 'j-key', 'j-null', 'j-num', 'j-str']);
    assert.equal(pre.nested, 0, 'each span holds text only');
    const keyColour = await p.page
      .locator('.detail .j-key')
      .first()
      .evaluate((e) => (globalThis as unknown as Styles).getComputedStyle(e).color);
    const stringColour = await p.page
      .locator('.detail .j-str')
      .first()
      .evaluate((e) => (globalThis as unknown as Styles).getComputedStyle(e).color);
    assert.notEqual(keyColour, stringColour, 'keys and strings look different');
    await rows().nth(1).click();
    await p.frames();
    assert.equal(await p.page.locator('.detail pre').innerText(), 'no data');
  });

  it('refreshes the open detail when the time format changes', async () => {
    await p.send(init(), events([ev(1)]), status());
    await p.frames();
    await rows().first().click();
    await p.frames();
    assert.doesNotMatch(await p.page.locator('.detail-where').innerText(), /Z$/);
    await p.page.locator('select[aria-label="Time format"]').selectOption('utc');
    await p.frames();
    assert.match(await p.page.locator('.detail-where').innerText(), /seq 1 · 2026-04-28T11:08:24\.374Z/);
  });

  it('counts live events below the fold in a pill, and offers Resume while the tail is paused', async () => {
    await p.send(init(), events(range(1, 300).map((s) => ev(s))), status({ loaded: 300, hasMore: false }, 'live'));
    await p.frames();
    await p.send(events([ev(301), ev(302)], true));
    await p.frames();
    assert.equal(await p.page.locator('.pill').isVisible(), true, 'the user is at the top: new events are below');
    assert.match(await p.page.locator('.pill').innerText(), /2 new events/);
    await p.page.locator('.pill').click();
    await p.frames();
    await p.frames();
    assert.equal(await rows().last().getAttribute('data-seq'), '302');
    assert.equal(await p.page.locator('.pill').isHidden(), true);
    await p.send(events([ev(303)], true));
    await p.frames();
    await p.frames();
    assert.equal(await rows().last().getAttribute('data-seq'), '303', 'at the end, the list follows');
    assert.equal(await p.page.locator('.pill').isHidden(), true);
    await p.send(status({ loaded: 303, hasMore: false }, 'paused'));
    await p.send(events([ev(304), ev(305), ev(306)], true));
    await p.frames();
    assert.equal(await p.page.locator('.pill').textContent(), '▶3 new events — Resume');
    await p.page.locator('.pill').click();
    const setTail = (await p.posted()).filter((m) => m['type'] === 'setTail').at(-1);
    assert.equal(setTail?.['paused'], false, 'Resume resumes the live tail');
  });

  it('keeps the filter row in place as the event count grows', async () => {
    await p.send(init(), events([ev(1)]), status({ loaded: 1 }, 'live'));
    await p.frames();
    const positions = () =>
      p.page.evaluate(() =>
        [...Array.from((globalThis as unknown as { document: Doc }).document.querySelectorAll('.toolbar > *'))].map(
          (e) => {
            const r = e.getBoundingClientRect();
            return `${Math.round(r.left)},${Math.round(r.top)}`;
          },
        ),
      );
    const before = await positions();
    await p.send(events(range(2, 12_345).map((s) => ev(s))));
    await p.frames();
    assert.match(await p.page.locator('.count').innerText(), /12,345 events/);
    assert.deepEqual(await positions(), before);
  });
});

describe('webview narrow layout in headless Chromium', function () {
  this.timeout(60_000);
  const browser = useChromium();

  it('at 480 px: Summary has width, Type and the detail title are not cut, and the chip row is one line', async () => {
    const p = await openPanelPage(browser(), { width: 480, height: 700 });
    await p.send(
      init({ execution: execution(101) }),
      events(range(1, 20).map((s) => ev(s, 'step.awaiting-approval', { waitingForReviewers: ['a'] }))),
      status({ loaded: 20 }),
    );
    await p.frames();
    await p.page.locator('.row').nth(5).click();
    await p.frames();
    const m = await p.page.evaluate(() => {
      const d = (globalThis as unknown as { document: Doc }).document;
      const [summary, type, title, where, chips, header] = [
        '.row .c-summary',
        '.row .c-type',
        '.detail-type',
        '.detail-where',
        '.chips',
        '.header',
      ].map((selector) => d.querySelector(selector)!);
      return {
        summary: summary!.getBoundingClientRect().width,
        typeCut: type!.scrollWidth > type!.clientWidth,
        titleCut: title!.scrollWidth > title!.clientWidth,
        title: title!.textContent,
        where: where!.getBoundingClientRect().width,
        chipsHeight: chips!.getBoundingClientRect().height,
        headerHeight: header!.getBoundingClientRect().height,
      };
    });
    assert.ok(m.summary > 100, `Summary column is ${m.summary}px wide`);
    assert.equal(m.typeCut, false, 'the type is shown whole');
    assert.equal(m.title, 'step.awaiting-approval');
    assert.equal(m.titleCut, false, 'the detail title is not truncated');
    assert.ok(m.where > 0, 'seq and time are shown');
    assert.ok(m.chipsHeight < 30, `101 steps take one line (${m.chipsHeight}px)`);
    assert.ok(m.headerHeight < 260, `the header stays compact (${m.headerHeight}px)`);
    await p.page.close();
  });
});
