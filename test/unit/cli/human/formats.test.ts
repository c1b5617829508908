// Snapshots of every output for people on fixed data, at wide and narrow widths, with and without colour;
// and the properties each must have whatever the data: no escape sequence, control, bidi or zero-width
// character from the API reaches the terminal, and no line is wider than the terminal (tables never wrap).
// Update the snapshots after an intended change: UPDATE_SNAPSHOTS=1 npx mocha test/unit/cli/human/formats.test.ts
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { definitionSummary, definitionsTable } from '../../../../src/cli/human/definitions';
import { eventHeader, eventLine, pageFooter } from '../../../../src/cli/human/events';
import { executionSummary, executionsTable } from '../../../../src/cli/human/executions';
import { reconcileTable } from '../../../../src/cli/human/reconcile';
import { displayWidth, terminalStyle, type TerminalStyle } from '../../../../src/cli/human/terminal';
import { writeSentence } from '../../../../src/cli/human/writes';
import { parseArgs } from '../../../../src/cli/args';
import type { WriteInvocation } from '../../../../src/cli/writeArgs';
import { DEFINITIONS, EVENTS, FAILED, LIST, NOW, RUN } from './fixtures';

const SNAPSHOTS = path.join(__dirname, 'formats.snap.json');
const update = process.env.UPDATE_SNAPSHOTS === '1';
const stored = fs.existsSync(SNAPSHOTS)
  ? (JSON.parse(fs.readFileSync(SNAPSHOTS, 'utf8')) as Record<string, string>)
  : {};
const written: Record<string, string> = {};

