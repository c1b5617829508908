// focusEvent (a missing event clicked in the Webhook Reconciliation view): the panel selects that event and
// opens its detail, also when the event arrives after the message.
import { strict as assert } from 'node:assert';
import { DEFAULT_PREFS, PROTOCOL_VERSION, type PanelEvent } from '../../../src/panel/protocol';
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
const events = (list: PanelEvent[]) => ({
  type: 'events',
  generation: 0,
  requestId: null,
  live: false,
  events: toEventColumns(list),
});
const status = {
  type: 'status',
  generation: 0,
  requestId: null,
  loader: { phase: 'idle', loaded: 40, hasMore: false, error: null },
  tail: { state: 'off', intervalMs: 5000 },
};

describe('webview: focusEvent selects one event', function () {
  this.timeout(60_000);
  const browser = useChromium();
  let p: PanelPage;
  beforeEach(async () => {
    p = await openPanelPage(browser());
  });
  afterEach(async () => {
    await p.page.close();
  });

  it('opens the detail of the event with that seq, loaded before or after the message', async () => {
    await p.send(init, events(range(1, 20).map((s) => ev(s))), status, { type: 'focusEvent', seq: 7 });
    await p.frames();
    assert.match(await p.page.locator('.detail-where').innerText(), /seq 7\b/);
    await p.send({ type: 'focusEvent', seq: 33 });
    await p.send(events(range(21, 40).map((s) => ev(s))));
    await p.frames();
    assert.match(await p.page.locator('.detail-where').innerText(), /seq 33\b/);
  });
});
