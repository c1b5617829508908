// `velt-executions definitions list|get` against the local sandbox: runCli in-process over loopback for
// paging (--limit, --page-size, --ndjson, cursor followed to the end), `get` with nodes/edges/compiled
// graph, not-found and argument errors; and the real entry point as a process once.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { DefinitionView } from '../../../src/api';
import { parseArgs, UsageError } from '../../../src/cli/args';
import { EXIT } from '../../../src/cli/exitCodes';
import { runCli } from '../../../src/cli/run';
import { startSandbox, type Sandbox } from '../../../src/sandbox/server';

const API_KEY = 'ak_live_defsSECRET1';
const AUTH_TOKEN = 'at_defsSECRET2';
const ROOT = path.resolve(__dirname, '../../..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(sandbox: Sandbox, argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (chunk: string) => void) => ({
    write: (chunk: string) => {
      append(chunk);
      return true;
    },
  });
  const code = await runCli(argv, {
    stdout: sink((c) => (stdout += c)),
    stderr: sink((c) => (stderr += c)),
    env: { VELT_API_KEY: API_KEY, VELT_AUTH_TOKEN: AUTH_TOKEN, VELT_BASE_URL: sandbox.url, VELT_TIMEOUT_MS: '10000' },
  });
  assert.ok(!stderr.includes(API_KEY) && !stderr.includes(AUTH_TOKEN), 'no credential on stderr');
  return { code, stdout, stderr };
}

const lines = (run: Run): DefinitionView[] => {
  assert.equal(run.code, 0, run.stderr);
  return run.stdout
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as DefinitionView);
};

describe('velt-executions definitions', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox({ port: 0, apiKey: API_KEY, authToken: AUTH_TOKEN });
  });
  after(async () => {
    await sandbox?.close();
  });

  it('lists every definition once, following the cursor page by page', async () => {
    const all = JSON.parse((await cli(sandbox, ['definitions', 'list'])).stdout) as DefinitionView[];
    assert.ok(all.length >= 5, `seeded definitions: ${all.map((d) => d.definitionId).join(', ')}`);
    const paged = lines(await cli(sandbox, ['definitions', 'list', '--page-size', '2', '--ndjson']));
    assert.deepEqual(
      paged.map((d) => d.definitionId),
      all.map((d) => d.definitionId),
    );
    assert.equal(new Set(paged.map((d) => d.definitionId)).size, paged.length, 'no definition twice');
    const limited = lines(await cli(sandbox, ['definitions', 'list', '--limit', '3', '--page-size=2', '--ndjson']));
    assert.deepEqual(
      limited.map((d) => d.definitionId),
      all.slice(0, 3).map((d) => d.definitionId),
    );
  });

  it('gets one definition with its nodes, edges and compiled loops', async () => {
    const run = await cli(sandbox, ['definitions', 'get', 'doc-signoff']);
    assert.equal(run.code, 0, run.stderr);
    const view = JSON.parse(run.stdout) as DefinitionView;
    assert.equal(view.definitionId, 'doc-signoff');
    assert.ok(view.nodes.some((n) => n.nodeId === 'human-manager'));
    assert.ok(view.edges.some((e) => e.on === 'reject' && e.loop?.maxIterations === 3));
    assert.deepEqual(view.compiled?.loops[0]?.bodyNodeIds, ['agent-draft', 'human-manager']);
  });

  it('says which definition was not found (exit 3)', async () => {
    const run = await cli(sandbox, ['definitions', 'get', 'no-such-flow']);
    assert.equal(run.code, EXIT.notFound);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^velt-executions: definition no-such-flow was not found at .*definitions list/);
  });

  it('rejects bad arguments with one actionable line (exit 2)', async () => {
    const cases: [string[], RegExp][] = [
      [['definitions'], /missing subcommand/],
      [['definitions', 'show'], /unknown subcommand "show" for "definitions": expected list or get/],
      [['definitions', 'get'], /missing definition ID/],
      [['definitions', 'get', 'a', 'b'], /takes one definition ID/],
      [['definitions', 'get', 'a b'], /must be a definition ID/],
      [['definitions', 'get', 'a', '--limit', '2'], /--limit is for "definitions list" only/],
      [['definitions', 'list', 'extra'], /takes only options/],
      [['definitions', 'list', '--limit', '0'], /--limit must be between 1/],
      [['definitions', 'list', '--page-size', '501'], /--page-size must be between 1 and 500/],
      [['definitions', 'list', '--status', 'failed'], /unknown option "--status" for "definitions"/],
    ];
    for (const [argv, message] of cases) {
      assert.throws(
        () => parseArgs(argv),
        (e: unknown) => e instanceof UsageError && message.test(e.message),
        argv.join(' '),
      );
      const run = await cli(sandbox, argv);
      assert.equal(run.code, EXIT.usage, argv.join(' '));
      assert.match(run.stderr, /Run "velt-executions definitions --help" for usage/);
    }
    assert.deepEqual(parseArgs(['definitions', '--help']), { command: 'help', topic: 'definitions' });
  });

  it('runs as a process: JSON on stdout, exit 0', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'definitions', 'list', '--limit', '2', '--ndjson'],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          VELT_API_KEY: API_KEY,
          VELT_AUTH_TOKEN: AUTH_TOKEN,
          VELT_BASE_URL: sandbox.url,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, stderr);
    assert.equal(lines({ code: 0, stdout, stderr }).length, 2);
  });
});
