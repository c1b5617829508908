// Paging benchmark (run: npx tsx bench/paging.ts [--json]). Against one in-process sandbox, pages the "huge"
// execution (100,003 events) with pageSize 500, alternating rounds of:
//   - ours: the request module (createWorkflowApi + iterateEvents/EventCursor: schema validation, dedupe,
//     cursor checks, retries, timeouts);
//   - reference: a bare undici loop (undici.request POST with the same body and headers, JSON.parse, follow
//     nextCursor) on its own keep-alive Agent.
// Prints events/s for each (best of ROUNDS) and the ratio ours / bare, and the same ratio by the process's CPU
// time per round (steadier when other work shares the machine). Loopback only; stops by itself.
import { Agent, request } from 'undici';
import { ENDPOINTS, iterateEvents, originOf } from '../src/api';
import { createWorkflowApi } from '../src/api/request';
import { SANDBOX_EXECUTIONS, startSandbox } from '../src/sandbox/server';

const PAGE = 500;
const ROUNDS = Number(process.env.ROUNDS || 9);
const json = process.argv.includes('--json');
const EXEC = SANDBOX_EXECUTIONS['huge']!;
const CREDS = { apiKey: 'sandbox', authToken: 'sandbox' };

interface Run {
  events: number;
  pages: number;
  ms: number;
  /** CPU time of this process during the round (client and in-process server): steadier than wall time on a busy machine. */
  cpuMs: number;
}

const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function main(): Promise<void> {
  const sandbox = await startSandbox({ port: 0, apiKey: CREDS.apiKey, authToken: CREDS.authToken });
  const api = createWorkflowApi({
    getTarget: () => ({ baseUrl: sandbox.url, credentials: { ...CREDS, origin: originOf(sandbox.url) } }),
    userAgent: 'velt-bench/paging',
    timeoutMs: 60_000,
  });
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 16 });
  const headers = {
    'content-type': 'application/json',
    accept: 'application/json',
    'user-agent': 'velt-bench/paging',
    'x-velt-api-key': CREDS.apiKey,
    'x-velt-auth-token': CREDS.authToken,
  };

  const ours = async (): Promise<Run> => {
    const c0 = cpuMs();
    const t0 = performance.now();
    let events = 0;
    let pages = 0;
    for await (const page of iterateEvents(api, EXEC, { pageSize: PAGE })) {
      events += page.events.length;
      pages++;
    }
    return { events, pages, ms: performance.now() - t0, cpuMs: cpuMs() - c0 };
  };
  const bare = async (): Promise<Run> => {
    const c0 = cpuMs();
    const t0 = performance.now();
    let events = 0;
    let pages = 0;
    let sinceSeq = 0;
    for (;;) {
      const res = await request(`${sandbox.url}${ENDPOINTS.getEvents}`, {
        method: 'POST',
        dispatcher: agent,
        headers,
        body: JSON.stringify({ data: { executionId: EXEC, sinceSeq, pageSize: PAGE } }),
      });
      const body = JSON.parse(await res.body.text()) as {
        result: { events: unknown[]; nextCursor: number; hasMore: boolean };
      };
      if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
      events += body.result.events.length;
      pages++;
      if (!body.result.hasMore) break;
      sinceSeq = body.result.nextCursor;
    }
    return { events, pages, ms: performance.now() - t0, cpuMs: cpuMs() - c0 };
  };

  try {
    // Warm-up: connections, JIT, the sandbox's generator.
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
    if (o.events !== r.events) throw new Error(`event counts differ: ours ${o.events}, bare ${r.events}`);
    const rate = (x: Run): number => Math.round(x.events / (x.ms / 1000));
    const figures = {
      events: o.events,
      pageSize: PAGE,
      rounds: ROUNDS,
      ours: { pages: o.pages, ms: Math.round(o.ms), eventsPerSec: rate(o) },
      bare: { pages: r.pages, ms: Math.round(r.ms), eventsPerSec: rate(r) },
      ratio: Number((rate(o) / rate(r)).toFixed(3)),
      /** The same rounds by CPU time (best of each): bare CPU / ours CPU. */
      cpu: {
        oursMs: Math.round(Math.min(...a.map((x) => x.cpuMs))),
        bareMs: Math.round(Math.min(...b.map((x) => x.cpuMs))),
        ratio: Number((Math.min(...b.map((x) => x.cpuMs)) / Math.min(...a.map((x) => x.cpuMs))).toFixed(3)),
      },
    };
    if (json) console.log(JSON.stringify(figures));
    else {
      console.log(`Paging ${o.events.toLocaleString('en-US')} events (pageSize ${PAGE}, best of ${ROUNDS})`);
      console.log(
        `  ours (iterateEvents)  ${o.pages} pages in ${figures.ours.ms} ms  ${figures.ours.eventsPerSec.toLocaleString('en-US')} events/s`,
      );
      console.log(
        `  bare undici loop      ${r.pages} pages in ${figures.bare.ms} ms  ${figures.bare.eventsPerSec.toLocaleString('en-US')} events/s`,
      );
      console.log(`  ratio ours / bare     ${figures.ratio}`);
      console.log(
        `  by CPU time           ours ${figures.cpu.oursMs} ms, bare ${figures.cpu.bareMs} ms: ratio ${figures.cpu.ratio}`,
      );
    }
  } finally {
    await api.close();
    await agent.close();
    await sandbox.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
