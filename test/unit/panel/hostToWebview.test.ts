// Maximum and over-maximum values through the real host → webview path: a scripted API → EventLoader →
// the panel's event messages (eventsMessages) → its post filter (boundMessage) → JSON (like postMessage)
// → dist/webview.js in headless Chromium (which trusts its host, so every message is also checked against
// the protocol's host → webview schema here). Every event arrives; what was cut is marked; an unreadable
// event is a row with a warning icon and its raw JSON.
import { strict as assert } from 'node:assert';
import type { EventsPage, ExecutionEvent } from '../../../src/api/schemas';
import { boundMessage } from '../../../src/panel/bounds';
import { EventLoader } from '../../../src/panel/eventLoader';
import { eventsMessages } from '../../../src/panel/eventColumns';
import { toPanelError, toPanelExecution } from '../../../src/panel/payload';
import {
  DEFAULT_PREFS,
  ENVIRONMENT_NAME_MAX,
  MAX_EVENTS_PER_MESSAGE,
  PROTOCOL_VERSION,
  type HostToWebview,
  type ProbeStats,
} from '../../../src/panel/protocol';
import { parseHostMessage } from '../../../src/panel/protocolSchemas';
import { openPanelPage, useChromium, type PageGlobals, type PanelPage } from '../webview/harness';
import { sizedEvent, sizedExecution } from './oversize';
import { FakeEventsApi, ManualClock, event } from './fakes';

const TOTAL = 6_000;
const DEEP = 5000;

function deep(depth: number): unknown {
  let value: unknown = { leaf: 'bottom' };
  for (let i = 0; i < depth; i++) value = { child: value };
  return value;
}

/** Event `seq` of the scripted stream: mostly plain, with every kind of oversize mixed in. */
function scripted(seq: number): ExecutionEvent {
  if (seq % 1000 === 1) return sizedEvent(seq, 1); // every text field one past its bound
  if (seq % 1000 === 2) return sizedEvent(seq, 0); // every text field at its bound
  if (seq === 3) return { ...event(seq), data: deep(DEEP) as object };
  if (seq === 4) return { ...event(seq), data: { responseText: 'y'.repeat(300_000) } };
  if (seq === 5) {
    return {
      eventId: `unreadable-${seq}`,
      seq,
      type: 'unreadable',
      stepId: null,
      timestamp: 0,
      correlationId: null,
      data: null,
      unreadable: {
        problem: 'timestamp: expected number, received string',
        raw: `{"seq":5,"timestamp":"yesterday","pad":"${'z'.repeat(150_000)}"}`,
      },
    };
  }
  return event(seq);
}

