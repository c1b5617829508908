// The webview's time column: local, UTC, relative and elapsed since start (formats from util/format).
import { strict as assert } from 'node:assert';
import { formatElapsed, formatLocal, formatUtc } from '../../../src/util/format';
import { formatTime, timeTooltip } from '../../../src/webview/time';

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

  it('the relative column and the tooltip use the shared formats', () => {
    assert.equal(formatTime(ts, 'relative', { now: ts + 3 * 60_000, startedAt: null }), '3m ago');
    assert.match(timeTooltip(ts, { now: ts + 2000, startedAt: null }), /\nRelative: just now$/);
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
});
