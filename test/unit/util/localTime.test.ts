// Local-time formatting under time zones other than UTC (the test machines run in UTC, where a bug that
// mixes up local and UTC getters cannot show). Each zone runs in a child process with TZ set, so the
// rest of the suite keeps its own zone. Half-hour offsets (Kolkata +5:30, St. John's −3:30/−2:30)
// catch code that only shifts hours; the second instant crosses midnight into another day.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const APRIL = Date.UTC(2026, 3, 28, 11, 8, 24, 255);
const NEW_YEAR = Date.UTC(2026, 0, 1, 20, 0, 0, 5);

/** What the formatters print for APRIL and NEW_YEAR in the child's zone. */
const PROBE = `
const time = require('./src/webview/time.ts');
const text = require('./src/util/executionText.ts');
const format = require('./src/util/format.ts');
const { buildHoverMarkdown } = require('./src/hover/hoverContent.ts');
const [april, newYear] = [${APRIL}, ${NEW_YEAR}];
const execution = { executionId: 'exec_1777374504255_xzy43k9q', status: 'completed', startedAt: april, completedAt: april + 65_000,
  cancelledAt: null, definitionId: 'd', definitionVersion: 1, correlationId: null, idempotencyKey: null, failureReason: null, steps: [] };
process.stdout.write(JSON.stringify({
  zoneOffsetMinutes: new Date(april).getTimezoneOffset(),
  local: [format.formatLocal(april), format.formatLocal(newYear)],
  localFormat: time.formatTime(april, 'local', { now: april, startedAt: null }),
  tooltip: time.timeTooltip(april, { now: april + 120_000, startedAt: april - 1_000 }),
  utc: format.formatUtc(april),
  zoneFree: [format.formatRelative(april, april + 120_000), format.formatElapsed(3_723_456), format.formatDuration(65_000),
    format.formatDuration(3_723_456), format.formatRelative(april, april + 7_200_000), text.executionDuration(execution, april)],
  hover: buildHoverMarkdown({ kind: 'execution', executionId: execution.executionId, environment: 'Sandbox', execution, pinned: false, now: april + 3_600_000 }),
}));
`;

interface Probe {
  zoneOffsetMinutes: number;
  local: string[];
  localFormat: string;
  tooltip: string;
  utc: string;
  zoneFree: unknown[];
  hover: string;
}

function probe(tz: string): Probe {
  const out = execFileSync(process.execPath, ['--require', 'tsx/cjs', '-e', PROBE], {
    cwd: ROOT,
    env: { ...process.env, TZ: tz },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(out) as Probe;
}

describe('local time under a non-UTC TZ', function () {
  this.timeout(120_000);
  const zones = [
    { tz: 'UTC', offset: 0, local: ['2026-04-28 11:08:24.255', '2026-01-01 20:00:00.005'] },
    { tz: 'Asia/Kolkata', offset: -330, local: ['2026-04-28 16:38:24.255', '2026-01-02 01:30:00.005'] },
    { tz: 'America/St_Johns', offset: 150, local: ['2026-04-28 08:38:24.255', '2026-01-01 16:30:00.005'] },
  ];
  const results = new Map<string, Probe>();
  before(() => {
    for (const { tz } of zones) results.set(tz, probe(tz));
  });

  for (const { tz, offset, local } of zones) {
    it(`${tz}: local times shift by the zone's offset, minutes and date included`, () => {
      const r = results.get(tz)!;
      assert.equal(r.zoneOffsetMinutes, offset, 'the child really ran in that zone');
      assert.deepEqual(r.local, local);
      assert.equal(r.localFormat, local[0]);
      assert.match(r.tooltip, new RegExp(`^Local: ${local[0]}\\nUTC: 2026-04-28T11:08:24\\.255Z\\n`));
      assert.ok(
        r.hover.includes(local[0]!.slice(0, -4)),
        `the hover shows local time ${local[0]!.slice(0, -4)}:\n${r.hover}`,
      );
    });
  }

  it('UTC, relative, elapsed and duration texts are the same in every zone', () => {
    const utc = results.get('UTC')!;
    assert.equal(utc.utc, '2026-04-28T11:08:24.255Z');
    for (const { tz } of zones) {
      const r = results.get(tz)!;
      assert.equal(r.utc, utc.utc, tz);
      assert.deepEqual(r.zoneFree, utc.zoneFree, tz);
    }
  });
});
