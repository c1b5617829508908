// The velt-executions CLI end to end against the local sandbox: runCli in-process (real HTTP over
// loopback), plus one run of the real entry point to check process wiring, exit codes and Ctrl-C.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { runCli, type CliIo } from '../../src/cli/run';
import { parseArgs, UsageError } from '../../src/cli/args';
import { EXIT, exitCodeForKind } from '../../src/cli/exitCodes';
import { SANDBOX_EXECUTIONS, startSandbox, type FaultRule, type Sandbox } from '../../src/sandbox/server';
import type { ApiErrorKind, ExecutionEvent, ExecutionView, RetryPolicy } from '../../src/api';

const API_KEY = 'ak_live_cliSECRETkey42';
const AUTH_TOKEN = 'at_cliSECRETtoken77';
const ROOT = path.resolve(__dirname, '../..');

function id(role: string): string {
  const value = SANDBOX_EXECUTIONS[role];
  if (!value) throw new Error(`no sandbox execution for role ${role}`);
  return value;
}

class Collector {
  chunks: string[] = [];
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return true;
  }
  get text(): string {
    return this.chunks.join('');
  }
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

interface RunOptions {
  env?: Record<string, string | undefined>;
  isTTY?: boolean;
  stderrIsTTY?: boolean;
  signal?: AbortSignal;
  retry?: Partial<RetryPolicy>;
}

/** A retry policy with short waits, for the cases that exhaust every attempt. */
const FAST_RETRY: Partial<RetryPolicy> = { baseDelayMs: 10, maxDelayMs: 40 };

const allStderr: string[] = [];

async function cli(sandbox: Sandbox | undefined, argv: string[], options: RunOptions = {}): Promise<Run> {
  const stdout = new Collector();
  const stderr = new Collector();
  const io: CliIo = {
    stdout,
    stderr,
    env: {
      VELT_API_KEY: API_KEY,
      VELT_AUTH_TOKEN: AUTH_TOKEN,
      VELT_BASE_URL: sandbox?.url,
      VELT_TIMEOUT_MS: '5000',
      ...options.env,
    },
    isTTY: options.isTTY,
    stderrIsTTY: options.stderrIsTTY,
    signal: options.signal,
    retry: options.retry,
  };
  const started = Date.now();
  const code = await runCli(argv, io);
  const run = { code, stdout: stdout.text, stderr: stderr.text, ms: Date.now() - started };
  allStderr.push(run.stderr);
  return run;
}

