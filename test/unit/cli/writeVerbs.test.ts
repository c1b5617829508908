// The six write verbs end to end against the sandbox engine (real HTTP over loopback, fake clock): a run
// really moves (dispatch → approve → completed; reject routes the reject edge; overrides and cancels),
// recorded: false is exit 10, nothing is sent without a confirmation (no terminal and no --yes, or an
// answer other than y/yes), bad JSON is exit 2 with its position, and no secret reaches stderr.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli, type CliIo } from '../../../src/cli/run';
import { EXIT } from '../../../src/cli/exitCodes';
import { DISPATCH_KEY_PATTERN, type ExecutionView, type RetryPolicy } from '../../../src/api';
import type { Sandbox } from '../../../src/sandbox/server';
import { REVIEW_DEFINITION, fakeClockSandbox } from '../sandbox/engine/http';

const API_KEY = 'ak_live_writesSECRETkey9';
const AUTH_TOKEN = 'at_writesSECRETtoken8';
const WEBHOOK_SECRET = 'whsec_writes_SECRET_0123456789';
const ROOT = path.resolve(__dirname, '../../..');
const DEFINITION = REVIEW_DEFINITION.definitionId;

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
  /** Questions asked on the (simulated) terminal. */
  asked: string[];
}

interface RunOptions {
  /** Simulates a terminal on stdin and stderr that answers this (null: input ended). */
  answer?: string | null;
  /** A terminal on stdin only (stderr redirected). */
  stdinOnly?: boolean;
  retry?: Partial<RetryPolicy>;
  /** Aborted when the question is asked (Ctrl-C at the prompt, as terminalAsk does). */
  interruptAtQuestion?: AbortController;
}

const allStderr: string[] = [];

