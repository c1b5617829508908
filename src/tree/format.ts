// Pure text helpers for tree labels and tooltips: durations, relative times.

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

export function formatRelative(at: number, now: number): string {
  const diff = now - at;
  const abs = Math.abs(diff);
  const unit = abs < 45_000 ? null
    : abs < 45 * 60_000 ? [Math.round(abs / 60_000), 'min']
    : abs < 22 * 3_600_000 ? [Math.round(abs / 3_600_000), 'h']
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
