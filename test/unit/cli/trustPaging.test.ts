// The CLI against the sandbox's data faults (issue 10, points 4-5): an endless cursor ends --all and
// --follow with exit 8 after MAX_CONSECUTIVE_EMPTY_PAGES; a malformed event mid-page is printed in place
// with `unreadable` and a warning naming its seq while paging continues; a malformed list item is skipped
// with a warning; a list repeating itself under new cursors stops.
import { strict as assert } from 'node:assert';
import { runCli } from '../../../src/cli/run';
import { EXIT } from '../../../src/cli/exitCodes';
import { MAX_CONSECUTIVE_EMPTY_PAGES, type ExecutionEvent, type ExecutionView } from '../../../src/api';
import { MALFORMED_TIMESTAMP, SANDBOX_EXECUTIONS, startSandbox, type Sandbox } from '../../../src/sandbox/server';

const API_KEY = 'ak_live_trustSECRET1';
const AUTH_TOKEN = 'at_trustSECRET2';
const EVENTS_PATH = '/v2/workflow/executions/getEvents';
const LIST_PATH = '/v2/workflow/executions/list';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
type Printed = Partial<ExecutionEvent> & { seq: number; unreadable?: { problem: string; raw: string } };

function id(role: string): string {
  const value = SANDBOX_EXECUTIONS[role];
  if (!value) throw new Error(`no sandbox execution for role ${role}`);
  return value;
}

async function cli(sandbox: Sandbox, argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: {
      write: (chunk: string) => {
        stdout += chunk;
        return true;
      },
    },
    stderr: {
      write: (chunk: string) => {
        stderr += chunk;
        return true;
      },
    },
    env: { VELT_API_KEY: API_KEY, VELT_AUTH_TOKEN: AUTH_TOKEN, VELT_BASE_URL: sandbox.url, VELT_TIMEOUT_MS: '10000' },
  });
  assert.ok(!stderr.includes(API_KEY) && !stderr.includes(AUTH_TOKEN), 'no credential on stderr');
  return { code, stdout, stderr };
}

function lines(run: Run): Printed[] {
  return run.stdout
    .trimEnd()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Printed);
}

