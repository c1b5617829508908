// The ledger: the three line forms, blank lines, bad lines reported by their line number and skipped,
// CRLF and lines split across chunks, an over-long line dropped without being buffered, and a million
// lines read within a memory bound.
import * as assert from 'node:assert/strict';
import { readLedger } from '../../../src/webhooks';
import { splitLines } from '../../../src/webhooks/lines';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

async function* chunks(...parts: string[]): AsyncGenerator<string> {
  for (const part of parts) yield part;
}

const EXEC = 'exec_1777374504255_xzy43k9q';
const OTHER = 'exec_1777374504999_aaaaaaaa';

describe('webhooks: ledger', () => {
  it('accepts the body as delivered, {eventId}, and {executionId, seq}; blank lines are ignored', async () => {
    const body = JSON.stringify({
      event: 'step.completed',
      executionId: EXEC,
      definitionId: 'doc-signoff',
      stepId: 's',
      status: 'running',
      seq: 4,
      timestamp: '2026-12-01T00:00:00.000Z',
      correlationId: 'c',
      data: null,
    });
    const ledger = await readLedger(
      chunks(
        `${body}\n`,
        '\n   \n',
        `{"eventId":"evt_1"}\n`,
        `{"executionId":"${EXEC}","seq":9}\n`,
        `{"eventId":"evt_2","executionId":"${EXEC}","seq":11}`,
      ),
    );
    assert.deepEqual([ledger.lines, ledger.badLines, ledger.problems], [4, 0, []]);
    assert.equal(ledger.take(EXEC, 4, 'evt_x'), 1, 'the body form matches by executionId + seq');
    assert.equal(ledger.take(EXEC, 1, 'evt_1'), 1, 'the eventId form matches by eventId');
    assert.equal(ledger.take(EXEC, 9, 'evt_y'), 1);
    assert.equal(ledger.take(EXEC, 11, 'evt_2'), 1, 'a line with both keys counts once');
    assert.equal(ledger.left, 0);
    assert.equal(ledger.leftFor(EXEC), 0);
  });

  it('reports each bad line with its line number, skips it, and keeps the others', async () => {
    const ledger = await readLedger(
      chunks(
        [
          `{"eventId":"evt_1"}`,
          `not json`,
          `[1,2]`,
          `{"executionId":"${EXEC}"}`,
          `{"executionId":"${EXEC}","seq":-1}`,
          `{"eventId":""}`,
          `{"hello":"world"}`,
          ``,
          `{"executionId":"${EXEC}","seq":3}`,
        ].join('\n'),
      ),
    );
    assert.equal(ledger.lines, 2);
    assert.equal(ledger.badLines, 6);
    assert.deepEqual(
      ledger.problems.map((p) => p.line),
      [2, 3, 4, 5, 6, 7],
    );
    assert.match(ledger.problems[0]!.problem, /not valid JSON/);
    assert.match(ledger.problems[2]!.problem, /no "seq"/);
    assert.match(ledger.problems[5]!.problem, /names no delivery/);
  });

  it('counts repeated lines (duplicates) and leaves unmatched ones, per execution', async () => {
    const ledger = await readLedger(
      chunks(
        `{"eventId":"evt_1","executionId":"${EXEC}"}\n{"eventId":"evt_1","executionId":"${EXEC}"}\n`,
        `{"executionId":"${EXEC}","seq":2}\n{"executionId":"${EXEC}","seq":2}\n{"executionId":"${EXEC}","seq":2}\n`,
        `{"executionId":"${EXEC}","seq":77}\n{"executionId":"${OTHER}","seq":1}\n{"eventId":"evt_nowhere"}\n`,
      ),
    );
    assert.equal(ledger.take(EXEC, 1, 'evt_1'), 2);
    assert.equal(ledger.take(EXEC, 2, 'evt_2'), 3);
    assert.equal(ledger.take(EXEC, 2, 'evt_2'), 0, 'taken lines are gone');
    assert.equal(ledger.leftFor(EXEC), 1, 'seq 77 matched nothing');
    assert.equal(ledger.leftFor(OTHER), 1);
    assert.equal(ledger.left, 3);
  });

  it('splits lines across chunk boundaries, strips CRLF, and decodes multi-byte characters split between chunks', async () => {
    const euro = Buffer.from('{"eventId":"evt_€"}\r\n', 'utf8');
    const cut = euro.indexOf(0xe2) + 1; // inside the three bytes of €
    const lines: string[] = [];
    for await (const line of splitLines(
      (async function* () {
        yield euro.subarray(0, cut);
        yield euro.subarray(cut);
        yield Buffer.from('{"eventId":', 'utf8');
        yield Buffer.from('"evt_2"}', 'utf8');
      })(),
    ))
      lines.push(line.text);
    assert.deepEqual(lines, ['{"eventId":"evt_€"}', '{"eventId":"evt_2"}']);
  });

  it('drops a line longer than the cap as it streams and reports it', async () => {
    const lines = [];
    for await (const line of splitLines(chunks('a'.repeat(10), 'b'.repeat(10), '\nok\n'), 15)) lines.push(line);
    assert.deepEqual(
      lines.map((l) => [l.number, l.text, l.tooLong]),
      [
        [1, '', true],
        [2, 'ok', false],
      ],
    );
    const ledger = await readLedger(chunks(`{"eventId":"${'x'.repeat(2 * 1024 * 1024)}"}\n{"eventId":"evt_1"}\n`));
    assert.deepEqual([ledger.lines, ledger.problems], [1, [{ line: 1, problem: 'longer than 1 MiB' }]]);
  });

  it('reads a ledger of 1,000,000 lines keeping only its keys (bounded memory)', async function () {
    this.timeout(60_000);
    const LINES = 1_000_000;
    // Streamed in 64 KiB chunks like a file; the text is never held whole, nor as an array of lines.
    async function* file(): AsyncGenerator<string> {
      let batch = '';
      for (let i = 1; i <= LINES; i++) {
        batch += `{"executionId":"${EXEC}","seq":${i},"event":"step.completed","data":{"note":"padding padding padding"}}\n`;
        if (batch.length > 65_536) {
          yield batch;
          batch = '';
        }
      }
      yield batch;
    }
    // Retained memory, not garbage: collect before both readings (garbage left by a busy machine made it flaky).
    const gc = collector();
    gc();
    const before = process.memoryUsage().heapUsed;
    const ledger = await readLedger(file());
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    assert.equal(ledger.lines, LINES);
    // The text is ~100 MB; holding it (or its lines) once would exceed this bound by far.
    assert.ok(grown < 80 * 1024 * 1024, `heap grew by ${Math.round(grown / 1024 / 1024)} MB`);
    assert.equal(ledger.take(EXEC, LINES, undefined), 1);
  });
});

/** The garbage collector, also without --expose-gc (a flag can be set at run time; `gc` is then in a new context). */
function collector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}
