// Engine soak benchmark (run: npx tsx bench/engineSoak.ts [--json]). The sandbox's engine with the
// seeded definitions keeps 200 runs live (a new run replaces each one that ends), with simulated
// reviewers deciding after 8-28 s, on a virtual clock advanced in 1 s steps for 30 virtual minutes.
// Reports events written (external + internal) per wall-clock second: the rate the engine sustains
// on this machine. Then serves the same engine over HTTP and measures getEvents requests/s against
// the live runs. Last, the extension's request rate against a live engine with 20 pins
// (bench/pinRate.ts, a 60 s wall-clock window). In-process, loopback only; stops by itself (bounded in
// steps and wall time).
import { Actors, type Plan } from '../src/sandbox/engine/actors';
import { Engine } from '../src/sandbox/engine/engine';
import { seededAgents } from '../src/sandbox/engine/nodes';
import { seedDefinitions, SEEDED_DEFINITIONS } from '../src/sandbox/engine/seedDefinitions';
import { startSandbox } from '../src/sandbox/server';
import { describePinRate, measurePinRate } from './pinRate';

const json = process.argv.includes('--json');
const LIVE = 200;
const VIRTUAL_MINUTES = 30;
const WALL_LIMIT_MS = 120_000;
const PLANS: Plan[] = ['approve', 'approve', 'reject-once', 'reject', 'cancel'];

function soak(): { events: number; wallMs: number; runs: number; liveAtEnd: number; virtualMinutes: number } {
  let now = Date.UTC(2026, 11, 1);
  const engine = new Engine({ clock: { now: () => now }, seed: 1, agents: seededAgents(1) });
  seedDefinitions(engine);
  const actors = new Actors(engine, 1);
  let events = 0;
  engine.executor.onEvent(() => {
    events++;
  });
  const ids = SEEDED_DEFINITIONS.map((d) => d.input.definitionId);
  const live = new Set<string>();
  let n = 0;
  const fill = (): void => {
    for (const id of live) if (engine.get(id)?.terminal !== false) live.delete(id);
    while (live.size < LIVE) {
      n++;
      const result = engine.dispatch({
        definitionId: ids[n % ids.length]!,
        triggerContext: { amount: (n * 7919) % 20000, documentUrl: `https://docs.example/${n}` },
      });
      if (!result.ok) throw new Error(result.message);
      actors.assign(result.run, PLANS[n % PLANS.length]!);
      live.add(result.executionId);
    }
  };
  const t0 = performance.now();
  let seconds = 0;
  for (; seconds < VIRTUAL_MINUTES * 60 && performance.now() - t0 < WALL_LIMIT_MS; seconds++) {
    fill();
    now += 1000;
    engine.advance(now);
  }
  return { events, wallMs: performance.now() - t0, runs: n, liveAtEnd: live.size, virtualMinutes: seconds / 60 };
}

async function overHttp(): Promise<{ requests: number; ms: number; liveRuns: number }> {
  const sandbox = await startSandbox({ port: 0 });
  try {
    const engine = sandbox.engine;
    const runs: string[] = [];
    for (let i = 0; i < LIVE; i++) {
      const result = engine.dispatch({
        definitionId: SEEDED_DEFINITIONS[i % SEEDED_DEFINITIONS.length]!.input.definitionId,
        triggerContext: { amount: i },
      });
      if (result.ok) runs.push(result.executionId);
    }
    const headers = { 'content-type': 'application/json', 'x-velt-api-key': 'sandbox', 'x-velt-auth-token': 'sandbox' };
    const t0 = performance.now();
    let requests = 0;
    await Promise.all(
      Array.from({ length: 8 }, async (_, worker) => {
        for (let i = worker; i < 4000; i += 8) {
          const response = await fetch(`${sandbox.url}/v2/workflow/executions/getEvents`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ data: { executionId: runs[i % runs.length], sinceSeq: 0, pageSize: 100 } }),
          });
          if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
          await response.arrayBuffer();
          requests++;
        }
      }),
    );
    return { requests, ms: performance.now() - t0, liveRuns: engine.all().filter((r) => !r.terminal).length };
  } finally {
    await sandbox.close();
  }
}

async function main(): Promise<void> {
  const s = soak();
  const http = await overHttp();
  const pins = await measurePinRate();
  const figures = {
    liveRuns: LIVE,
    virtualMinutes: Number(s.virtualMinutes.toFixed(1)),
    runs: s.runs,
    events: s.events,
    wallMs: Math.round(s.wallMs),
    eventsPerSec: Math.round(s.events / (s.wallMs / 1000)),
    virtualEventsPerSec: Number((s.events / (s.virtualMinutes * 60)).toFixed(1)),
    http: {
      requests: http.requests,
      ms: Math.round(http.ms),
      requestsPerSec: Math.round(http.requests / (http.ms / 1000)),
      liveRuns: http.liveRuns,
    },
    pins,
  };
  if (json) console.log(JSON.stringify(figures));
  else {
    console.log(
      `Engine soak: ${LIVE} live runs, ${figures.virtualMinutes} virtual minutes, ${s.runs} runs, ${s.events.toLocaleString('en-US')} events`,
    );
    console.log(
      `  ${figures.eventsPerSec.toLocaleString('en-US')} events/s of wall time (${figures.wallMs} ms); the workload itself writes ${figures.virtualEventsPerSec} events/s`,
    );
    console.log(
      `  getEvents over HTTP with ${http.liveRuns} live runs: ${figures.http.requestsPerSec.toLocaleString('en-US')} requests/s`,
    );
    console.log(describePinRate(pins));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
