// The webhook body in the engine's shape (key order included) and the signature, checked against an
// HMAC computed here independently.
import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { signatureFor, webhookFor } from '../../../src/webhooks';

describe('webhooks: body and signature', () => {
  const event = {
    eventId: 'evt_abc',
    seq: 7,
    type: 'step.completed',
    stepId: 'step_agent-draft_1_abcdef',
    timestamp: Date.UTC(2026, 11, 1, 9, 30),
    correlationId: 'corr_42',
    data: { decision: 'approve' },
  };

  it('has the fields of a Velt delivery, in the engine order, with an ISO timestamp', () => {
    const webhook = webhookFor(event, { executionId: 'exec_1777374504255_xzy43k9q', definitionId: 'doc-signoff' });
    assert.equal(
      webhook.body,
      '{"event":"step.completed","executionId":"exec_1777374504255_xzy43k9q","definitionId":"doc-signoff",' +
        '"stepId":"step_agent-draft_1_abcdef","status":"running","seq":7,"timestamp":"2026-12-01T09:30:00.000Z",' +
        '"correlationId":"corr_42","data":{"decision":"approve"}}',
    );
    assert.deepEqual([webhook.eventId, webhook.seq, webhook.event], ['evt_abc', 7, 'step.completed']);
    const dispatched = webhookFor({ ...event, type: 'execution.dispatched' }, { executionId: 'x', definitionId: 'd' });
    assert.equal((JSON.parse(dispatched.body) as { status: string }).status, 'pending');
    const failed = webhookFor({ ...event, type: 'execution.failed' }, { executionId: 'x', definitionId: 'd' });
    assert.equal((JSON.parse(failed.body) as { status: string }).status, 'failed');
    const broken = webhookFor({ ...event, timestamp: 1e300 }, { executionId: 'x', definitionId: 'd' });
    assert.equal(
      (JSON.parse(broken.body) as { timestamp: unknown }).timestamp,
      null,
      'an impossible time does not throw',
    );
  });

  it('signs the raw body: sha256=<hex HMAC-SHA256>', () => {
    const body = '{"event":"step.completed","data":"é"}';
    const expected = createHmac('sha256', 'whsec_test_secret_1234').update(Buffer.from(body, 'utf8')).digest('hex');
    assert.equal(signatureFor('whsec_test_secret_1234', body), `sha256=${expected}`);
    assert.notEqual(signatureFor('another-secret-123456', body), `sha256=${expected}`);
  });
});
