// reconcile and listen end to end against the sandbox engine over real HTTP: the ledger is what a local
// receiver got from the engine's own webhook deliveries; reconcile prints exactly the events left out of it
// (exit 9) or nothing (exit 0), counts duplicates and unmatched lines, scopes by a time window, and
// re-delivers in the engine's body shape, signed; listen forwards a live run's events once, in order,
// through a receiver that fails twice, and Ctrl-C ends it with a summary and 130. No Velt credential
// ever reaches a receiver.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/run';
import { EXIT } from '../../../src/cli/exitCodes';
import { startSandbox, type Sandbox } from '../../../src/sandbox/server';
import type { ExecutionEvent, ExecutionView } from '../../../src/api';
import { REVIEW_DEFINITION } from '../sandbox/engine/http';
import { startReceiver, type Received, type TestReceiver } from '../webhooks/receiver';

const API_KEY = 'ak_live_hooksSECRETkey1';
const AUTH_TOKEN = 'at_hooksSECRETtoken2';
const SECRET = 'whsec_cli_test_secret_42';
const ROOT = path.resolve(__dirname, '../../..');
const FAST = {
  pollMs: 50,
  discoverMs: 100,
  statusEvery: 2,
  deliveryBaseMs: 20,
  deliveryMaxMs: 50,
  deliveryTimeoutMs: 2_000,
};

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
}

