// Time formatting for rows and the header: local, UTC, relative ("3m ago") and elapsed since the
// execution started ("+1:02:03.456"). Pure; `now` and the start time are passed in. The formats
// themselves live in util/format, shared with the tree, hover and CLI.
import type { TimeFormat } from '../panel/protocol';
import { formatElapsed, formatLocal, formatRelative, formatUtc } from '../util/format';

export const TIME_FORMATS: readonly { value: TimeFormat; label: string }[] = [
  { value: 'local', label: 'Local time' },
  { value: 'utc', label: 'UTC' },
  { value: 'relative', label: 'Relative' },
  { value: 'elapsed', label: 'Elapsed' },
];

export interface TimeContext {
  now: number;
  /** The execution's start (or first event) for elapsed times. */
  startedAt: number | null;
}

export function formatTime(ts: number, format: TimeFormat, context: TimeContext): string {
  switch (format) {
    case 'utc':
      return formatUtc(ts);
    case 'relative':
      return formatRelative(ts, context.now);
    case 'elapsed':
      return context.startedAt === null ? formatUtc(ts) : formatElapsed(ts - context.startedAt);
    default:
      return formatLocal(ts);
  }
}

/** Tooltip text showing every form at once. */
export function timeTooltip(ts: number, context: TimeContext): string {
  const parts = [`Local: ${formatLocal(ts)}`, `UTC: ${formatUtc(ts)}`, `Relative: ${formatRelative(ts, context.now)}`];
  if (context.startedAt !== null) parts.push(`Elapsed: ${formatElapsed(ts - context.startedAt)}`);
  return parts.join('\n');
}
