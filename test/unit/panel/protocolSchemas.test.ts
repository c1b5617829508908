// The panel protocol's host-side schemas: well-formed messages pass in both directions; malformed, hostile
// and oversized ones from the webview are rejected before anything acts on them, and the host → webview
// schema (used by the bounds tests) rejects what the webview must never get.
import { strict as assert } from 'node:assert';
import { FAILURE_EVENT_TYPES as API_FAILURES } from '../../../src/api/schemas';
import {
  DEFAULT_PREFS,
  FAILURE_EVENT_TYPES,
  MAX_EVENTS_PER_MESSAGE,
  PROTOCOL_VERSION,
  type HostToWebview,
  type LoaderStatus,
} from '../../../src/panel/protocol';
import { toEventColumns } from '../../../src/panel/eventColumns';
import { fromEventColumns } from '../../../src/webview/eventColumns';
import { parseHostMessage } from '../../../src/panel/protocolSchemas';
import { parseWebviewMessage } from '../../../src/panel/webviewInput';
import { ev } from '../webview/fixtures';

const loader: LoaderStatus = {
  phase: 'idle',
  loaded: 3,
  hasMore: true,
  cursor: 12,
  emptyPages: 0,
  terminal: false,
  error: null,
};

describe('panel protocol', () => {
  describe('webview → host', () => {
    it('accepts every request the webview sends', () => {
      const ok = [
        { type: 'ready', protocol: PROTOCOL_VERSION },
        { type: 'loadMore', requestId: 1 },
        { type: 'loadAll', requestId: 2 },
        { type: 'cancelLoad', requestId: 3 },
        { type: 'retry', requestId: 4 },
        { type: 'refresh', requestId: 5 },
        { type: 'setTail', requestId: 6, paused: true },
        { type: 'action', requestId: 7, action: 'export' },
        { type: 'copyEvent', requestId: 8, seq: 12 },
        { type: 'openPayload', requestId: 9, seq: 12 },
        { type: 'savePrefs', prefs: DEFAULT_PREFS },
        { type: 'log', level: 'warn', message: 'x' },
      ];
      for (const message of ok) assert.ok(parseWebviewMessage(message).ok, JSON.stringify(message));
    });

    it('rejects malformed and hostile messages', () => {
      const bad: unknown[] = [
        null,
        undefined,
        42,
        'loadMore',
        [],
        {},
        { type: 'nope' },
        { type: 'ready' },
        { type: 'ready', protocol: 99 },
        { type: 'loadMore' },
        { type: 'loadMore', requestId: -1 },
        { type: 'loadMore', requestId: 1.5 },
        { type: 'loadMore', requestId: '1' },
        { type: 'loadMore', requestId: 1, extra: true },
        { type: 'action', requestId: 1, action: 'runCommand' },
        { type: 'action', requestId: 1, action: 'workbench.action.quit' },
        { type: 'action', requestId: 1, action: 'copyId', command: 'workbench.action.quit' },
        { type: 'copyEvent', requestId: 1, seq: Number.NaN },
        { type: 'openPayload', requestId: 1, seq: -3 },
        { type: 'savePrefs', prefs: { timeFormat: 'local' } },
        { type: 'savePrefs', prefs: { ...DEFAULT_PREFS, timeFormat: 'martian' } },
        {
          type: 'savePrefs',
          prefs: { ...DEFAULT_PREFS, filters: { ...DEFAULT_PREFS.filters, text: 'x'.repeat(501) } },
        },
        {
          type: 'savePrefs',
          prefs: { ...DEFAULT_PREFS, filters: { ...DEFAULT_PREFS.filters, types: Array(501).fill('a') } },
        },
        { type: 'log', level: 'error', message: 'x'.repeat(5000) },
        { type: 'probeResult', requestId: 1, stats: { received: 1 } },
        JSON.parse('{"type":"loadMore","requestId":1,"__proto__":{"polluted":true}}'),
      ];
      for (const message of bad) {
        const result = parseWebviewMessage(message);
        assert.equal(result.ok, false, `accepted ${JSON.stringify(message)}`);
        if (!result.ok) assert.ok(result.reason.length > 0 && result.reason.length <= 300);
      }
      assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    });
  });

  describe('host → webview', () => {
    it('accepts init, execution, events and status', () => {
      const ok: HostToWebview[] = [
        {
          type: 'init',
          protocol: PROTOCOL_VERSION,
          generation: 0,
          environment: 'Sandbox (local)',
          activeEnvironment: 'Sandbox (local)',
          executionId: 'exec_1',
          pinned: false,
          prefs: DEFAULT_PREFS,
          execution: null,
          executionError: { kind: 'notFound', message: 'm', retryInMs: null },
        },
        {
          type: 'events',
          generation: 0,
          requestId: null,
          live: true,
          events: toEventColumns([ev(1), ev(2, 'step.teleported', { '<script>': '</script>' })]),
        },
        { type: 'status', generation: 0, requestId: 3, loader, tail: { state: 'live', intervalMs: 5000 } },
        { type: 'probe', requestId: 1 },
      ];
      for (const message of ok) {
        const parsed = parseHostMessage(message);
        assert.ok(parsed.ok, JSON.stringify(message).slice(0, 200));
      }
    });

    it('keeps event data exactly as sent (no coercion)', () => {
      const data = { html: '<img src=x onerror=alert(1)>', nested: { a: [1, '2', null] } };
      const parsed = parseHostMessage({
        type: 'events',
        generation: 1,
        requestId: 2,
        live: false,
        events: toEventColumns([ev(5, 'x', data)]),
      });
      assert.ok(parsed.ok);
      if (parsed.ok && parsed.message.type === 'events')
        assert.deepEqual(fromEventColumns(parsed.message.events)[0]!.data, data);
    });

    it('rejects malformed messages', () => {
      const bad: unknown[] = [
        {
          type: 'events',
          generation: 0,
          requestId: null,
          live: false,
          events: toEventColumns([{ ...ev(1), seq: -1 }]),
        },
        {
          type: 'events',
          generation: 0,
          requestId: null,
          live: false,
          events: toEventColumns([{ ...ev(1), type: '' }]),
        },
        {
          type: 'events',
          generation: 0,
          requestId: null,
          live: false,
          events: toEventColumns([{ ...ev(1), timestamp: Infinity }]),
        },
        {
          type: 'events',
          generation: 0,
          requestId: null,
          live: false,
          events: toEventColumns(Array(MAX_EVENTS_PER_MESSAGE + 1).fill(ev(1))),
        },
        { type: 'events', generation: -1, requestId: null, live: false, events: toEventColumns([]) },
        {
          type: 'status',
          generation: 0,
          requestId: null,
          loader: { ...loader, phase: 'exploding' },
          tail: { state: 'live', intervalMs: 1 },
        },
        { type: 'status', generation: 0, requestId: null, loader, tail: { state: 'sideways', intervalMs: 1 } },
        { type: 'init', protocol: 2 },
        { type: 'execute', command: 'workbench.action.quit' },
      ];
      for (const message of bad)
        assert.equal(parseHostMessage(message).ok, false, JSON.stringify(message).slice(0, 200));
    });
  });

  it('shares the one list of failure types with the API schemas', () => {
    assert.equal(FAILURE_EVENT_TYPES, API_FAILURES);
  });
});
