// Re-delivery of missing events (reconcile --redeliver, and the editor's Re-deliver Missing): each event is
// sent as Velt would, a few attempts with backoff, one after another so the receiver sees them in order.
// Unreadable events cannot be rebuilt as the webhook Velt sent and are counted, not sent.
import type { ExecutionEvent } from '../api';
import { webhookFor, type WebhookExecution } from './body';
import { DELIVERY_BACKOFF, DELIVERY_TIMEOUT_MS, deliver, type AttemptResult, type Receiver } from './deliver';

/** Attempts per re-delivered event (Velt itself tries 6 times over 10 minutes; a re-run can be repeated). */
export const REDELIVER_ATTEMPTS = 4;
/** The longest wait between two attempts of one re-delivery. */
export const REDELIVER_MAX_BACKOFF_MS = 8_000;

export interface RedeliveryCounts {
  delivered: number;
  failed: number;
  skipped: number;
}

export interface RedeliverOptions {
  userAgent: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  baseMs?: number;
  maxMs?: number;
  onAttempt?: (result: AttemptResult) => void;
  /** An unreadable event that was not sent. */
  onSkipped?: (event: ExecutionEvent) => void;
}

/** Sends the events in order; adds to `counts`. Rejects only when the signal aborts. */
export async function redeliverEvents(
  receiver: Receiver,
  events: readonly ExecutionEvent[],
  execution: WebhookExecution,
  counts: RedeliveryCounts,
  options: RedeliverOptions,
): Promise<void> {
  for (const event of events) {
    if (event.unreadable) {
      counts.skipped++;
      options.onSkipped?.(event);
      continue;
    }
    const last = await deliver(receiver, webhookFor(event, execution), {
      maxAttempts: REDELIVER_ATTEMPTS,
      backoff: {
        baseMs: options.baseMs ?? DELIVERY_BACKOFF.baseMs,
        maxMs: options.maxMs ?? REDELIVER_MAX_BACKOFF_MS,
      },
      timeoutMs: options.timeoutMs ?? DELIVERY_TIMEOUT_MS,
      userAgent: options.userAgent,
      signal: options.signal,
      onAttempt: options.onAttempt,
    });
    if (last.delivered) counts.delivered++;
    else counts.failed++;
  }
}
