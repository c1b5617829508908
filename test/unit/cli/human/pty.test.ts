// The CLI as a process on a real pseudo-terminal (script(1) from util-linux): the progress line is drawn on a
// terminal stderr and cleared, output is for people, and `events --follow` shows its status line and exits 0
// when the run ends. The same commands piped print no progress and nothing on stderr.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { SANDBOX_EXECUTIONS } from '../../../../src/sandbox/roles';
import { startSandbox, type Sandbox } from '../../../../src/sandbox/server';

const ROOT = path.resolve(__dirname, '../../../..');
const API_KEY = 'ak_ptySECRET1';
const AUTH_TOKEN = 'at_ptySECRET2';
const hasScript = spawnSync('script', ['--version']).status === 0;

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cliCommand(args: readonly string[]): string[] {
  return [process.execPath, '--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), ...args];
}

const quoteSh = (arg: string): string => `'${arg.replace(/'/g, `'\\''`)}'`;

function run(
  sandbox: Sandbox,
  args: readonly string[],
  pty: boolean,
  extraEnv: Record<string, string> = {},
): Promise<Result> {
  const command = cliCommand(args);
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    VELT_API_KEY: API_KEY,
    VELT_AUTH_TOKEN: AUTH_TOKEN,
    VELT_BASE_URL: sandbox.url,
    TERM: 'xterm',
    COLUMNS: '100',
    ...extraEnv,
  };
  // script -e returns the child's exit code; -c runs it on the pty (stdout and stderr both the terminal).
  const child = pty
    ? spawn('script', ['-qec', command.map(quoteSh).join(' '), '/dev/null'], {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      })
    : spawn(command[0]!, command.slice(1), { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('velt-executions on a pseudo-terminal', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  before(async function () {
    if (!hasScript) this.skip();
    sandbox = await startSandbox({ port: 0, apiKey: API_KEY, authToken: AUTH_TOKEN });
  });
  after(async () => {
    await sandbox?.close();
  });

  const huge = SANDBOX_EXECUTIONS['huge']!;
  const args = ['events', huge, '--all', '--since', '199000', '--page-size', '100'];

  it('events --all draws progress on the terminal and clears it; lines for people', async () => {
    // Each page held back so the run is "long" (progress appears after half a second) on any machine.
    sandbox.addFault({ mode: 'slow', delayMs: 150, count: 8, executionId: huge });
    const got = await run(sandbox, args, true);
    assert.equal(got.code, 0, got.stdout);
    assert.match(
      got.stdout,
      /\r\u001b\[2Kvelt-executions: [\d,]+ events so far, [\d,]+ pages \([\d,]+\/s, seq [\d,]+\)\.\.\./,
    );
    assert.match(got.stdout, /SEQ +TIME +TYPE +STEP +SUMMARY/);
    assert.ok(!got.stdout.includes('{"eventId"'), 'no JSON on a terminal');
    assert.match(got.stdout, /\r\u001b\[2K[^\r]*199\d{3} /, 'the progress line is cleared before an event line');
  });

  it('piped: JSON on stdout, nothing on stderr (no progress)', async () => {
    sandbox.addFault({ mode: 'slow', delayMs: 150, count: 8, executionId: huge });
    const got = await run(sandbox, args, false);
    assert.equal(got.code, 0, got.stderr);
    assert.equal(got.stderr, '');
    assert.ok(Array.isArray(JSON.parse(got.stdout)));
  });

  it('events --follow on a terminal shows its status line and exits 0 when the run ends', async () => {
    // A running engine run in a sandbox whose clock runs 20 times faster: the doc-signoff loop ends in ~4 s.
    const fast = await startSandbox({ port: 0, apiKey: API_KEY, authToken: AUTH_TOKEN, timeScale: 20 });
    try {
      const loop = SANDBOX_EXECUTIONS['runningLoop']!;
      const got = await run(fast, ['events', loop, '--follow', '--interval', '200'], true, { NO_COLOR: '1' });
      assert.equal(got.code, 0, got.stdout);
      assert.match(
        got.stdout,
        /\r\u001b\[2Kvelt-executions: waiting for new events\.\.\. [\d,]+ so far, seq [\d,]+, checked \d\d:\d\d:\d\d; Ctrl-C stops\./,
      );
      assert.match(got.stdout, /loop\.iteration-/);
      assert.match(got.stdout, /The execution has ended(: Completed)?\.\r?\n$/);
      assert.ok(!/\u001b\[3\dm/.test(got.stdout), 'NO_COLOR: no colour');
    } finally {
      await fast.close();
    }
  });
});
