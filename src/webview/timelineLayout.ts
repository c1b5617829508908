// The timeline's time axis: times to fractions of the track width, with idle gaps optionally drawn
// compressed to a sliver each, and bars kept at a minimum visible width. Pure (no DOM).
import type { TimelineGap } from '../panel/protocol';

/** A compressed gap takes this share of the rest of the axis. */
export const COMPRESSED_GAP_SHARE = 0.03;

export interface Axis {
  start: number;
  end: number;
  /** Gaps drawn compressed (empty when expanded), and the time each one is drawn as. */
  gaps: readonly TimelineGap[];
  gapMs: number;
  /** The drawn length of the axis in (compressed) milliseconds. */
  span: number;
}

export function makeAxis(start: number, end: number, gaps: readonly TimelineGap[], compress: boolean): Axis {
  const inside = compress ? gaps.filter((g) => g.from >= start && g.to <= end && g.to > g.from) : [];
  const hidden = inside.reduce((sum, g) => sum + (g.to - g.from), 0);
  const rest = Math.max(1, end - start - hidden);
  const gapMs = inside.length > 0 ? Math.max(1, rest * COMPRESSED_GAP_SHARE) : 0;
  return { start, end, gaps: inside, gapMs, span: rest + gapMs * inside.length };
}

/** Where `t` falls on the axis, from 0 (start) to 1 (end). */
export function position(axis: Axis, t: number): number {
  let x = Math.min(Math.max(t, axis.start), axis.end) - axis.start;
  for (const gap of axis.gaps) {
    if (t >= gap.to) x -= gap.to - gap.from - axis.gapMs;
    else if (t > gap.from) {
      x -= t - gap.from - (axis.gapMs * (t - gap.from)) / (gap.to - gap.from);
      break;
    } else break;
  }
  return Math.min(1, Math.max(0, x / axis.span));
}

/** A bar from `from` to `to` as left and width fractions, at least `minWidth` wide and inside the track. */
export function barBox(axis: Axis, from: number, to: number, minWidth: number): { left: number; width: number } {
  const a = position(axis, from);
  const width = Math.max(position(axis, Math.max(from, to)) - a, minWidth);
  return { left: Math.max(0, Math.min(a, 1 - width)), width: Math.min(1, width) };
}

/**
 * The axis end while a run is still going: now plus a quarter of its age (at least 5 s), so the axis holds
 * still for a while and only the running bars grow each second.
 */
export function runningEnd(start: number, now: number): number {
  return now + Math.max(5_000, (now - start) / 4);
}
