// The webview's messages reach the panel only through its port: validated first, loads held while the
// panel's environment is not the active one, invalid messages counted (and logged at most 20 times).
// The panel's prefs live in their own typed store.
import { strict as assert } from 'node:assert';
import { handleWebviewMessage, type PanelPort } from '../../../src/panel/panelMessages';
import { PanelPrefs, PREFS_KEY } from '../../../src/panel/panelPrefs';
import { DEFAULT_PREFS, type Prefs } from '../../../src/panel/protocol';

function fakePort(overrides: Partial<PanelPort> = {}): PanelPort & { calls: string[] } {
  const calls: string[] = [];
  let rejected = 0;
  const note =
    (name: string) =>
    (...args: unknown[]): Promise<unknown> => {
      calls.push(`${name}(${args.map((a) => JSON.stringify(a)).join(',')})`);
      return Promise.resolve();
    };
  return {
    calls,
    executionId: 'exec_1',
    wrongEnvironment: false,
    headerFailed: false,
    rejected: () => ++rejected,
    noteRequest: (id) => void note('noteRequest')(id),
    ready: () => void note('ready')(),
    postExecution: () => void note('postExecution')(),
    loadMore: note('loadMore'),
    loadAll: note('loadAll'),
    cancelLoad: (id) => void note('cancelLoad')(id),
    retryEvents: note('retryEvents'),
    refresh: note('refresh'),
    setTailPaused: (paused) => void note('setTailPaused')(paused),
    action: note('action'),
    writeAction: note('writeAction'),
    copyEvent: note('copyEvent'),
    openEvent: note('openEvent'),
    savePrefs: (prefs) => void note('savePrefs')(prefs.timeFormat),
    probeResult: (id) => void note('probeResult')(id),
    loadGraph: note('loadGraph'),
    loadNodeDetail: (id, nodeId) => void note('loadNodeDetail')(id, nodeId),
    log: (level, message) => void note(`log.${level}`)(message.slice(0, 40)),
    ...overrides,
  };
}

describe('panel port', () => {
  it('routes each valid message to one port call and notes its request id', () => {
    const port = fakePort();
    handleWebviewMessage(port, { type: 'loadMore', requestId: 3 });
    handleWebviewMessage(port, { type: 'setTail', requestId: 4, paused: true });
    handleWebviewMessage(port, { type: 'action', requestId: 5, action: 'pin' });
    handleWebviewMessage(port, { type: 'savePrefs', prefs: { ...DEFAULT_PREFS, timeFormat: 'utc' } });
    handleWebviewMessage(port, { type: 'loadNodeDetail', requestId: 6, nodeId: 'review' });
    handleWebviewMessage(port, { type: 'loadNodeDetail', requestId: 7, nodeId: 'x'.repeat(501) });
    assert.deepEqual(port.calls, [
      'noteRequest(3)',
      'loadMore(3)',
      'noteRequest(4)',
      'setTailPaused(true)',
      'noteRequest(5)',
      'action("pin")',
      'savePrefs("utc")',
      'noteRequest(6)',
      'loadNodeDetail(6,"review")',
      'log.warn("Dropped an invalid message from the pane")',
    ]);
  });

  it('retry reloads the header when it failed, else the events', () => {
    const events = fakePort();
    handleWebviewMessage(events, { type: 'retry', requestId: 1 });
    const header = fakePort({ headerFailed: true });
    handleWebviewMessage(header, { type: 'retry', requestId: 1 });
    assert.deepEqual(events.calls.slice(1), ['retryEvents(1)']);
    assert.deepEqual(
      header.calls.slice(1).map((c) => c.replace(/\(.*/, '')),
      ['refresh'],
    );
  });

  it('loads wait while the panel belongs to another environment: the header says why instead', () => {
    const port = fakePort({ wrongEnvironment: true });
    handleWebviewMessage(port, { type: 'loadAll', requestId: 2 });
    assert.deepEqual(port.calls, ['noteRequest(2)', 'postExecution()']);
  });

  it('drops invalid messages, counts them, logs at most 20', () => {
    const port = fakePort();
    for (let i = 0; i < 25; i++) handleWebviewMessage(port, { type: 'loadMore', requestId: -1 });
    handleWebviewMessage(port, { type: 'no-such-message' });
    assert.equal(port.calls.filter((c) => c.startsWith('log.warn')).length, 20);
    assert.ok(
      port.calls.every((c) => c.startsWith('log.warn')),
      'nothing else happened',
    );
    assert.equal(port.rejected(), 27, 'all 26 were counted');
  });
});

describe('panel prefs store', () => {
  it('reads defaults for missing or malformed data and round-trips valid prefs', async () => {
    const data = new Map<string, unknown>();
    const prefs = new PanelPrefs({
      get: (key) => data.get(key),
      update: (key, value) => {
        data.set(key, value);
        return Promise.resolve();
      },
    });
    assert.deepEqual(prefs.get(), DEFAULT_PREFS);
    data.set(PREFS_KEY, { timeFormat: 'nonsense' });
    assert.deepEqual(prefs.get(), DEFAULT_PREFS);
    const saved: Prefs = { ...DEFAULT_PREFS, timeFormat: 'relative' };
    await prefs.set(saved);
    assert.deepEqual(prefs.get(), saved);
  });
});
