// Webhook delivery to a local receiver: the signature verifies with the secret, the event id is
// stable across retries, x-velt-attempt counts from 0, the §6.3 schedule, dead-letter after the
// sixth attempt, eventTypes filtering, and the delivery log through the control API.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { MAX_ATTEMPTS, RETRY_DELAYS_MS } from '../../../../src/sandbox/engine/webhooks';
import { Harness } from './harness';
import { REVIEW_DEFINITION, fakeClockSandbox, ok } from './http';
import type { DefinitionInput } from '../../../../src/sandbox/engine/model';

const SECRET = 'whsec_0123456789abcdef';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

async function receiver(
  statuses: () => number,
): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(statuses()).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/velt`;
  return {
    url,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('sandbox engine: webhook delivery', function () {
  this.timeout(20_000);

  it('delivers every external event, signed, with the documented headers and body', async () => {
    const rx = await receiver(() => 200);
    try {
      const h = new Harness();
      h.define(REVIEW_DEFINITION as unknown as DefinitionInput);
      const result = h.engine.dispatch({
        definitionId: 'contract-test',
        webhook: { url: rx.url, secret: SECRET },
        correlationId: 'corr_hook',
      });
      assert.ok(result.ok);
      h.tick(1000);
      await h.engine.webhooks.idle();
      assert.deepEqual(
        rx.received.map((r) => (JSON.parse(r.body) as { event: string }).event),
        ['execution.dispatched', 'step.completed', 'step.awaiting-approval'],
      );
      for (const r of rx.received) {
        const expected = `sha256=${createHmac('sha256', SECRET).update(r.body).digest('hex')}`;
        assert.equal(r.headers['x-velt-signature'], expected, 'HMAC-SHA256 of the raw body');
        assert.equal(r.headers['x-velt-attempt'], '0');
        assert.match(String(r.headers['x-velt-event-id']), /^evt_/);
      }
      const body = JSON.parse(rx.received[0]!.body) as Record<string, unknown>;
      assert.deepEqual(Object.keys(body).sort(), [
        'correlationId',
        'data',
        'definitionId',
        'event',
        'executionId',
        'seq',
        'status',
        'stepId',
        'timestamp',
      ]);
      assert.equal(body['executionId'], result.executionId);
      assert.equal(body['correlationId'], 'corr_hook');
      assert.match(String(body['timestamp']), /^\d{4}-\d\d-\d\dT/);
      assert.ok(h.engine.webhooks.deliveries().every((d) => d.state === 'delivered'));
    } finally {
      await rx.close();
    }
  });

  it('retries on the §6.3 schedule with the same event id, then dead-letters', async () => {
    const rx = await receiver(() => 503);
    try {
      const h = new Harness();
      h.define({
        ...(REVIEW_DEFINITION as unknown as DefinitionInput),
        webhookConfig: { url: rx.url, secret: SECRET, eventTypes: ['execution.dispatched'] },
      });
      assert.ok(h.engine.dispatch({ definitionId: 'contract-test' }).ok);
      await h.engine.webhooks.idle();
      for (const delay of RETRY_DELAYS_MS) {
        h.tick(delay - 1);
        await h.engine.webhooks.idle();
        const before = rx.received.length;
        h.tick(1);
        await h.engine.webhooks.idle();
        assert.equal(rx.received.length, before + 1, `retry after ${delay} ms`);
      }
      h.tick(3_600_000);
      await h.engine.webhooks.idle();
      assert.equal(
        rx.received.length,
        MAX_ATTEMPTS,
        'six attempts in all; the eventTypes filter kept the other events out',
      );
      assert.deepEqual(
        rx.received.map((r) => r.headers['x-velt-attempt']),
        ['0', '1', '2', '3', '4', '5'],
      );
      assert.equal(new Set(rx.received.map((r) => r.headers['x-velt-event-id'])).size, 1);
      const [delivery] = h.engine.webhooks.deliveries();
      assert.deepEqual(
        [delivery!.state, delivery!.attempts.length, delivery!.nextAttemptAt],
        ['dead-lettered', 6, null],
      );
      assert.deepEqual(
        delivery!.attempts.map((a) => a.status),
        [503, 503, 503, 503, 503, 503],
      );
    } finally {
      await rx.close();
    }
  });

  it('retries are scaled by timeScale; the delivery log is readable through the control API', async () => {
    let calls = 0;
    const rx = await receiver(() => (++calls === 1 ? 500 : 200));
    const { sb, tick } = await fakeClockSandbox({ timeScale: 100 });
    try {
      await ok(sb, 'definitions/create', REVIEW_DEFINITION);
      const { executionId } = (await ok(sb, 'executions/dispatch', {
        definitionId: 'contract-test',
        webhookUrl: rx.url,
        webhookSecret: SECRET,
      })) as { executionId: string };
      await sb.engine.webhooks.idle();
      tick(20);
      await sb.engine.webhooks.idle();
      const response = await fetch(`${sb.url}/__sandbox/webhooks`, {
        headers: { 'x-sandbox-control-token': (sb as unknown as { controlToken?: string }).controlToken ?? '' },
      });
      const log = (await response.json()) as {
        deliveries: { executionId: string; state: string; attempts: { status: number }[] }[];
      };
      const first = log.deliveries.find((d) => d.executionId === executionId)!;
      assert.deepEqual(
        [first.state, first.attempts.map((a) => a.status)],
        ['delivered', [500, 200]],
        '2 s at timeScale 100 is 20 ms',
      );
      const skipped = (await ok(sb, 'executions/dispatch', {
        definitionId: 'contract-test',
        webhookUrl: 'https://hooks.example/x',
        webhookSecret: SECRET,
      })) as { executionId: string };
      assert.equal(sb.engine.webhooks.deliveries(skipped.executionId)[0]?.state, 'skipped');
    } finally {
      await sb.close();
      await rx.close();
    }
  });
});