async function cli(sb: Sandbox, argv: string[], signal?: AbortSignal): Promise<Run> {
  const stdout = new Collector();
  const stderr = new Collector();
  const code = await runCli(argv, {
    stdout,
    stderr,
    env: { VELT_API_KEY: API_KEY, VELT_AUTH_TOKEN: AUTH_TOKEN, VELT_BASE_URL: sb.url, VELT_TIMEOUT_MS: '5000' },
    signal,
    webhookTimings: FAST,
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

async function call(sb: Sandbox, route: string, data: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${sb.url}/v2/workflow/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-velt-api-key': API_KEY, 'x-velt-auth-token': AUTH_TOKEN },
    body: JSON.stringify({ data }),
  });
  const json = (await response.json()) as { result?: Record<string, unknown>; error?: unknown };
  assert.equal(response.status, 200, JSON.stringify(json).slice(0, 300));
  return json.result!;
}

async function until(what: string, condition: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function dispatch(sb: Sandbox, webhook?: TestReceiver): Promise<string> {
  const result = await call(sb, 'executions/dispatch', {
    definitionId: REVIEW_DEFINITION.definitionId,
    ...(webhook ? { webhookUrl: webhook.url, webhookSecret: SECRET } : {}),
  });
  return result['executionId'] as string;
}

/** Approves the run's waiting human step, which lets it run to execution.completed. */
async function approve(sb: Sandbox, executionId: string): Promise<void> {
  let waiting: { stepId: string } | undefined;
  await until('the human step to wait', async () => {
    const view = (await call(sb, 'executions/get', { executionId })) as unknown as ExecutionView;
    waiting = view.steps.find((s) => s.status === 'waiting' && s.nodeType === 'human');
    return waiting !== undefined;
  });
  await call(sb, 'steps/recordReviewerDecision', {
    executionId,
    stepId: waiting!.stepId,
    reviewerId: 'u_ana',
    decision: 'approve',
  });
}

async function eventsOf(sb: Sandbox, executionId: string): Promise<ExecutionEvent[]> {
  const page = await call(sb, 'executions/getEvents', { executionId, pageSize: 500 });
  return page['events'] as ExecutionEvent[];
}

function bodyOf(r: Received): { event: string; executionId: string; seq: number } {
  return JSON.parse(r.body) as { event: string; executionId: string; seq: number };
}

function ndjson(run: Run): ExecutionEvent[] {
  return run.stdout === ''
    ? []
    : run.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as ExecutionEvent);
}

function assertNoCredentials(received: readonly Received[]): void {
  assert.ok(received.length > 0);
  for (const r of received) {
    assert.equal(r.headers['x-velt-api-key'], undefined);
    assert.equal(r.headers['x-velt-auth-token'], undefined);
    const all = JSON.stringify(r.headers) + r.body;
    assert.ok(!all.includes(API_KEY) && !all.includes(AUTH_TOKEN), 'no Velt credential reaches the receiver');
  }
}

function verifySignature(r: Received): void {
  const expected = `sha256=${createHmac('sha256', SECRET).update(r.body).digest('hex')}`;
  assert.equal(r.headers['x-velt-signature'], expected, 'the signature verifies with the secret');
}

describe('velt-executions reconcile and listen', function () {
  this.timeout(60_000);
  let sb: Sandbox;
  let engineRx: TestReceiver;
  let dir: string;
  /** A completed run delivered by the engine itself to engineRx. */
  let executionId: string;
  let engineBodies: Received[];

  const ledgerFile = (name: string, lines: readonly string[]): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, lines.join('\n') + '\n');
    return file;
  };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'velt-ledger-'));
    sb = await startSandbox({ port: 0, apiKey: API_KEY, authToken: AUTH_TOKEN, timeScale: 50 });
    await call(sb, 'definitions/create', REVIEW_DEFINITION);
    engineRx = await startReceiver(() => 200);
    executionId = await dispatch(sb, engineRx);
    await approve(sb, executionId);
    await until('the engine to deliver execution.completed', () =>
      engineRx.received.some((r) => bodyOf(r).event === 'execution.completed'),
    );
    engineBodies = [...engineRx.received].sort((a, b) => bodyOf(a).seq - bodyOf(b).seq);
  });
  after(async () => {
    await engineRx?.close();
    await sb?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('reconcile', () => {
    it('prints exactly the events missing from a real ledger (exit 9) and re-delivers them as the engine did, signed', async () => {
      const stream = await eventsOf(sb, executionId);
      assert.equal(stream.length, engineBodies.length, 'the engine delivered every external event');
      const left = [engineBodies[2]!, engineBodies[engineBodies.length - 1]!];
      const file = ledgerFile(
        'partial.jsonl',
        engineBodies.filter((r) => !left.includes(r)).map((r) => r.body),
      );
      const rx = await startReceiver((n) => (n === 0 ? 503 : 200));
      try {
        const run = await cli(sb, [
          'reconcile',
          '--ledger',
          file,
          '--execution',
          executionId,
          '--redeliver',
          rx.url,
          '--secret',
          SECRET,
        ]);
        assert.equal(run.code, EXIT.missingEvents, run.stderr);
        const missingSeqs = left.map((r) => bodyOf(r).seq);
        assert.deepEqual(
          ndjson(run),
          stream.filter((e) => missingSeqs.includes(e.seq)),
          'the events, as events --ndjson prints them',
        );
        assert.match(
          run.stderr,
          new RegExp(
            `${executionId}: ${stream.length} in stream, ${stream.length - 2} received, 2 missing, 0 duplicates, 0 unmatched ledger lines\\.`,
          ),
        );
        assert.match(run.stderr, /redeliver: 2 of 2 missing events delivered/);
        assert.ok(!run.stderr.includes(SECRET), 'the secret is never echoed');
        // First attempt refused with 503, then both delivered: 3 requests, in seq order.
        assert.deepEqual(
          rx.received.map((r) => [bodyOf(r).seq, r.headers['x-velt-attempt']]),
          [
            [missingSeqs[0], '0'],
            [missingSeqs[0], '1'],
            [missingSeqs[1], '0'],
          ],
        );
        for (const r of rx.received) verifySignature(r);
        assert.deepEqual(
          rx.received.slice(1).map((r) => r.body),
          left.map((r) => r.body),
          "the re-delivered bodies are the engine's own, byte for byte",
        );
        assert.deepEqual(
          rx.received.slice(1).map((r) => r.headers['x-velt-event-id']),
          left.map((r) => r.headers['x-velt-event-id']),
        );
        assertNoCredentials(rx.received);
      } finally {
        await rx.close();
      }
    });

    it('a complete ledger in every form exits 0; duplicates, unmatched and bad lines are counted', async () => {
      const stream = await eventsOf(sb, executionId);
      const lines = stream.map((e, i) =>
        i % 3 === 0
          ? engineBodies.find((r) => bodyOf(r).seq === e.seq)!.body
          : i % 3 === 1
            ? JSON.stringify({ eventId: e.eventId })
            : JSON.stringify({ executionId, seq: e.seq }),
      );
      lines.push(lines[1]!, '', '{oops', JSON.stringify({ executionId, seq: 999_999 }));
      const run = await cli(sb, ['reconcile', '--ledger', ledgerFile('full.jsonl', lines), '--execution', executionId]);
      assert.equal(run.code, EXIT.ok, run.stderr);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, new RegExp(`ledger line ${stream.length + 3}: not valid JSON; skipped\\.`));
      assert.match(
        run.stderr,
        new RegExp(`${stream.length} received, 0 missing, 1 duplicate, 1 unmatched ledger line\\.`),
      );
    });

    it('--types compares only the subscribed types', async () => {
      const onlyExecutionEvents = engineBodies
        .filter((r) => bodyOf(r).event.startsWith('execution.'))
        .map((r) => r.body);
      const file = ledgerFile('types.jsonl', onlyExecutionEvents);
      const all = await cli(sb, ['reconcile', '--ledger', file, '--execution', executionId]);
      assert.equal(all.code, EXIT.missingEvents);
      const typed = await cli(sb, [
        'reconcile',
        '--ledger',
        file,
        '--execution',
        executionId,
        '--types',
        'execution.dispatched,execution.completed',
      ]);
      assert.equal(typed.code, EXIT.ok, typed.stderr);
      assert.match(typed.stderr, /: 2 in stream, 2 received, 0 missing/);
    });

    it('a --since/--until window finds the runs started in it (of the definition), paging the list', async () => {
      const before = Date.now() - 1;
      const a = await dispatch(sb);
      const b = await dispatch(sb);
      const file = ledgerFile('empty.jsonl', []);
      const run = await cli(sb, [
        'reconcile',
        '--ledger',
        file,
        '--since',
        new Date(before).toISOString(),
        '--definition',
        REVIEW_DEFINITION.definitionId,
      ]);
      assert.equal(run.code, EXIT.missingEvents, run.stderr);
      const named = [...run.stderr.matchAll(/^velt-executions: (exec_\w+): /gm)].map((m) => m[1]);
      assert.deepEqual(named.sort(), [a, b].sort(), 'only the two runs started in the window');
      assert.ok(ndjson(run).some((e) => e.type === 'execution.dispatched'));
      const empty = await cli(sb, [
        'reconcile',
        '--ledger',
        file,
        '--since',
        '0',
        '--until',
        String(before - 60_000_000),
        '--definition',
        REVIEW_DEFINITION.definitionId,
      ]);
      assert.equal(empty.code, EXIT.ok, empty.stderr);
      assert.match(empty.stderr, /reconciled 0 executions/);
      await call(sb, 'executions/cancel', { executionId: a });
      await call(sb, 'executions/cancel', { executionId: b });
    });

    it('usage errors exit 2: scope missing or mixed, --redeliver without --secret, a plain-http remote URL, a missing file', async () => {
      const file = ledgerFile('x.jsonl', []);
      const cases: [string[], RegExp][] = [
        [['reconcile', '--ledger', file], /missing scope/],
        [['reconcile', '--ledger', file, '--execution', executionId, '--since', '0'], /cannot be combined/],
        [['reconcile', '--ledger', file, '--since', 'yesterday'], /ISO 8601/],
        [
          ['reconcile', '--ledger', file, '--execution', executionId, '--redeliver', 'http://localhost:1/'],
          /go together/,
        ],
        [
          [
            'reconcile',
            '--ledger',
            file,
            '--execution',
            executionId,
            '--redeliver',
            'http://hooks.example.com/',
            '--secret',
            SECRET,
          ],
          /https:\/\/, or http:\/\/ to localhost/,
        ],
        [
          ['reconcile', '--ledger', path.join(dir, 'nope.jsonl'), '--execution', executionId],
          /cannot read the ledger .*no such file/,
        ],
        [['listen'], /missing --forward-to/],
        [
          ['listen', '--forward-to', 'http://localhost:1/', '--definition', 'x-y-z', '--execution', executionId],
          /not both/,
        ],
      ];
      for (const [argv, message] of cases) {
        const run = await cli(sb, argv);
        assert.equal(run.code, EXIT.usage, `${argv.join(' ')}: ${run.stderr}`);
        assert.match(run.stderr, message);
      }
    });
  });

  it('an unknown execution exits 3 and is named, for reconcile and listen', async () => {
    const unknown = 'exec_1777374504255_zzzzzzzz';
    const file = ledgerFile('unknown.jsonl', []);
    for (const argv of [
      ['reconcile', '--ledger', file, '--execution', unknown],
      ['listen', '--forward-to', 'http://localhost:1/', '--execution', unknown],
    ]) {
      const run = await cli(sb, argv);
      assert.equal(run.code, EXIT.notFound, run.stderr);
      assert.match(run.stderr, new RegExp(`execution ${unknown} was not found`));
    }
  });

  describe('listen', () => {
    it('forwards a new run once, in order, through a receiver that fails twice; Ctrl-C prints a summary and exits 130', async () => {
      const rx = await startReceiver((n) => (n < 2 ? 503 : 200));
      const controller = new AbortController();
      const listing = cli(
        sb,
        ['listen', '--forward-to', rx.url, '--secret', SECRET, '--definition', REVIEW_DEFINITION.definitionId],
        controller.signal,
      );
      try {
        const lists = (): number => sb.stats.byPath['/v2/workflow/executions/list'] ?? 0;
        const startLists = lists();
        await until('listen to look at the list', () => lists() > startLists);
        const live = await dispatch(sb);
        await approve(sb, live);
        await until('execution.completed to be forwarded', () =>
          rx.received.some((r) => bodyOf(r).event === 'execution.completed' && bodyOf(r).executionId === live),
        );
        controller.abort();
        const run = await listing;
        assert.equal(run.code, EXIT.interrupted, run.stderr);
        assert.match(run.stderr, /summary: \d+ events delivered, 2 failed attempts, 1 execution followed/);
        const stream = await eventsOf(sb, live);
        const delivered = rx.received.filter((_, i) => i >= 2);
        assert.deepEqual(
          delivered.map((r) => bodyOf(r).seq),
          stream.map((e) => e.seq),
          'every event once, in seq order',
        );
        assert.deepEqual(
          rx.received.slice(0, 3).map((r) => [bodyOf(r).seq, r.headers['x-velt-attempt']]),
          [
            [stream[0]!.seq, '0'],
            [stream[0]!.seq, '1'],
            [stream[0]!.seq, '2'],
          ],
          'the first event was retried until delivered, and the others waited behind it',
        );
        for (const r of rx.received) verifySignature(r);
        assertNoCredentials(rx.received);
        const lines = run.stdout.trimEnd().split('\n');
        assert.equal(lines.length, rx.received.length, 'one line per delivery attempt');
        assert.match(
          lines[0]!,
          new RegExp(`^execution\\.dispatched ${live} seq \\d+ → 503 \\(\\d+ms\\), retry in \\d+ms$`),
        );
        assert.match(
          lines[lines.length - 1]!,
          new RegExp(`^execution\\.completed ${live} seq \\d+ → 200 \\(\\d+ms\\)$`),
        );
      } finally {
        controller.abort();
        await listing;
        await rx.close();
      }
    });

    it('with --execution it forwards only new events and exits 0 when the run ends', async () => {
      const rx = await startReceiver(() => 200);
      try {
        const live = await dispatch(sb);
        await until('the run to wait for a reviewer', async () =>
          (await eventsOf(sb, live)).some((e) => e.type === 'step.awaiting-approval'),
        );
        const before = (await eventsOf(sb, live)).length;
        const gets = (): number => sb.stats.byExecutionId[live] ?? 0;
        const start = gets();
        const listing = cli(sb, ['listen', '--forward-to', rx.url, '--execution', live]);
        await until('listen to catch up', () => gets() > start + 2);
        await approve(sb, live);
        const run = await listing;
        assert.equal(run.code, EXIT.ok, run.stderr);
        const stream = await eventsOf(sb, live);
        assert.deepEqual(
          rx.received.map((r) => bodyOf(r).seq),
          stream.slice(before).map((e) => e.seq),
          'only the events after listen started',
        );
        assert.equal(rx.received[0]!.headers['x-velt-signature'], undefined, 'unsigned without --secret');
      } finally {
        await rx.close();
      }
    });

    it('the real entry point: SIGINT ends listen with a summary and 130', async () => {
      const rx = await startReceiver(() => 200);
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          path.join(ROOT, 'src/cli/main.ts'),
          'listen',
          '--forward-to',
          rx.url,
          '--secret',
          SECRET,
          '--definition',
          REVIEW_DEFINITION.definitionId,
        ],
        {
          cwd: ROOT,
          env: {
            PATH: process.env.PATH ?? '',
            VELT_API_KEY: API_KEY,
            VELT_AUTH_TOKEN: AUTH_TOKEN,
            VELT_BASE_URL: sb.url,
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      try {
        await until('the child to start listening', () => stderr.includes('forwarding events to'));
        const lists = sb.stats.byPath['/v2/workflow/executions/list'] ?? 0;
        await until('its first look at the list', () => (sb.stats.byPath['/v2/workflow/executions/list'] ?? 0) > lists);
        const live = await dispatch(sb);
        await until('a forwarded event', () => rx.received.some((r) => bodyOf(r).executionId === live), 20_000);
        child.kill('SIGINT');
        assert.equal(await exited, EXIT.interrupted, stderr);
        assert.match(stderr, /summary: [1-9]\d* events? delivered, 0 failed attempts/);
        assert.match(stdout, new RegExp(`^execution\\.dispatched ${live} seq \\d+ → 200`, 'm'));
        await call(sb, 'executions/cancel', { executionId: live });
      } finally {
        child.kill('SIGKILL');
        await rx.close();
      }
    });
  });
});
