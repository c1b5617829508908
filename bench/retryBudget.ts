// Retry-budget benchmark (run: npx tsx bench/retryBudget.ts [--json]). Simulated time (a fake clock from
// @sinonjs/fake-timers) over the real request module (createWorkflowApi: retries, in-flight sharing, the
// per-origin budget), the real PollScheduler, ExecutionCache, EventLoader and LiveTail, against undici's
// MockAgent as the server. The editor itself is not here: the pinned-view fetch mirrors ExecutionWatcher's,
// a panel's tick mirrors ExecutionPanel.tick (tail pages, then the header every third tick), and a hover is
// lookupHoverModel over the shared cache.
//
// The workload: 20 pinned executions (5 running, 15 terminal), 2 open panels on running executions, and
// a hover every 10 s on a running id (the mouse stays 5 s). Each scenario runs twice: BEFORE (budgets:
// false, per-request retries as they were) and AFTER (one OriginBudgets shared by every caller).
//   1. outage: after 60 s of normal work the server answers 503 (no Retry-After) or refuses connections
//      for 5 minutes; figures: requests in the first 60 s of the outage, and per minute in minutes 2–5.
//   2. rate limit: after 60 s, one running pinned execution starts answering 429 with Retry-After: 30;
//      figure: requests for the other executions in the 30 s after the first 429 (not counting those
//      sent in the same instant as it, before its answer arrived).
import { MockAgent } from 'undici';
import { createClock } from '@sinonjs/fake-timers';
import { createWorkflowApi } from '../src/api/request';
import {
  ApiError,
  OriginBudgets,
  isApiError,
  isTerminalStatus,
  originOf,
  userAgent,
  type ApiErrorKind,
} from '../src/api';
import { lookupHoverModel } from '../src/hover/hoverContent';
import { EventLoader } from '../src/panel/eventLoader';
import type { Clock } from '../src/util/clock';
import { LiveTail } from '../src/panel/liveTail';
import { ExecutionCache } from '../src/state/executionCache';
import { PollScheduler, type PollOutcome } from '../src/state/pollScheduler';

const json = process.argv.includes('--json');
const ORIGIN = 'https://api.velt.bench';
const VISIBLE_MS = 5_000;
const HIDDEN_MS = 60_000;
const WARMUP_MS = 60_000;
const OUTAGE_MS = 5 * 60_000;
const RATE_LIMIT_MS = 30_000;
const HOVER_EVERY_MS = 10_000;
const HOVER_STAYS_MS = 5_000;
const TAIL_PAGES_PER_TICK = 5; // as in src/panel/executionPanel.ts
const ids = Array.from(
  { length: 20 },
  (_, i) => `exec_17935596${String(i).padStart(5, '0')}_bench${String(i).padStart(3, '0')}`,
);
const running = ids.slice(0, 5);
const panelIds = running.slice(0, 2);
const limitedId = running[4]!;

type ServerMode = 'healthy' | '503' | 'refused';

interface Run {
  /** Every HTTP attempt: [simulated ms, execution id]. */
  attempts: [number, string][];
  tokensLeft: number | undefined;
}

