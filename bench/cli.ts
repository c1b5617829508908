// CLI end-to-end benchmark (run: npx tsx bench/cli.ts [--json] [--cli=path/to/cli.js]). Against one
// in-process sandbox, prints the last 30,000 events of the "huge" execution as NDJSON, alternating rounds of:
//   - ours: `node dist/cli.js events <id> --all --ndjson --since 140005` as a child process (process start,
//     bundle load, paging with validation, NDJSON on stdout);
//   - reference: a bare `fetch` loop in a child process (`node -e`): POST getEvents with the same body and
//     headers, JSON.parse, one NDJSON line per event written page by page, follow nextCursor.
// Both write to a pipe this process drains and counts. Prints the wall time of each (best of ROUNDS) and
// the ratio reference / ours as events/s (goal ≥ 0.6, issue 11). Loopback only; stops by itself.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ENDPOINTS, MAX_PAGE_SIZE } from '../src/api';
import { SANDBOX_EXECUTIONS, startSandbox } from '../src/sandbox/server';
import { HUGE_TOTAL_SEQ, HugeExecution } from '../src/sandbox/huge';

const ROUNDS = Number(process.env.ROUNDS || 5);
/** After seq 140,005 the huge run holds exactly 30,000 events (2 per block of 4 seqs, plus the last). */
const SINCE = 140_005;
const EXPECTED_EVENTS = ((): number => {
  const huge = new HugeExecution();
  let count = 0;
  for (let seq = SINCE + 1; seq <= HUGE_TOTAL_SEQ; seq++) if (huge.eventAt(seq)) count++;
  return count;
})();
const GOAL = 0.6;
const json = process.argv.includes('--json');
const cliArg = process.argv.find((a) => a.startsWith('--cli='))?.slice('--cli='.length);
const CLI = path.resolve(cliArg ?? 'dist/cli.js');
const EXEC = SANDBOX_EXECUTIONS['huge']!;
const CREDS = { apiKey: 'sandbox-bench-key', authToken: 'sandbox-bench-token' };

/** The reference: what a user could write with fetch alone, printing the same NDJSON. */
const BARE_FETCH_LOOP = `
const [url, executionId, since, pageSize] = process.argv.slice(1);
const headers = {
  'content-type': 'application/json',
  accept: 'application/json',
  'x-velt-api-key': process.env.VELT_API_KEY,
  'x-velt-auth-token': process.env.VELT_AUTH_TOKEN,
};
const write = (text) => new Promise((resolve) => (process.stdout.write(text) ? resolve() : process.stdout.once('drain', resolve)));
(async () => {
  let sinceSeq = Number(since);
  for (;;) {
    const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ data: { executionId, sinceSeq, pageSize: Number(pageSize) } }) });
    if (res.status !== 200) throw new Error('HTTP ' + res.status);
    const { result } = JSON.parse(await res.text());
    if (result.events.length > 0) await write(result.events.map((e) => JSON.stringify(e)).join('\\n') + '\\n');
    if (!result.hasMore) break;
    sinceSeq = result.nextCursor;
  }
})().catch((error) => { console.error(error); process.exitCode = 1; });
`;

interface Run {
  ms: number;
  lines: number;
}

/** Runs a child to completion, counting stdout lines; rejects on a non-zero exit or after 120 s. */
function timeChild(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let lines = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = performance.now() - t0;
      if (code === 0) resolve({ ms, lines });
      else reject(new Error(`${path.basename(args[0] ?? '')} exited ${code ?? signal}: ${stderr.trim().slice(-500)}`));
    });
  });
}

async function main(): Promise<void> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} does not exist: build it first (node esbuild.mjs --only=cli)`);
  const sandbox = await startSandbox({ port: 0, apiKey: CREDS.apiKey, authToken: CREDS.authToken });
  const env = {
    ...process.env,
    VELT_API_KEY: CREDS.apiKey,
    VELT_AUTH_TOKEN: CREDS.authToken,
    VELT_BASE_URL: sandbox.url,
  };
  const ours = (): Promise<Run> => timeChild([CLI, 'events', EXEC, '--all', '--ndjson', '--since', String(SINCE)], env);
  const bare = (): Promise<Run> =>
    timeChild(
      ['-e', BARE_FETCH_LOOP, `${sandbox.url}${ENDPOINTS.getEvents}`, EXEC, String(SINCE), String(MAX_PAGE_SIZE)],
      env,
    );
  try {
    // Warm-up: the sandbox's code paths and the file cache for both programs.
    await ours();
    await bare();
    const a: Run[] = [];
    const b: Run[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      a.push(await ours());
      b.push(await bare());
    }
    const best = (runs: Run[]): Run => runs.reduce((x, y) => (y.ms < x.ms ? y : x));
    const o = best(a);
    const r = best(b);
    if (o.lines !== EXPECTED_EVENTS || r.lines !== EXPECTED_EVENTS)
      throw new Error(`expected ${EXPECTED_EVENTS} lines; the CLI printed ${o.lines}, the fetch loop ${r.lines}`);
    const figures = {
      events: o.lines,
      rounds: ROUNDS,
      cli: { ms: Math.round(o.ms) },
      bareFetch: { ms: Math.round(r.ms) },
      /** events/s of the CLI over events/s of the fetch loop (same event count: the inverse ratio of times). */
      ratio: Number((r.ms / o.ms).toFixed(3)),
      goal: GOAL,
    };
    if (json) console.log(JSON.stringify(figures));
    else {
      console.log(`CLI end to end, ${o.lines.toLocaleString('en-US')} events as NDJSON (best of ${ROUNDS})`);
      console.log(`  velt-executions events --all --ndjson  ${figures.cli.ms} ms`);
      console.log(`  bare fetch loop (node -e)              ${figures.bareFetch.ms} ms`);
      console.log(`  ratio (events/s, CLI / fetch loop)     ${figures.ratio} (goal ≥ ${GOAL})`);
    }
  } finally {
    await sandbox.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
