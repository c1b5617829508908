// The webhook as Velt delivers it (velt-api.md §6.3; the same shape, key order included, as the sandbox
// engine's deliveries in src/sandbox/engine/webhooks.ts): the JSON body, and its signature header value
// `sha256=<hex HMAC-SHA256 of the raw body>`. The sandbox may not import from here, hence a signer of our own.
import type * as Crypto from 'node:crypto';
import type { ExecutionEvent } from '../api';

/** What a webhook body needs from the execution (the event itself carries no executionId, §3.1). */
export interface WebhookExecution {
  executionId: string;
  definitionId: string;
}

export interface Webhook {
  /** The raw body: the exact bytes that are signed and sent. */
  body: string;
  /** `x-velt-event-id`: stable across attempts. */
  eventId: string;
  /** For the delivery lines. */
  executionId: string;
  seq: number;
  event: string;
}

/**
 * The run's status as the engine reports it at the moment of the event: `pending` until the run is picked
 * up, the terminal status on the terminal events, `running` in between (the event stream holds no status).
 */
export function statusAtEvent(type: string): string {
  switch (type) {
    case 'execution.dispatched':
      return 'pending';
    case 'execution.completed':
      return 'completed';
    case 'execution.failed':
      return 'failed';
    case 'execution.cancelled':
      return 'cancelled';
    default:
      return 'running';
  }
}

export function webhookFor(event: ExecutionEvent, execution: WebhookExecution): Webhook {
  const body = JSON.stringify({
    event: event.type,
    executionId: execution.executionId,
    definitionId: execution.definitionId,
    stepId: event.stepId,
    status: statusAtEvent(event.type),
    seq: event.seq,
    timestamp: isoTime(event.timestamp),
    correlationId: event.correlationId,
    data: event.data,
  });
  return { body, eventId: event.eventId, executionId: execution.executionId, seq: event.seq, event: event.type };
}

/** The `x-velt-signature` value for a raw body. */
export function signatureFor(secret: string, body: string): string {
  // Required here, not at the top: the editor bundles this module, and node:crypto is not loaded at activation.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the lazy load is the point
  const { createHmac } = require('node:crypto') as typeof Crypto;
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** ISO 8601 like the engine's bodies; null for a time no Date can hold (a broken server value must not throw). */
function isoTime(ms: number): string | null {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
