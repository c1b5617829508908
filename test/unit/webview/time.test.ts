// Time formats: local, UTC, relative and elapsed since start; the header's duration.
import { strict as assert } from 'node:assert';
import {
  formatDuration,
  formatElapsed,
  formatLocal,
  formatRelative,
  formatTime,
  formatUtc,
} from '../../../src/webview/time';

const ts = Date.UTC(2026, 3, 28, 11, 8, 24, 255);

describe('time formatting', () => {
  it('formats UTC as ISO-8601', () => {
    assert.equal(formatUtc(ts), '2026-04-28T11:08:24.255Z');
    assert.equal(formatTime(ts, 'utc', { now: ts, startedAt: null }), '2026-04-28T11:08:24.255Z');
  });

  it('formats local time from the local clock', () => {
    const d = new Date(ts);
    const expected = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}:24.255`; // minutes too: half-hour zones
    assert.equal(formatLocal(ts), expected);
    assert.equal(formatLocal(Number.NaN), '—');
  });

  it('formats relative times', () => {
    assert.equal(formatRelative(ts, ts + 2000), 'just now');
    assert.equal(formatRelative(ts, ts + 45_000), '45 s ago');
    assert.equal(formatRelative(ts, ts + 3 * 60_000), '3 min ago');
    assert.equal(formatRelative(ts, ts + 2 * 3_600_000), '2 h ago');
    assert.equal(formatRelative(ts, ts + 5 * 86_400_000), '5 d ago');
    assert.equal(formatRelative(ts + 90_000, ts), 'in 1 min');
  });

  it('formats elapsed time since the start', () => {
    assert.equal(formatElapsed(250), '+0.250s');
    assert.equal(formatElapsed(12_004), '+12.004s');
    assert.equal(formatElapsed(3 * 60_000 + 2100), '+3:02.100');
    assert.equal(formatElapsed(3_723_456), '+1:02:03.456');
    assert.equal(formatElapsed(-1500), '-1.500s');
    assert.equal(formatTime(ts + 1500, 'elapsed', { now: ts, startedAt: ts }), '+1.500s');
    assert.equal(formatTime(ts, 'elapsed', { now: ts, startedAt: null }), formatUtc(ts), 'no start known: UTC');
  });

  it('formats durations for the header', () => {
    assert.equal(formatDuration(850), '850 ms');
    assert.equal(formatDuration(12_000), '12 s');
    assert.equal(formatDuration(184_000), '3 min 04 s');
    assert.equal(formatDuration(2 * 3_600_000 + 5 * 60_000), '2 h 05 min');
    assert.equal(formatDuration(3 * 86_400_000 + 4 * 3_600_000), '3 d 4 h');
    assert.equal(formatDuration(-1), '—');
  });
});
