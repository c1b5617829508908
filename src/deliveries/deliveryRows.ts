// The Webhook Deliveries view's rows from the sandbox's delivery log, as plain data (vscode-free, unit-tested):
// notices first (an outage in force, an empty log, unreadable entries), then the deliveries newest first.
import type { Delivery, DeliveryLog } from '../sandboxHost/deliveryControl';
import { formatDuration } from '../util/format';

/** Rows shown; the engine keeps 2,000 deliveries, more than a view can usefully list. */
export const MAX_DELIVERY_ROWS = 300;

export type DeliveryNode =
  { kind: 'notice'; text: string; icon: string } | { kind: 'delivery'; delivery: Delivery; now: number };

export function logNodes(log: DeliveryLog): DeliveryNode[] {
  const notices: DeliveryNode[] = [];
  if (log.outageUntil !== null)
    notices.push({
      kind: 'notice',
      text: `Simulated outage: every delivery fails for ${formatDuration(log.outageUntil - log.now)} more`,
      icon: 'debug-disconnect',
    });
  if (log.deliveries.length === 0)
    notices.push({
      kind: 'notice',
      text: 'No deliveries yet: dispatch a run with a webhookUrl to localhost, or a definition with webhookConfig.',
      icon: 'info',
    });
  if (log.dropped > 0)
    notices.push({
      kind: 'notice',
      text: `${log.dropped} log entries could not be read and are not shown.`,
      icon: 'warning',
    });
  const rows = log.deliveries
    .slice(-MAX_DELIVERY_ROWS)
    .reverse()
    .map((delivery): DeliveryNode => ({ kind: 'delivery', delivery, now: log.now }));
  return [...notices, ...rows];
}

/** The description: the last attempt's outcome and what happens next. */
export function deliveryDescription(d: Delivery, now: number): string {
  const last = d.attempts[d.attempts.length - 1];
  const outcome = last ? (last.status !== null ? String(last.status) : (last.error ?? 'no response')) : 'not sent yet';
  const attempt = last ? `attempt ${last.attempt + 1}` : '';
  const next =
    d.state === 'dead-lettered'
      ? 'dead-lettered'
      : d.state === 'skipped'
        ? `skipped${d.note ? `: ${d.note}` : ''}`
        : d.state === 'pending' && d.nextAttemptAt !== null
          ? `retry in ${formatDuration(Math.max(0, d.nextAttemptAt - now))}`
          : d.state === 'delivered'
            ? 'delivered'
            : 'sending';
  return [attempt, outcome, next].filter(Boolean).join(' · ');
}