/** A small deterministic PRNG (mulberry32), so both runs see the same jitter. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function simulate(
  budgetOn: boolean,
  script: (at: number, server: { mode: ServerMode; limited: boolean }) => void,
  totalMs: number,
): Promise<Run> {
  const clock = createClock(0);
  const timers: Clock = {
    now: () => clock.now,
    setTimeout: (fn, ms) => clock.setTimeout(fn, ms),
    clearTimeout: (h) => clock.clearTimeout(h as never),
  };
  const random = seeded(42);
  const server = { mode: 'healthy' as ServerMode, limited: false };
  const run: Run = { attempts: [], tokensLeft: undefined };

  const agent = new MockAgent();
  agent.disableNetConnect();
  const pool = agent.get(ORIGIN);
  const idOf = (body: unknown): string =>
    (JSON.parse(String(body)) as { data: { executionId: string } }).data.executionId;
  pool
    .intercept({
      path: () => server.mode === 'refused',
      method: 'POST',
      body: (body) => {
        run.attempts.push([clock.now, idOf(body)]);
        return true;
      },
    })
    .replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))
    .persist();
  pool
    .intercept({ path: () => server.mode !== 'refused', method: 'POST' })
    .reply((request) => {
      const executionId = idOf(request.body);
      run.attempts.push([clock.now, executionId]);
      const headers = { 'content-type': 'application/json' };
      if (server.mode === '503')
        return {
          statusCode: 503,
          data: JSON.stringify({ error: { status: 'UNAVAILABLE', message: 'down' } }),
          responseOptions: { headers },
        };
      if (server.limited && executionId === limitedId) {
        return {
          statusCode: 429,
          data: JSON.stringify({ error: { status: 'RESOURCE_EXHAUSTED', message: 'slow down' } }),
          responseOptions: { headers: { ...headers, 'retry-after': '30' } },
        };
      }
      const result = request.path.endsWith('/getEvents')
        ? { executionId, events: [], nextCursor: 0, hasMore: false }
        : {
            executionId,
            status: running.includes(executionId) ? 'running' : 'completed',
            startedAt: 1_793_559_600_000,
            completedAt: running.includes(executionId) ? null : 1_793_559_660_000,
            cancelledAt: null,
            definitionId: 'bench-flow',
            definitionVersion: 1,
            correlationId: null,
            idempotencyKey: null,
            failureReason: null,
            steps: [],
          };
      return { statusCode: 200, data: JSON.stringify({ result }), responseOptions: { headers } };
    })
    .persist();

  const budgets = budgetOn ? new OriginBudgets({ now: () => clock.now }) : false;
  const api = createWorkflowApi({
    getTarget: () => ({
      baseUrl: ORIGIN,
      credentials: { apiKey: 'bench', authToken: 'bench', origin: originOf(ORIGIN) },
    }),
    userAgent: userAgent('cli', 'bench-retry-budget'),
    dispatcher: agent,
    now: () => clock.now,
    random,
    budgets,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(new ApiError('cancelled', 'The request was cancelled.'));
        const onAbort = (): void => {
          clock.clearTimeout(timer);
          reject(new ApiError('cancelled', 'The request was cancelled.'));
        };
        const timer = clock.setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, ms);
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
  });
  const cache = new ExecutionCache(
    (id, signal) => api.getExecution(id, { signal }),
    () => 'Bench',
    { now: () => clock.now },
  );

  // Pinned executions: ExecutionWatcher's fetch over the real scheduler.
  const scheduler = new PollScheduler({
    fetch: async (id, signal): Promise<PollOutcome> => {
      try {
        return { terminal: isTerminalStatus((await cache.get(id, { signal, force: true })).status) };
      } catch (error) {
        if (isApiError(error) && error.kind === 'cancelled') return { failed: {} };
        const kind: ApiErrorKind = isApiError(error) ? error.kind : 'other';
        const permanent =
          kind === 'notFound' ||
          kind === 'unauthenticated' ||
          kind === 'missingCredentials' ||
          kind === 'invalidArgument';
        return { failed: { retryAfterMs: isApiError(error) ? error.retryAfterMs : undefined, permanent } };
      }
    },
    intervals: () => ({ visibleMs: VISIBLE_MS, hiddenMs: HIDDEN_MS }),
    timers,
    random,
  });
  scheduler.setTargets(ids);

  // Open panels: EventLoader + LiveTail, ticking as ExecutionPanel.tick does.
  const panels = panelIds.map((id) => {
    let headerFailed = false;
    let headerLoading = false;
    let ticks = 0;
    let ticking = false;
    const loadHeader = async (): Promise<void> => {
      try {
        await cache.get(id, { force: true });
        headerFailed = false;
      } catch {
        headerFailed = true;
      }
    };
    const loader: EventLoader = new EventLoader(
      api,
      id,
      100,
      {
        onEvents: () => undefined,
        onStatus: () => {
          // recoverHeader: once events load again after a failure, the header is fetched again too.
          if (!headerFailed || headerLoading || loader.currentPhase !== 'idle') return;
          headerLoading = true;
          void loadHeader().finally(() => {
            headerLoading = false;
          });
        },
      },
      timers,
    );
    const tail = new LiveTail({
      intervals: () => ({ visibleMs: VISIBLE_MS, hiddenMs: HIDDEN_MS }),
      clock: timers,
      onChange: () => undefined,
      tick: async () => {
        if (ticking) return false;
        ticking = true;
        try {
          const phase = loader.currentPhase;
          if (!loader.busy && phase !== 'waiting' && phase !== 'error') {
            for (let page = 0; page < TAIL_PAGES_PER_TICK; page++) {
              if (!(await loader.poll()) || !loader.hasMore || loader.currentPhase !== 'idle') break;
            }
          }
          ticks++;
          if (ticks % 3 === 0 || headerFailed) await loadHeader();
          return false;
        } finally {
          ticking = false;
        }
      },
    });
    void Promise.all([loadHeader(), loader.loadMore()]).then(() => tail.start());
    return { loader, tail };
  });

  // Hovers: one every 10 s over the running ids, cancelled when the mouse moves on.
  let hovers = 0;
  const hover = (): void => {
    const controller = new AbortController();
    const id = running[hovers++ % running.length]!;
    clock.setTimeout(() => controller.abort(), HOVER_STAYS_MS);
    void lookupHoverModel(
      id,
      {
        environment: 'Bench',
        signedIn: true,
        isPinned: () => true,
        now: () => clock.now,
        get: (x, signal) => cache.get(x, { signal }),
      },
      controller.signal,
    );
    clock.setTimeout(hover, HOVER_EVERY_MS);
  };
  clock.setTimeout(hover, HOVER_EVERY_MS);

  for (let t = 0; t < totalMs; t += 100) {
    script(t, server);
    clock.tick(100);
    for (let i = 0; i < 4; i++) await new Promise((resolve) => setImmediate(resolve));
  }
  scheduler.dispose();
  for (const p of panels) {
    p.loader.dispose();
    p.tail.dispose();
  }
  run.tokensLeft = budgets ? budgets.tokens(ORIGIN) : undefined;
  await agent.close();
  return run;
}

const inWindow = (run: Run, from: number, to: number, filter: (id: string) => boolean = () => true): number =>
  run.attempts.filter(([at, id]) => at >= from && at < to && filter(id)).length;

async function outage(mode: Exclude<ServerMode, 'healthy'>): Promise<Record<string, unknown>> {
  const script = (t: number, server: { mode: ServerMode }): void => {
    server.mode = t >= WARMUP_MS ? mode : 'healthy';
  };
  const result: Record<string, unknown> = {};
  for (const [label, budgetOn] of [
    ['before', false],
    ['after', true],
  ] as const) {
    const run = await simulate(budgetOn, script, WARMUP_MS + OUTAGE_MS);
    const laterMinutes = (OUTAGE_MS - 60_000) / 60_000;
    result[label] = {
      healthyMinute: inWindow(run, 0, WARMUP_MS),
      firstMinute: inWindow(run, WARMUP_MS, WARMUP_MS + 60_000),
      laterPerMinute: Number((inWindow(run, WARMUP_MS + 60_000, WARMUP_MS + OUTAGE_MS) / laterMinutes).toFixed(1)),
      total: inWindow(run, WARMUP_MS, WARMUP_MS + OUTAGE_MS),
      tokensLeft: run.tokensLeft,
    };
  }
  return result;
}

async function rateLimit(): Promise<Record<string, unknown>> {
  const script = (t: number, server: { limited: boolean }): void => {
    server.limited = t >= WARMUP_MS;
  };
  const result: Record<string, unknown> = {};
  for (const [label, budgetOn] of [
    ['before', false],
    ['after', true],
  ] as const) {
    const run = await simulate(budgetOn, script, WARMUP_MS + 2 * RATE_LIMIT_MS);
    const first429 = run.attempts.find(([at, id]) => at >= WARMUP_MS && id === limitedId)?.[0] ?? WARMUP_MS;
    const others = (id: string): boolean => id !== limitedId;
    // Requests sent in the same instant as the first 429 (their polls were due together) left before its
    // answer arrived: counted apart; the pause is judged on what was sent after the server asked to wait.
    result[label] = {
      first429At: first429,
      othersSentWith429: inWindow(run, first429, first429 + 1, others),
      othersDuringPause: inWindow(run, first429 + 1, first429 + RATE_LIMIT_MS, others),
      limitedDuringPause: inWindow(run, first429 + 1, first429 + RATE_LIMIT_MS, (id) => id === limitedId),
      othersBeforePause: inWindow(run, first429 - RATE_LIMIT_MS, first429, others),
    };
  }
  return result;
}

async function main(): Promise<void> {
  const figures = {
    workload: {
      pinned: ids.length,
      running: running.length,
      panels: panelIds.length,
      hoverEveryMs: HOVER_EVERY_MS,
      warmupMs: WARMUP_MS,
      outageMs: OUTAGE_MS,
    },
    outage503: await outage('503'),
    outageRefused: await outage('refused'),
    rateLimit: await rateLimit(),
  };
  if (json) {
    console.log(JSON.stringify(figures));
    return;
  }
  console.log(
    `Retry budget: ${ids.length} pinned (${running.length} running), ${panelIds.length} panels, a hover every ${HOVER_EVERY_MS / 1000} s; simulated time`,
  );
  for (const [label, key] of [
    ['503 outage', 'outage503'],
    ['connection refused', 'outageRefused'],
  ] as const) {
    const r = figures[key] as Record<'before' | 'after', Record<string, number>>;
    console.log(
      `  ${label.padEnd(20)} first 60 s: ${r.before.firstMinute} before → ${r.after.firstMinute} after; minutes 2–5: ${r.before.laterPerMinute}/min → ${r.after.laterPerMinute}/min (healthy minute: ${r.after.healthyMinute}; tokens left ${r.after.tokensLeft})`,
    );
  }
  const l = figures.rateLimit as Record<'before' | 'after', Record<string, number>>;
  console.log(
    `  429 Retry-After 30   requests for the other executions during the 30 s: ${l.before.othersDuringPause} before → ${l.after.othersDuringPause} after (30 s before it: ${l.after.othersBeforePause}; sent with the 429 itself: ${l.after.othersSentWith429})`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
