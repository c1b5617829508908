// The request module takes undici's Agent and request method from undici's own files (src/api/undiciAgent.ts):
// they must exist in the installed undici and work (a real POST over loopback through requestAt), and the
// production request bundle must leave undici's fetch, WebSocket, EventSource, cache and mocks out.
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { build } from 'esbuild';
import { Agent, requestAt } from '../../../src/api/undiciAgent';

const ROOT = path.resolve(__dirname, '../../..');

describe('api/undiciAgent: the parts of undici the request module uses', function () {
  this.timeout(60_000);

  it('posts through its own Agent: origin, path and query, method, headers and body as given', async () => {
    const seen: { url?: string; method?: string; header?: string; body?: string } = {};
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        Object.assign(seen, { url: req.url, method: req.method, header: req.headers['x-test'], body });
        res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const agent = new Agent({ keepAliveTimeout: 1_000 });
    try {
      const { port } = server.address() as AddressInfo;
      const response = await requestAt(agent, `http://127.0.0.1:${port}`, '/v2/workflows/x?probe=1', {
        method: 'POST',
        headers: { 'x-test': 'yes' },
        body: '{"a":1}',
      });
      assert.equal(response.statusCode, 201);
      assert.deepEqual(await response.body.json(), { ok: true });
      assert.deepEqual(seen, { url: '/v2/workflows/x?probe=1', method: 'POST', header: 'yes', body: '{"a":1}' });
    } finally {
      await agent.close();
      server.close();
    }
  });

  it("the production request bundle carries none of undici's fetch, WebSocket, EventSource, cache or mocks", async () => {
    const result = await build({
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      bundle: true,
      minify: true,
      write: false,
      metafile: true,
      logLevel: 'silent',
      absWorkingDir: ROOT,
      entryPoints: ['src/api/request.ts'],
      outfile: 'out/api-size-check.js',
    });
    const inputs = Object.keys(result.metafile.inputs);
    // The response body's helpers use a few of fetch's utilities; fetch itself and the rest stay out.
    const unwanted = inputs.filter((f) =>
      /node_modules\/undici\/(index\.js|lib\/(web\/(fetch\/index|websocket|eventsource|cache)|mock|cache|interceptor)\b)/.test(
        f,
      ),
    );
    assert.deepEqual(unwanted, [], 'import from src/api/undiciAgent.ts, not from undici');
    const bytes = result.outputFiles[0]!.contents.length;
    assert.ok(bytes < 480 * 1024, `dist/api.js is ${bytes} bytes in production (about 420 KiB expected)`);
  });
});
