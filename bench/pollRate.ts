// Poll-rate benchmark (run: npx tsx bench/pollRate.ts [--json]). Drives the real PollScheduler
// (src/state/pollScheduler.ts) with a fake clock (@sinonjs/fake-timers createClock) over 20 pinned
// executions, 5 running and 15 terminal (the fetch reports `terminal` for those), and simulates 10 minutes
// with the view visible (visibleMs 5 s) and 10 minutes with it hidden (hiddenMs 60 s), each on a fresh
// scheduler. Reports fetches per minute: over the whole 10 minutes (includes the first fetch of every pin),
// and in the steady state (minutes 2–10). Reference: the naive rate of polling all 20 every interval.
import { createClock } from '@sinonjs/fake-timers';
import { PollScheduler } from '../src/state/pollScheduler';

const json = process.argv.includes('--json');
const VISIBLE_MS = 5_000;
const HIDDEN_MS = 60_000;
const MINUTES = 10;
const ids = Array.from(
  { length: 20 },
  (_, i) => `exec_17935596${String(i).padStart(5, '0')}_bench${String(i).padStart(3, '0')}`,
);
const terminal = new Set(ids.slice(5)); // 5 running, 15 terminal

async function simulate(visible: boolean): Promise<{ total: number; perMinute: number[]; terminalFetches: number }> {
  const clock = createClock(0);
  const perMinute = new Array<number>(MINUTES).fill(0);
  let terminalFetches = 0;
  const scheduler = new PollScheduler({
    fetch: async (id) => {
      perMinute[Math.min(MINUTES - 1, Math.floor(clock.now / 60_000))]!++;
      if (terminal.has(id)) terminalFetches++;
      return { terminal: terminal.has(id) };
    },
    intervals: () => ({ visibleMs: VISIBLE_MS, hiddenMs: HIDDEN_MS }),
    timers: {
      setTimeout: (fn, ms) => clock.setTimeout(fn, ms),
      clearTimeout: (h) => clock.clearTimeout(h as never),
      now: () => clock.now,
    },
    random: () => 0.5,
  });
  scheduler.setVisible(visible);
  scheduler.setTargets(ids);
  // Advance in 100 ms steps, letting the fetch promises settle between steps.
  for (let t = 0; t < MINUTES * 60_000; t += 100) {
    clock.tick(100);
    await new Promise((r) => setImmediate(r));
  }
  scheduler.dispose();
  return { total: perMinute.reduce((a, b) => a + b, 0), perMinute, terminalFetches };
}

async function main(): Promise<void> {
  const visible = await simulate(true);
  const hidden = await simulate(false);
  const steady = (r: { perMinute: number[] }): number =>
    Number((r.perMinute.slice(1).reduce((a, b) => a + b, 0) / (MINUTES - 1)).toFixed(2));
  const naive = (ms: number): number => (20 * 60_000) / ms;
  const figures = {
    pinned: ids.length,
    running: ids.length - terminal.size,
    terminal: terminal.size,
    minutes: MINUTES,
    visible: {
      intervalMs: VISIBLE_MS,
      requests: visible.total,
      perMinute: Number((visible.total / MINUTES).toFixed(2)),
      steadyPerMinute: steady(visible),
      terminalFetches: visible.terminalFetches,
      naivePerMinute: naive(VISIBLE_MS),
      byMinute: visible.perMinute,
    },
    hidden: {
      intervalMs: HIDDEN_MS,
      requests: hidden.total,
      perMinute: Number((hidden.total / MINUTES).toFixed(2)),
      steadyPerMinute: steady(hidden),
      terminalFetches: hidden.terminalFetches,
      naivePerMinute: naive(HIDDEN_MS),
      byMinute: hidden.perMinute,
    },
  };
  if (json) console.log(JSON.stringify(figures));
  else {
    console.log(
      `Poll rate: ${ids.length} pinned (${figures.running} running, ${figures.terminal} terminal), ${MINUTES} simulated minutes`,
    );
    for (const [label, r] of [
      ['visible (5 s)', figures.visible],
      ['hidden (60 s)', figures.hidden],
    ] as const) {
      console.log(
        `  ${label.padEnd(14)} ${r.requests} requests, ${r.perMinute}/min overall, ${r.steadyPerMinute}/min steady (naive all-20: ${r.naivePerMinute}/min); per minute ${r.byMinute.join(' ')}`,
      );
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