describe('panel host → webview with maximum and over-maximum values', function () {
  this.timeout(120_000);
  const browser = useChromium();
  let p: PanelPage;
  beforeEach(async () => {
    p = await openPanelPage(browser());
  });
  afterEach(async () => {
    await p.page.close();
  });

  async function probe(): Promise<ProbeStats> {
    const requestId = Math.floor(Math.random() * 1e9);
    await p.send({ type: 'probe', requestId });
    const answer = await p.page.waitForFunction(
      (id) =>
        (globalThis as unknown as PageGlobals).__posted.find(
          (m) => m['type'] === 'probeResult' && m['requestId'] === id,
        ),
      requestId,
    );
    return ((await answer.jsonValue()) as { stats: ProbeStats }).stats;
  }

  it('delivers every event and initialises, however long the fields', async () => {
    const api = new FakeEventsApi((request): EventsPage => {
      const since = request.sinceSeq ?? 0;
      const to = Math.min(TOTAL, since + (request.pageSize ?? 100));
      const events: ExecutionEvent[] = [];
      for (let seq = since + 1; seq <= to; seq++) events.push(scripted(seq));
      return { executionId: 'exec_1', events, nextCursor: to, hasMore: to < TOTAL, unplaceable: 0 };
    });
    const out: HostToWebview[] = [];
    // What ExecutionPanel.post does: every message through boundMessage, then JSON (as postMessage).
    const post = (message: HostToWebview): void => {
      out.push(JSON.parse(JSON.stringify(boundMessage(message))) as HostToWebview);
    };
    const execution = toPanelExecution(sizedExecution(1));
    const environment = 'E'.repeat(ENVIRONMENT_NAME_MAX + 1);
    post({
      type: 'init',
      protocol: PROTOCOL_VERSION,
      generation: 0,
      environment,
      activeEnvironment: environment,
      executionId: 'exec_1',
      pinned: false,
      prefs: DEFAULT_PREFS,
      execution,
      executionError: toPanelError(new Error('x'.repeat(5000))),
    });
    const loader: EventLoader = new EventLoader(
      api,
      'exec_1',
      500,
      {
        onEvents: (events, requestId, live) => {
          for (const m of eventsMessages(events, loader.generation, requestId, live)) post(m);
        },
        onStatus: (requestId) =>
          post({
            type: 'status',
            generation: loader.generation,
            requestId,
            loader: loader.status(),
            tail: { state: 'stopped', intervalMs: 5000 },
          }),
      },
      new ManualClock(),
    );
    await loader.loadAll(1);
    assert.equal(loader.events.length, TOTAL);
    assert.ok(
      out
        .filter((m) => m.type === 'events')
        .every((m) => m.type === 'events' && m.events.seq.length <= MAX_EVENTS_PER_MESSAGE),
    );
    // Posting the replay, as on `ready` after the panel was hidden, must deliver them all again.
    for (const m of eventsMessages(loader.events, loader.generation, null, false)) post(m);

    for (const m of out) {
      const parsed = parseHostMessage(m);
      assert.ok(parsed.ok, `${m.type} is out of the protocol: ${parsed.ok ? '' : parsed.reason}`);
    }
    for (let i = 0; i < out.length; i += 20) await p.send(...out.slice(i, i + 20));
    await p.frames();
    const posted = await p.posted();
    assert.deepEqual(
      posted.filter((m) => m['type'] === 'log'),
      [],
      'the webview logged no error',
    );
    const stats = await probe();
    assert.equal(stats.received, TOTAL, 'every event arrived');
    assert.match(
      await p.page.locator('.definition').innerText(),
      /^x+…$/,
      'the header initialised with the cut definition id',
    );
    assert.equal(await p.page.locator('.header p.note').isVisible(), true, 'the header says fields were shortened');
    assert.match(await p.page.locator('.failure').innerText(), /x+…/);
  });

  it('marks shortened events, shows unreadable ones with a warning icon, their problem and raw JSON', async () => {
    const events = [1, 3, 4, 5].map(scripted);
    const messages = [...eventsMessages(events, 0, null, false)].map(
      (m) => JSON.parse(JSON.stringify(boundMessage(m))) as unknown,
    );
    await p.send(
      {
        type: 'init',
        protocol: PROTOCOL_VERSION,
        generation: 0,
        environment: 'Sandbox',
        activeEnvironment: 'Sandbox',
        executionId: 'exec_1',
        pinned: false,
        prefs: DEFAULT_PREFS,
        execution: null,
        executionError: null,
      },
      ...messages,
    );
    await p.frames();
    const rows = p.page.locator('.row');
    assert.equal(await rows.count(), 4);
    const unreadable = p.page.locator('.row[data-seq="5"]');
    assert.match((await unreadable.getAttribute('class')) ?? '', /kind-unreadable/);
    assert.equal(await unreadable.locator('.glyph svg.icon').count(), 1, 'a warning icon');
    assert.match(
      await unreadable.locator('.c-summary').innerText(),
      /^unreadable: timestamp: expected number, received string$/,
    );
    await unreadable.click();
    await p.frames();
    const detail = await p.page.locator('.detail').innerText();
    assert.match(detail, /cannot read \(timestamp: expected number/);
    assert.match(detail, /"timestamp":"yesterday"/, 'the raw JSON, as received');
    assert.match(detail, /too long for the panel/, 'its raw JSON was cut to the bound, and it says so');
    await p.page.locator('.row[data-seq="1"]').click();
    await p.frames();
    assert.match(await p.page.locator('.detail').innerText(), /too long for the panel and end in “…”/);
    assert.match(await p.page.locator('.detail .btn.primary').innerText(), /Open in Editor/);
    await p.page.locator('.row[data-seq="3"]').click();
    await p.frames();
    const deepDetail = await p.page.locator('.detail').innerText();
    assert.match(deepDetail, /too large or too deeply nested/);
    assert.match(deepDetail, /"child": "\{…\}"/, 'a preview of the 5,000-deep payload');
    assert.deepEqual(await p.violations(), []);
  });
});