describe('velt-executions: paging a server that cannot be trusted', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox({ port: 0, apiKey: API_KEY, authToken: AUTH_TOKEN, timeScale: 0.001 });
  });
  after(async () => {
    await sandbox?.close();
  });
  afterEach(() => sandbox.clearFaults());

  describe('an endless cursor (hasMore: true, no events, cursor + 1 forever)', () => {
    it(`--all stops with exit 8 after ${MAX_CONSECUTIVE_EMPTY_PAGES} empty pages, naming where to resume`, async () => {
      sandbox.addFault({ mode: 'endless-cursor', path: 'executions/getEvents' });
      sandbox.resetStats();
      const run = await cli(sandbox, ['events', id('completedParallel'), '--all', '--ndjson']);
      assert.equal(run.code, EXIT.pagingStalled, run.stderr);
      assert.equal(sandbox.stats.byPath[EVENTS_PATH], MAX_CONSECUTIVE_EMPTY_PAGES);
      assert.equal(run.stdout, '');
      assert.match(
        run.stderr,
        /^velt-executions: the Velt API kept announcing more events without sending any \(1,000 empty pages in a row from seq 0\)/,
      );
      assert.match(run.stderr, /Re-run with --since 1000 to continue/);
      assert.equal(run.stderr.trimEnd().split('\n').length, 1, 'one line');
    });

    it('--follow stops with exit 8 too (only pages announcing more count)', async () => {
      sandbox.addFault({ mode: 'endless-cursor', path: 'executions/getEvents', executionId: id('runningLongWait') });
      sandbox.resetStats();
      const run = await cli(sandbox, ['events', id('runningLongWait'), '--follow', '--interval', '10']);
      assert.equal(run.code, EXIT.pagingStalled, run.stderr);
      assert.equal(sandbox.stats.byPath[EVENTS_PATH], MAX_CONSECUTIVE_EMPTY_PAGES);
    });
  });

  describe('a malformed event mid-page (timestamp "yesterday")', () => {
    it('--all --ndjson prints it in place with unreadable, warns naming its seq, and pages on past it', async () => {
      const clean = lines(
        await cli(sandbox, ['events', id('completedParallel'), '--all', '--ndjson', '--page-size', '4']),
      );
      sandbox.addFault({ mode: 'malformed-event', path: 'executions/getEvents', count: 1 });
      const run = await cli(sandbox, ['events', id('completedParallel'), '--all', '--ndjson', '--page-size', '4']);
      assert.equal(run.code, EXIT.ok, run.stderr);
      const printed = lines(run);
      assert.deepEqual(
        printed.map((e) => e.seq),
        clean.map((e) => e.seq),
        'every event, once, in order: paging continued',
      );
      const flagged = printed.filter((e) => e.unreadable);
      assert.equal(flagged.length, 1);
      const bad = flagged[0]!;
      const original = clean.find((e) => e.seq === bad.seq)!;
      assert.equal('timestamp' in bad, false, 'the unreadable field is left out, not invented');
      assert.equal(bad.eventId, original.eventId);
      assert.equal(bad.type, original.type);
      assert.deepEqual(bad.data, original.data);
      assert.match(bad.unreadable!.problem, /^timestamp: /);
      assert.equal(JSON.parse(bad.unreadable!.raw).timestamp, MALFORMED_TIMESTAMP);
      assert.match(
        run.stderr,
        new RegExp(`^velt-executions: warning: event seq ${bad.seq} could not be read \\(timestamp: `, 'm'),
      );
    });

    it('the one-page and array forms print it too', async () => {
      sandbox.addFault({ mode: 'malformed-event', path: 'executions/getEvents', count: 2 });
      const page = await cli(sandbox, ['events', id('failed')]);
      assert.equal(page.code, EXIT.ok, page.stderr);
      const parsed = JSON.parse(page.stdout) as { events: Printed[]; hasMore: boolean };
      assert.deepEqual(Object.keys(parsed), ['executionId', 'events', 'nextCursor', 'hasMore']);
      assert.equal(parsed.events.filter((e) => e.unreadable).length, 1);
      assert.match(page.stderr, /warning: event seq \d+ could not be read/);
      const all = await cli(sandbox, ['events', id('failed'), '--all']);
      assert.equal(all.code, EXIT.ok, all.stderr);
      assert.equal((JSON.parse(all.stdout) as Printed[]).filter((e) => e.unreadable).length, 1);
    });
  });

  describe('list', () => {
    it('skips a malformed item with a warning and keeps the others', async () => {
      const clean = JSON.parse((await cli(sandbox, ['list', '--limit', '10'])).stdout) as ExecutionView[];
      sandbox.addFault({ mode: 'malformed-list-item', path: 'executions/list', count: 1 });
      const run = await cli(sandbox, ['list', '--limit', '10']);
      assert.equal(run.code, EXIT.ok, run.stderr);
      const items = JSON.parse(run.stdout) as ExecutionView[];
      assert.equal(items.length, 10, 'the limit is still filled from the next page');
      const missing = clean.filter((c) => !items.some((i) => i.executionId === c.executionId));
      assert.equal(missing.length, 1, 'exactly the malformed one is left out');
      assert.match(run.stderr, /warning: 1 execution in the list could not be read and was skipped/);
    });

    it('stops when a page repeats items under a new cursor, with a warning', async () => {
      sandbox.addFault({ mode: 'list-repeats', path: 'executions/list' });
      sandbox.resetStats();
      const run = await cli(sandbox, ['list', '--limit', '1000', '--page-size', '5', '--ndjson']);
      assert.equal(run.code, EXIT.ok, run.stderr);
      assert.equal(run.stdout.trimEnd().split('\n').length, 5);
      assert.equal(sandbox.stats.byPath[LIST_PATH], 2);
      assert.match(
        run.stderr,
        /warning: the server announced more executions, but its last page added none that could be printed/,
      );
    });
  });
});
