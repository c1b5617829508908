// Credentials from the OS keychain: each OS's tool gets the secret on stdin, never in its arguments; `login`
// asks without echo, checks the pair with one read and stores it for the base URL's origin; commands use it
// when the environment holds no credentials, only for that origin; `logout` removes it. The Linux path runs a
// fake `secret-tool` (a shell script keeping items in a folder) through the real spawn.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXIT } from '../../../src/cli/exitCodes';
import {
  KeychainError,
  credentialAccounts,
  osKeychain,
  type RunTool,
  type ToolResult,
} from '../../../src/cli/keychain';
import { runCli, type CliIo } from '../../../src/cli/run';
import { terminalAskSecret } from '../../../src/cli/secretPrompt';
import { startSandbox, type Sandbox } from '../../../src/sandbox/server';

const API_KEY = 'ak_live_keychainSECRET1';
const AUTH_TOKEN = 'at_keychainSECRETtoken2';

interface Call {
  command: string;
  args: readonly string[];
  stdin: string;
  env: NodeJS.ProcessEnv;
}

/** A RunTool that records calls and answers from a script. */
function fakeRunner(answer: (call: Call) => ToolResult): { run: RunTool; calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    run: async (command, args, stdin, env) => {
      const call = { command, args, stdin, env };
      calls.push(call);
      return answer(call);
    },
  };
}

const ok = (stdout = ''): ToolResult => ({ code: 0, stdout, stderr: '' });

describe('OS keychain backends', () => {
  const account = credentialAccounts('https://api.velt.dev').apiKey;
  const secret = 'ak_live_neverInArgv';

  for (const platform of ['linux', 'darwin', 'win32'] as const) {
    it(`${platform}: the secret goes through stdin, never the arguments; get reads it back`, async () => {
      const fake = fakeRunner((call) => ok(call.stdin === '' ? `${secret}\n` : ''));
      const keychain = osKeychain(platform, { PATH: '/usr/bin' }, fake.run)!;
      await keychain.set(account, secret);
      assert.equal(await keychain.get(account), secret);
      const store = fake.calls[0]!;
      assert.ok(store.stdin.includes(secret), 'the secret is on stdin');
      for (const call of fake.calls) {
        assert.ok(
          !call.args.some((arg) => arg.includes(secret)),
          `no argument holds the secret: ${call.args.join(' ')}`,
        );
        const named = [...call.args, call.env.VELT_KEYCHAIN_ACCOUNT ?? ''].join(' ') + call.stdin;
        assert.ok(named.includes(account), 'the account is named');
      }
    });
  }

  it('not found is undefined (secret-tool: exit 1 saying nothing; security: 44), a message is a failure', async () => {
    const linux = osKeychain('linux', {}, fakeRunner(() => ({ code: 1, stdout: '', stderr: '' })).run)!;
    assert.equal(await linux.get(account), undefined);
    const mac = osKeychain('darwin', {}, fakeRunner(() => ({ code: 44, stdout: '', stderr: 'not found' })).run)!;
    assert.equal(await mac.get(account), undefined);
    assert.equal(await mac.delete(account), false);
    const locked = osKeychain(
      'linux',
      {},
      fakeRunner(() => ({
        code: 1,
        stdout: '',
        stderr: 'Cannot autolaunch D-Bus without X11 $DISPLAY\n\u001b[31mmore',
      })).run,
    )!;
    await assert.rejects(locked.get(account), (error: unknown) => {
      assert.ok(error instanceof KeychainError);
      assert.equal(error.message, 'secret-tool failed (exit 1): Cannot autolaunch D-Bus without X11 $DISPLAY');
      return true;
    });
  });

  it('a tool that is not installed says which package has it', async () => {
    const missing: RunTool = () =>
      Promise.reject(Object.assign(new Error('spawn secret-tool ENOENT'), { code: 'ENOENT' }));
    await assert.rejects(osKeychain('linux', {}, missing)!.get(account), (error: unknown) => {
      assert.ok(error instanceof KeychainError && error.missingTool);
      assert.match(error.message, /secret-tool is not installed .*libsecret-tools/);
      return true;
    });
  });

  it('knows no keychain on other platforms', () => {
    assert.equal(osKeychain('aix', {}), undefined);
  });
});

/** A TTY read stream's raw-mode surface, fed by the test. */
class FakeTerminal extends EventEmitter {
  raw = false;
  setRawMode(mode: boolean): this {
    this.raw = mode;
    return this;
  }
  resume(): this {
    return this;
  }
  pause(): this {
    return this;
  }
}

