// The one place for the words and numbers every surface shows about a run: its status word, durations
// ("3m 04s"), relative times ("just now", "3m ago"), absolute times and short ids. Used by the tree,
// hover, pickers, status bar, panel (host and webview) and CLI, so a run reads the same everywhere.
// Imports nothing: the webview bundle includes it, so it stays free of `vscode` and Node.

/** Below this, a time in the past reads "just now" (the same threshold on every surface). */
export const JUST_NOW_MS = 10_000;

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

const pad = (n: number, width = 2): string => String(Math.trunc(n)).padStart(width, '0');

/** "850ms", "12s", "3m 04s", "2h 05m", "3d 4h"; "—" when unknown or negative. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${pad(s % 60)}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${pad(m % 60)}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** The largest whole unit of a span: "45s", "3m", "2h", "5d". */
function coarseSpan(ms: number): string {
  if (ms < MINUTE) return `${Math.floor(ms / 1000)}s`;
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)}m`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)}h`;
  return `${Math.floor(ms / DAY)}d`;
}

/** "just now", "45s ago", "3m ago", "2h ago", "5d ago"; future times read "in a moment" / "in 3m". */
export function formatRelative(at: number, now: number): string {
  if (!Number.isFinite(at) || !Number.isFinite(now)) return '—';
  const diff = now - at;
  const abs = Math.abs(diff);
  if (abs < JUST_NOW_MS) return diff >= 0 ? 'just now' : 'in a moment';
  return diff >= 0 ? `${coarseSpan(abs)} ago` : `in ${coarseSpan(abs)}`;
}

/** Local wall-clock time, "2026-04-28 13:08:24.255" (or without milliseconds); "—" for an invalid time. */
export function formatLocal(at: number, precision: 'ms' | 's' = 'ms'): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return '—';
  const seconds = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return precision === 'ms' ? `${seconds}.${pad(d.getMilliseconds(), 3)}` : seconds;
}

/** ISO-8601 UTC, "2026-04-28T11:08:24.255Z"; "—" for an invalid time. */
export function formatUtc(at: number): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? '—' : d.toISOString();
}

/** Both clocks for tooltips: "2026-04-28 13:08:24 (2026-04-28T11:08:24.255Z)". */
export function formatAbsolute(at: number): string {
  return `${formatLocal(at, 's')} (${formatUtc(at)})`;
}

/** Offset from a run's start: "+0.250s", "+3:02.100", "+1:02:03.456"; negative offsets keep their sign. */
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

/** The tail of a long id, marked as cut: "…xzy43k9q"; short ids are kept whole. */
export function shortId(executionId: string): string {
  return executionId.length > 12 ? `…${executionId.slice(-8)}` : executionId;
}

/** What the status words need to know about a step. */
export interface StatusStep {
  status: string;
  nodeType: string;
}

/** What the status words need to know about a run (an ExecutionView, a PanelExecution, …). */
export interface StatusRun {
  status: string;
  steps: readonly StatusStep[];
}

/** The status a surface shows for a run: "waiting" when it is running but a human step waits for a decision. */
export function runStatus(run: StatusRun): string {
  return run.status === 'running' && run.steps.some(isAwaitingApproval) ? 'waiting' : run.status;
}

/** A step that waits for a person's decision (agents and webhooks also wait, but not for approval). */
export function isAwaitingApproval(step: StatusStep): boolean {
  return step.status === 'waiting' && step.nodeType === 'human';
}

const STATUS_WORDS: Readonly<Record<string, string>> = {
  pending: 'Pending',
  running: 'Running',
  waiting: 'Waiting for approval',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
  breached: 'Breached',
  skipped: 'Skipped',
};

/**
 * The word for a run status as `runStatus` gives it ("waiting" reads "Waiting for approval"). Unknown
 * statuses come back as they are: callers still pass API text through their sink's inert helper.
 */
export function statusWord(status: string): string {
  return STATUS_WORDS[status] ?? status;
}

/** The word for a step's status: a human step that waits reads "Waiting for approval", other waits "Waiting". */
export function stepStatusWord(step: StatusStep): string {
  if (step.status === 'waiting') return isAwaitingApproval(step) ? STATUS_WORDS['waiting']! : 'Waiting';
  return statusWord(step.status);
}