function json<T>(run: Run): T {
  assert.equal(run.code, 0, `exit ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

function ndjson<T>(run: Run): T[] {
  assert.equal(run.code, 0, `exit ${run.code}: ${run.stderr}`);
  if (run.stdout === '') return [];
  assert.ok(run.stdout.endsWith('\n'), 'NDJSON ends with a newline');
  return run.stdout
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as T);
}

/** A failed run: the expected code, nothing on stdout, exactly one `velt-executions: ` line on stderr. */
function failed(run: Run, code: number, message?: RegExp): void {
  assert.equal(run.code, code, `expected exit ${code}, got ${run.code}; stderr: ${run.stderr}`);
  assert.equal(run.stdout, '', 'stdout stays empty (pure JSON) on failure');
  const lines = run.stderr.split('\n').filter((l) => l.trim() !== '');
  assert.equal(lines.length, 1, `one line on stderr, got: ${run.stderr}`);
  assert.match(lines[0]!, /^velt-executions: \S/);
  if (message) assert.match(lines[0]!, message);
}

function assertIncreasingUnique(seqs: number[]): void {
  for (let i = 1; i < seqs.length; i++)
    assert.ok(seqs[i]! > seqs[i - 1]!, `seq ${seqs[i]} after ${seqs[i - 1]} at index ${i}`);
}

describe('velt-executions CLI', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startSandbox({ port: 0, apiKey: API_KEY, authToken: AUTH_TOKEN });
  });
  after(async () => {
    await sandbox?.close();
    for (const text of allStderr) {
      assert.ok(!text.includes(API_KEY) && !text.includes(AUTH_TOKEN), `stderr leaked a credential: ${text}`);
    }
  });
  afterEach(() => sandbox.clearFaults());

  describe('arguments (exit 2, no request made)', () => {
    const cases: [string, string[], RegExp][] = [
      ['no command', [], /missing command/],
      ['an unknown command', ['show', id('failed')], /unknown command "show"/],
      ['an unknown flag', ['get', id('failed'), '--pretty'], /unknown option "--pretty" for "get"/],
      ['an unknown flag on events', ['events', id('failed'), '--tail'], /unknown option "--tail"/],
      ['a flag from another command', ['get', id('failed'), '--all'], /unknown option "--all"/],
      ['a missing execution id', ['get'], /missing execution ID/],
      ['a malformed execution id', ['get', 'exec_123_abc'], /Not an execution ID/],
      ['an id with upper-case letters', ['events', 'exec_1793530800244_F41L3DKC'], /Not an execution ID/],
      ['an id glued to junk', ['get', `${id('failed')};rm`], /Not an execution ID/],
      ['two ids', ['get', id('failed'), id('cancelled')], /takes one execution ID/],
      ['--page-size 0', ['events', id('failed'), '--page-size', '0'], /--page-size must be between 1 and 500/],
      ['--page-size 501', ['events', id('failed'), '--page-size=501'], /--page-size must be between 1 and 500/],
      ['--since -1', ['events', id('failed'), '--since', '-1'], /--since must be a whole number/],
      ['--since abc', ['events', id('failed'), '--since', 'abc'], /--since must be a whole number/],
      ['--since without a value', ['events', id('failed'), '--since'], /--since needs a value/],
      [
        '--interval 1.5',
        ['events', id('failed'), '--follow', '--interval', '1.5'],
        /--interval must be a whole number/,
      ],
      ['--all=yes', ['events', id('failed'), '--all=yes'], /--all takes no value/],
      [
        '--status bogus',
        ['list', '--status', 'bogus'],
        /--status must be one of pending, running, completed, failed, cancelled/,
      ],
      ['--limit 0', ['list', '--limit', '0'], /--limit must be between/],
      ['a positional on list', ['list', 'failed'], /"list" takes only options/],
      ['--definition empty', ['list', '--definition', ''], /--definition must be a definition ID/],
      ['--version with junk', ['--version', 'x'], /unexpected argument/],
      ['help for an unknown topic', ['help', 'nope'], /unknown command "nope"/],
    ];
    for (const [label, argv, message] of cases) {
      it(`rejects ${label}`, async () => {
        const before = sandbox.stats.total;
        const run = await cli(sandbox, argv);
        failed(run, EXIT.usage, message);
        assert.match(run.stderr, /--help" for usage\./);
        assert.equal(sandbox.stats.total, before, 'no request was made');
      });
    }

    it('names both env vars when credentials are missing', async () => {
      for (const env of [
        { VELT_API_KEY: undefined },
        { VELT_AUTH_TOKEN: '  ' },
        { VELT_API_KEY: '', VELT_AUTH_TOKEN: undefined },
      ]) {
        const run = await cli(sandbox, ['get', id('failed')], { env });
        failed(run, EXIT.usage, /VELT_API_KEY and VELT_AUTH_TOKEN/);
      }
    });

    it('refuses a plain-http non-loopback VELT_BASE_URL before sending credentials', async () => {
      const run = await cli(sandbox, ['get', id('failed')], { env: { VELT_BASE_URL: 'http://api.velt.dev' } });
      failed(run, EXIT.usage, /VELT_BASE_URL: .*https/);
    });

    it('refuses a bad VELT_TIMEOUT_MS', async () => {
      for (const value of ['abc', '0', '-5', '1e3', '99999999']) {
        const run = await cli(sandbox, ['get', id('failed')], { env: { VELT_TIMEOUT_MS: value } });
        failed(run, EXIT.usage, /VELT_TIMEOUT_MS must be/);
      }
    });

    it('parses flags in either form and in any order', () => {
      const parsed = parseArgs(['events', '--page-size=20', id('huge'), '--since', '7', '--all', '--ndjson']);
      assert.deepEqual(parsed, {
        command: 'events',
        verbose: false,
        executionId: id('huge'),
        since: 7,
        pageSize: 20,
        all: true,
        follow: false,
        ndjson: true,
        intervalMs: 2000,
      });
      assert.throws(() => parseArgs(['events', id('huge'), '--since', '1', '--since', '2']), UsageError);
      assert.deepEqual(parseArgs(['list']), {
        command: 'list',
        verbose: false,
        definitionId: undefined,
        status: undefined,
        limit: 50,
        pageSize: undefined,
        ndjson: false,
      });
    });
  });

  describe('help and version', () => {
    it('--help and -h print usage to stdout and exit 0 without credentials', async () => {
      for (const argv of [['--help'], ['-h'], ['help']]) {
        const run = await cli(undefined, argv, { env: { VELT_API_KEY: undefined, VELT_AUTH_TOKEN: undefined } });
        assert.equal(run.code, 0);
        assert.match(run.stdout, /^Usage: velt-executions <command>/);
        assert.match(run.stdout, /VELT_API_KEY/);
        assert.equal(run.stderr, '');
      }
    });

    for (const command of ['get', 'events', 'list']) {
      it(`${command} --help shows that command's usage`, async () => {
        const run = await cli(undefined, [command, '--help']);
        assert.equal(run.code, 0);
        assert.match(run.stdout, new RegExp(`^Usage: velt-executions ${command}`));
        const viaHelp = await cli(undefined, ['help', command]);
        assert.equal(viaHelp.stdout, run.stdout);
      });
    }

    it('--version prints the version', async () => {
      const run = await cli(undefined, ['--version']);
      assert.equal(run.code, 0);
      assert.match(run.stdout, /^velt-executions \S+\n$/);
    });
  });

  describe('get', () => {
    it('prints the ExecutionView as compact JSON when stdout is not a terminal', async () => {
      const run = await cli(sandbox, ['get', id('completedParallel')]);
      const view = json<ExecutionView>(run);
      assert.equal(view.executionId, id('completedParallel'));
      assert.equal(view.status, 'completed');
      assert.ok(view.steps.length >= 5);
      assert.equal(run.stdout.split('\n').length, 2, 'one line');
      assert.equal(run.stderr, '');
    });

    it('pretty-prints with --json on a terminal', async () => {
      const run = await cli(sandbox, ['get', id('failed'), '--json'], { isTTY: true });
      const view = json<ExecutionView>(run);
      assert.equal(view.status, 'failed');
      assert.ok(view.failureReason);
      assert.match(run.stdout, /^\{\n {2}"executionId": /);
    });

    it('prints hostile content as inert JSON', async () => {
      const run = await cli(sandbox, ['get', id('hostile')]);
      const view = json<ExecutionView>(run);
      assert.equal(view.executionId, id('hostile'));
      assert.ok(!/[\u0000-\u0008\u001b]/.test(run.stdout), 'control characters are escaped by JSON');
    });

    it('--verbose logs requests to stderr, never the credentials', async () => {
      const run = await cli(sandbox, ['get', id('failed'), '--verbose']);
      json<ExecutionView>(run);
      assert.match(run.stderr, /POST \/v2\/workflow\/executions\/get → HTTP 200/);
      assert.match(run.stderr, /via http:\/\/127\.0\.0\.1:\d+/);
      assert.ok(!run.stderr.includes(API_KEY) && !run.stderr.includes(AUTH_TOKEN));
    });

    it('exit 3 for an unknown execution, naming it', async () => {
      for (const missing of [id('notFound'), id('agentLookalike')]) {
        failed(await cli(sandbox, ['get', missing]), EXIT.notFound, new RegExp(`${missing} was not found`));
      }
    });

    it('exit 4 when the credentials are rejected, without printing them', async () => {
      const wrongKey = 'ak_live_WRONGwrongWRONG';
      const wrongToken = 'at_WRONGtokenWRONG';
      for (const env of [{ VELT_API_KEY: wrongKey }, { VELT_AUTH_TOKEN: wrongToken }]) {
        const run = await cli(sandbox, ['get', id('failed'), '--verbose'], { env });
        assert.equal(run.code, EXIT.unauthenticated, run.stderr);
        assert.equal(run.stdout, '');
        assert.match(
          run.stderr,
          /velt-executions: the API key or auth token was rejected .*PERMISSION_DENIED.*VELT_API_KEY and VELT_AUTH_TOKEN/,
        );
        assert.ok(!run.stderr.includes(wrongKey) && !run.stderr.includes(wrongToken));
      }
    });

    it('exit 4 after the credentials are revoked mid-session', async () => {
      sandbox.setCredentials('other', 'other');
      try {
        failed(await cli(sandbox, ['get', id('failed')]), EXIT.unauthenticated);
      } finally {
        sandbox.setCredentials(API_KEY, AUTH_TOKEN);
      }
    });
  });

  describe('events', () => {
    interface Page {
      executionId: string;
      events: ExecutionEvent[];
      nextCursor: number | null;
      hasMore: boolean;
    }

    it('prints one page by default', async () => {
      const page = json<Page>(await cli(sandbox, ['events', id('completedParallel'), '--page-size', '5']));
      assert.deepEqual(Object.keys(page).sort(), ['events', 'executionId', 'hasMore', 'nextCursor']);
      assert.equal(page.executionId, id('completedParallel'));
      assert.equal(page.hasMore, true);
      assert.ok(page.nextCursor !== null && page.nextCursor <= 5);
      assert.ok(page.events.every((e) => e.seq <= 5));
    });

    it('--since is exclusive and continues from a cursor', async () => {
      const first = json<Page>(await cli(sandbox, ['events', id('completedParallel'), '--page-size', '10']));
      const second = json<Page>(
        await cli(sandbox, [
          'events',
          id('completedParallel'),
          '--since',
          String(first.nextCursor),
          '--page-size',
          '10',
        ]),
      );
      assert.ok(second.events.length > 0);
      assert.ok(second.events.every((e) => e.seq > first.nextCursor!));
    });

    it('prints one page as NDJSON with --ndjson', async () => {
      const events = ndjson<ExecutionEvent>(await cli(sandbox, ['events', id('failed'), '--ndjson']));
      assert.ok(events.length > 0);
      assert.equal(events[0]!.type, 'execution.dispatched');
    });

    it('--all follows the cursor through 30 empty pages (internal events first)', async () => {
      const before = sandbox.stats.byExecutionId[id('internalFirst')] ?? 0;
      const events = json<ExecutionEvent[]>(
        await cli(sandbox, ['events', id('internalFirst'), '--all', '--page-size', '100']),
      );
      assert.ok(events.length > 0);
      assert.ok(events[0]!.seq > 3000, `first external seq ${events[0]!.seq}`);
      assertIncreasingUnique(events.map((e) => e.seq));
      assert.ok((sandbox.stats.byExecutionId[id('internalFirst')] ?? 0) - before > 30);
    });

    it('--all on the huge execution prints ≥100,000 unique, increasing seqs as one JSON array', async () => {
      const run = await cli(sandbox, ['events', id('huge'), '--all', '--page-size', '500']);
      const events = json<ExecutionEvent[]>(run);
      assert.ok(events.length >= 100_000, `${events.length} events`);
      assertIncreasingUnique(events.map((e) => e.seq));
      assert.equal(events[0]!.type, 'execution.dispatched');
      assert.equal(events[events.length - 1]!.type, 'execution.completed');
      assert.equal(run.stderr, '', 'no progress line when stderr is not a terminal');
    });

    it('--all --ndjson streams the huge execution one event per line', async () => {
      const stdout = new Collector();
      const code = await runCli(
        ['events', id('huge'), '--all', '--ndjson', '--page-size', '500', '--since', '100000'],
        {
          stdout,
          stderr: new Collector(),
          env: { VELT_API_KEY: API_KEY, VELT_AUTH_TOKEN: AUTH_TOKEN, VELT_BASE_URL: sandbox.url },
        },
      );
      assert.equal(code, 0);
      assert.ok(stdout.chunks.length > 100, `streamed in ${stdout.chunks.length} writes, not at the end`);
      const lines = stdout.text.trimEnd().split('\n');
      const seqs = lines.map((line) => (JSON.parse(line) as ExecutionEvent).seq);
      assert.ok(seqs.length >= 50_000);
      assert.ok(seqs[0]! > 100_000);
      assertIncreasingUnique(seqs);
    });

    it('--all draws a progress line on a terminal stderr and clears it at the end', async () => {
      // The first page is held back 700 ms so the run is "long" whatever the machine's speed.
      sandbox.addFault({ mode: 'slow', delayMs: 700, count: 1, executionId: id('huge') });
      const run = await cli(
        sandbox,
        ['events', id('huge'), '--all', '--ndjson', '--page-size', '500', '--since', '150000'],
        { stderrIsTTY: true },
      );
      assert.equal(run.code, 0, run.stderr);
      assert.match(
        run.stderr,
        /\r\u001b\[2Kvelt-executions: [\d,]+ events so far, [\d,]+ pages? \([\d,]+\/s, seq [\d,]+\)/,
      );
      assert.ok(run.stderr.endsWith('\r\u001b[2K'), 'the progress line is cleared');
      ndjson<ExecutionEvent>(run);
    });

    it('exit 3 for events of an unknown execution', async () => {
      failed(await cli(sandbox, ['events', id('notFound'), '--all']), EXIT.notFound);
    });

    it('Ctrl-C (abort) during --all stops cleanly with 130 and no partial JSON', async () => {
      const controller = new AbortController();
      sandbox.addFault({ mode: 'slow', delayMs: 5_000, executionId: id('huge'), count: 1 });
      setTimeout(() => controller.abort(), 100);
      const run = await cli(sandbox, ['events', id('huge'), '--all'], { signal: controller.signal });
      assert.equal(run.code, EXIT.interrupted);
      assert.equal(run.stdout, '');
      assert.ok(run.ms < 2_000, `took ${run.ms} ms`);
      assert.match(run.stderr, /^velt-executions: interrupted\.\n$/);
    });
  });

  describe('events --follow', () => {
    let live: Sandbox;
    beforeEach(async () => {
      // Running executions progress 40× faster: runningLoop completes ~2.2 s in, runningSla fails ~2.3 s in.
      live = await startSandbox({ port: 0, apiKey: API_KEY, authToken: AUTH_TOKEN, timeScale: 40 });
    });
    afterEach(async () => {
      await live.close();
    });

    it('polls a running execution until execution.completed, printing NDJSON, then exits 0', async () => {
      const run = await cli(live, ['events', id('runningLoop'), '--follow', '--interval', '100']);
      const events = ndjson<ExecutionEvent>(run);
      assertIncreasingUnique(events.map((e) => e.seq));
      assert.equal(events[0]!.type, 'execution.dispatched');
      assert.equal(events[events.length - 1]!.type, 'execution.completed');
      assert.ok(events.some((e) => e.type === 'loop.iteration-started'));
      assert.ok(run.ms > 1_000, `followed for ${run.ms} ms: the run was still going when we started`);
      assert.ok((live.stats.byPath['/v2/workflow/executions/getEvents'] ?? 0) > 5, 'it polled');
      assert.ok((live.stats.byPath['/v2/workflow/executions/get'] ?? 0) >= 1, 'it checked the status while caught up');
    });

    it('stops at execution.failed too, from --since', async () => {
      const run = await cli(live, ['events', id('runningSla'), '--follow', '--interval', '100', '--since', '2']);
      const events = ndjson<ExecutionEvent>(run);
      assert.ok(events.every((e) => e.seq > 2));
      assert.equal(events[events.length - 1]!.type, 'execution.failed');
    });

    it('exits at once for an execution that is already over', async () => {
      const run = await cli(live, ['events', id('cancelled'), '--follow']);
      const events = ndjson<ExecutionEvent>(run);
      assert.equal(events[events.length - 1]!.type, 'execution.cancelled');
      assert.ok(run.ms < 1_500);
    });

    it('Ctrl-C (abort) while following stops with 130; the lines printed so far are whole', async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 400);
      const run = await cli(live, ['events', id('runningLongWait'), '--follow', '--interval', '100'], {
        signal: controller.signal,
      });
      assert.equal(run.code, EXIT.interrupted);
      assert.ok(run.ms < 1_500);
      for (const line of run.stdout.trimEnd().split('\n').filter(Boolean)) JSON.parse(line);
    });
  });

  describe('list', () => {
    it('prints up to 50 executions by default, newest first, steps empty', async () => {
      const items = json<ExecutionView[]>(await cli(sandbox, ['list']));
      assert.equal(items.length, 50);
      for (let i = 1; i < items.length; i++) assert.ok(items[i]!.startedAt! <= items[i - 1]!.startedAt!);
      assert.ok(items.every((e) => e.steps.length === 0));
    });

    it('--limit follows the cursor across pages without duplicates', async () => {
      const before = sandbox.stats.byPath['/v2/workflow/executions/list'] ?? 0;
      const items = json<ExecutionView[]>(await cli(sandbox, ['list', '--limit', '95', '--page-size', '20']));
      assert.equal(items.length, 95);
      assert.equal(new Set(items.map((e) => e.executionId)).size, 95);
      assert.equal((sandbox.stats.byPath['/v2/workflow/executions/list'] ?? 0) - before, 5);
    });

    it('stops at the end of the list before the limit', async () => {
      const items = json<ExecutionView[]>(await cli(sandbox, ['list', '--limit', '100000', '--page-size', '500']));
      assert.ok(items.length > 100 && items.length < 1_000, `${items.length} executions`);
      assert.equal(new Set(items.map((e) => e.executionId)).size, items.length);
    });

    it('--status filters', async () => {
      const items = json<ExecutionView[]>(await cli(sandbox, ['list', '--status', 'failed', '--limit', '500']));
      assert.ok(items.length > 1);
      assert.ok(items.every((e) => e.status === 'failed'));
      assert.ok(items.some((e) => e.executionId === id('failed')));
    });

    it('--definition filters, combined with --status', async () => {
      const items = json<ExecutionView[]>(
        await cli(sandbox, ['list', '--definition', 'vendor-onboarding', '--limit', '500']),
      );
      assert.ok(items.length > 1);
      assert.ok(items.every((e) => e.definitionId === 'vendor-onboarding'));
      const failedOnes = json<ExecutionView[]>(
        await cli(sandbox, ['list', '--definition', 'vendor-onboarding', '--status', 'failed', '--limit', '500']),
      );
      assert.ok(failedOnes.length >= 1 && failedOnes.length < items.length);
      assert.ok(failedOnes.every((e) => e.status === 'failed' && e.definitionId === 'vendor-onboarding'));
    });

    it('prints an empty array for a definition with no runs', async () => {
      assert.deepEqual(json<ExecutionView[]>(await cli(sandbox, ['list', '--definition', 'no-such-definition'])), []);
    });

    it('--ndjson prints one execution per line', async () => {
      const items = ndjson<ExecutionView>(await cli(sandbox, ['list', '--ndjson', '--limit', '7']));
      assert.equal(items.length, 7);
    });

    it('a definition id the server refuses is exit 2', async () => {
      failed(
        await cli(sandbox, ['list', '--definition', 'x'.repeat(100)]),
        EXIT.usage,
        /rejected the request as invalid/,
      );
    });
  });

  describe('faults', () => {
    const target = id('completedParallel');
    const get = ['get', target];
    function fault(rule: Omit<FaultRule, 'executionId'>): void {
      sandbox.addFault({ ...rule, executionId: target });
    }

    it('429 with Retry-After: waits as told, then succeeds (exit 0)', async () => {
      fault({ mode: '429', retryAfterSeconds: 1, count: 1 });
      const run = await cli(sandbox, get);
      json<ExecutionView>(run);
      assert.ok(run.ms >= 950, `waited ${run.ms} ms`);
    });

    it('429 with a Retry-After past the retry budget: exit 5 at once, saying how long to wait', async () => {
      const run = await cli(sandbox, ['get', id('rateLimited')]);
      failed(run, EXIT.unavailable, /^velt-executions: rate limited.*Wait 30 s/);
      assert.ok(run.ms < 2_000);
    });

    it('429 on every attempt: exit 5 after the attempt cap', async () => {
      fault({ mode: '429', retryAfterSeconds: 0 });
      failed(await cli(sandbox, get), EXIT.unavailable, /rate limited.*gave up after 4 attempts/);
    });

    it('429 without Retry-After: backs off and recovers (exit 0)', async () => {
      fault({ mode: '429-no-retry-after', count: 2 });
      json<ExecutionView>(await cli(sandbox, get));
    });

    it('429 without Retry-After on every attempt: exit 5', async () => {
      fault({ mode: '429-no-retry-after' });
      failed(await cli(sandbox, get, { retry: FAST_RETRY }), EXIT.unavailable, /rate limited/);
    });

    for (const mode of ['500', '503', '504', 'html'] as const) {
      it(`${mode} once: retried and recovered (exit 0)`, async () => {
        fault({ mode, count: 1 });
        json<ExecutionView>(await cli(sandbox, get, { retry: FAST_RETRY }));
      });
      it(`${mode} on every attempt: exit 5`, async () => {
        fault({ mode });
        const run = await cli(sandbox, get, { retry: FAST_RETRY });
        failed(
          run,
          EXIT.unavailable,
          mode === '504' ? /timed out internally.*gave up after 4 attempts/ : /unavailable.*gave up after 4 attempts/,
        );
      });
    }

    it('the flaky seed (503 on every other request) is recovered by one retry', async () => {
      json<ExecutionView>(await cli(sandbox, ['get', id('flaky')]));
      json<ExecutionView>(await cli(sandbox, ['get', id('flaky')]));
    });

    it('slow past VELT_TIMEOUT_MS: exit 7 naming the setting', async () => {
      fault({ mode: 'slow', delayMs: 3_000 });
      const run = await cli(sandbox, get, { env: { VELT_TIMEOUT_MS: '300' } });
      failed(run, EXIT.network, /did not answer within 300 ms.*VELT_TIMEOUT_MS/);
      assert.ok(run.ms < 2_000, `took ${run.ms} ms`);
    });

    it('the slow seed (4 s) within a larger timeout succeeds', async () => {
      const run = await cli(sandbox, ['get', id('slow')], { env: { VELT_TIMEOUT_MS: '8000' } });
      json<ExecutionView>(run);
      assert.ok(run.ms >= 3_900);
    });

    it('drop once: retried and recovered (exit 0)', async () => {
      fault({ mode: 'drop', count: 1 });
      json<ExecutionView>(await cli(sandbox, get, { retry: FAST_RETRY }));
    });

    it('drop on every attempt: exit 7', async () => {
      fault({ mode: 'drop' });
      failed(
        await cli(sandbox, get, { retry: FAST_RETRY }),
        EXIT.network,
        /could not reach the Velt API.*VELT_BASE_URL/,
      );
    });

    it('malformed JSON: exit 6', async () => {
      fault({ mode: 'malformed' });
      failed(
        await cli(sandbox, get),
        EXIT.invalidResponse,
        /^velt-executions: the Velt API sent a response this version cannot read.*not JSON.*--verbose/,
      );
    });

    it('truncated JSON: exit 6', async () => {
      fault({ mode: 'truncated' });
      failed(await cli(sandbox, get), EXIT.invalidResponse, /cannot read/);
    });

    it('wrong shape: exit 6 naming the field', async () => {
      fault({ mode: 'wrong-shape' });
      failed(await cli(sandbox, get), EXIT.invalidResponse, /field "executionId"/);
      sandbox.clearFaults();
      sandbox.addFault({ mode: 'wrong-shape', executionId: id('failed') });
      failed(await cli(sandbox, ['events', id('failed')]), EXIT.invalidResponse, /field "(executionId|events)"/);
    });

    it('faults in the middle of --all: recovered from a transient one, exit 6 on a bad page', async () => {
      sandbox.addFault({ mode: '503', count: 1, executionId: id('internalFirst') });
      json<ExecutionEvent[]>(await cli(sandbox, ['events', id('internalFirst'), '--all'], { retry: FAST_RETRY }));
      sandbox.clearFaults();
      sandbox.addFault({ mode: 'truncated', executionId: id('internalFirst') });
      failed(await cli(sandbox, ['events', id('internalFirst'), '--all']), EXIT.invalidResponse);
    });

    it('a fault on list: exit 5 after retries', async () => {
      sandbox.addFault({ mode: '503', path: 'executions/list' });
      failed(await cli(sandbox, ['list'], { retry: FAST_RETRY }), EXIT.unavailable);
    });

    it('nothing listening: exit 7', async () => {
      const closed = await startSandbox({ port: 0 });
      const url = closed.url;
      await closed.close();
      failed(
        await cli(undefined, get, { env: { VELT_BASE_URL: url }, retry: FAST_RETRY }),
        EXIT.network,
        /connection refused/,
      );
    });
  });

  describe('exit codes', () => {
    it('maps every ApiError kind in one place', () => {
      const table: Record<ApiErrorKind, number> = {
        invalidArgument: 2,
        missingCredentials: 2,
        credentialsOriginMismatch: 2,
        environmentChanged: 1,
        insecureUrl: 2,
        notFound: 3,
        unauthenticated: 4,
        rateLimited: 5,
        unavailable: 5,
        deadlineExceeded: 5,
        invalidResponse: 6,
        network: 7,
        timeout: 7,
        pagingStalled: 8,
        cancelled: 130,
        other: 1,
      };
      for (const [kind, code] of Object.entries(table) as [ApiErrorKind, number][])
        assert.equal(exitCodeForKind(kind), code, kind);
    });
  });

  describe('the real entry point (src/cli/main.ts)', () => {
    function spawnCli(
      args: string[],
      env: Record<string, string>,
    ): { done: Promise<Run>; kill: (signal: NodeJS.Signals) => void } {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), ...args], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        stdout += d;
      });
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        stderr += d;
      });
      const started = Date.now();
      const done = new Promise<Run>((resolve) => {
        child.on('close', (code) => {
          allStderr.push(stderr);
          resolve({ code: code ?? -1, stdout, stderr, ms: Date.now() - started });
        });
      });
      return { done, kill: (signal) => child.kill(signal) };
    }

    it('exits with the command result and writes pure JSON to a pipe', async () => {
      const env = { VELT_API_KEY: API_KEY, VELT_AUTH_TOKEN: AUTH_TOKEN, VELT_BASE_URL: sandbox.url };
      const ok = await spawnCli(['events', id('failed'), '--all'], env).done;
      assert.equal(ok.code, 0, ok.stderr);
      assert.ok(Array.isArray(JSON.parse(ok.stdout)));
      const missing = await spawnCli(['get', id('notFound')], env).done;
      assert.equal(missing.code, EXIT.notFound);
      assert.equal(missing.stdout, '');
    });

    it('Ctrl-C (SIGINT) stops --follow with 130', async () => {
      const live = await startSandbox({ port: 0, apiKey: API_KEY, authToken: AUTH_TOKEN });
      try {
        const env = { VELT_API_KEY: API_KEY, VELT_AUTH_TOKEN: AUTH_TOKEN, VELT_BASE_URL: live.url };
        const child = spawnCli(['events', id('runningLongWait'), '--follow', '--interval', '200'], env);
        // Wait until it has printed its first events, then interrupt.
        const deadline = Date.now() + 15_000;
        while ((live.stats.byPath['/v2/workflow/executions/get'] ?? 0) === 0 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        child.kill('SIGINT');
        const run = await child.done;
        assert.equal(run.code, EXIT.interrupted, run.stderr);
        assert.match(run.stderr, /interrupted/);
        const lines = run.stdout.trimEnd().split('\n');
        assert.equal((JSON.parse(lines[0]!) as ExecutionEvent).type, 'execution.dispatched');
      } finally {
        await live.close();
      }
    });
  });
});
