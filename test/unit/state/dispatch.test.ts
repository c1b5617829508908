// The dispatch draft (render/read with positions), the kept inputs (bounded, per environment) and the
// guard (refuses when actions are off, records every attempt without the webhook secret).
import * as assert from 'node:assert/strict';
import { ApiError, type DispatchRequest, type DispatchResult } from '../../../src/api';
import { readDispatchDraft, renderDispatchDraft, webhookSecretProblem } from '../../../src/state/dispatchDraft';
import { createDispatchGuard, type DispatchRecord } from '../../../src/state/dispatchGuard';
import { DispatchInputs, MAX_KEPT_INPUT_CHARS, MAX_KEPT_RUNS, type KeptInput } from '../../../src/state/dispatchInputs';

const draft = {
  definitionId: 'doc-signoff',
  idempotencyKey: 'vwi-1234',
  correlationId: null,
  webhookUrl: null,
  triggerContext: { docId: 'd-1', amount: 3 },
};

describe('dispatch draft', () => {
  it('reads back what it renders', () => {
    const reading = readDispatchDraft(renderDispatchDraft(draft));
    assert.deepEqual(reading, { ok: true, draft });
  });

  it('names the line and column of a syntax error', () => {
    const text = renderDispatchDraft(draft).replace('"amount": 3', '"amount": 3,,');
    const reading = readDispatchDraft(text);
    assert.equal(reading.ok, false);
    assert.match(!reading.ok ? reading.problem : '', /at line \d+, column \d+/);
    const empty = readDispatchDraft('');
    assert.match(!empty.ok ? empty.problem : '', /empty/);
  });

  it('checks each field as the API does', () => {
    const problem = (patch: Record<string, unknown>): string => {
      const reading = readDispatchDraft(JSON.stringify({ ...draft, ...patch }));
      return reading.ok ? '' : reading.problem;
    };
    assert.match(problem({ definitionId: '' }), /definitionId/);
    assert.match(problem({ idempotencyKey: 'has space' }), /idempotencyKey/);
    assert.match(problem({ idempotencyKey: 'x'.repeat(201) }), /idempotencyKey/);
    assert.match(problem({ correlationId: 7 }), /correlationId/);
    assert.match(problem({ webhookUrl: 'http://example.com/hook' }), /https/);
    assert.match(problem({ triggerContext: [1] }), /triggerContext/);
    assert.match(problem({ docId: 'top-level' }), /Unknown field "docId".*triggerContext/);
    assert.equal(problem({ correlationId: 'corr-1', webhookUrl: 'https://hooks.example/x' }), '');
    assert.equal(readDispatchDraft('[1]').ok, false);
  });

  it('asks for a webhook secret of 16–512 characters', () => {
    assert.ok(webhookSecretProblem('short'));
    assert.equal(webhookSecretProblem('s'.repeat(16)), undefined);
    assert.ok(webhookSecretProblem('s'.repeat(513)));
  });
});

class MapMemento {
  private readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Thenable<void> {
    this.values.set(key, JSON.parse(JSON.stringify(value)));
    return Promise.resolve();
  }
}

const input = (definitionId: string, triggerContext: Record<string, unknown> = {}): KeptInput => ({
  definitionId,
  correlationId: null,
  webhookUrl: null,
  triggerContext,
});

describe('kept dispatch inputs', () => {
  it('keeps the input per run and the last per definition, per environment', async () => {
    const inputs = new DispatchInputs(new MapMemento());
    await inputs.remember('Sandbox', 'exec_1', input('doc', { n: 1 }));
    await inputs.remember('Sandbox', 'exec_2', input('doc', { n: 2 }));
    assert.deepEqual(inputs.forExecution('Sandbox', 'exec_1')?.triggerContext, { n: 1 });
    assert.deepEqual(inputs.lastForDefinition('Sandbox', 'doc')?.triggerContext, { n: 2 });
    assert.equal(inputs.forExecution('Production', 'exec_1'), undefined);
    assert.equal(inputs.lastForDefinition('Sandbox', '123'), undefined);
  });

  it('stays bounded and does not keep an input too large', async () => {
    const inputs = new DispatchInputs(new MapMemento());
    for (let i = 0; i < MAX_KEPT_RUNS + 5; i++) await inputs.remember('S', `exec_${i}`, input('doc', { i }));
    assert.equal(inputs.forExecution('S', 'exec_0'), undefined, 'the oldest run went first');
    assert.ok(inputs.forExecution('S', `exec_${MAX_KEPT_RUNS + 4}`));
    assert.equal(await inputs.remember('S', 'big', input('doc', { blob: 'x'.repeat(MAX_KEPT_INPUT_CHARS) })), false);
    assert.equal(inputs.forExecution('S', 'big'), undefined);
  });

  it('ignores stored data of the wrong shape', () => {
    const memento = new MapMemento();
    void memento.update('velt.dispatchInputs.v1', { S: { byExecution: [['exec_1', 'junk'], 5], byDefinition: {} } });
    const inputs = new DispatchInputs(memento);
    assert.equal(inputs.forExecution('S', 'exec_1'), undefined);
    assert.equal(inputs.lastForDefinition('S', 'doc'), undefined);
  });
});

describe('dispatch guard', () => {
  const request: DispatchRequest = {
    definitionId: 'doc',
    idempotencyKey: 'k1',
    triggerContext: {},
    webhookUrl: 'https://hooks.example/x',
    webhookSecret: 'super-secret-value-123',
  };

  it('refuses while actions are off, and sends nothing', async () => {
    const sent: DispatchRequest[] = [];
    const guard = createDispatchGuard({
      isEnabled: () => false,
      origin: () => null,
      send: async (_e, r) => {
        sent.push(r);
        return { executionId: 'x', correlationId: null, deduplicated: false, idempotencyKey: 'k1' };
      },
      record: async () => undefined,
    });
    assert.match(guard.refusal('Production') ?? '', /Actions are off for "Production".*Enable Actions/);
    await assert.rejects(guard.dispatch('Production', request), /nothing was dispatched/);
    assert.equal(sent.length, 0);
  });

  it('records each attempt with its result and never the webhook secret', async () => {
    const records: DispatchRecord[] = [];
    let fail = false;
    const guard = createDispatchGuard({
      isEnabled: () => true,
      origin: () => 'http://127.0.0.1:1234',
      send: async (): Promise<DispatchResult> => {
        if (fail) throw new ApiError('notFound', 'Definition doc not found', { status: 'NOT_FOUND' });
        return { executionId: 'exec_9', correlationId: 'c', deduplicated: true, idempotencyKey: 'k1' };
      },
      record: async (entry) => {
        records.push(entry);
      },
      now: () => 42,
    });
    assert.equal(guard.refusal('Sandbox'), undefined);
    assert.equal((await guard.dispatch('Sandbox', request)).executionId, 'exec_9');
    fail = true;
    await assert.rejects(guard.dispatch('Sandbox', request), /not found/);
    assert.deepEqual(
      records.map((r) => r.result),
      [
        { ok: true, executionId: 'exec_9', deduplicated: true },
        { ok: false, kind: 'notFound', status: 'NOT_FOUND', message: 'Definition doc not found' },
      ],
    );
    assert.equal(records[0]!.time, '1970-01-01T00:00:00.042Z');
    assert.equal(records[0]!.origin, 'http://127.0.0.1:1234');
    assert.deepEqual(
      records.map((r) => r.executionId),
      ['exec_9', null],
    );
    assert.ok(!JSON.stringify(records).includes('super-secret-value-123'));
    assert.equal(records[0]!.request.webhookSecret, '(set)');
  });
});
