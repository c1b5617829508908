// The output rule end to end, through runCli against the recorded answers: on a terminal without --json or
// --ndjson, stdout is for people; with --json on a terminal, the JSON scripts read (pretty-printed, as on a
// terminal before); NDJSON is byte for byte the piped output wherever it goes.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, type CliIo } from '../../../../src/cli/run';
import { PIPED_CASES, argvOf, type PipedGolden } from '../piped/cases';
import { startReplay, type RecordedExchange, type Replay } from '../piped/replayServer';

const PIPED = path.join(__dirname, '..', 'piped');
const read = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(PIPED, file), 'utf8')) as T;

async function run(
  replay: Replay,
  argv: string[],
  io: Partial<CliIo>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (c: string) => ((stdout += c), true) },
    stderr: { write: (c: string) => ((stderr += c), true) },
    env: { VELT_API_KEY: 'ak_pipedSECRET1', VELT_AUTH_TOKEN: 'at_pipedSECRET2', VELT_BASE_URL: replay.url },
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
    now: () => Date.UTC(2026, 10, 3),
    ...io,
  });
  return { code, stdout, stderr };
}

describe('velt-executions output rule: people on a terminal, scripts otherwise', function () {
  this.timeout(30_000);
  const golden = read<PipedGolden>('piped.golden.json');
  let replay: Replay;
  before(async () => {
    replay = await startReplay(read<RecordedExchange[]>('piped.exchanges.json'));
  });
  after(async () => {
    await replay?.close();
  });

  for (const entry of PIPED_CASES) {
    const expected = golden.results[entry.name]!;
    const argv = argvOf(entry, golden.slots);
    const ndjson = argv.includes('--ndjson') || entry.name === 'reconcile' || entry.name === 'events follow';

    it(`${entry.name}: --json on a terminal prints the scripts' JSON`, async () => {
      const got = await run(replay, [...argv, ...(argv.includes('--ndjson') ? [] : ['--json'])], { isTTY: true });
      assert.equal(got.code, expected.code);
      assert.equal(got.stderr, expected.stderr);
      const pretty =
        ndjson || expected.stdout === ''
          ? expected.stdout
          : `${JSON.stringify(JSON.parse(expected.stdout), null, 2)}\n`;
      assert.equal(got.stdout, pretty);
    });

    if (argv.includes('--ndjson')) continue;
    it(`${entry.name}: on a terminal, for people (no JSON, no colour with NO_COLOR, lines within the width)`, async () => {
      const got = await run(replay, argv, {
        isTTY: true,
        columns: 72,
        env: {
          VELT_API_KEY: 'ak_pipedSECRET1',
          VELT_AUTH_TOKEN: 'at_pipedSECRET2',
          VELT_BASE_URL: replay.url,
          TERM: 'xterm',
          NO_COLOR: '1',
        },
      });
      assert.equal(got.code, expected.code, got.stderr);
      if (expected.stdout !== '') {
        assert.notEqual(got.stdout, expected.stdout);
        assert.ok(!got.stdout.trimStart().startsWith('{') && !got.stdout.trimStart().startsWith('['), got.stdout);
      }
      assert.ok(!got.stdout.includes('\u001b'), 'no escape code at all with NO_COLOR');
    });
  }

  it('colours on a terminal that supports them', async () => {
    const got = await run(replay, ['list', '--limit', '6', '--page-size', '4'], {
      isTTY: true,
      env: {
        VELT_API_KEY: 'ak_pipedSECRET1',
        VELT_AUTH_TOKEN: 'at_pipedSECRET2',
        VELT_BASE_URL: replay.url,
        TERM: 'xterm',
      },
    });
    assert.match(got.stdout, /\u001b\[3\dm/);
    assert.match(got.stdout.replace(/\u001b\[\d+m/g, ''), /^STATUS +DEFINITION +ID +STARTED +DURATION\n/);
  });
});
