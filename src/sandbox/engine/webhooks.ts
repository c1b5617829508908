// Outbound webhook delivery (velt-api.md §6.3, docs "Webhook delivery"): every external event of a
// run that has a receiver (dispatch webhookUrl/secret, else the definition's webhookConfig with its
// eventTypes filter) is POSTed with x-velt-signature: sha256=<hex HMAC of the raw body>,
// x-velt-event-id (stable across retries) and x-velt-attempt (0-based); retried after 2 s, 8 s,
// 32 s, 2 min and 8 min (scaled by timeScale), then dead-lettered. The sandbox sends to loopback
// only; other receivers are logged as skipped. The delivery log is bounded and readable. A simulated
// outage (setOutage) makes every attempt fail without being sent until it ends, so the full story
// (outage → missed events → reconcile → re-deliver) can be tried locally.
import { createHmac } from 'node:crypto';
import type { Engine } from './engine';
import type { LogEntry } from './model';
import type { Run } from './run';
import { isLoopbackUrl, type HttpTransport } from './transport';

export const RETRY_DELAYS_MS = [2000, 8000, 32_000, 120_000, 480_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
const TIMEOUT_MS = 10_000;
/** The longest outage one call can simulate (a day): enough for any demo, and no timer lives forever. */
export const MAX_OUTAGE_MS = 24 * 60 * 60 * 1000;
export const OUTAGE_ERROR = 'simulated webhook outage';

export interface DeliveryAttempt {
  attempt: number;
  at: number;
  status: number | null;
  error: string | null;
}
export interface Delivery {
  deliveryId: string;
  eventId: string;
  executionId: string;
  seq: number;
  event: string;
  url: string;
  state: 'pending' | 'delivered' | 'dead-lettered' | 'skipped';
  attempts: DeliveryAttempt[];
  nextAttemptAt: number | null;
  note: string | null;
}

export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export class WebhookDispatcher {
  private readonly log: Delivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private nextId = 1;
  /** Engine time until which every attempt fails unsent; null: no outage. */
  private outageUntil: number | null = null;

  constructor(
    private readonly engine: Engine,
    private readonly transport: HttpTransport,
    private readonly maxLog = 2000,
  ) {
    engine.executor.onEvent((run, entry) => this.onEvent(run, entry));
  }

  deliveries(executionId?: string): Delivery[] {
    return this.log.filter((d) => executionId === undefined || d.executionId === executionId);
  }

  /** The outage in force, if any: its end in engine time. */
  outage(): { until: number | null } {
    if (this.outageUntil !== null && this.engine.now() >= this.outageUntil) this.outageUntil = null;
    return { until: this.outageUntil };
  }

  /**
   * Fails every attempt from now for `durationMs` (clock time; 0 ends an outage now). Retries follow the usual
   * schedule, so deliveries that outlast the outage succeed later or are dead-lettered, as with a real one.
   */
  setOutage(durationMs: number): { until: number | null } {
    if (!Number.isFinite(durationMs) || durationMs < 0 || durationMs > MAX_OUTAGE_MS)
      throw new RangeError(`durationMs must be between 0 and ${MAX_OUTAGE_MS}`);
    this.outageUntil = durationMs === 0 ? null : this.engine.now() + Math.round(durationMs);
    return this.outage();
  }

  /** Resolves once no attempt is on the wire (tests await it after advancing the clock). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private onEvent(run: Run, entry: LogEntry): void {
    const target = run.webhook;
    if (entry.internal || !target) return;
    if (target.eventTypes && target.eventTypes.length > 0 && !target.eventTypes.includes(entry.type)) return;
    const event = run.wireEvent(entry);
    const body = JSON.stringify({
      event: entry.type,
      executionId: run.executionId,
      definitionId: run.definitionId,
      stepId: entry.stepId,
      status: run.status,
      seq: entry.seq,
      timestamp: new Date(entry.timestamp).toISOString(),
      correlationId: run.correlationId,
      data: entry.data,
    });
    const delivery: Delivery = {
      deliveryId: `dlv_${this.nextId++}`,
      eventId: event.eventId,
      executionId: run.executionId,
      seq: entry.seq,
      event: entry.type,
      url: target.url,
      state: 'pending',
      attempts: [],
      nextAttemptAt: this.engine.now(),
      note: null,
    };
    this.remember(delivery);
    if (!isLoopbackUrl(target.url)) {
      delivery.state = 'skipped';
      delivery.nextAttemptAt = null;
      delivery.note = 'the sandbox delivers webhooks to loopback URLs only';
      return;
    }
    this.attempt(delivery, body, target.secret);
  }

  private attempt(delivery: Delivery, body: string, secret: string): void {
    const attempt = delivery.attempts.length;
    delivery.nextAttemptAt = null;
    if (this.outage().until !== null) {
      this.record(delivery, attempt, null, OUTAGE_ERROR, () => this.attempt(delivery, body, secret));
      return;
    }
    const sending = this.transport
      .send({
        url: delivery.url,
        method: 'POST',
        body,
        timeoutMs: TIMEOUT_MS,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'velt-sandbox-webhooks',
          'x-velt-signature': signature(secret, body),
          'x-velt-event-id': delivery.eventId,
          'x-velt-attempt': String(attempt),
        },
      })
      .then((reply) =>
        this.record(delivery, attempt, reply.ok ? reply.status : null, reply.ok ? null : reply.error, () =>
          this.attempt(delivery, body, secret),
        ),
      );
    const tracked = sending.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  /** One attempt's outcome: delivered, dead-lettered after the last attempt, or a retry on the §6.3 schedule. */
  private record(
    delivery: Delivery,
    attempt: number,
    status: number | null,
    error: string | null,
    retry: () => void,
  ): void {
    delivery.attempts.push({ attempt, at: this.engine.now(), status, error });
    if (status !== null && status >= 200 && status < 300) {
      delivery.state = 'delivered';
    } else if (delivery.attempts.length >= MAX_ATTEMPTS) {
      delivery.state = 'dead-lettered';
    } else {
      const delay = RETRY_DELAYS_MS[delivery.attempts.length - 1]!;
      this.engine.timers.after(delay, retry);
      delivery.nextAttemptAt = this.engine.now() + Math.round(delay / this.engine.timers.timeScale);
    }
  }

  /** Bounded: the oldest finished deliveries go first. */
  private remember(delivery: Delivery): void {
    this.log.push(delivery);
    if (this.log.length <= this.maxLog) return;
    const index = this.log.findIndex((d) => d.state !== 'pending');
    this.log.splice(index >= 0 ? index : 0, 1);
  }
}
