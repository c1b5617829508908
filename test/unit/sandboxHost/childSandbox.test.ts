// The built-in sandbox as a child process, against the real entry (src/sandbox/main.ts through tsx):
// the ready handshake over IPC, its output lines, definition files and their problems, a clean stop,
// a start that fails with the child's own message, and a crash restarted by the next use.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Logger } from '../../../src/log';
import { readyMessage, startChildSandbox, type ChildExit } from '../../../src/sandboxHost/childSandbox';
import { SandboxHost } from '../../../src/sandboxHost/sandboxHost';
import { REVIEW_DEFINITION } from '../sandbox/engine/http';

const SCRIPT = path.resolve(__dirname, '../../../src/sandbox/main.ts');
const EXEC_ARGV = ['--require', 'tsx/cjs'];

function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (m: string) => void lines.push(`${level} ${m}`);
  return {
    lines,
    trace: push('trace'),
    debug: push('debug'),
    info: push('info'),
    warn: push('warn'),
    error: push('error'),
  };
}

async function get(url: string, token: string, route: string): Promise<unknown> {
  const response = await fetch(`${url}/__sandbox/${route}`, { headers: { 'x-sandbox-control-token': token } });
  assert.equal(response.status, 200);
  return response.json();
}

describe('sandbox host: the sandbox as a child process', function () {
  this.timeout(30_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'velt-child-'));
    fs.writeFileSync(path.join(dir, 'good.json'), JSON.stringify(REVIEW_DEFINITION));
    fs.writeFileSync(path.join(dir, 'broken.json'), '{ "definitionId": ');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reports its URL, token and definition problems over IPC, logs requests on stdout, stops when asked', async () => {
    const output: string[] = [];
    const exits: ChildExit[] = [];
    const child = await startChildSandbox({
      script: SCRIPT,
      execArgv: EXEC_ARGV,
      args: [
        '--port',
        '0',
        '--no-traffic',
        '--definition-file',
        path.join(dir, 'good.json'),
        '--definition-file',
        path.join(dir, 'broken.json'),
      ],
      onOutput: (stream, line) => output.push(`${stream}: ${line}`),
      onExit: (exit) => exits.push(exit),
    });
    try {
      assert.match(child.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.notEqual(child.pid, process.pid);
      assert.deepEqual(
        child.definitionProblems.map((p) => [path.basename(p.file), p.code]),
        [['broken.json', 'invalid-json']],
      );
      const problems = (await get(child.url, child.controlToken, 'definitions/problems')) as { problems: unknown[] };
      assert.equal(problems.problems.length, 1);
      const reply = await fetch(`${child.url}/v2/workflow/definitions/get`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-velt-api-key': 'sandbox', 'x-velt-auth-token': 'sandbox' },
        body: JSON.stringify({ data: { definitionId: REVIEW_DEFINITION.definitionId } }),
      });
      assert.equal(reply.status, 200, 'the good file was loaded');
      assert.ok(
        !output.some((line) => line.includes(child.controlToken)),
        'the control token goes over IPC, never into the output',
      );
    } finally {
      await child.stop();
    }
    assert.equal(child.closed, true);
    assert.deepEqual(
      exits.map((e) => [e.code, e.expected]),
      [[0, true]],
    );
    assert.ok(
      output.some((line) => line.startsWith('stdout: POST /v2/workflow/definitions/get → 200')),
      output.join('\n'),
    );
  });

  it('a child that cannot start fails with its own message', async () => {
    await assert.rejects(
      startChildSandbox({
        script: SCRIPT,
        execArgv: EXEC_ARGV,
        args: ['--fault', 'explode'],
        onOutput: () => undefined,
        onExit: () => undefined,
      }),
      /exited before it was ready \(exit code 2\): sandbox: bad --fault "explode"/,
    );
  });

  it('accepts only a loopback ready message', () => {
    const ok = { type: 'ready', url: 'http://127.0.0.1:4000', controlToken: 't', definitionProblems: [] };
    assert.deepEqual(readyMessage(ok), ok);
    assert.equal(readyMessage({ ...ok, url: 'http://evil.example:4000' }), undefined);
    assert.equal(readyMessage({ ...ok, type: 'stop' }), undefined);
    assert.deepEqual(readyMessage({ ...ok, definitionProblems: [{ file: 1 }, 'x'] })?.definitionProblems, []);
  });

  describe('SandboxHost', () => {
    let files: string[] = [];
    const crashes: string[] = [];
    const reports: number[] = [];
    const log = recordingLog();
    const host = (): SandboxHost =>
      new SandboxHost({
        script: SCRIPT,
        execArgv: EXEC_ARGV,
        traffic: false,
        definitionFiles: () => Promise.resolve(files),
        log,
        onCrash: (message) => crashes.push(message),
        onDefinitionProblems: (problems) => reports.push(problems.length),
      });

    it('starts on first use, shares one start, restarts after a crash and says what happened', async () => {
      const sandboxes = host();
      try {
        assert.equal(sandboxes.current, undefined, 'nothing runs before the first use');
        const [a, b] = await Promise.all([sandboxes.ensure(), sandboxes.ensure()]);
        assert.equal(a, b, 'one process for concurrent first uses');
        assert.equal(sandboxes.current, a);
        process.kill(a.pid, 'SIGKILL');
        const deadline = Date.now() + 10_000;
        while (crashes.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        assert.match(
          crashes[0] ?? '',
          /stopped unexpectedly \(killed by SIGKILL\)\. It starts again with the next request/,
        );
        assert.equal(sandboxes.current, undefined);
        let restarts = 0;
        sandboxes.onDidRestart(() => restarts++);
        const c = await sandboxes.ensure();
        assert.notEqual(c.pid, a.pid, 'a fresh process');
        assert.equal(restarts, 1, 'the start after a crash is a restart (views drop the old runs)');
      } finally {
        await sandboxes.dispose();
      }
    });

    it('reload restarts a running sandbox with the current files, and starts none that is not running', async () => {
      const sandboxes = host();
      try {
        files = [];
        let restarts = 0;
        sandboxes.onDidRestart(() => restarts++);
        await sandboxes.reload();
        assert.equal(sandboxes.current, undefined, 'not started by a reload');
        const first = await sandboxes.ensure();
        assert.equal(restarts, 0, 'the first start is not a restart');
        files = [path.join(dir, 'broken.json')];
        reports.length = 0;
        await sandboxes.reload();
        const second = sandboxes.current!;
        assert.notEqual(second.pid, first.pid);
        assert.equal(first.closed, true, 'the old process was stopped');
        assert.equal(second.definitionProblems.length, 1, 'the new files were loaded');
        assert.deepEqual(reports, [1], 'the problems were reported');
        assert.equal(crashes.length, 1, 'a restart is not a crash');
        assert.equal(restarts, 1);
      } finally {
        files = [];
        await sandboxes.dispose();
      }
    });

    it('dispose waits for the process to exit and no use starts another', async () => {
      const sandboxes = host();
      const running = await sandboxes.ensure();
      await sandboxes.dispose();
      assert.equal(running.closed, true);
      assert.throws(() => process.kill(running.pid, 0), 'the process is gone');
      await assert.rejects(sandboxes.ensure(), /shutting down/);
    });

    it('a missing bundle or a start that fails says what to do', async () => {
      const sandboxes = new SandboxHost({
        script: path.join(dir, 'missing.js'),
        traffic: false,
        definitionFiles: () => Promise.resolve([]),
        log,
        onCrash: () => undefined,
        onDefinitionProblems: () => undefined,
      });
      await assert.rejects(sandboxes.ensure(), /missing\. Reinstall the Velt Workflow Inspector extension/);
      const failing = new SandboxHost({
        script: SCRIPT,
        execArgv: ['--require', 'tsx/cjs', '--eval', 'process.exit(3)'],
        traffic: false,
        definitionFiles: () => Promise.resolve([]),
        log,
        onCrash: () => undefined,
        onDefinitionProblems: () => undefined,
      });
      await assert.rejects(
        failing.ensure(),
        /could not start: The sandbox process exited before it was ready \(exit code 3\)\. See the Velt log \(Velt: Show Log\)/,
      );
    });
  });
});
