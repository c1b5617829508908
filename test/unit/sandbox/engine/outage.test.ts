// A simulated webhook outage: attempts fail unsent while it lasts and are retried on the §6.3 schedule,
// so they succeed once it ends; the control routes set and end it and show it in the delivery log; the
// extension's client (src/sandboxHost/deliveryControl.ts) reads both and drops malformed log entries.
import * as assert from 'node:assert/strict';
import { CONTROL_PREFIX, CONTROL_TOKEN_HEADER } from '../../../../src/sandbox/control';
import type { DefinitionInput } from '../../../../src/sandbox/engine/model';
import { MAX_OUTAGE_MS, OUTAGE_ERROR, RETRY_DELAYS_MS } from '../../../../src/sandbox/engine/webhooks';
import {
  CONTROL_PREFIX_PATH,
  CONTROL_TOKEN_HEADER_NAME,
  parseDelivery,
  readDeliveryLog,
  setDeliveryOutage,
} from '../../../../src/sandboxHost/deliveryControl';
import { startReceiver } from '../../webhooks/receiver';
import { Harness } from './harness';
import { REVIEW_DEFINITION, fakeClockSandbox, ok } from './http';

const SECRET = 'whsec_outage_0123456789';

describe('sandbox engine: simulated webhook outage', function () {
  this.timeout(20_000);

  it('fails attempts unsent while it lasts; the retry after it ends delivers', async () => {
    const rx = await startReceiver();
    try {
      const h = new Harness();
      h.define({
        ...(REVIEW_DEFINITION as unknown as DefinitionInput),
        webhookConfig: { url: rx.url, secret: SECRET, eventTypes: ['execution.dispatched'] },
      });
      assert.deepEqual(h.engine.webhooks.setOutage(5_000), { until: h.engine.now() + 5_000 });
      assert.ok(h.engine.dispatch({ definitionId: 'contract-test' }).ok);
      await h.engine.webhooks.idle();
      h.tick(RETRY_DELAYS_MS[0]);
      await h.engine.webhooks.idle();
      assert.equal(rx.received.length, 0, 'nothing reaches the receiver during the outage');
      const [delivery] = h.engine.webhooks.deliveries();
      assert.deepEqual(
        delivery!.attempts.map((a) => [a.status, a.error]),
        [
          [null, OUTAGE_ERROR],
          [null, OUTAGE_ERROR],
        ],
      );
      assert.equal(delivery!.state, 'pending');
      h.tick(RETRY_DELAYS_MS[1]);
      await h.engine.webhooks.idle();
      assert.equal(rx.received.length, 1, 'the retry after the outage is sent');
      assert.equal(rx.received[0]!.headers['x-velt-attempt'], '2');
      assert.equal(delivery!.state, 'delivered');
      assert.deepEqual(h.engine.webhooks.outage(), { until: null }, 'the outage is over');
    } finally {
      await rx.close();
    }
  });

  it('0 ends an outage at once; out-of-range durations are refused', () => {
    const h = new Harness();
    h.engine.webhooks.setOutage(60_000);
    assert.deepEqual(h.engine.webhooks.setOutage(0), { until: null });
    for (const bad of [-1, MAX_OUTAGE_MS + 1, Number.NaN]) assert.throws(() => h.engine.webhooks.setOutage(bad));
  });

  it('the control routes set it, show it in the log, and refuse bad bodies; the client reads both', async () => {
    const rx = await startReceiver();
    const { sb, tick } = await fakeClockSandbox();
    try {
      const endpoint = { url: sb.url, controlToken: sb.controlToken };
      const set = await setDeliveryOutage(endpoint, 60_000);
      assert.equal(set.outageUntil, set.now + 60_000);
      await ok(sb, 'definitions/create', REVIEW_DEFINITION);
      const { executionId } = (await ok(sb, 'executions/dispatch', {
        definitionId: 'contract-test',
        webhookUrl: rx.url,
        webhookSecret: SECRET,
      })) as { executionId: string };
      tick(1000);
      await sb.engine.webhooks.idle();
      const log = await readDeliveryLog(endpoint);
      assert.equal(log.outageUntil, set.outageUntil);
      assert.equal(log.dropped, 0);
      const mine = log.deliveries.filter((d) => d.executionId === executionId);
      assert.ok(mine.length >= 1);
      assert.ok(mine.every((d) => d.state === 'pending' && d.attempts[0]?.error === OUTAGE_ERROR));
      assert.equal(rx.received.length, 0);

      for (const body of [{}, { durationMs: -5 }, { durationMs: 1.5 }, { durationMs: MAX_OUTAGE_MS + 1 }]) {
        const response = await fetch(`${sb.url}/__sandbox/webhooks/outage`, {
          method: 'POST',
          headers: { [CONTROL_TOKEN_HEADER]: sb.controlToken, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        assert.equal(response.status, 400, JSON.stringify(body));
      }
      await assert.rejects(
        setDeliveryOutage({ ...endpoint, controlToken: 'wrong' }, 0),
        /refused the request: Wrong x-sandbox-control-token/,
      );
      assert.deepEqual((await setDeliveryOutage(endpoint, 0)).outageUntil, null);
    } finally {
      await sb.close();
      await rx.close();
    }
  });

  it('the client names the same prefix and token header as the sandbox', () => {
    assert.equal(CONTROL_PREFIX_PATH, CONTROL_PREFIX);
    assert.equal(CONTROL_TOKEN_HEADER_NAME, CONTROL_TOKEN_HEADER);
  });

  it('parseDelivery keeps well-formed entries and drops any with a field out of shape', () => {
    const good = {
      deliveryId: 'dlv_1',
      eventId: 'evt_1',
      executionId: 'exec_1',
      seq: 3,
      event: 'step.completed',
      url: 'http://127.0.0.1:9/x',
      state: 'dead-lettered',
      attempts: [{ attempt: 0, at: 1, status: 503, error: null }],
      nextAttemptAt: null,
      note: null,
    };
    assert.deepEqual(parseDelivery(good), good);
    for (const bad of [
      { ...good, seq: -1 },
      { ...good, state: 'exploded' },
      { ...good, attempts: [{ attempt: 0, at: 1, status: '503', error: null }] },
      { ...good, eventId: 'x'.repeat(3000) },
      { ...good, nextAttemptAt: 'soon' },
      null,
      [],
    ])
      assert.equal(parseDelivery(bad), undefined, JSON.stringify(bad)?.slice(0, 80));
  });
});
