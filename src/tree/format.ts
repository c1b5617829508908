// Pure text helpers for tree labels and tooltips: relative and absolute times. Durations come from the
// shared util so the tree and the hover format them alike.
export { formatDuration } from '../util/executionText';

export function formatRelative(at: number, now: number): string {
  const diff = now - at;
  const abs = Math.abs(diff);
  const unit =
    abs < 45_000
      ? null
      : abs < 45 * 60_000
        ? [Math.round(abs / 60_000), 'min']
        : abs < 22 * 3_600_000
          ? [Math.round(abs / 3_600_000), 'h']
          : [Math.round(abs / 86_400_000), 'd'];
  if (!unit) return diff >= 0 ? 'just now' : 'in a moment';
  return diff >= 0 ? `${unit[0]} ${unit[1]} ago` : `in ${unit[0]} ${unit[1]}`;
}

export function formatAbsolute(at: number): string {
  const d = new Date(at);
  return `${d.toLocaleString()} (${d.toISOString()})`;
}

export function shortId(executionId: string): string {
  return executionId.length > 12 ? `…${executionId.slice(-8)}` : executionId;
}
