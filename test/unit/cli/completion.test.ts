// `velt-executions completion bash|zsh|fish`: the scripts parse in bash and zsh (fish when installed), complete in zsh,
// name every flag of the parser's FLAGS table, and complete in a real bash: verbs, flags, flag values and
// definition ids from the cache the last `definitions list` wrote (hostile ids are never written).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { COMMANDS, FLAGS, parseArgs, UsageError } from '../../../src/cli/args';
import { completionScript, rememberDefinitionIds } from '../../../src/cli/completion';
import { runCli } from '../../../src/cli/run';
import { cacheDir, configDir } from '../../../src/cli/userDirs';
import { startReplay, type RecordedExchange } from './piped/replayServer';

const installed = (shell: string): boolean => spawnSync(shell, ['-c', 'exit 0']).status === 0;

function parses(shell: string, script: string): void {
  const file = path.join(os.tmpdir(), `velt-completion-${process.pid}.${shell}`);
  fs.writeFileSync(file, script);
  try {
    const result = spawnSync(shell, ['-n', file], { encoding: 'utf8' });
    assert.equal(result.status, 0, `${shell} -n: ${result.stderr}`);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** What bash offers for the words typed so far (the last one being completed). */
function bashComplete(words: string[], cache: string): string[] {
  const program = `${completionScript('bash')}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})
COMP_CWORD=${words.length - 1}
_velt_executions
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const result = spawnSync('bash', ['-c', program], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', XDG_CACHE_HOME: cache },
  });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.split('\n').filter(Boolean);
}

/**
 * What zsh's bash-completion layer collects for the words typed so far: the script is sourced as a user would
 * (it runs compinit and bashcompinit itself) and the function is called through bashcompinit's compgen -F, which
 * runs it under sh emulation like a real completion. zsh filters the candidates by the prefix afterwards.
 */
function zshComplete(words: string[]): string[] {
  const file = path.join(os.tmpdir(), `velt-completion-${process.pid}-run.zsh`);
  fs.writeFileSync(file, completionScript('zsh'));
  const quoted = words.map((w) => `'${w}'`);
  const program = `source ${file}
COMP_WORDS=(${quoted.join(' ')})
COMP_CWORD=${words.length - 1}
compgen -F _velt_executions -- ${quoted[quoted.length - 1]}`;
  try {
    const result = spawnSync('zsh', ['-f', '-c', program], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ZDOTDIR: os.tmpdir(), XDG_CACHE_HOME: os.tmpdir() },
    });
    assert.equal(result.status, 0, result.stderr);
    return result.stdout.split('\n').filter(Boolean);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

describe('velt-executions completion', () => {
  let cache: string;
  before(() => {
    cache = fs.mkdtempSync(path.join(os.tmpdir(), 'velt-cache-'));
  });
  after(() => fs.rmSync(cache, { recursive: true, force: true }));

  it('parses the shell argument', () => {
    assert.deepEqual(parseArgs(['completion', 'fish']), { command: 'completion', shell: 'fish' });
    assert.throws(() => parseArgs(['completion', 'powershell']), UsageError);
    assert.throws(() => parseArgs(['completion']), UsageError);
  });

  it('the bash script parses, and so does zsh (bash syntax under bashcompinit)', () => {
    parses('bash', completionScript('bash'));
    parses('bash', completionScript('zsh'));
  });

  it('parses in zsh (scripts/setup-code-server.sh installs it)', () => {
    assert.ok(installed('zsh'), 'zsh is not installed: run scripts/setup-code-server.sh or apt-get install zsh');
    parses('zsh', completionScript('zsh'));
  });

  it('completes verbs, flags and flag values in zsh under compinit', () => {
    assert.deepEqual(
      zshComplete(['velt-executions', 'li']).filter((w) => w.startsWith('li')),
      ['list', 'listen'],
    );
    assert.ok(zshComplete(['velt-executions', 'list', '--st']).includes('--status'));
    assert.ok(!zshComplete(['velt-executions', 'get', '--']).includes('--status'), 'get has no --status');
    assert.deepEqual(zshComplete(['velt-executions', 'list', '--status', '']), [
      'pending',
      'running',
      'completed',
      'failed',
      'cancelled',
    ]);
  });

  it('parses in fish when it is installed', function () {
    if (!installed('fish')) this.skip();
    parses('fish', completionScript('fish'));
  });

  it("names every flag of every command, from the parser's table", () => {
    for (const shell of ['bash', 'fish'] as const) {
      const script = completionScript(shell);
      for (const command of COMMANDS)
        for (const flag of Object.keys(FLAGS[command]))
          assert.ok(
            shell === 'bash' ? script.includes(flag) : script.includes(`from ${command}" -l ${flag.slice(2)}`),
            `${shell}: ${command} ${flag}`,
          );
    }
  });

  it('completes verbs, flags and flag values in bash', () => {
    assert.deepEqual(bashComplete(['velt-executions', 'ev'], cache), ['events']);
    assert.deepEqual(bashComplete(['velt-executions', 'list', '--st'], cache), ['--status']);
    assert.deepEqual(bashComplete(['velt-executions', 'list', '--status', 'c'], cache), ['completed', 'cancelled']);
    assert.deepEqual(bashComplete(['velt-executions', 'resolve', 'x', 'y', '--action', 'force-a'], cache), [
      'force-approve',
    ]);
    assert.deepEqual(bashComplete(['velt-executions', 'get', 'exec_1', '--j'], cache), ['--json']);
    assert.deepEqual(bashComplete(['velt-executions', 'definitions', 'g'], cache), ['get']);
    assert.deepEqual(bashComplete(['velt-executions', 'completion', 'f'], cache), ['fish']);
  });

  it('definitions list leaves the ids for completion; hostile ids are never written', async () => {
    const replay = await startReplay(
      JSON.parse(fs.readFileSync(path.join(__dirname, 'piped', 'piped.exchanges.json'), 'utf8')) as RecordedExchange[],
    );
    try {
      const code = await runCli(['definitions', 'list'], {
        stdout: { write: () => true },
        stderr: { write: () => true },
        env: {
          VELT_API_KEY: 'ak_pipedSECRET1',
          VELT_AUTH_TOKEN: 'at_pipedSECRET2',
          VELT_BASE_URL: replay.url,
          XDG_CACHE_HOME: cache,
        },
      });
      assert.equal(code, 0);
    } finally {
      await replay.close();
    }
    assert.deepEqual(bashComplete(['velt-executions', 'dispatch', 'doc'], cache), ['doc-signoff']);
    assert.deepEqual(bashComplete(['velt-executions', 'definitions', 'get', 'inv'], cache), ['invoice-approval']);
    assert.deepEqual(bashComplete(['velt-executions', 'list', '--definition', 'con'], cache), ['contract-review']);

    await rememberDefinitionIds(path.join(cache, 'velt'), ['ok-id', '$(touch /tmp/pwned)', 'a b', '`x`', 'Upper']);
    assert.equal(fs.readFileSync(path.join(cache, 'velt', 'definitions.txt'), 'utf8'), 'ok-id\n');
  });

  it('finds the config and cache folders from the environment', () => {
    assert.equal(configDir({ XDG_CONFIG_HOME: '/x' }, 'linux'), path.join('/x', 'velt'));
    assert.equal(configDir({ HOME: '/h' }, 'linux'), path.join('/h', '.config', 'velt'));
    assert.equal(configDir({ APPDATA: 'C:\\AppData', HOME: '/h' }, 'win32'), path.join('C:\\AppData', 'velt'));
    assert.equal(configDir({}, 'linux'), undefined);
    assert.equal(cacheDir({ XDG_CACHE_HOME: '/c' }, 'linux'), path.join('/c', 'velt'));
    assert.equal(cacheDir({ HOME: '/h' }, 'darwin'), path.join('/h', '.cache', 'velt'));
  });
});
