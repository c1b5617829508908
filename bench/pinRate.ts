// The extension's request rate against the live engine with 20 pins (run by bench/engineSoak.ts, or
// alone: npx tsx bench/pinRate.ts [--json]). A sandbox on real time (time-scale 5, so runs move within the
// window) runs 20 executions of the seeded definitions with simulated people (approve, reject once,
// reject, wait for the user, cancel). They are watched the way the extension's watcher does it, without
// vscode: the real PollScheduler (src/state/pollScheduler.ts) with the default intervals (5 s visible)
// fetching through the real ExecutionCache (src/state/executionCache.ts, `force: true` like the watcher)
// and the real request client. Every getExecution request is counted for a fixed wall-clock window.
// Reference (same run): every pin polled at the base interval regardless of its state (20 / 5 s).
import { isTerminalStatus, originOf } from '../src/api';
import { createWorkflowApi } from '../src/api/request';
import { Actors, type Plan } from '../src/sandbox/engine/actors';
import { SEEDED_DEFINITIONS } from '../src/sandbox/engine/seedDefinitions';
import { startSandbox } from '../src/sandbox/server';
import { ExecutionCache } from '../src/state/executionCache';
import { PollScheduler } from '../src/state/pollScheduler';

const PINS = 20;
const WINDOW_MS = 60_000;
const VISIBLE_MS = 5_000; // package.json velt.pollIntervalMs default
const HIDDEN_MS = 60_000; // velt.hiddenPollIntervalMs default
const TIME_SCALE = 5;
const PLANS: Plan[] = ['approve', 'reject-once', 'reject', 'wait', 'cancel'];

export interface PinRateFigures {
  pins: number;
  windowMs: number;
  timeScale: number;
  requests: number;
  requestsPerSec: number;
  /** The last half of the window, after the first fetch of every pin and once runs have ended. */
  secondHalfPerSec: number;
  naivePerSec: number;
  terminalAtEnd: number;
  sandboxGetRequests: number;
}

export async function measurePinRate(windowMs = WINDOW_MS): Promise<PinRateFigures> {
  const sandbox = await startSandbox({ port: 0, timeScale: TIME_SCALE, apiKey: 'sandbox', authToken: 'sandbox' });
  const api = createWorkflowApi({
    getTarget: () => ({
      baseUrl: sandbox.url,
      credentials: { apiKey: 'sandbox', authToken: 'sandbox', origin: originOf(sandbox.url) },
    }),
    userAgent: 'velt-bench/pinRate',
    timeoutMs: 30_000,
  });
  const actors = new Actors(sandbox.engine, 1);
  const ids: string[] = [];
  for (let i = 0; i < PINS; i++) {
    const result = sandbox.engine.dispatch({
      definitionId: SEEDED_DEFINITIONS[i % SEEDED_DEFINITIONS.length]!.input.definitionId,
      triggerContext: { amount: (i * 7919) % 20000, documentUrl: `https://docs.example/${i}` },
    });
    if (!result.ok) throw new Error(result.message);
    actors.assign(result.run, PLANS[i % PLANS.length]!);
    ids.push(result.executionId);
  }
  const started = performance.now();
  const requestTimes: number[] = [];
  const cache = new ExecutionCache(
    (executionId, signal) => {
      requestTimes.push(performance.now() - started);
      return api.getExecution(executionId, { signal });
    },
    () => 'sandbox',
  );
  const terminal = new Set<string>();
  const scheduler = new PollScheduler({
    fetch: async (id, signal) => {
      try {
        const view = await cache.get(id, { signal, force: true });
        if (isTerminalStatus(view.status)) terminal.add(id);
        return { terminal: isTerminalStatus(view.status) };
      } catch {
        return { failed: {} };
      }
    },
    intervals: () => ({ visibleMs: VISIBLE_MS, hiddenMs: HIDDEN_MS }),
  });
  sandbox.resetStats();
  try {
    scheduler.setVisible(true);
    scheduler.setTargets(ids);
    await new Promise((resolve) => setTimeout(resolve, windowMs));
  } finally {
    scheduler.dispose();
  }
  const sandboxGetRequests = sandbox.stats.byPath['/v2/workflow/executions/get'] ?? 0;
  await api.close();
  actors.stop();
  await sandbox.close();
  const inWindow = requestTimes.filter((t) => t <= windowMs);
  const secondHalf = inWindow.filter((t) => t > windowMs / 2).length;
  return {
    pins: PINS,
    windowMs,
    timeScale: TIME_SCALE,
    requests: inWindow.length,
    requestsPerSec: Number((inWindow.length / (windowMs / 1000)).toFixed(2)),
    secondHalfPerSec: Number((secondHalf / (windowMs / 2000)).toFixed(2)),
    naivePerSec: Number((PINS / (VISIBLE_MS / 1000)).toFixed(2)),
    terminalAtEnd: terminal.size,
    sandboxGetRequests,
  };
}

export function describePinRate(f: PinRateFigures): string {
  return `  ${f.pins} pins polled by the extension's scheduler for ${f.windowMs / 1000} s: ${f.requestsPerSec} requests/s (${f.secondHalfPerSec}/s in the second half; ${f.terminalAtEnd} pins ended); every pin every ${VISIBLE_MS / 1000} s would be ${f.naivePerSec}/s`;
}

if (require.main === module) {
  measurePinRate()
    .then((figures) => {
      console.log(process.argv.includes('--json') ? JSON.stringify(figures) : describePinRate(figures));
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