describe('terminalAskSecret', () => {
  function ask(keys: string[]): Promise<{ answer: string | null; shown: string; interrupted: boolean; raw: boolean }> {
    const input = new FakeTerminal();
    let shown = '';
    let interrupted = false;
    const output = { write: (text: string) => ((shown += text), true) } as unknown as NodeJS.WritableStream;
    const answer = terminalAskSecret(input, output, () => (interrupted = true))('Secret: ');
    assert.equal(input.raw, true, 'raw mode while asking');
    for (const key of keys) input.emit('data', Buffer.from(key));
    return answer.then((value) => ({ answer: value, shown, interrupted, raw: input.raw }));
  }

  it('echoes nothing, edits with backspace, ignores cursor keys, and restores the terminal', async () => {
    const result = await ask(['ak_x', 'y\u007f', 'z\u001b[D', 'q\r']);
    assert.deepEqual(result, { answer: 'ak_xzq', shown: 'Secret: \n', interrupted: false, raw: false });
  });

  it('a pasted line ends at the newline', async () => {
    assert.equal((await ask(['ak_pasted\nrest'])).answer, 'ak_pasted');
  });

  it('Ctrl-C interrupts and answers null; Ctrl-D on an empty line answers null', async () => {
    const interrupted = await ask(['ak', '\u0003']);
    assert.equal(interrupted.answer, null);
    assert.equal(interrupted.interrupted, true);
    assert.equal((await ask(['\u0004'])).answer, null);
  });
});

const FAKE_SECRET_TOOL = `#!/bin/sh
printf '%s\\n' "$*" >> "$FAKE_KEYRING/argv.log"
if [ -n "$FAKE_KEYRING_BROKEN" ]; then echo 'Cannot autolaunch D-Bus without X11 $DISPLAY' >&2; exit 1; fi
cmd=$1; shift
[ "$cmd" = store ] && shift
item="$FAKE_KEYRING/$(printf %s "$4" | md5sum | cut -c1-32).item"
case $cmd in
  store) cat > "$item" ;;
  lookup) [ -f "$item" ] || exit 1; cat "$item" ;;
  clear) rm -f "$item" ;;
esac
`;