describe('velt-executions write verbs against the engine', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let tick: (ms: number) => void;

  async function cli(argv: string[], options: RunOptions = {}): Promise<Run> {
    const stdout = new Collector();
    const stderr = new Collector();
    const asked: string[] = [];
    const terminal = 'answer' in options;
    const io: CliIo = {
      stdout,
      stderr,
      env: {
        VELT_API_KEY: API_KEY,
        VELT_AUTH_TOKEN: AUTH_TOKEN,
        VELT_BASE_URL: sandbox.url,
        VELT_TIMEOUT_MS: '5000',
      },
      stdinIsTTY: terminal || options.stdinOnly === true,
      stderrIsTTY: terminal,
      signal: options.interruptAtQuestion?.signal,
      ask: async (question) => {
        asked.push(question);
        options.interruptAtQuestion?.abort();
        return options.answer ?? null;
      },
      retry: options.retry ?? { baseDelayMs: 5, maxDelayMs: 10 },
    };
    const code = await runCli(argv, io);
    allStderr.push(stderr.text);
    return { code, stdout: stdout.text, stderr: stderr.text, asked };
  }

  function json<T>(run: Run): T {
    assert.equal(run.code, 0, `exit ${run.code}: ${run.stderr}`);
    return JSON.parse(run.stdout) as T;
  }

  async function view(executionId: string): Promise<ExecutionView> {
    return json<ExecutionView>(await cli(['get', executionId]));
  }

  /** Moves the clock a second at a time until `done` holds (at most a simulated minute). */
  async function until(executionId: string, done: (v: ExecutionView) => boolean): Promise<ExecutionView> {
    for (let i = 0; i < 60; i++) {
      const current = await view(executionId);
      if (done(current)) return current;
      tick(1000);
    }
    assert.fail(`execution ${executionId} did not reach the expected state`);
  }

  const stepOf = (v: ExecutionView, nodeId: string): ExecutionView['steps'][number] | undefined =>
    v.steps.find((s) => s.nodeId === nodeId);

  /** A fresh run whose human step is waiting; returns its ids. */
  async function waitingRun(): Promise<{ executionId: string; stepId: string }> {
    const { executionId } = json<{ executionId: string }>(await cli(['dispatch', DEFINITION, '--yes']));
    const waiting = await until(executionId, (v) => stepOf(v, 'human-review')?.status === 'waiting');
    return { executionId, stepId: stepOf(waiting, 'human-review')!.stepId };
  }

  /** Asserts the command sent nothing: the sandbox saw no request during it. */
  async function sendsNothing(argv: string[], options: RunOptions = {}): Promise<Run> {
    const before = sandbox.stats.total;
    const run = await cli(argv, options);
    assert.equal(sandbox.stats.total, before, `no request reached the server (${argv.join(' ')})`);
    assert.equal(run.stdout, '', 'nothing on stdout');
    return run;
  }

  before(async () => {
    ({ sb: sandbox, tick } = await fakeClockSandbox({ apiKey: API_KEY, authToken: AUTH_TOKEN }));
    const created = sandbox.engine.definitions.create(REVIEW_DEFINITION as never);
    assert.ok(created.ok, 'the test definition is valid');
  });
  afterEach(() => sandbox.clearFaults());
  after(async () => {
    await sandbox?.close();
    for (const text of allStderr) {
      for (const secret of [API_KEY, AUTH_TOKEN, WEBHOOK_SECRET])
        assert.ok(!text.includes(secret), `stderr leaked a secret: ${text}`);
    }
  });

  describe('dispatch', () => {
    it('starts a run and prints its ids with the idempotency key it generated', async () => {
      const run = await cli(['dispatch', DEFINITION, '--input', '{"amount": 12}', '--yes']);
      const result = json<{
        executionId: string;
        correlationId: string;
        deduplicated: boolean;
        idempotencyKey: string;
      }>(run);
      assert.match(result.executionId, /^exec_\d{13}_[a-z0-9]+$/);
      assert.equal(result.deduplicated, false);
      assert.match(result.idempotencyKey, DISPATCH_KEY_PATTERN);
      assert.equal(typeof result.correlationId, 'string');
      assert.deepEqual(sandbox.engine.get(result.executionId)?.triggerContext, { amount: 12 });
      assert.equal(run.stderr, '', 'quiet on success');
    });

    it('a replay of a key returns the first run, says so on stderr, and starts nothing new', async () => {
      const first = json<{ executionId: string }>(
        await cli(['dispatch', DEFINITION, '--idempotency-key', 'cli-test-replay', '--yes']),
      );
      const runs = sandbox.engine.all().length;
      const replay = await cli(['dispatch', DEFINITION, '--idempotency-key', 'cli-test-replay', '--yes']);
      const result = json<{ executionId: string; deduplicated: boolean }>(replay);
      assert.equal(result.executionId, first.executionId);
      assert.equal(result.deduplicated, true);
      assert.match(replay.stderr, /deduplicated: idempotency key cli-test-replay was used before/);
      assert.equal(sandbox.engine.all().length, runs);
    });

    it('reads --input-file (a BOM is ignored); a missing file is exit 2 and sends nothing', async () => {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'velt-writes-'));
      try {
        const file = path.join(dir, 'ctx.json');
        await fs.writeFile(file, '\uFEFF{\n  "customer": "acme"\n}\n');
        const { executionId } = json<{ executionId: string }>(
          await cli(['dispatch', DEFINITION, '--input-file', file, '--yes']),
        );
        assert.deepEqual(sandbox.engine.get(executionId)?.triggerContext, { customer: 'acme' });

        const missing = await sendsNothing([
          'dispatch',
          DEFINITION,
          '--input-file',
          path.join(dir, 'nope.json'),
          '--yes',
        ]);
        assert.equal(missing.code, EXIT.usage);
        assert.match(missing.stderr, /cannot read --input-file ".*nope\.json": no such file\./);

        await fs.writeFile(file, '{\n  "customer": acme\n}\n');
        const bad = await sendsNothing(['dispatch', DEFINITION, '--input-file', file, '--yes']);
        assert.equal(bad.code, EXIT.usage);
        assert.match(bad.stderr, /--input-file ".*ctx\.json" is not valid JSON: .* at line 2, column 15 \(offset 16\)/);
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    });

    it('an unknown definition is exit 3 naming it', async () => {
      const run = await cli(['dispatch', 'no-such-definition', '--yes']);
      assert.equal(run.code, EXIT.notFound, run.stderr);
      assert.match(run.stderr, /definition no-such-definition was not found/);
    });

    it('never prints the webhook secret, even with --verbose and on failure', async () => {
      const ok = await cli([
        'dispatch',
        DEFINITION,
        '--webhook-url',
        'http://127.0.0.1:9/hook',
        '--webhook-secret',
        WEBHOOK_SECRET,
        '--yes',
        '--verbose',
      ]);
      assert.equal(ok.code, 0, ok.stderr);
      const refused = await cli([
        'dispatch',
        DEFINITION,
        '--webhook-url',
        `https://hooks.example/${WEBHOOK_SECRET}`,
        '--webhook-secret',
        WEBHOOK_SECRET,
        '--idempotency-key',
        'x y',
      ]);
      assert.equal(refused.code, EXIT.usage);
      // The question on a terminal names the receiver, but never the secret (here inside the URL).
      const asked = await sendsNothing(
        [
          'dispatch',
          DEFINITION,
          '--webhook-url',
          `https://hooks.example/${WEBHOOK_SECRET}`,
          '--webhook-secret',
          WEBHOOK_SECRET,
        ],
        { answer: 'n' },
      );
      assert.match(asked.asked[0]!, /events to "https:\/\/hooks\.example\/\[redacted\]"/);
      // The after() hook checks every stderr of this file for the secret.
    });
  });

  describe('approve and reject', () => {
    it('approve by the mandatory reviewer: recorded, and the run proceeds to completion', async () => {
      const { executionId, stepId } = await waitingRun();
      const run = await cli(['approve', executionId, stepId, '--reviewer', 'u_ana', '--reason', 'fine', '--yes']);
      const result = json<{ recorded: boolean; aggregatorStatus: string; resumeScheduled: boolean }>(run);
      assert.deepEqual(result, {
        recorded: true,
        aggregatorStatus: 'resolved',
        resumeScheduled: true,
        rejectionReason: null,
      });
      const done = await until(executionId, (v) => v.status === 'completed');
      assert.equal(stepOf(done, 'human-review')?.status, 'completed');
      assert.equal(stepOf(done, 'notify-done')?.status, 'completed', 'the approve edge fired');
      assert.equal(stepOf(done, 'notify-rework'), undefined, 'the reject edge did not');
    });

    it('reject routes the reject edge', async () => {
      const { executionId, stepId } = await waitingRun();
      const result = json<{ recorded: boolean }>(
        await cli(['reject', executionId, stepId, '--reviewer', 'u_bo', '--reason', 'needs work', '--yes']),
      );
      assert.equal(result.recorded, true);
      const done = await until(executionId, (v) => v.status === 'completed');
      assert.equal(stepOf(done, 'notify-rework')?.status, 'completed');
      assert.equal(stepOf(done, 'notify-done'), undefined);
    });

    it('an undeclared reviewer is not recorded: JSON on stdout, the reason on stderr, exit 10', async () => {
      const { executionId, stepId } = await waitingRun();
      const run = await cli(['approve', executionId, stepId, '--reviewer', 'u_mallory', '--yes']);
      assert.equal(run.code, EXIT.notRecorded);
      assert.equal(EXIT.notRecorded, 10);
      assert.equal((JSON.parse(run.stdout) as { recorded: boolean }).recorded, false);
      assert.match(
        run.stderr,
        /^velt-executions: the API did not record the approve: unknown-responder \("u_mallory" is not a declared reviewer/,
      );
      assert.equal((await view(executionId)).steps.find((s) => s.stepId === stepId)?.status, 'waiting');
    });

    it('a second decision by the same reviewer is exit 10 "idempotent"', async () => {
      const { executionId, stepId } = await waitingRun();
      assert.equal((await cli(['approve', executionId, stepId, '--reviewer', 'u_bo', '--yes'])).code, 0);
      const again = await cli(['reject', executionId, stepId, '--reviewer', 'u_bo', '--yes']);
      assert.equal(again.code, EXIT.notRecorded);
      assert.match(again.stderr, /idempotent \("u_bo" had already decided/);
    });
  });

  describe('resolve, cancel-step and cancel', () => {
    it('resolve force-complete stores the output and the run goes on', async () => {
      const { executionId, stepId } = await waitingRun();
      const run = await cli([
        'resolve',
        executionId,
        stepId,
        '--action',
        'force-complete',
        '--actor',
        'ops@acme.example',
        '--output',
        '{"decision": "approve", "note": "by hand"}',
        '--yes',
      ]);
      assert.deepEqual(json(run), { resolved: true, executionId, stepId, action: 'force-complete' });
      const after = await view(executionId);
      const step = after.steps.find((s) => s.stepId === stepId)!;
      assert.equal(step.status, 'completed');
      assert.equal(step.output['note'], 'by hand');
    });

    it('a refused override is exit 1 with the server reason and what to check', async () => {
      const { executionId, stepId } = await waitingRun();
      await cli(['resolve', executionId, stepId, '--action', 'force-approve', '--actor', 'ops', '--yes']);
      const again = await cli(['resolve', executionId, stepId, '--action', 'force-approve', '--actor', 'ops', '--yes']);
      assert.equal(again.code, EXIT.failure);
      assert.match(again.stderr, /FAILED_PRECONDITION.*Check the run with "velt-executions get exec_/);
    });

    it('cancel-step cancels the step', async () => {
      const { executionId, stepId } = await waitingRun();
      const result = json(
        await cli(['cancel-step', executionId, stepId, '--actor', 'ops', '--reason', 'stuck', '--yes']),
      );
      assert.deepEqual(result, { cancelled: true, executionId, stepId });
      assert.equal((await view(executionId)).steps.find((s) => s.stepId === stepId)?.status, 'cancelled');
    });

    it('cancel cancels the run', async () => {
      const { executionId } = await waitingRun();
      assert.deepEqual(json(await cli(['cancel', executionId, '--reason', 'test', '--yes'])), {
        cancelled: true,
        executionId,
      });
      assert.equal((await view(executionId)).status, 'cancelled');
    });

    it('steps/resolve is sent once on a 503 and says the outcome is unknown; a decision is retried', async () => {
      const { executionId, stepId } = await waitingRun();
      sandbox.addFault({ mode: '503', path: 'steps/resolve', count: 1 });
      const before = sandbox.stats.byPath['/v2/workflow/steps/resolve'] ?? 0;
      const run = await cli(['resolve', executionId, stepId, '--action', 'force-fail', '--actor', 'ops', '--yes']);
      assert.equal(run.code, EXIT.unavailable, run.stderr);
      assert.equal((sandbox.stats.byPath['/v2/workflow/steps/resolve'] ?? 0) - before, 1, 'one attempt');
      assert.match(
        run.stderr,
        /It may have been applied \(not retried automatically\): check with "velt-executions get/,
      );

      sandbox.addFault({ mode: '503', path: 'steps/recordReviewerDecision', count: 1 });
      const approved = await cli(['approve', executionId, stepId, '--reviewer', 'u_ana', '--yes']);
      assert.equal(approved.code, 0, approved.stderr);
    });

    it('unknown ids are exit 3', async () => {
      const { executionId } = await waitingRun();
      const run = await cli(['cancel-step', executionId, 'no-such-step', '--actor', 'ops', '--yes']);
      assert.equal(run.code, EXIT.notFound, run.stderr);
      assert.match(run.stderr, /step "no-such-step" was not found/);
    });
  });

  describe('confirmation', () => {
    const verbs = (executionId: string, stepId: string): string[][] => [
      ['dispatch', DEFINITION],
      ['cancel', executionId],
      ['approve', executionId, stepId, '--reviewer', 'u_ana'],
      ['reject', executionId, stepId, '--reviewer', 'u_ana'],
      ['resolve', executionId, stepId, '--action', 'force-fail', '--actor', 'ops'],
      ['cancel-step', executionId, stepId, '--actor', 'ops'],
    ];

    it('without a terminal every verb needs --yes: exit 2 and nothing sent', async () => {
      const { executionId, stepId } = await waitingRun();
      for (const argv of verbs(executionId, stepId)) {
        for (const options of [{}, { stdinOnly: true }]) {
          const run = await sendsNothing(argv, options);
          assert.equal(run.code, EXIT.usage, `${argv[0]}: ${run.stderr}`);
          assert.match(run.stderr, /^velt-executions: not sent: .* no terminal to confirm on .* Add --yes/);
          assert.deepEqual(run.asked, []);
        }
      }
      assert.equal((await view(executionId)).status, 'running');
    });

    it('on a terminal one question names the host, execution, step and action', async () => {
      const { executionId, stepId } = await waitingRun();
      const host = new URL(sandbox.url).host;
      const expected: RegExp[] = [
        new RegExp(
          `^Start a run of definition ${DEFINITION} at ${host} \\(idempotency key vwi-[0-9a-f-]+\\)\\? \\[y/N\\] $`,
        ),
        new RegExp(`^Cancel execution ${executionId} at ${host}\\? Cancelling is final\\. \\[y/N\\] $`),
        new RegExp(
          `^Approve step "${stepId}" of execution ${executionId} at ${host} as reviewer "u_ana"\\? \\[y/N\\] $`,
        ),
        new RegExp(`^Reject step "${stepId}" of execution ${executionId} at ${host} as reviewer "u_ana"\\?`),
        new RegExp(`^force-fail step "${stepId}" of execution ${executionId} at ${host} as "ops"\\? The step fails`),
        new RegExp(`^Cancel step "${stepId}" of execution ${executionId} at ${host} as "ops"\\? None of its`),
      ];
      for (const [index, argv] of verbs(executionId, stepId).entries()) {
        for (const answer of ['n', '', 'no', 'yes please', null]) {
          const run = await sendsNothing(argv, { answer });
          assert.equal(run.code, EXIT.failure, `${argv[0]} answered ${String(answer)}`);
          assert.equal(run.stderr, 'velt-executions: cancelled by the user: nothing was sent.\n');
          assert.equal(run.asked.length, 1);
          assert.match(run.asked[0]!, expected[index]!);
        }
      }
    });

    it('"y" or "yes" sends; --yes sends without asking', async () => {
      const { executionId, stepId } = await waitingRun();
      for (const answer of ['y', ' YES ']) {
        const run = await cli(['approve', executionId, stepId, '--reviewer', 'u_bo'], { answer });
        assert.equal(run.asked.length, 1);
        assert.notEqual(run.stdout, '', `sent after "${answer}"`);
      }
      const quiet = await cli(['cancel', executionId, '--yes'], { answer: 'n' });
      assert.equal(quiet.code, 0, quiet.stderr);
      assert.deepEqual(quiet.asked, []);
    });

    it('Ctrl-C at the question is exit 130 and sends nothing', async () => {
      const controller = new AbortController();
      const run = await sendsNothing(['dispatch', DEFINITION], { answer: null, interruptAtQuestion: controller });
      assert.equal(run.code, EXIT.interrupted);
      assert.equal(run.stderr, 'velt-executions: interrupted: nothing was sent.\n');
    });

    it('bad JSON is exit 2 with its position before any question or request', async () => {
      const { executionId, stepId } = await waitingRun();
      const dispatch = await sendsNothing(['dispatch', DEFINITION, '--input', '{"amount": 12,}'], { answer: 'y' });
      assert.equal(dispatch.code, EXIT.usage);
      assert.match(dispatch.stderr, /--input is not valid JSON: .* at line 1, column 15 \(offset 14\)/);
      assert.deepEqual(dispatch.asked, []);
      const resolve = await sendsNothing([
        'resolve',
        executionId,
        stepId,
        '--action',
        'force-complete',
        '--actor',
        'o',
        '--output',
        "{'a': 1}",
        '--yes',
      ]);
      assert.equal(resolve.code, EXIT.usage);
      assert.match(resolve.stderr, /--output is not valid JSON: .* at line 1, column 2 \(offset 1\)/);
    });

    it('the real entry point refuses without --yes when piped, and sends nothing', async () => {
      const { executionId } = await waitingRun();
      const before = sandbox.stats.total;
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'cancel', executionId],
        {
          cwd: ROOT,
          env: { ...process.env, VELT_API_KEY: API_KEY, VELT_AUTH_TOKEN: AUTH_TOKEN, VELT_BASE_URL: sandbox.url },
          stdio: ['pipe', 'pipe', 'pipe'],
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdin.end('y\n'); // piped input is not a terminal: it must not count as an answer
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      allStderr.push(stderr);
      assert.equal(code, EXIT.usage, stderr);
      assert.equal(stdout, '');
      assert.match(stderr, /not sent: cancel changes .* Add --yes/);
      assert.equal(sandbox.stats.total, before);
      assert.equal((await view(executionId)).status, 'running');
    });
  });
});
