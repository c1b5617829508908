// `events --follow` on a terminal says why it is waiting: a 429 with Retry-After shows "rate limited, retrying
// in N s" on the status line (stderr), which is cleared before the next event line and at the end.
import { strict as assert } from 'node:assert';
import { runCli } from '../../../../src/cli/run';
import { retryStatus } from '../../../../src/cli/retryNotices';
import { SANDBOX_EXECUTIONS } from '../../../../src/sandbox/roles';
import { startSandbox, type Sandbox } from '../../../../src/sandbox/server';

const KEY = 'ak_followSECRET1';
const TOKEN = 'at_followSECRET2';

describe('velt-executions events --follow status line', function () {
  this.timeout(20_000);
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox({ port: 0, apiKey: KEY, authToken: TOKEN });
  });
  after(async () => {
    await sandbox?.close();
  });

  it('words each retry', () => {
    assert.equal(
      retryStatus({ kind: 'rateLimited', attempt: 2, delayMs: 30_000 }),
      'rate limited, retrying in 30 s (attempt 2)...',
    );
    assert.equal(
      retryStatus({ kind: 'unavailable', attempt: 3, delayMs: 400 }),
      'API unavailable, retrying in 1 s (attempt 3)...',
    );
  });

  it('shows "rate limited, retrying in 1 s" while a 429 is retried, then the events, and exits 0 at the end', async () => {
    const done = SANDBOX_EXECUTIONS['completedParallel']!;
    sandbox.addFault({ mode: '429', retryAfterSeconds: 1, count: 1, executionId: done });
    let stdout = '';
    let stderr = '';
    const code = await runCli(['events', done, '--follow', '--interval', '20'], {
      stdout: { write: (c: string) => ((stdout += c), true) },
      stderr: { write: (c: string) => ((stderr += c), true) },
      env: { VELT_API_KEY: KEY, VELT_AUTH_TOKEN: TOKEN, VELT_BASE_URL: sandbox.url },
      isTTY: true,
      stderrIsTTY: true,
      columns: 100,
    });
    assert.equal(code, 0, stderr);
    assert.match(stderr, /\r\u001b\[2Kvelt-executions: rate limited, retrying in 1 s \(attempt 2\)\.\.\./);
    assert.ok(stderr.endsWith('\r\u001b[2K'), 'the status line is cleared');
    assert.match(stdout, /execution\.completed/);
    assert.match(stdout, /The execution has ended/);
  });
});
