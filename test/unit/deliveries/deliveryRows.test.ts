// The Webhook Deliveries view's rows: notices (outage, empty, unreadable entries), newest first, bounded;
// each description says the attempt, the outcome and what happens next.
import * as assert from 'node:assert/strict';
import { MAX_DELIVERY_ROWS, deliveryDescription, logNodes } from '../../../src/deliveries/deliveryRows';
import type { Delivery } from '../../../src/sandboxHost/deliveryControl';

const delivery = (n: number, extra: Partial<Delivery> = {}): Delivery => ({
  deliveryId: `dlv_${n}`,
  eventId: `evt_${n}`,
  executionId: 'exec_1',
  seq: n,
  event: 'step.completed',
  url: 'http://127.0.0.1:9/hooks',
  state: 'delivered',
  attempts: [{ attempt: 0, at: 0, status: 200, error: null }],
  nextAttemptAt: null,
  note: null,
  ...extra,
});

describe('Webhook Deliveries rows', () => {
  it('describes delivered, retrying, dead-lettered and skipped deliveries', () => {
    assert.equal(deliveryDescription(delivery(1), 0), 'attempt 1 · 200 · delivered');
    assert.equal(
      deliveryDescription(
        delivery(2, {
          state: 'pending',
          attempts: [
            { attempt: 0, at: 0, status: null, error: 'simulated webhook outage' },
            { attempt: 1, at: 2000, status: 503, error: null },
          ],
          nextAttemptAt: 10_000,
        }),
        2_000,
      ),
      'attempt 2 · 503 · retry in 8s',
    );
    assert.equal(
      deliveryDescription(
        delivery(3, { state: 'dead-lettered', attempts: [{ attempt: 5, at: 0, status: 500, error: null }] }),
        0,
      ),
      'attempt 6 · 500 · dead-lettered',
    );
    assert.equal(
      deliveryDescription(delivery(4, { state: 'skipped', attempts: [], note: 'loopback only' }), 0),
      'not sent yet · skipped: loopback only',
    );
  });

  it('puts the outage and unreadable entries first, then the newest deliveries, bounded', () => {
    const deliveries = Array.from({ length: MAX_DELIVERY_ROWS + 5 }, (_, i) => delivery(i));
    const nodes = logNodes({ now: 1_000, outageUntil: 61_000, deliveries, dropped: 2 });
    assert.equal(nodes[0]!.kind, 'notice');
    assert.match((nodes[0] as { text: string }).text, /outage.*1m/);
    assert.match((nodes[1] as { text: string }).text, /2 log entries could not be read/);
    const rows = nodes.filter((n) => n.kind === 'delivery');
    assert.equal(rows.length, MAX_DELIVERY_ROWS);
    assert.equal(rows[0]!.kind === 'delivery' && rows[0]!.delivery.seq, MAX_DELIVERY_ROWS + 4, 'newest first');
  });

  it('says how to get deliveries when there are none', () => {
    const nodes = logNodes({ now: 0, outageUntil: null, deliveries: [], dropped: 0 });
    assert.deepEqual(
      nodes.map((n) => n.kind),
      ['notice'],
    );
  });
});
