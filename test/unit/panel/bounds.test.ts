// The host never posts a message out of the protocol's bounds (the webview trusts it and does not check):
// every message shape, with every text field at its protocol bound and one past it, parses with the
// protocol's host → webview schema (protocolSchemas.ts) after the host's bounds (and, to show the test
// can fail, does not without them). Values at the bound pass unchanged and unmarked.
import { strict as assert } from 'node:assert';
import { sizedEvent, sizedExecution } from './oversize';
import type { ExecutionEvent } from '../../../src/api/schemas';
import { boundMessage, clipText, eventBatches, MAX_MESSAGE_CHARS } from '../../../src/panel/bounds';
import { eventsMessages, toEventColumns } from '../../../src/panel/eventColumns';
import { toPanelError, toPanelEvent, toPanelExecution, toSizedPanelEvent } from '../../../src/panel/payload';
import {
  DEFAULT_PREFS,
  DEFINITION_TEXT_BOUNDS,
  ENVIRONMENT_NAME_MAX,
  ERROR_INFO_BOUNDS,
  EVENT_TEXT_BOUNDS,
  EXECUTION_TEXT_BOUNDS,
  MAX_EVENTS_PER_MESSAGE,
  MAX_STEPS,
  PANEL_ERROR_BOUNDS,
  PROTOCOL_VERSION,
  STEP_TEXT_BOUNDS,
  UNREADABLE_BOUNDS,
  type HostToWebview,
  type LoaderStatus,
} from '../../../src/panel/protocol';
import { parseHostMessage } from '../../../src/panel/protocolSchemas';

const text = (n: number, unit = 'x'): string => unit.repeat(n);

function messages(extra: number): HostToWebview[] {
  const environment = text(ENVIRONMENT_NAME_MAX + extra, 'n');
  const execution = toPanelExecution(sizedExecution(extra));
  const error = {
    kind: text(PANEL_ERROR_BOUNDS.kind + extra),
    message: text(PANEL_ERROR_BOUNDS.message + extra),
    retryInMs: null,
  };
  const loader: LoaderStatus = {
    phase: 'error',
    loaded: 1,
    hasMore: true,
    cursor: 1,
    emptyPages: 0,
    terminal: false,
    error,
  };
  return [
    {
      type: 'init',
      protocol: PROTOCOL_VERSION,
      generation: 0,
      environment,
      activeEnvironment: environment,
      executionId: text(EXECUTION_TEXT_BOUNDS.executionId + extra),
      pinned: false,
      prefs: DEFAULT_PREFS,
      execution,
      executionError: error,
    },
    { type: 'execution', execution, executionError: error, pinned: true, activeEnvironment: environment },
    {
      type: 'events',
      generation: 0,
      requestId: 1,
      live: false,
      events: toEventColumns([toPanelEvent(sizedEvent(1, extra))]),
    },
    { type: 'status', generation: 0, requestId: null, loader, tail: { state: 'off', intervalMs: 1000 } },
    { type: 'focusStep', stepId: text(STEP_TEXT_BOUNDS.stepId + extra) },
    {
      type: 'definition',
      environment,
      definition: {
        definitionId: text(DEFINITION_TEXT_BOUNDS.definitionId + extra),
        name: text(DEFINITION_TEXT_BOUNDS.name + extra),
        version: 3,
        nodes: 100,
      },
      error,
    },
  ];
}

/** The message as the host really posts it: through the bounds, and through JSON like postMessage. */
const posted = (message: HostToWebview): unknown => JSON.parse(JSON.stringify(boundMessage(message))) as unknown;

