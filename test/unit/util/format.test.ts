// The shared words and numbers: one duration style, one "just now" threshold, one status vocabulary.
import { strict as assert } from 'node:assert';
import {
  JUST_NOW_MS,
  formatAbsolute,
  formatDuration,
  formatElapsed,
  formatLocal,
  formatRelative,
  formatUtc,
  runStatus,
  shortId,
  statusWord,
  stepStatusWord,
} from '../../../src/util/format';

const ts = Date.UTC(2026, 3, 28, 11, 8, 24, 255);
const human = (status: string): { status: string; nodeType: string } => ({ status, nodeType: 'human' });

describe('util/format', () => {
  it('durations read "3m 04s" style at every scale', () => {
    assert.equal(formatDuration(850), '850ms');
    assert.equal(formatDuration(12_000), '12s');
    assert.equal(formatDuration(59_999), '59s');
    assert.equal(formatDuration(184_000), '3m 04s');
    assert.equal(formatDuration(2 * 3_600_000 + 5 * 60_000), '2h 05m');
    assert.equal(formatDuration(3 * 86_400_000 + 4 * 3_600_000), '3d 4h');
    assert.equal(formatDuration(-1), '—');
    assert.equal(formatDuration(Number.NaN), '—');
  });

  it('relative times share one "just now" threshold and the duration units', () => {
    assert.equal(JUST_NOW_MS, 10_000);
    assert.equal(formatRelative(ts, ts), 'just now');
    assert.equal(formatRelative(ts, ts + JUST_NOW_MS - 1), 'just now');
    assert.equal(formatRelative(ts, ts + JUST_NOW_MS), '10s ago');
    assert.equal(formatRelative(ts, ts + 45_000), '45s ago');
    assert.equal(formatRelative(ts, ts + 3 * 60_000 + 59_000), '3m ago');
    assert.equal(formatRelative(ts, ts + 2 * 3_600_000), '2h ago');
    assert.equal(formatRelative(ts, ts + 5 * 86_400_000), '5d ago');
    assert.equal(formatRelative(ts + 2000, ts), 'in a moment');
    assert.equal(formatRelative(ts + 90_000, ts), 'in 1m');
    assert.equal(formatRelative(Number.NaN, ts), '—');
  });

  it('absolute times: local with or without milliseconds, UTC, both for tooltips', () => {
    assert.equal(formatUtc(ts), '2026-04-28T11:08:24.255Z');
    assert.match(formatLocal(ts), /^\d{4}-\d\d-\d\d \d\d:\d\d:24\.255$/);
    assert.equal(formatLocal(ts, 's'), formatLocal(ts).slice(0, -4));
    assert.equal(formatAbsolute(ts), `${formatLocal(ts, 's')} (2026-04-28T11:08:24.255Z)`);
    assert.equal(formatLocal(Number.NaN), '—');
    assert.equal(formatUtc(Number.NaN), '—');
  });

  it('elapsed offsets from the start', () => {
    assert.equal(formatElapsed(250), '+0.250s');
    assert.equal(formatElapsed(3 * 60_000 + 2100), '+3:02.100');
    assert.equal(formatElapsed(3_723_456), '+1:02:03.456');
    assert.equal(formatElapsed(-1500), '-1.500s');
  });

  it('short ids keep the tail and mark the cut', () => {
    assert.equal(shortId('exec_1777374504255_xzy43k9q'), '…xzy43k9q');
    assert.equal(shortId('exec_1'), 'exec_1');
    assert.equal(shortId('123456789012'), '123456789012');
  });

  it('a running run with a human step waiting is "Waiting for approval"', () => {
    const waiting = { status: 'running', steps: [human('completed'), human('waiting')] };
    assert.equal(runStatus(waiting), 'waiting');
    assert.equal(statusWord(runStatus(waiting)), 'Waiting for approval');
    assert.equal(runStatus({ status: 'running', steps: [{ status: 'waiting', nodeType: 'agent' }] }), 'running');
    assert.equal(runStatus({ status: 'failed', steps: [human('waiting')] }), 'failed', 'terminal wins');
    assert.equal(runStatus({ status: 'running', steps: [] }), 'running');
  });

  it('status words: known statuses capitalised, unknown ones unchanged, steps by who they wait for', () => {
    assert.equal(statusWord('running'), 'Running');
    assert.equal(statusWord('completed'), 'Completed');
    assert.equal(statusWord('teleported'), 'teleported');
    assert.equal(stepStatusWord(human('waiting')), 'Waiting for approval');
    assert.equal(stepStatusWord({ status: 'waiting', nodeType: 'webhook' }), 'Waiting');
    assert.equal(stepStatusWord(human('skipped')), 'Skipped');
  });
});
