// Scripts read what the CLI printed before it learned to print for people: every verb, piped (stdout and
// stderr not terminals), gives exactly the recorded bytes on stdout and stderr and the same exit code.
// The server's answers are replayed from the recording, so only a change in the CLI can fail this.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, type CliIo } from '../../../../src/cli/run';
import { PIPED_CASES, argvOf, type PipedGolden } from './cases';
import { startReplay, type RecordedExchange, type Replay } from './replayServer';

const API_KEY = 'ak_pipedSECRET1';
const AUTH_TOKEN = 'at_pipedSECRET2';
const read = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(__dirname, file), 'utf8')) as T;

export async function runPiped(
  replay: Replay,
  argv: string[],
  extra: Partial<CliIo> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (c: string) => ((stdout += c), true) },
    stderr: { write: (c: string) => ((stderr += c), true) },
    env: { VELT_API_KEY: API_KEY, VELT_AUTH_TOKEN: AUTH_TOKEN, VELT_BASE_URL: replay.url, VELT_TIMEOUT_MS: '10000' },
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
    ...extra,
  });
  return { code, stdout, stderr };
}

describe('velt-executions piped output is unchanged for scripts', function () {
  this.timeout(30_000);
  const golden = read<PipedGolden>('piped.golden.json');
  let replay: Replay;
  before(async () => {
    replay = await startReplay(read<RecordedExchange[]>('piped.exchanges.json'));
  });
  after(async () => {
    await replay?.close();
  });

  it('has a recording for every case', () => {
    assert.deepEqual(
      Object.keys(golden.results),
      PIPED_CASES.map((c) => c.name),
    );
  });

  for (const entry of PIPED_CASES) {
    it(`${entry.name}: ${entry.argv.slice(0, 2).join(' ')}`, async () => {
      const expected = golden.results[entry.name]!;
      const run = await runPiped(replay, argvOf(entry, golden.slots));
      assert.deepEqual(replay.unmatched, [], 'every request was in the recording');
      assert.equal(run.stdout, expected.stdout);
      assert.equal(run.stderr, expected.stderr);
      assert.equal(run.code, expected.code);
    });
  }
});
