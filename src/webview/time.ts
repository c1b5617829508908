// Time formatting for rows and the header: local, UTC, relative ("3 min ago") and elapsed since the
// execution started ("+1:02:03.456"). Pure; `now` and the start time are passed in.
import type { TimeFormat } from '../panel/protocol';

export const TIME_FORMATS: readonly { value: TimeFormat; label: string }[] = [
  { value: 'local', label: 'Local time' },
  { value: 'utc', label: 'UTC' },
  { value: 'relative', label: 'Relative' },
  { value: 'elapsed', label: 'Elapsed' },
];

const pad = (n: number, width = 2): string => String(Math.trunc(n)).padStart(width, '0');

export function formatLocal(ts: number): string {
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return '—';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function formatUtc(ts: number): string {
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? '—' : d.toISOString();
}

/** "just now", "45 s ago", "3 min ago", "2 h ago", "5 d ago"; future times read "in …". */
export function formatRelative(ts: number, now: number): string {
  const delta = now - ts;
  const abs = Math.abs(delta);
  if (abs < 5_000) return 'just now';
  let amount: string;
  if (abs < 60_000) amount = `${Math.floor(abs / 1000)} s`;
  else if (abs < 3_600_000) amount = `${Math.floor(abs / 60_000)} min`;
  else if (abs < 86_400_000) amount = `${Math.floor(abs / 3_600_000)} h`;
  else amount = `${Math.floor(abs / 86_400_000)} d`;
  return delta >= 0 ? `${amount} ago` : `in ${amount}`;
}

/** "+0.250s", "+12.004s", "+3:02.100", "+1:02:03.456"; negative offsets keep their sign. */
export function formatElapsed(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const abs = Math.abs(ms);
  const totalSeconds = Math.floor(abs / 1000);
  const millis = pad(abs % 1000, 3);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${sign}${hours}:${pad(minutes)}:${pad(seconds)}.${millis}`;
  if (minutes > 0) return `${sign}${minutes}:${pad(seconds)}.${millis}`;
  return `${sign}${seconds}.${millis}s`;
}

/** Human duration for the header: "850 ms", "12 s", "3 min 04 s", "2 h 05 min", "3 d 4 h". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${pad(s % 60)} s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ${pad(m % 60)} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

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

/** Width of the time column in `ch` for a format. */
export function timeColumnWidth(format: TimeFormat): number {
  return format === 'utc' ? 25 : format === 'local' ? 24 : format === 'relative' ? 11 : 13;
}
