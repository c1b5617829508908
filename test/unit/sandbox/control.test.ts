// The sandbox's control API refuses what a web page could send (issue 10, point 10): a foreign Host
// (DNS rebinding), a cross-origin Origin, a missing or wrong per-process token, a body that is not
// declared JSON (simple-request CSRF); and it bounds fault rules in number and size. Raw node:http
// requests, so every header (Host included) is exactly what the test says.
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import { MAX_FAULT_RULE_BYTES, MAX_FAULT_RULES } from '../../../src/sandbox/control';
import { CONTROL_TOKEN_HEADER, startSandbox, type Sandbox } from '../../../src/sandbox/server';

interface Reply {
  status: number;
  body: string;
}

function send(
  sb: Sandbox,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: sb.port, method, path: `/__sandbox/${path}`, headers, setHost: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('sandbox control API: only for its own callers', () => {
  let sb: Sandbox;
  let good: Record<string, string>;

  before(async () => {
    sb = await startSandbox({ port: 0 });
    good = {
      host: `127.0.0.1:${sb.port}`,
      'content-type': 'application/json',
      [CONTROL_TOKEN_HEADER]: sb.controlToken,
    };
  });
  after(async () => {
    await sb.close();
  });
  afterEach(() => sb.clearFaults());

  it('works with a loopback Host, the token and JSON (localhost and [::1] too)', async () => {
    for (const host of [`127.0.0.1:${sb.port}`, `localhost:${sb.port}`, `[::1]:${sb.port}`, `LOCALHOST:${sb.port}`]) {
      const reply = await send(sb, 'GET', 'stats', { ...good, host });
      assert.equal(reply.status, 200, `${host}: ${reply.body}`);
    }
    const added = await send(sb, 'POST', 'faults', good, JSON.stringify({ mode: '503', count: 1 }));
    assert.equal(added.status, 200, added.body);
    assert.equal((await send(sb, 'DELETE', 'faults', good)).status, 200);
  });

  it('gives each sandbox its own unguessable token', async () => {
    const other = await startSandbox({ port: 0 });
    try {
      assert.notEqual(other.controlToken, sb.controlToken);
      assert.ok(sb.controlToken.length >= 32);
    } finally {
      await other.close();
    }
  });

  it('refuses a foreign Host with 403 (DNS rebinding), even with the token', async () => {
    for (const host of [
      'evil.example',
      `evil.example:${sb.port}`,
      '127.0.0.1',
      `127.0.0.1:${sb.port + 1}`,
      `127.0.0.1.evil.example:${sb.port}`,
      '',
    ]) {
      const reply = await send(sb, 'POST', 'faults', { ...good, host }, JSON.stringify({ mode: 'drop' }));
      assert.equal(reply.status, 403, `Host "${host}"`);
    }
    assert.deepEqual(sb.stats.byFault, {});
    assert.equal((await send(sb, 'GET', 'faults', good)).body.includes('drop'), false, 'no rule was added');
  });

  it('refuses a cross-origin Origin with 403', async () => {
    const reply = await send(sb, 'GET', 'stats', { ...good, origin: 'https://evil.example' });
    assert.equal(reply.status, 403);
    assert.equal((await send(sb, 'GET', 'stats', { ...good, origin: `http://127.0.0.1:${sb.port}` })).status, 200);
  });

  it('refuses a missing token with 401 and a wrong one with 403', async () => {
    const { [CONTROL_TOKEN_HEADER]: _token, ...noToken } = good;
    assert.equal((await send(sb, 'GET', 'stats', noToken)).status, 401);
    assert.equal(
      (await send(sb, 'POST', 'credentials', noToken, JSON.stringify({ apiKey: 'a', authToken: 'b' }))).status,
      401,
    );
    assert.equal((await send(sb, 'GET', 'stats', { ...good, [CONTROL_TOKEN_HEADER]: 'guess' })).status, 403);
    assert.equal(
      (await send(sb, 'GET', 'stats', { ...good, [CONTROL_TOKEN_HEADER]: `${sb.controlToken}x` })).status,
      403,
    );
  });

  it('refuses a body that is not declared JSON with 415 (what a form or a simple request sends)', async () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/jsonp',
      '',
    ]) {
      const headers = { ...good, 'content-type': type };
      if (type === '') delete (headers as Record<string, string | undefined>)['content-type'];
      const reply = await send(sb, 'POST', 'credentials', headers, JSON.stringify({ apiKey: 'a', authToken: 'b' }));
      assert.equal(reply.status, 415, `content-type "${type}"`);
    }
    assert.equal(
      (await send(sb, 'POST', 'reset-stats', { ...good, 'content-type': 'application/json; charset=utf-8' })).status,
      200,
    );
  });

  it(`bounds fault rules: at most ${MAX_FAULT_RULES}, each at most ${MAX_FAULT_RULE_BYTES} bytes (400 beyond)`, async () => {
    const rule = JSON.stringify({ mode: '503', path: 'executions/get' });
    for (let i = 0; i < MAX_FAULT_RULES; i++)
      assert.equal((await send(sb, 'POST', 'faults', good, rule)).status, 200, `rule ${i + 1}`);
    const tooMany = await send(sb, 'POST', 'faults', good, rule);
    assert.equal(tooMany.status, 400);
    assert.match(tooMany.body, /At most 100 fault rules/);
    assert.equal((await send(sb, 'DELETE', 'faults', good)).status, 200);
    const padded = `{"mode":"503",${' '.repeat(MAX_FAULT_RULE_BYTES)}"path":"executions/get"}`;
    const tooBig = await send(sb, 'POST', 'faults', good, padded);
    assert.equal(tooBig.status, 400);
    assert.match(tooBig.body, /at most 4096 bytes/);
    assert.equal((await send(sb, 'GET', 'faults', good)).body, JSON.stringify({ ok: true, faults: [] }));
  });
});