class Collector {
  text = '';
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

describe('velt-executions login, logout and credentials from the keychain (fake secret-tool)', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  let folder: string;
  let keyring: string;

  before(async () => {
    sandbox = await startSandbox({ port: 0, apiKey: API_KEY, authToken: AUTH_TOKEN });
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'velt-keychain-'));
    keyring = path.join(folder, 'keyring');
    fs.mkdirSync(keyring);
    fs.mkdirSync(path.join(folder, 'bin'));
    fs.writeFileSync(path.join(folder, 'bin', 'secret-tool'), FAKE_SECRET_TOOL, { mode: 0o755 });
  });
  after(async () => {
    await sandbox.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const items = (): string[] => fs.readdirSync(keyring).filter((f) => f.endsWith('.item'));

  async function cli(
    argv: string[],
    options: { answers?: (string | null)[]; env?: Record<string, string>; baseUrl?: string } = {},
  ): Promise<{ code: number; stdout: string; stderr: string; asked: string[] }> {
    const stdout = new Collector();
    const stderr = new Collector();
    const asked: string[] = [];
    const answers = options.answers;
    const io: CliIo = {
      stdout,
      stderr,
      env: {
        PATH: `${path.join(folder, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
        FAKE_KEYRING: keyring,
        VELT_BASE_URL: options.baseUrl ?? sandbox.url,
        VELT_TIMEOUT_MS: '5000',
        ...options.env,
      },
      platform: 'linux',
      stdinIsTTY: answers !== undefined,
      stderrIsTTY: answers !== undefined,
      askSecret: async (question) => {
        asked.push(question);
        return answers?.shift() ?? null;
      },
      retry: { baseDelayMs: 5, maxDelayMs: 10 },
    };
    const code = await runCli(argv, io);
    return { code, stdout: stdout.text, stderr: stderr.text, asked };
  }

  it('login needs a terminal: without one it asks nothing, sends nothing and exits 2', async () => {
    const before = sandbox.stats.total;
    const run = await cli(['login']);
    assert.equal(run.code, EXIT.usage);
    assert.match(run.stderr, /asks for the API key and auth token on a terminal/);
    assert.equal(sandbox.stats.total, before);
    assert.deepEqual(items(), []);
  });

  it('a pair the host rejects is not stored (exit 4)', async () => {
    const run = await cli(['login'], { answers: ['ak_wrongKEY', AUTH_TOKEN] });
    assert.equal(run.code, EXIT.unauthenticated, run.stderr);
    assert.match(run.stderr, /Nothing was stored\./);
    assert.deepEqual(items(), []);
    assert.ok(!run.stderr.includes(AUTH_TOKEN));
  });

  it('login asks for both without echo, checks them, stores them for the origin; no secret is printed or in argv', async () => {
    const run = await cli(['login'], { answers: [` ${API_KEY} `, AUTH_TOKEN] });
    assert.equal(run.code, EXIT.ok, run.stderr);
    assert.deepEqual(run.asked, [`API key for ${sandbox.url} (input hidden): `, 'Auth token (input hidden): ']);
    assert.match(run.stderr, new RegExp(`Stored the API key and auth token for ${sandbox.url} in secret-tool\\.`));
    assert.equal(items().length, 2);
    assert.equal(run.stdout, '');
    for (const text of [run.stderr, fs.readFileSync(path.join(keyring, 'argv.log'), 'utf8')]) {
      assert.ok(!text.includes(API_KEY) && !text.includes(AUTH_TOKEN), text);
    }
  });

  it('commands use the stored pair when the environment has none', async () => {
    const run = await cli(['list', '--limit', '1']);
    assert.equal(run.code, EXIT.ok, run.stderr);
    assert.ok(Array.isArray(JSON.parse(run.stdout)));
  });

  it('the stored pair is never sent to another origin', async () => {
    const other = sandbox.url.replace('127.0.0.1', 'localhost');
    assert.notEqual(other, sandbox.url);
    const before = sandbox.stats.total;
    const run = await cli(['list'], { baseUrl: other });
    assert.equal(run.code, EXIT.usage);
    assert.match(
      run.stderr,
      /missing credentials: set VELT_API_KEY and VELT_AUTH_TOKEN \(not set: VELT_API_KEY, VELT_AUTH_TOKEN\), or run "velt-executions login" to store them in the OS keychain for http:\/\/localhost/,
    );
    assert.equal(sandbox.stats.total, before, 'nothing was sent');
  });

  it('the environment wins, and half a pair there is reported rather than completed from the keychain', async () => {
    const wrong = await cli(['list'], { env: { VELT_API_KEY: 'ak_envWINS', VELT_AUTH_TOKEN: 'at_envWINS' } });
    assert.equal(wrong.code, EXIT.unauthenticated, 'the environment pair was used (and rejected)');
    const half = await cli(['list'], { env: { VELT_API_KEY: API_KEY } });
    assert.equal(half.code, EXIT.usage);
    assert.match(half.stderr, /\(not set: VELT_AUTH_TOKEN\)/);
  });

  it('a keychain that cannot be read is named in the missing-credentials message', async () => {
    const run = await cli(['list'], { env: { FAKE_KEYRING_BROKEN: '1' } });
    assert.equal(run.code, EXIT.usage);
    assert.match(
      run.stderr,
      /The OS keychain could not be read: secret-tool failed \(exit 1\): Cannot autolaunch D-Bus/,
    );
  });

  it('logout removes the pair; afterwards commands ask for credentials again', async () => {
    const run = await cli(['logout']);
    assert.equal(run.code, EXIT.ok, run.stderr);
    assert.match(run.stderr, /Removed the API key and auth token/);
    assert.deepEqual(items(), []);
    assert.equal((await cli(['list'])).code, EXIT.usage);
    assert.match((await cli(['logout'])).stderr, /held no credentials .* nothing to remove/);
  });

  it('login refuses a secret with spaces or quotes, and stores nothing when input ends', async () => {
    const spaced = await cli(['login'], { answers: ['ak one', AUTH_TOKEN] });
    assert.equal(spaced.code, EXIT.usage);
    assert.match(spaced.stderr, /contains spaces, quotes/);
    const ended = await cli(['login'], { answers: [null] });
    assert.equal(ended.code, EXIT.failure);
    assert.match(ended.stderr, /nothing was stored/);
    assert.deepEqual(items(), []);
  });

  it('without a keychain tool, the missing-credentials message stays short and login says what to install', async () => {
    const env = { PATH: '/nonexistent' };
    const list = await cli(['list'], { env });
    assert.equal(list.code, EXIT.usage);
    assert.ok(!/could not be read/.test(list.stderr), list.stderr);
    const login = await cli(['login'], { env, answers: [API_KEY, AUTH_TOKEN] });
    assert.equal(login.code, EXIT.usage);
    assert.match(login.stderr, /could not store the credentials in the OS keychain: secret-tool is not installed/);
  });

  it('on a real pseudo-terminal, login echoes neither secret', async function () {
    if (spawnSync('script', ['--version']).status !== 0) this.skip();
    const root = path.resolve(__dirname, '../../..');
    const command = [process.execPath, '--import', 'tsx', path.join(root, 'src/cli/main.ts'), 'login'];
    const child = spawn('script', ['-qec', command.map((a) => `'${a}'`).join(' '), '/dev/null'], {
      cwd: root,
      env: {
        PATH: `${path.join(folder, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
        HOME: os.tmpdir(),
        FAKE_KEYRING: keyring,
        VELT_BASE_URL: sandbox.url,
        TERM: 'dumb',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let screen = '';
    const shown = (text: string): Promise<void> =>
      new Promise((resolve) => {
        const check = (): void => {
          if (!screen.includes(text)) return;
          child.stdout.off('data', check);
          resolve();
        };
        child.stdout.on('data', check);
        check();
      });
    child.stdout.on('data', (chunk: Buffer) => (screen += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Typed only once the prompt is up, i.e. once the terminal is in raw mode (else the tty itself would echo).
    await shown('API key for');
    child.stdin.write(`${API_KEY}\r`);
    await shown('Auth token');
    child.stdin.write(`${AUTH_TOKEN}\r`);
    assert.equal(await exited, 0, screen);
    child.stdin.end();
    assert.match(screen, /Stored the API key and auth token/);
    assert.ok(!screen.includes(API_KEY) && !screen.includes(AUTH_TOKEN), screen);
    assert.equal(items().length, 2);
    assert.equal((await cli(['logout'])).code, EXIT.ok);
  });
});