const SGR = /\u001b\[\d+m/g;
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;

function style(width: number, colour: boolean): TerminalStyle {
  return { width, colour, now: () => NOW };
}

/** Sentences that may wrap like any prose (a command to copy is never cut); every other line must fit. */
const PROSE = /^(More events: |\d+ items? could not be read)/;

/** Checks the properties, then compares with (or records) the snapshot. */
function check(name: string, text: string, s: TerminalStyle): void {
  const plain = text.replace(SGR, '');
  if (!s.colour) assert.equal(text, plain, `${name}: no colour codes without colour`);
  assert.ok(!UNSAFE.test(plain), `${name}: no control, bidi or zero-width character: ${JSON.stringify(plain)}`);
  for (const line of plain.split('\n').filter((l) => !PROSE.test(l)))
    assert.ok(displayWidth(line) <= s.width, `${name}: ${JSON.stringify(line)} is wider than ${s.width}`);
  written[name] = text;
  if (update) return;
  assert.ok(name in stored, `no snapshot "${name}" (run with UPDATE_SNAPSHOTS=1 to record it)`);
  assert.equal(text, stored[name], `${name} differs from its snapshot`);
}

describe('velt-executions output for people', () => {
  const tz = process.env.TZ;
  before(() => {
    process.env.TZ = 'UTC';
  });
  after(() => {
    process.env.TZ = tz;
    if (update) fs.writeFileSync(SNAPSHOTS, `${JSON.stringify(written, null, 1)}\n`);
  });

  for (const [width, colour] of [
    [120, true],
    [120, false],
    [60, false],
    [24, false],
  ] as const) {
    const s = style(width, colour);
    const tag = `${width}${colour ? ' colour' : ''}`;
    it(`list and definitions list as tables (${tag})`, () => {
      check(`list ${tag}`, executionsTable(LIST, s), s);
      check(`definitions list ${tag}`, definitionsTable(DEFINITIONS, s), s);
    });
    it(`get as a summary and step tree (${tag})`, () => {
      check(`get running ${tag}`, executionSummary(RUN, s), s);
      check(`get failed ${tag}`, executionSummary(FAILED, s), s);
      check(`definitions get ${tag}`, definitionSummary(DEFINITIONS[0]!, s) + definitionSummary(DEFINITIONS[1]!, s), s);
    });
    it(`events one line each (${tag})`, () => {
      const text =
        eventHeader(s) +
        EVENTS.map((e) => eventLine(e, s)).join('') +
        pageFooter({ nextCursor: 9, hasMore: true, count: EVENTS.length }, RUN.executionId, 'velt-executions');
      check(`events ${tag}`, text, s);
    });
    it(`reconcile as a table with totals (${tag})`, () => {
      const rows = [
        { executionId: RUN.executionId, inStream: 1200, received: 1190, missing: 10, duplicates: 2, unmatched: 0 },
        { executionId: '\u202eexec_evil', inStream: 3, received: 3, missing: 0, duplicates: 0, unmatched: 1 },
      ];
      const totals = {
        executions: 2,
        inStream: 1203,
        received: 1193,
        missing: 10,
        duplicates: 2,
        unmatched: 1,
        outsideScope: 0,
      };
      check(`reconcile ${tag}`, reconcileTable(rows, totals, s), s);
    });
  }

  it('the write verbs say in one sentence what happened', () => {
    const s = style(200, false);
    const parse = (argv: string[]): WriteInvocation => parseArgs([...argv, '--yes']) as WriteInvocation;
    const cancel = parse(['cancel', RUN.executionId]);
    const decision = parse(['approve', RUN.executionId, 's5', '--reviewer', 'u_ana']);
    const sentences = [
      writeSentence(parse(['dispatch', 'doc-signoff']), {
        command: 'dispatch',
        result: { executionId: RUN.executionId, correlationId: null, deduplicated: false, idempotencyKey: 'k1' },
      }),
      writeSentence(parse(['dispatch', 'doc-signoff']), {
        command: 'dispatch',
        result: { executionId: RUN.executionId, correlationId: null, deduplicated: true, idempotencyKey: 'k1' },
      }),
      writeSentence(cancel, { command: 'cancel', result: { cancelled: true, executionId: RUN.executionId } }),
      writeSentence(cancel, { command: 'cancel', result: { cancelled: false, executionId: RUN.executionId } }),
      writeSentence(decision, {
        command: 'approve',
        result: { recorded: true, aggregatorStatus: 'pending', resumeScheduled: false, rejectionReason: null },
      }),
      writeSentence(decision, {
        command: 'approve',
        result: { recorded: false, aggregatorStatus: null, resumeScheduled: false, rejectionReason: 'idempotent' },
      }),
      writeSentence(parse(['resolve', RUN.executionId, 's5', '--action', 'force-approve', '--actor', 'ops']), {
        command: 'resolve',
        result: { resolved: true, executionId: RUN.executionId, stepId: 's5', action: 'force-approve' },
      }),
      writeSentence(parse(['cancel-step', RUN.executionId, 's5', '--actor', 'ops']), {
        command: 'cancel-step',
        result: { cancelled: true, executionId: RUN.executionId, stepId: 's5' },
      }),
    ];
    check('write sentences', `${sentences.join('\n')}\n`, s);
  });

  it('colours only on a terminal that supports them, never with NO_COLOR', () => {
    const base = { columns: 100, isTTY: true };
    assert.equal(terminalStyle({ ...base, env: { TERM: 'xterm-256color' } }).colour, true);
    assert.equal(terminalStyle({ ...base, env: { TERM: 'xterm-256color', NO_COLOR: '1' } }).colour, false);
    assert.equal(terminalStyle({ ...base, env: { TERM: 'dumb' } }).colour, false);
    assert.equal(terminalStyle({ ...base, env: { TERM: 'xterm', FORCE_COLOR: '1', NO_COLOR: 'x' } }).colour, false);
    assert.equal(terminalStyle({ ...base, isTTY: false, env: { TERM: 'xterm' } }).colour, false);
    assert.equal(terminalStyle({ ...base, columns: undefined, env: {} }).width, 80);
    assert.equal(terminalStyle({ ...base, columns: 5, env: {} }).width, 20);
  });
});
