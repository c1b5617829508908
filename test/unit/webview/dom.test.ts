// The webview bundle in headless Chromium (no editor): handshake, rendering, windowing, keyboard,
// filters, loading states, live tail, stale and invalid messages, persisted state, and hostile content
// shown as text with nothing executed. Builds dist/webview.js first, and fails (never skips) when it
// cannot, or when Chromium is missing.
import { strict as assert } from 'node:assert';
import {
  DEFAULT_PREFS,
  PROTOCOL_VERSION,
  type LoaderStatus,
  type PanelEvent,
  type PanelExecution,
  type TailStatus,
} from '../../../src/panel/protocol';
import { openPanelPage, useChromium, type PageGlobals, type PanelPage } from './harness';
import { T0, ev, range } from './fixtures';
import { toEventColumns } from '../../../src/panel/eventColumns';

const EXEC = 'exec_1793516400117_lwofay3k';
const HOSTILE = {
  script: '<script>window.__veltPwned = "script"</script>',
  img: '<img src=x onerror="window.__veltPwned = \'img\'">',
  link: '[x](command:workbench.action.quit)',
  control: 'bell\u0007 nul\u0000 esc\u001b[31mRED',
  rtl: 'invoice_\u202egpj.exe',
};

const execution: PanelExecution = {
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
  steps: [
    {
      stepId: 'step_legal_1777374504255_abcdef',
      nodeId: 'legal',
      nodeType: 'human',
      status: 'waiting',
      groupId: null,
      startedAt: T0,
      completedAt: null,
      error: null,
    },
  ],
};

const init = (extra: Record<string, unknown> = {}) => ({
  type: 'init',
  protocol: PROTOCOL_VERSION,
  generation: 0,
  environment: 'Sandbox (local)',
  activeEnvironment: 'Sandbox (local)',
  executionId: EXEC,
  pinned: false,
  prefs: DEFAULT_PREFS,
  execution,
  executionError: null,
  ...extra,
});
const events = (list: PanelEvent[], extra: Record<string, unknown> = {}) => ({
  type: 'events',
  generation: 0,
  requestId: null,
  live: false,
  events: toEventColumns(list),
  ...extra,
});
const loader = (extra: Partial<LoaderStatus> = {}): LoaderStatus => ({
  phase: 'idle',
  loaded: 0,
  hasMore: true,
  cursor: 0,
  emptyPages: 0,
  terminal: false,
  error: null,
  ...extra,
});
const tail: TailStatus = { state: 'off', intervalMs: 5000 };
const status = (l: Partial<LoaderStatus> = {}, extra: Record<string, unknown> = {}) => ({
  type: 'status',
  generation: 0,
  requestId: null,
  loader: loader(l),
  tail,
  ...extra,
});