describe('panel bounds (host → webview)', () => {
  it('passes every message shape with every field at its bound unchanged and unmarked', () => {
    for (const message of messages(0)) {
      assert.deepEqual(boundMessage(message), message, message.type);
      assert.equal(parseHostMessage(posted(message)).ok, true, message.type);
    }
    assert.equal(toPanelEvent(sizedEvent(1, 0)).truncated, undefined);
    assert.equal(toPanelExecution(sizedExecution(0)).truncated, undefined);
  });

  it('cuts every field one past its bound, so every message shape is within the protocol', () => {
    for (const message of messages(1)) {
      const parsed = parseHostMessage(posted(message));
      assert.ok(parsed.ok, `${message.type}: ${parsed.ok ? '' : parsed.reason}`);
    }
  });

  it('the premise: without the bounds each of those messages is out of the protocol', () => {
    for (const message of messages(1).filter(
      (m) => m.type !== 'events' && m.type !== 'execution' && m.type !== 'init',
    )) {
      assert.equal(parseHostMessage(JSON.parse(JSON.stringify(message))).ok, false, message.type);
    }
    const raw = sizedEvent(1, 1);
    const unbounded = {
      type: 'events',
      generation: 0,
      requestId: 1,
      live: false,
      events: toEventColumns([{ ...raw }]),
    };
    assert.equal(parseHostMessage(unbounded).ok, false);
    const execution = sizedExecution(1);
    assert.equal(
      parseHostMessage({
        type: 'execution',
        execution: { ...execution, steps: execution.steps.map(({ output: _o, ...s }) => s) },
        executionError: null,
        pinned: false,
        activeEnvironment: 'x',
      }).ok,
      false,
    );
  });

  it('marks what it cut: values end in …, the event or execution says truncated', () => {
    const e = toPanelEvent(sizedEvent(1, 1));
    assert.equal(e.truncated, true);
    assert.equal(e.eventId.length, EVENT_TEXT_BOUNDS.eventId);
    assert.ok(e.eventId.endsWith('…'));
    const x = toPanelExecution(sizedExecution(1));
    assert.equal(x.truncated, true);
    assert.ok(x.failureReason!.message.endsWith('…'));
    assert.equal(x.failureReason!.message.length, ERROR_INFO_BOUNDS.message);
    assert.equal(x.steps[0]!.error!.code.length, ERROR_INFO_BOUNDS.code);
    assert.equal(toPanelError(new Error(text(5000))).message.length, 5000, 'the panel error is cut at posting time');
  });

  it('leaves out steps past MAX_STEPS and says so', () => {
    const one = sizedExecution(-1990, 1);
    const steps = Array.from({ length: MAX_STEPS + 1 }, (_, i) => ({ ...one.steps[0]!, stepId: `step_${i}` }));
    const x = toPanelExecution({ ...one, steps });
    assert.equal(x.steps.length, MAX_STEPS);
    assert.equal(x.truncated, true);
  });

  it("cuts an unreadable event's raw JSON and problem to their bounds", () => {
    const raw = sizedEvent(3, 0);
    const e = toPanelEvent({
      ...raw,
      unreadable: { problem: text(UNREADABLE_BOUNDS.problem + 10), raw: text(UNREADABLE_BOUNDS.raw + 10) },
    });
    assert.equal(e.unreadable!.raw.length, UNREADABLE_BOUNDS.raw);
    assert.equal(e.unreadable!.problem.length, UNREADABLE_BOUNDS.problem);
    assert.equal(e.truncated, true);
    assert.ok(
      parseHostMessage(
        posted({ type: 'events', generation: 0, requestId: null, live: false, events: toEventColumns([e]) }),
      ).ok,
    );
  });

  it('never splits a surrogate pair', () => {
    assert.equal(clipText('ab😀cd', 4), 'ab…');
    assert.equal(clipText('ab😀cd', 5), 'ab😀…');
    assert.equal(clipText('abc', 3), 'abc');
  });

  it('batches events by count and by size, every event in exactly one batch', () => {
    const small = (seq: number): ExecutionEvent => ({
      seq,
      eventId: `evt_${seq}`,
      type: 'step.completed',
      stepId: null,
      timestamp: 1,
      correlationId: null,
      data: { seq },
    });
    const loaded = Array.from({ length: 12_001 }, (_, i) => (i % 1000 === 0 ? sizedEvent(i + 1, 5) : small(i + 1)));
    const out = [...eventsMessages(loaded, 4, 9, true)];
    assert.deepEqual(
      out.flatMap((m) => m.events.seq),
      loaded.map((e) => e.seq),
    );
    assert.ok(
      out.every(
        (m) => m.events.seq.length <= MAX_EVENTS_PER_MESSAGE && m.generation === 4 && m.requestId === 9 && m.live,
      ),
    );
    assert.ok(out.every((m) => parseHostMessage(posted(m)).ok));
    const sizes = [...eventBatches([5, 5, 5, 20, 5], (n) => n, 10)];
    assert.deepEqual(sizes, [[5, 5], [5], [20], [5]], 'a too-large item still gets its own batch');
    for (const event of [
      sizedEvent(1, 5),
      { ...sizedEvent(2, 0), data: { text: text(30_000, '"') } },
      { ...small(3), unreadable: { problem: 'p', raw: text(50_000, '"') } },
    ]) {
      const sized = toSizedPanelEvent(event);
      assert.ok(sized.chars >= JSON.stringify(sized.event).length, 'the size estimate is an upper bound');
    }
    assert.ok(MAX_MESSAGE_CHARS < 2 ** 28, 'a batch stays far below the longest string V8 can build');
  });
});
