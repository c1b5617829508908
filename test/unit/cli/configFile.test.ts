// The config file names environments by base URL (`--env <name>`); secrets only ever come from the
// environment: a file holding one is refused, and a named environment's own variables come first.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXIT } from '../../../src/cli/exitCodes';
import { runCli } from '../../../src/cli/run';
import { SANDBOX_EXECUTIONS } from '../../../src/sandbox/roles';
import { startReplay, type RecordedExchange, type Replay } from './piped/replayServer';

const KEY = 'ak_pipedSECRET1';
const TOKEN = 'at_pipedSECRET2';
const done = SANDBOX_EXECUTIONS['completedParallel']!;

describe('velt-executions config file and --env', function () {
  this.timeout(20_000);
  let replay: Replay;
  let home: string;
  const write = (config: unknown): void => {
    fs.mkdirSync(path.join(home, 'velt'), { recursive: true });
    fs.writeFileSync(
      path.join(home, 'velt', 'config.json'),
      typeof config === 'string' ? config : JSON.stringify(config),
    );
  };
  async function cli(
    argv: string[],
    env: Record<string, string>,
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, {
      stdout: { write: (c: string) => ((stdout += c), true) },
      stderr: { write: (c: string) => ((stderr += c), true) },
      env: { XDG_CONFIG_HOME: home, ...env },
      retry: { baseDelayMs: 1, maxDelayMs: 2, maxAttempts: 1 },
    });
    assert.ok(!stderr.includes(KEY) && !stderr.includes(TOKEN), 'no secret on stderr');
    return { code, stdout, stderr };
  }

  before(async () => {
    replay = await startReplay(
      JSON.parse(fs.readFileSync(path.join(__dirname, 'piped', 'piped.exchanges.json'), 'utf8')) as RecordedExchange[],
      KEY,
    );
  });
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'velt-config-'));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));
  after(async () => {
    await replay?.close();
  });

  it("--env takes the base URL from the file and the named environment's own credentials", async () => {
    write({ environments: { local: { baseUrl: replay.url }, prod: { baseUrl: 'https://api.velt.dev' } } });
    const run = await cli(['get', done, '--env', 'local'], {
      VELT_LOCAL_API_KEY: KEY,
      VELT_LOCAL_AUTH_TOKEN: TOKEN,
      VELT_API_KEY: 'ak_other_generic',
      VELT_AUTH_TOKEN: 'at_other_generic',
      VELT_BASE_URL: 'https://unused.example',
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as { executionId: string }).executionId, done);
  });

  it('defaultEnvironment applies when VELT_BASE_URL is unset; the generic pair is the fallback', async () => {
    write({ defaultEnvironment: 'local', environments: { local: { baseUrl: replay.url } } });
    const run = await cli(['get', done], { VELT_API_KEY: KEY, VELT_AUTH_TOKEN: TOKEN });
    assert.equal(run.code, 0, run.stderr);
    const explicit = await cli(['get', done], {
      VELT_API_KEY: KEY,
      VELT_AUTH_TOKEN: TOKEN,
      VELT_BASE_URL: 'http://127.0.0.1:9',
    });
    assert.equal(explicit.code, EXIT.network, 'VELT_BASE_URL wins over the default');
  });

  it('refuses a file that holds a secret, an unknown environment and broken JSON (exit 2, naming the fix)', async () => {
    write({ environments: { local: { baseUrl: replay.url, apiKey: 'ak_in_file' } } });
    let run = await cli(['get', done, '--env', 'local'], { VELT_API_KEY: KEY, VELT_AUTH_TOKEN: TOKEN });
    assert.equal(run.code, EXIT.usage);
    assert.match(run.stderr, /"environments\.local\.apiKey": secrets are never read from a file/);

    write({ environments: { local: { baseUrl: replay.url } } });
    run = await cli(['get', done, '--env', 'staging'], { VELT_API_KEY: KEY, VELT_AUTH_TOKEN: TOKEN });
    assert.equal(run.code, EXIT.usage);
    assert.match(run.stderr, /--env "staging" is not in .*config\.json; it names local\./);

    write('{"environments": ');
    run = await cli(['get', done, '--env', 'local'], { VELT_API_KEY: KEY, VELT_AUTH_TOKEN: TOKEN });
    assert.equal(run.code, EXIT.usage);
    assert.match(run.stderr, /config\.json": it is not valid JSON/);
  });

  it('names the variables to set when a named environment has no credentials', async () => {
    write({ environments: { local: { baseUrl: replay.url } } });
    const run = await cli(['get', done, '--env', 'local'], {});
    assert.equal(run.code, EXIT.usage);
    assert.match(run.stderr, /set VELT_LOCAL_API_KEY or VELT_API_KEY and VELT_LOCAL_AUTH_TOKEN or VELT_AUTH_TOKEN/);
  });

  it('--env without a config file says where to create one', async () => {
    const run = await cli(['list', '--env', 'local'], { VELT_API_KEY: KEY, VELT_AUTH_TOKEN: TOKEN });
    assert.equal(run.code, EXIT.usage);
    assert.match(run.stderr, /there is no config file \(.*velt.config\.json\)/);
  });
});