describe('webview in headless Chromium', function () {
  this.timeout(60_000);
  const browser = useChromium();
  let p: PanelPage;
  beforeEach(async () => {
    p = await openPanelPage(browser());
  });
  afterEach(async () => {
    await p.page.close();
  });

  const rows = () => p.page.locator('.row');
  const text = (selector: string) => p.page.locator(selector).first().innerText();

  it('says ready, then renders the header and the first page', async () => {
    const posted = await p.posted();
    assert.deepEqual(posted[0], { type: 'ready', protocol: PROTOCOL_VERSION });
    await p.send(
      init(),
      events([
        ev(1, 'execution.dispatched', { definitionId: 'doc-signoff', definitionVersion: 3, rootStepIds: ['a'] }),
        ev(
          4,
          'step.awaiting-approval',
          { waitingForReviewers: ['a', 'b'], mandatoryCount: 1 },
          'step_legal_1777374504255_abcdef',
        ),
      ]),
      status({ loaded: 2 }),
    );
    await p.frames();
    assert.equal(await rows().count(), 2);
    assert.match(await text('.definition'), /doc-signoff/);
    assert.match(
      await text('.status-badge'),
      /waiting for approval/i,
      'a human step waits: the badge says so, as the tree does',
    );
    const second = rows().nth(1);
    assert.match(await second.innerText(), /step\.awaiting-approval/);
    assert.match(await second.innerText(), /legal/);
    assert.match(await second.innerText(), /waiting for 2 reviewers, 1 mandatory/);
    assert.match(
      (await second.getAttribute('aria-label'))!,
      /^Event 4, step\.awaiting-approval, .*step legal, waiting for 2 reviewers/,
    );
    assert.match(await text('.footer'), /2 events loaded · more available/);
    assert.deepEqual(await p.violations(), [], 'no CSP violations (no eval, no inline styles)');
  });

  it('shows hostile content literally and runs none of it (no CSP safety net)', async () => {
    const open = await openPanelPage(browser(), { csp: false });
    const hostileExecution: PanelExecution = {
      ...execution,
      status: 'failed',
      definitionId: `hostile-${HOSTILE.img}`,
      correlationId: `corr_${HOSTILE.rtl}`,
      idempotencyKey: HOSTILE.script + HOSTILE.control,
      failureReason: { code: HOSTILE.img, message: `${HOSTILE.link}\n${HOSTILE.script}` },
      steps: [
        { ...execution.steps[0]!, stepId: `step_${HOSTILE.script}_1_x`, nodeId: HOSTILE.script, status: 'quarantined' },
      ],
    };
    const data = {
      script: HOSTILE.script,
      img: HOSTILE.img,
      link: HOSTILE.link,
      control: HOSTILE.control,
      rtl: HOSTILE.rtl,
    };
    await open.send(
      init({ execution: hostileExecution }),
      events([
        ev(1, 'step.completed', { ...data, decision: HOSTILE.img }, `step_${HOSTILE.script}_1_x`),
        ev(2, HOSTILE.img, data, HOSTILE.rtl),
        ev(3, 'step.teleported', { note: HOSTILE.control }),
      ]),
      status({ loaded: 3, hasMore: false }),
    );
    await open.frames();
    await open.page.locator('.row').nth(0).click();
    await open.frames();
    const page = open.page;
    assert.equal(
      await page.locator('#app img, #app script, #app a, #app iframe').count(),
      0,
      'no element came from data',
    );
    assert.equal(
      await page.evaluate(() => (globalThis as unknown as PageGlobals).__veltPwned),
      undefined,
      'nothing executed',
    );
    const all = await page.locator('#app').innerText();
    assert.ok(all.includes('<script>window.__veltPwned = "script"</script>'), 'script markup shown as text');
    assert.ok(all.includes('<img src=x onerror='), 'img markup shown as text');
    assert.ok(all.includes('[x](command:workbench.action.quit)'), 'command link shown as text');
    assert.ok(all.includes('invoice_\\u202egpj.exe'), 'RTL override spelled out');
    assert.ok(all.includes('bell\\x07 nul\\x00 esc\\x1b[31mRED'), 'control characters visible');
    assert.ok(!/[\u0000-\u0008\u001b\u202e]/.test(all), 'no raw control or bidi characters on screen');
    const detail = await page.locator('.detail pre').innerText();
    assert.ok(
      detail.includes('\\u0007') && detail.includes('<img src=x onerror='),
      'JSON escapes controls; markup stays text',
    );
    assert.match(await page.locator('.row').nth(1).innerText(), /<img src=x onerror=/);
    await page.close();
  });

  it('keeps the DOM bounded with 20,000 events and scrolls to the end', async () => {
    await p.send(init());
    for (let i = 0; i < 40; i++) await p.send(events(range(i * 500 + 1, i * 500 + 500).map((s) => ev(s))));
    await p.send(status({ loaded: 20_000, hasMore: false }));
    await p.frames();
    const count = await rows().count();
    assert.ok(count > 10 && count < 200, `${count} rows in the DOM`);
    await p.page.locator('.list').evaluate((el) => {
      (el as unknown as { scrollTop: number }).scrollTop = 1e9;
    });
    await p.frames();
    const last = rows().last();
    assert.equal(await last.getAttribute('data-seq'), '20000');
    assert.ok((await rows().count()) < 200);
    assert.match(await text('.footer'), /End of stream · 20,000 events/);
  });

  it('moves with the keyboard, opens details with Enter, focuses the filter with /', async () => {
    await p.send(
      init(),
      events(range(1, 50).map((s) => ev(s, 'step.completed', { decision: s % 2 ? 'approve' : 'reject' }))),
      status({ loaded: 50 }),
    );
    await p.frames();
    await p.page.locator('.list').focus();
    await p.page.keyboard.press('ArrowDown');
    await p.page.keyboard.press('j');
    await p.page.keyboard.press('j');
    await p.page.keyboard.press('k');
    await p.frames();
    assert.equal(await p.page.locator('.row.selected').getAttribute('data-seq'), '2');
    assert.equal(await p.page.locator('.list').getAttribute('aria-activedescendant'), 'row-2');
    await p.page.keyboard.press('Enter');
    await p.frames();
    assert.match(await text('.detail'), /seq 2/);
    assert.match(await text('.detail pre'), /"decision": "reject"/);
    await p.page.keyboard.press('End');
    await p.frames();
    assert.match(await text('.detail'), /seq 50/, 'the open detail follows the selection');
    await p.page.keyboard.press('Escape');
    await p.frames();
    assert.equal(await p.page.locator('.detail').isHidden(), true);
    await p.page.keyboard.press('/');
    assert.equal(
      await p.page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { className: string } } }).document.activeElement
            .className,
      ),
      'filter-input',
    );
  });

  it('filters by text, failures and step, with counts, and remembers them', async () => {
    await p.send(
      init(),
      events([
        ev(1, 'execution.dispatched', {}),
        ev(2, 'step.completed', { decision: 'approve' }, 'step_legal_1777374504255_abcdef'),
        ev(3, 'step.failed', { reason: 'HTTP 500 from webhook' }, 'step_publish_1777374504255_abcdef'),
        ev(4, 'step.breached', { reason: 'sla' }),
      ]),
      status({ loaded: 4 }),
    );
    await p.frames();
    await p.page.locator('.filter-input').fill('webhook');
    await p.page.waitForTimeout(250);
    await p.frames();
    assert.equal(await rows().count(), 1);
    assert.equal(await text('.count'), '1 of 4 events');
    await p.page.locator('.filter-input').fill('');
    await p.page.locator('#failures-only').check();
    await p.page.waitForTimeout(250);
    await p.frames();
    assert.equal(await rows().count(), 2);
    await p.page.locator('.chip').first().click();
    await p.frames();
    assert.equal(await text('.empty-state h2'), 'No events match the filters');
    await p.page.locator('button', { hasText: 'Clear' }).click();
    await p.frames();
    assert.equal(await rows().count(), 4);
    await p.page.locator('.chip').first().click();
    await p.frames();
    assert.equal(await rows().count(), 1);
    const state = (await p.page.evaluate(() => (globalThis as unknown as PageGlobals).__state)) as {
      filters: { step: string };
    };
    assert.equal(state.filters.step, 'step_legal_1777374504255_abcdef');
    await p.page.waitForTimeout(500);
    const prefs = (await p.posted()).filter((m) => m['type'] === 'savePrefs');
    assert.ok(prefs.length > 0, 'filters are saved for the workspace');
  });

  it('asks for more with a request id, and shows scanning, countdown, error and end states', async () => {
    await p.send(init(), events([ev(1)]), status({ loaded: 1 }));
    await p.frames();
    await p.page.locator('.footer button', { hasText: 'Load more' }).click();
    await p.page.locator('.footer button', { hasText: 'Load all' }).click();
    const requests = (await p.posted()).filter((m) => m['type'] === 'loadMore' || m['type'] === 'loadAll');
    assert.deepEqual(
      requests.map((m) => m['type']),
      ['loadMore', 'loadAll'],
    );
    assert.ok((requests[1]!['requestId'] as number) > (requests[0]!['requestId'] as number));
    await p.send(status({ phase: 'scanning', cursor: 1200, emptyPages: 12, loaded: 1 }));
    await p.frames();
    assert.match(await text('.footer'), /Scanning… no events yet after seq 1,200 · 12 empty pages skipped/);
    await p.send(
      status({
        phase: 'waiting',
        loaded: 1,
        error: { kind: 'rateLimited', message: 'Rate limited by the Velt API.', retryInMs: 30_000 },
      }),
    );
    await p.frames();
    assert.match(await text('.footer'), /Rate limited: .* · 1 events kept — retrying in 30s/);
    await p.send(
      status({
        phase: 'error',
        loaded: 1,
        error: { kind: 'network', message: 'Could not reach the API.', retryInMs: null },
      }),
    );
    await p.frames();
    assert.match(await text('.footer'), /Offline: Could not reach the API/);
    await p.page.locator('.footer button', { hasText: 'Retry' }).click();
    assert.equal((await p.posted()).at(-1)!['type'], 'retry');
    await p.send(status({ loaded: 1, hasMore: false }));
    await p.frames();
    assert.match(await text('.footer'), /End of stream · 1 event$/);
  });

  it('shows not-found in place of the list, with retry and environment actions', async () => {
    await p.send(
      init({
        execution: null,
        executionError: { kind: 'notFound', message: 'Not found in this environment.', retryInMs: null },
      }),
      status({
        phase: 'error',
        error: { kind: 'notFound', message: 'Not found in this environment.', retryInMs: null },
      }),
    );
    await p.frames();
    assert.equal(await text('.empty-state h2'), 'Not found');
    await p.page.locator('.empty-state button', { hasText: 'Select Environment' }).click();
    assert.deepEqual((await p.posted()).at(-1)!['action'], 'selectEnvironment');
  });

  it('follows live events at the bottom, and counts them in a pill when scrolled up', async () => {
    await p.send(
      init(),
      events(range(1, 300).map((s) => ev(s))),
      status({ loaded: 300, hasMore: false }, { tail: { state: 'live', intervalMs: 5000 } }),
    );
    await p.frames();
    await p.page.locator('.list').evaluate((el) => {
      (el as unknown as { scrollTop: number }).scrollTop = 1e9;
    });
    await p.frames();
    await p.send(events([ev(301), ev(302)], { live: true }));
    await p.frames();
    await p.frames();
    assert.equal(await rows().last().getAttribute('data-seq'), '302', 'followed to the new end');
    await p.page.locator('.list').evaluate((el) => {
      (el as unknown as { scrollTop: number }).scrollTop = 0;
    });
    await p.frames();
    await p.send(events([ev(303), ev(304), ev(305)], { live: true }));
    await p.frames();
    assert.match(await text('.pill'), /↓\s*3 new events/);
    await p.page.locator('.pill').click();
    await p.frames();
    await p.frames();
    assert.equal(await rows().last().getAttribute('data-seq'), '305');
    assert.equal(await p.page.locator('.pill').isHidden(), true);
  });

  it('drops events of an older generation and duplicates; ignores messages of unknown types without throwing', async () => {
    const warnings: string[] = [];
    p.page.on('console', (m) => {
      if (m.type() === 'warning') warnings.push(m.text());
    });
    const unknown = [
      null,
      42,
      'init',
      [],
      {},
      { type: 42 },
      { type: 'execute', command: 'workbench.action.quit' },
      { type: '__proto__' },
      { type: 'toString' },
    ];
    await p.send(
      init({ generation: 2 }),
      events([ev(1), ev(2)], { generation: 2 }),
      events([ev(2), ev(3)], { generation: 2 }),
      events([ev(99)], { generation: 1 }),
      ...unknown,
      status({ loaded: 3 }, { generation: 2 }),
    );
    await p.frames();
    assert.deepEqual(
      await rows().evaluateAll((els) => els.map((e) => (e as unknown as { dataset: { seq: string } }).dataset.seq)),
      ['1', '2', '3'],
    );
    assert.match(await text('.footer'), /3 events/, 'the status after them still applied');
    assert.deepEqual(
      (await p.posted()).filter((m) => m['type'] === 'log'),
      [],
      'nothing threw',
    );
    assert.equal(
      warnings.filter((w) => /ignored a message of an unknown type/.test(w)).length,
      unknown.length,
      'each is noted in the console',
    );
  });

  it('restores scroll, selection and filters from the saved state', async () => {
    const state = {
      environment: 'Sandbox (local)',
      executionId: EXEC,
      scrollTop: 22 * 400,
      selectedSeq: 410,
      detailSeq: 410,
      filters: DEFAULT_PREFS.filters,
      timeFormat: 'utc',
    };
    const restored = await openPanelPage(browser(), { state });
    await restored.send(init(), events(range(1, 1000).map((s) => ev(s))), status({ loaded: 1000 }));
    await restored.frames();
    await restored.frames();
    const first = Number(await restored.page.locator('.row').first().getAttribute('data-seq'));
    assert.ok(first > 300 && first <= 401, `first rendered row ${first}`);
    assert.match(await restored.page.locator('.detail').innerText(), /seq 410/);
    assert.match(await restored.page.locator('.row.selected .c-time').innerText(), /Z$/, 'UTC restored');
    await restored.page.close();
  });
});
