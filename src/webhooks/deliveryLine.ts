// One line per delivery attempt, the same for `listen` and `reconcile --redeliver`:
// `step.completed exec_… seq 7 → 200 (12ms)`, or `… → 503 (4ms), retry in 2s`.
import { formatDuration } from '../util/format';
import type { AttemptResult } from './deliver';

export function deliveryLine(result: AttemptResult): string {
  const { webhook } = result;
  const outcome = result.status !== null ? String(result.status) : (result.error ?? 'no response');
  const attempt = result.attempt > 0 ? ` attempt ${result.attempt + 1}` : '';
  const retry =
    result.retryInMs !== undefined
      ? `, retry in ${formatDuration(result.retryInMs)}`
      : result.delivered
        ? ''
        : ', gave up';
  return `${plain(webhook.event)} ${plain(webhook.executionId)} seq ${webhook.seq}${attempt} → ${plain(outcome)} (${formatDuration(result.ms)})${retry}`;
}

/** Server text on a terminal: no control characters (no escape sequences), bounded. */
function plain(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').slice(0, 120);
}
