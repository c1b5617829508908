// Delivery to a receiver: signed with the secret (verified here by an independent HMAC), the event id
// stable and x-velt-attempt counting from 0 across retries, the shared backoff between attempts, a timeout
// per attempt, giving up after the attempts, and receiver URLs restricted to https or localhost.
import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { backoffDelay } from '../../../src/api';
import { checkReceiverUrl, deliver, deliveryLine, webhookFor, type AttemptResult } from '../../../src/webhooks';
import { startReceiver } from './receiver';

const SECRET = 'whsec_deliver_test_0001';
const webhook = webhookFor(
  {
    eventId: 'evt_9',
    seq: 9,
    type: 'step.completed',
    stepId: null,
    timestamp: 1_780_000_000_000,
    correlationId: null,
    data: { a: 1 },
  },
  { executionId: 'exec_1777374504255_xzy43k9q', definitionId: 'doc-signoff' },
);

describe('webhooks: delivery', function () {
  this.timeout(20_000);

  it('retries a failing receiver with the shared backoff, then delivers; each attempt signed and numbered', async () => {
    const rx = await startReceiver((n) => (n === 0 ? 503 : n === 1 ? 'drop' : 200));
    const waits: number[] = [];
    const attempts: AttemptResult[] = [];
    try {
      const last = await deliver({ url: rx.url, secret: SECRET }, webhook, {
        maxAttempts: 5,
        backoff: { baseMs: 100, maxMs: 1_000, jitter: 1 },
        timeoutMs: 2_000,
        userAgent: 'test',
        sleep: (ms) => {
          waits.push(ms);
          return Promise.resolve();
        },
        onAttempt: (result) => attempts.push(result),
      });
      assert.equal(last.delivered, true);
      assert.deepEqual(
        attempts.map((a) => [a.attempt, a.status, a.delivered]),
        [
          [0, 503, false],
          [1, null, false],
          [2, 200, true],
        ],
      );
      assert.deepEqual(
        waits,
        [1, 2].map((n) => backoffDelay(n, { baseMs: 100, maxMs: 1_000 })),
        'backoffDelay: 100, 200',
      );
      assert.equal(rx.received.length, 3);
      for (const [index, r] of rx.received.entries()) {
        const expected = createHmac('sha256', SECRET).update(r.body).digest('hex');
        assert.equal(r.headers['x-velt-signature'], `sha256=${expected}`);
        assert.equal(r.headers['x-velt-event-id'], 'evt_9');
        assert.equal(r.headers['x-velt-attempt'], String(index));
        assert.equal(r.headers['content-type'], 'application/json');
        assert.equal(r.body, webhook.body, 'the same bytes every attempt');
      }
      assert.match(
        deliveryLine(attempts[0]!),
        /^step\.completed exec_1777374504255_xzy43k9q seq 9 → 503 \(\d+ms\), retry in 100ms$/,
      );
      assert.match(deliveryLine(attempts[2]!), /seq 9 attempt 3 → 200 \(\d+ms\)$/);
    } finally {
      await rx.close();
    }
  });

  it('gives up after maxAttempts and reports the last answer; unsigned without a secret', async () => {
    const rx = await startReceiver(() => 500);
    try {
      const last = await deliver({ url: rx.url, secret: undefined }, webhook, {
        maxAttempts: 3,
        backoff: { baseMs: 1, maxMs: 2 },
        timeoutMs: 2_000,
        userAgent: 'test',
      });
      assert.deepEqual([last.delivered, last.attempt, last.status, last.retryInMs], [false, 2, 500, undefined]);
      assert.match(deliveryLine(last), /→ 500 .*, gave up$/);
      assert.equal(rx.received.length, 3);
      assert.equal(rx.received[0]!.headers['x-velt-signature'], undefined);
    } finally {
      await rx.close();
    }
  });

  it('a receiver that does not answer in time counts as a failed attempt; a refused connection too', async () => {
    // `closed` is started and closed again, so its port refuses; `hanging` accepts and never answers.
    const closed = await startReceiver(() => 200);
    const http = await import('node:http');
    const hanging = http.createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const port = (hanging.address() as { port: number }).port;
    try {
      const slow = await deliver({ url: `http://127.0.0.1:${port}/`, secret: SECRET }, webhook, {
        maxAttempts: 1,
        backoff: { baseMs: 1, maxMs: 1 },
        timeoutMs: 150,
        userAgent: 'test',
      });
      assert.deepEqual([slow.status, slow.error], [null, 'no answer within 150 ms']);
      await closed.close();
      const refused = await deliver({ url: closed.url, secret: SECRET }, webhook, {
        maxAttempts: 1,
        backoff: { baseMs: 1, maxMs: 1 },
        timeoutMs: 2_000,
        userAgent: 'test',
      });
      assert.deepEqual([refused.status, refused.error], [null, 'ECONNREFUSED']);
    } finally {
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
    }
  });

  it('aborting stops between attempts', async () => {
    const rx = await startReceiver(() => 503);
    const controller = new AbortController();
    try {
      const pending = deliver({ url: rx.url, secret: SECRET }, webhook, {
        maxAttempts: Number.POSITIVE_INFINITY,
        backoff: { baseMs: 10_000, maxMs: 10_000 },
        timeoutMs: 2_000,
        userAgent: 'test',
        signal: controller.signal,
        onAttempt: () => controller.abort(),
      });
      await assert.rejects(pending, /cancelled/);
      assert.equal(rx.received.length, 1);
    } finally {
      await rx.close();
    }
  });

  it('receiver URLs: https anywhere, http only to localhost, no user info', () => {
    assert.equal(checkReceiverUrl('http://localhost:3000/hooks').ok, true);
    assert.equal(checkReceiverUrl('http://127.0.0.1:3000/hooks').ok, true);
    assert.equal(checkReceiverUrl('https://hooks.example.com/velt').ok, true);
    assert.equal(checkReceiverUrl('http://hooks.example.com/velt').ok, false);
    assert.equal(checkReceiverUrl('https://user:pw@hooks.example.com/').ok, false);
    assert.equal(checkReceiverUrl('localhost:3000').ok, false);
    assert.equal(checkReceiverUrl('not a url').ok, false);
  });
});
