// Records piped.golden.json and piped.exchanges.json: runs every PIPED_CASES command line through runCli
// (stdout and stderr not terminals) against a fake-clock sandbox behind a recording proxy. Run it only
// to add a case, with the CLI's piped output known good:  npx tsx test/unit/cli/piped/recordPiped.ts
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { ExecutionView } from '../../../../src/api';
import { runCli } from '../../../../src/cli/run';
import { SANDBOX_EXECUTIONS } from '../../../../src/sandbox/roles';
import { fakeClockSandbox } from '../../sandbox/engine/http';
import type { RecordedExchange } from './replayServer';
import { PIPED_CASES, argvOf, type PipedGolden } from './cases';

export const API_KEY = 'ak_pipedSECRET1';
export const AUTH_TOKEN = 'at_pipedSECRET2';

async function main(): Promise<void> {
  const { sb, tick } = await fakeClockSandbox({ apiKey: API_KEY, authToken: AUTH_TOKEN });
  const exchanges: RecordedExchange[] = [];
  const proxy = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const upstream = http.request(
        `${sb.url}${req.url ?? ''}`,
        { method: req.method, headers: req.headers },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (c: Buffer) => parts.push(c));
          answer.on('end', () => {
            const response = Buffer.concat(parts).toString('utf8');
            exchanges.push({ path: req.url ?? '', body, status: answer.statusCode ?? 0, response });
            res.writeHead(answer.statusCode ?? 500, { 'content-type': 'application/json' });
            res.end(response);
          });
        },
      );
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

  const run = async (argv: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, {
      stdout: { write: (c: string) => ((stdout += c), true) },
      stderr: { write: (c: string) => ((stderr += c), true) },
      env: { VELT_API_KEY: API_KEY, VELT_AUTH_TOKEN: AUTH_TOKEN, VELT_BASE_URL: url, VELT_TIMEOUT_MS: '10000' },
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
    });
    return { code, stdout, stderr };
  };
  const view = async (id: string): Promise<ExecutionView> =>
    JSON.parse((await run(['get', id])).stdout) as ExecutionView;

  // Move the engine's runs to a moment where the long wait's human step waits for reviewers.
  let longWait = await view(SANDBOX_EXECUTIONS['runningLongWait']!);
  for (let i = 0; i < 120 && !longWait.steps.some((s) => s.status === 'waiting' && s.nodeType === 'human'); i++) {
    tick(1000);
    longWait = await view(SANDBOX_EXECUTIONS['runningLongWait']!);
  }
  const waiting = longWait.steps.find((s) => s.status === 'waiting' && s.nodeType === 'human');
  const loop = await view(SANDBOX_EXECUTIONS['runningLoop']!);
  const loopStep = loop.steps.find((s) => s.status === 'waiting' || s.status === 'running');
  if (!waiting || !loopStep) throw new Error('no waiting step to record the writes against');
  const reviewer =
    JSON.stringify(waiting)
      .match(/"u_[a-z0-9_]+"/)?.[0]
      ?.slice(1, -1) ?? 'u_unknown';
  const slots = { waitingStep: waiting.stepId, loopStep: loopStep.stepId, reviewer };
  exchanges.length = 0;

  const golden: PipedGolden = { slots, results: {} };
  for (const entry of PIPED_CASES) golden.results[entry.name] = await run(argvOf(entry, slots));
  const dir = __dirname;
  fs.writeFileSync(path.join(dir, 'piped.golden.json'), JSON.stringify(golden, null, 1) + '\n');
  fs.writeFileSync(path.join(dir, 'piped.exchanges.json'), JSON.stringify(exchanges, null, 1) + '\n');
  for (const [name, r] of Object.entries(golden.results))
    console.log(`${name}: exit ${r.code}, ${r.stdout.length} bytes out, ${r.stderr.split('\n')[0]}`);
  proxy.close();
  await sb.close();
}

void main();
