// The non-enveloped routes of velt-api.md §1.6: the inbound webhook trigger starts runs of a definition
// with an inboundWebhook trigger (API key, filters, 24 h dedupe on trig:<triggerId>:<sourceEventId>,
// 413 body-too-large, 200 event-ignored), and async webhook nodes wait for a real callback with the
// token their outbound request carried.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Sandbox } from '../../../../src/sandbox/server';
import { TRIGGER_PATH } from '../../../../src/sandbox/engine/inbound';
import { fakeClockSandbox, ok } from './http';

const HOUR = 60 * 60 * 1000;

async function post(
  url: string,
  body: string | object,
  headers: Record<string, string> = { 'x-velt-api-key': 'sandbox' },
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const NOTIFY = {
  nodeId: 'notify',
  type: 'notification',
  config: { channel: 'slack', bodyTemplate: 'x', slackTarget: '#x' },
};

describe('sandbox engine: inbound webhook trigger', function () {
  this.timeout(20_000);
  let sb: Sandbox;
  let tick: (ms: number) => void;
  let trigger: string;

  beforeEach(async () => {
    ({ sb, tick } = await fakeClockSandbox({ seedDefinitions: false }));
    trigger = `${sb.url}${TRIGGER_PATH}?definitionId=deal-desk`;
    await ok(sb, 'definitions/create', {
      definitionId: 'deal-desk',
      name: 'Deal desk',
      nodes: [NOTIFY],
      edges: [],
      triggers: [
        { triggerId: 'crm-won', inboundWebhook: {}, eventName: 'deal.won', filters: { 'deal.region': 'emea' } },
        { triggerId: 'nightly', schedule: { cron: '0 3 * * *' } },
      ],
    });
    await ok(sb, 'definitions/create', {
      definitionId: 'no-triggers',
      name: 'No triggers',
      nodes: [NOTIFY],
      edges: [],
    });
  });
  afterEach(async () => {
    await sb.close();
  });

  const won = { eventId: 'evt-881', eventName: 'deal.won', deal: { region: 'emea', amount: 42000 } };

  it('starts a run with the event as triggerContext and a trig: idempotency key; a resent event is deduplicated', async () => {
    const first = await post(trigger, won);
    assert.equal(first.status, 200);
    assert.deepEqual(
      { ...first.json, executionId: '' },
      { ok: true, code: 'accepted', executionId: '', deduplicated: false },
    );
    const executionId = first.json['executionId'] as string;
    assert.match(executionId, /^exec_\d{13}_[a-z0-9]{8}$/);
    const run = sb.engine.get(executionId)!;
    assert.deepEqual(run.triggerContext, won);
    const view = await ok(sb, 'executions/get', { executionId });
    assert.equal(view['idempotencyKey'], 'trig:crm-won:evt-881');
    assert.equal(view['definitionId'], 'deal-desk');
    const again = await post(trigger, won);
    assert.deepEqual(again.json, { ok: true, code: 'accepted', executionId, deduplicated: true });
    tick(25 * HOUR);
    const dayLater = await post(trigger, won);
    assert.equal(dayLater.json['deduplicated'], false, 'the dedupe window is 24 h');
    assert.notEqual(dayLater.json['executionId'], executionId);
  });

  it('takes the API key from ?apiKey= and names the definition in the body; without an eventId the body is the source id', async () => {
    const body = { definitionId: 'deal-desk', triggerId: 'crm-won', eventName: 'deal.won', deal: { region: 'emea' } };
    const reply = await post(`${sb.url}${TRIGGER_PATH}?apiKey=sandbox`, body, {});
    assert.equal(reply.json['code'], 'accepted');
    const again = await post(`${sb.url}${TRIGGER_PATH}?apiKey=sandbox`, body, {});
    assert.equal(again.json['deduplicated'], true);
    const key = sb.engine.get(reply.json['executionId'] as string)!.idempotencyKey;
    assert.match(key, /^trig:crm-won:[0-9a-f]{32}$/);
  });

  it('an event the trigger filters out is 200 event-ignored and starts nothing', async () => {
    const before = sb.engine.all().length;
    for (const event of [
      { ...won, eventName: 'deal.lost' },
      { ...won, deal: { region: 'apac' } },
    ]) {
      const reply = await post(trigger, event);
      assert.equal(reply.status, 200);
      assert.deepEqual(reply.json, { ok: false, code: 'event-ignored' });
    }
    assert.equal(sb.engine.all().length, before);
  });

  it('refuses a body over 1 MB (413 body-too-large), a missing or wrong API key, unknown definitions and triggers', async () => {
    const big = await post(trigger, { ...won, pad: 'x'.repeat(1024 * 1024) });
    assert.deepEqual([big.status, big.json['code']], [413, 'body-too-large']);
    assert.deepEqual((await post(trigger, won, {})).status, 401);
    assert.deepEqual((await post(trigger, won, { 'x-velt-api-key': 'nope' })).status, 403);
    const unknown = await post(`${sb.url}${TRIGGER_PATH}?definitionId=missing-one`, won);
    assert.deepEqual([unknown.status, unknown.json['code']], [404, 'definition-not-found']);
    const none = await post(`${sb.url}${TRIGGER_PATH}?definitionId=no-triggers`, won);
    assert.deepEqual([none.status, none.json['code']], [404, 'trigger-not-found']);
    const scheduleOnly = await post(`${trigger}&triggerId=nightly`, won);
    assert.deepEqual([scheduleOnly.status, scheduleOnly.json['code']], [404, 'trigger-not-found']);
    const notJson = await post(trigger, '{not json');
    assert.deepEqual([notJson.status, notJson.json['code']], [400, 'invalid-json']);
    const get = await fetch(trigger, { headers: { 'x-velt-api-key': 'sandbox' } });
    assert.equal(get.status, 405);
  });
});

interface Hit {
  body: string;
  headers: http.IncomingHttpHeaders;
}

async function receiver(): Promise<{ url: string; hits: Hit[]; close(): Promise<void> }> {
  const hits: Hit[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      res.writeHead(202, { 'content-type': 'application/json' }).end('{"queued":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/work`,
    hits,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function until<T>(what: string, probe: () => T | undefined): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('sandbox engine: async webhook-node callback', function () {
  this.timeout(20_000);
  let sb: Sandbox;
  let tick: (ms: number) => void;
  let rx: Awaited<ReturnType<typeof receiver>>;

  beforeEach(async () => {
    ({ sb, tick } = await fakeClockSandbox({ seedDefinitions: false }));
    rx = await receiver();
  });
  afterEach(async () => {
    await sb.close();
    await rx.close();
  });

  async function started(bodyTemplate?: string): Promise<{ executionId: string; stepId: string; hit: Hit }> {
    await ok(sb, 'definitions/create', {
      definitionId: 'async-work',
      name: 'Async work',
      nodes: [
        {
          nodeId: 'hook',
          type: 'webhook',
          config: { url: rx.url, mode: 'async', ...(bodyTemplate ? { bodyTemplate } : {}) },
        },
        NOTIFY,
      ],
      edges: [{ from: 'hook', to: 'notify' }],
    });
    const { executionId } = (await ok(sb, 'executions/dispatch', {
      definitionId: 'async-work',
      triggerContext: { orderId: 'o-7' },
    })) as { executionId: string };
    tick(1000);
    const run = sb.engine.get(executionId)!;
    const hit = await until('the outbound request', () => rx.hits[0]);
    const step = await until('the step waiting', () => [...run.steps.values()].find((s) => s.status === 'waiting'));
    return { executionId, stepId: step.stepId, hit };
  }

  it('the envelope carries callback {url, token, tokenHeader}; a completed callback ends the step and the run goes on', async () => {
    const { executionId, stepId, hit } = await started();
    const body = JSON.parse(hit.body) as Record<string, Record<string, string>>;
    assert.deepEqual(body['input'], { orderId: 'o-7' });
    const callback = body['callback']!;
    assert.equal(callback['url'], `${sb.url}/v1/workflow/webhook-inbound/callback`);
    assert.equal(callback['tokenHeader'], 'x-velt-callback-token');
    const reply = await post(
      callback['url']!,
      { status: 'completed', output: { receipt: 'r-1' } },
      { 'x-velt-callback-token': callback['token']! },
    );
    assert.deepEqual(reply.json, { ok: true, code: 'accepted', executionId, stepId, status: 'completed' });
    const view = (await ok(sb, 'executions/get', { executionId })) as {
      status: string;
      steps: { stepId: string; status: string; output: Record<string, unknown> }[];
    };
    const step = view.steps.find((s) => s.stepId === stepId)!;
    assert.equal(step.output['receipt'], 'r-1');
    assert.deepEqual(step.output['callback'], { status: 'completed' });
    assert.equal(view.status, 'completed', 'the notification after it ran');
    const replay = await post(
      callback['url']!,
      { status: 'completed' },
      { 'x-velt-callback-token': callback['token']! },
    );
    assert.deepEqual([replay.status, replay.json['code']], [403, 'callback-token-invalid']);
  });

  it('a failed callback fails the step with its error (failed is fan-out eligible: the always edge still fires)', async () => {
    const { executionId, stepId, hit } = await started();
    const callback = (JSON.parse(hit.body) as Record<string, Record<string, string>>)['callback']!;
    const token = { 'x-velt-callback-token': callback['token']! };
    const bad = await post(callback['url']!, { status: 'done' }, token);
    assert.deepEqual([bad.status, bad.json['code']], [400, 'invalid-callback']);
    await post(
      callback['url']!,
      { status: 'failed', error: { code: 'card-declined', message: 'Card declined' } },
      token,
    );
    const view = (await ok(sb, 'executions/get', { executionId })) as {
      status: string;
      steps: { stepId: string; nodeId: string; status: string; error: unknown }[];
    };
    const step = view.steps.find((s) => s.stepId === stepId)!;
    assert.deepEqual([step.status, step.error], ['failed', { code: 'card-declined', message: 'Card declined' }]);
    assert.deepEqual([view.status, view.steps.find((s) => s.nodeId === 'notify')?.status], ['completed', 'completed']);
  });

  it('pass-through sends the trigger payload with _velt.callback; none sends no body; calls without a token are refused', async () => {
    const { hit } = await started('pass-through');
    const body = JSON.parse(hit.body) as Record<string, unknown> & { _velt: { callback: { token: string } } };
    assert.equal(body['orderId'], 'o-7');
    assert.equal(typeof body._velt.callback.token, 'string');
    const url = `${sb.url}/v1/workflow/webhook-inbound/callback`;
    assert.equal((await post(url, { status: 'completed' }, {})).status, 401);
    assert.equal((await post(url, { status: 'completed' }, { 'x-velt-callback-token': 'forged' })).status, 403);
    await ok(sb, 'definitions/update', {
      definitionId: 'async-work',
      ifVersion: 1,
      name: 'Async work',
      nodes: [{ nodeId: 'hook', type: 'webhook', config: { url: rx.url, bodyTemplate: 'none' } }],
      edges: [],
    });
    await ok(sb, 'executions/dispatch', { definitionId: 'async-work' });
    tick(1000);
    const empty = await until('the second request', () => rx.hits[1]);
    assert.equal(empty.body, '');
  });
});
