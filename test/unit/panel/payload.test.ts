// What crosses into the webview: oversized payloads trimmed to a preview, the header without outputs,
// JSON Lines records.
import { strict as assert } from 'node:assert';
import type { ExecutionEvent, ExecutionView } from '../../../src/api/schemas';
import { ApiError } from '../../../src/api/errors';
import {
  jsonLine,
  jsonSize,
  panelTitle,
  previewOf,
  prettyJson,
  toPanelError,
  toPanelEvent,
  toPanelExecution,
} from '../../../src/panel/payload';

const base: ExecutionEvent = {
  eventId: 'evt_1',
  seq: 7,
  type: 'step.completed',
  stepId: 's',
  timestamp: 1,
  correlationId: 'c',
  data: { decision: 'approve' },
};

describe('panel payloads', () => {
  it('passes small payloads through unchanged', () => {
    assert.deepEqual(toPanelEvent(base), base);
  });

  it('trims payloads over the limit to a shallow preview and records the full size', () => {
    const big = {
      ...base,
      data: { responseText: 'x'.repeat(200_000), httpStatus: 200, nested: { a: 1 }, list: [1, 2, 3] },
    };
    const e = toPanelEvent(big);
    assert.equal(e.oversize, jsonSize(big.data));
    const data = e.data as Record<string, unknown>;
    assert.equal((data['responseText'] as string).length, 301);
    assert.equal(data['httpStatus'], 200);
    assert.equal(data['nested'], '{…}');
    assert.equal(data['list'], '[array of 3]');
    assert.ok(JSON.stringify(e).length < 2000);
  });

  it('survives deep nesting and cycles', () => {
    let deep: unknown = { leaf: '<script>' };
    for (let i = 0; i < 300; i++) deep = { child: deep };
    assert.deepEqual(toPanelEvent({ ...base, data: deep as object }).data, deep, '300 levels are fine as they are');
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    const e = toPanelEvent({ ...base, data: cyclic });
    assert.equal(e.oversize, jsonSize(cyclic));
    assert.deepEqual(e.data, { self: '{…}' });
    assert.match(prettyJson(cyclic), /"\[circular\]"/);
    assert.equal(previewOf(Array(5).fill(1)), '[array of 5]');
  });

  it('trims a 5,000-deep payload to a preview, and the payload document shows all of it', () => {
    let deep: unknown = { leaf: 'bottom' };
    for (let i = 0; i < 5000; i++) deep = { child: deep };
    assert.throws(() => JSON.stringify(deep), RangeError, 'the premise: JSON.stringify overflows its stack here');
    const e = toPanelEvent({ ...base, data: deep as object });
    assert.deepEqual(e.data, { child: '{…}' });
    assert.equal(e.oversize, 5001 * '{"child":'.length - 9 + '{"leaf":"bottom"}'.length + 5000);
    const text = prettyJson({ executionId: 'exec_1', ...base, data: deep });
    assert.ok(text.includes('"leaf": "bottom"'), 'the whole payload, down to the leaf');
    assert.equal(JSON.parse(text).seq, 7, 'valid JSON');
  });

  it('writes one JSON Lines record per event, execution id first', () => {
    const line = jsonLine('exec_1', { ...base, data: { text: 'a\nb\u2028c' } });
    assert.ok(line.endsWith('\n'));
    assert.equal(line.split('\n').length, 2, 'newlines inside data are escaped');
    const parsed = JSON.parse(line) as Record<string, unknown>;
    assert.equal(Object.keys(parsed)[0], 'executionId');
    assert.equal(parsed['seq'], 7);
  });

  it('strips step outputs from the header', () => {
    const view: ExecutionView = {
      executionId: 'e',
      status: 'running',
      startedAt: 1,
      completedAt: null,
      cancelledAt: null,
      definitionId: 'd',
      definitionVersion: 2,
      correlationId: null,
      idempotencyKey: null,
      failureReason: null,
      steps: [
        {
          stepId: 's',
          nodeId: 'n',
          nodeType: 'human',
          status: 'waiting',
          groupId: null,
          startedAt: 1,
          completedAt: null,
          output: { big: 'x'.repeat(1000) },
          error: null,
        },
      ],
    };
    const panel = toPanelExecution(view);
    assert.equal('output' in panel.steps[0]!, false);
    assert.equal(panel.steps[0]!.status, 'waiting');
  });

  it('titles panels by definition and short id, without control or bidi characters', () => {
    assert.equal(panelTitle('exec_1793516400117_lwofay3k', 'doc-signoff'), 'doc-signoff · …lwofay3k');
    assert.equal(panelTitle('exec_1793516400117_lwofay3k', undefined), 'Execution …lwofay3k');
    assert.equal(panelTitle('exec_1', `a\u202eb\u0007c${'x'.repeat(60)}`).length, 40 + ' · exec_1'.length);
    assert.ok(!/[\u0007\u202e]/.test(panelTitle('exec_1', 'a\u202eb\u0007c')));
  });

  it('turns failures into panel errors by kind', () => {
    assert.deepEqual(toPanelError(new ApiError('notFound', 'Not found.')), {
      kind: 'notFound',
      message: 'Not found.',
      retryInMs: null,
    });
    assert.equal(toPanelError(new Error('boom')).kind, 'other');
  });
});
