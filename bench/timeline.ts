// Timeline of 1,000 steps (issue 14; run: node esbuild.mjs --only=webview && npx tsx bench/timeline.ts [--json]).
// A finished run of 1,000 steps (parallel groups of three, loops of two runs, waits for reviewers, SLAs,
// breaches; about 1,500 events): the host builds the summary and the model (panel/timeline/*), the post filter
// bounds it, and dist/webview.js in headless Chromium (the test harness: the panel's CSP and theme) draws
// it in the Timeline tab. Figures: host model build (median of 20), and the webview from receiving the
// message to the frame after its render (median of 15; the goal is ≤ 100 ms).
import type { ExecutionEvent } from '../src/api/schemas';
import { boundMessage } from '../src/panel/bounds';
import { DEFAULT_PREFS, PROTOCOL_VERSION, type PanelExecution, type PanelStep } from '../src/panel/protocol';
import { buildTimeline } from '../src/panel/timeline/model';
import { TimelineSummary } from '../src/panel/timeline/summary';
import {
  CHROMIUM,
  chromiumAvailable,
  launchChromium,
  openPanelPage,
  type PageGlobals,
} from '../test/unit/webview/harness';

const STEPS = 1000;
const GOAL_MS = 100;
const json = process.argv.includes('--json');
const T0 = Date.UTC(2026, 3, 28, 11, 0, 0);

function workload(): { execution: PanelExecution; events: ExecutionEvent[]; sla: Map<string, number> } {
  const steps: PanelStep[] = [];
  const events: ExecutionEvent[] = [];
  const sla = new Map<string, number>();
  let seq = 0;
  const emit = (type: string, stepId: string | null, at: number, data: Record<string, unknown> | null = null) =>
    events.push({ eventId: `evt_${++seq}`, seq, type, stepId, timestamp: at, correlationId: null, data });
  emit('execution.dispatched', null, T0);
  for (let i = 0; i < STEPS; i++) {
    const block = Math.floor(i / 10);
    const nodeId = i % 10 < 3 ? `review-${i % 3}` : i % 10 === 9 ? `draft-${block % 50}` : `node-${i}`;
    const groupId = i % 10 < 3 ? `group-${block}` : null;
    const from = T0 + i * 2_000;
    const to = from + 1_500 + (i % 7) * 300;
    const stepId = `step_${nodeId}_${String(from).padStart(13, '0')}_bench${i}`;
    steps.push({
      stepId,
      nodeId,
      nodeType: groupId ? 'human' : 'agent',
      status: i % 97 === 0 ? 'breached' : 'completed',
      groupId,
      startedAt: from,
      completedAt: to,
      error: null,
    });
    if (groupId) {
      emit('step.awaiting-approval', stepId, from + 400);
      sla.set(nodeId, 1_800);
    }
    if (i % 97 === 0) emit('step.breached', stepId, from + 1_800);
    if (i % 10 === 2) emit('group.quorum-met', null, to, { groupId, quorum: 2, completedTotal: 2 });
    if (i % 10 === 9 && block >= 50) emit('loop.iteration-started', stepId, from, { iteration: 2 });
    emit('step.completed', stepId, to);
  }
  const end = T0 + STEPS * 2_000 + 5_000;
  emit('execution.completed', null, end);
  const execution: PanelExecution = {
    executionId: 'exec_1793559600503_timeline',
    status: 'completed',
    startedAt: T0,
    completedAt: end,
    cancelledAt: null,
    definitionId: 'bench-timeline',
    definitionVersion: 1,
    correlationId: null,
    idempotencyKey: null,
    failureReason: null,
    steps,
  };
  return { execution, events, sla };
}

const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  if (!chromiumAvailable()) throw new Error(`bench/timeline needs ${CHROMIUM} and dist/webview.js (node esbuild.mjs)`);
  const { execution, events, sla } = workload();
  const hostRuns: number[] = [];
  let message = boundMessage({ type: 'timeline', timeline: null });
  for (let i = 0; i < 20; i++) {
    const start = performance.now();
    const summary = new TimelineSummary();
    summary.add(events);
    const timeline = buildTimeline(execution, summary, { byNode: sla, note: null }, Date.now());
    message = boundMessage({ type: 'timeline', timeline });
    hostRuns.push(performance.now() - start);
  }
  const browser = await launchChromium();
  try {
    const p = await openPanelPage(browser, { width: 1200, height: 800 });
    await p.send({
      type: 'init',
      protocol: PROTOCOL_VERSION,
      generation: 0,
      environment: 'Sandbox (local)',
      activeEnvironment: 'Sandbox (local)',
      executionId: execution.executionId,
      pinned: false,
      prefs: DEFAULT_PREFS,
      execution,
      executionError: null,
    });
    await p.page.locator('#tab-timeline').click();
    await p.frames();
    const text = JSON.stringify(message);
    const renders: number[] = [];
    for (let i = 0; i < 15; i++) {
      renders.push(
        await p.page.evaluate(
          (text) =>
            new Promise<number>((resolve) => {
              const w = globalThis as unknown as PageGlobals;
              const start = performance.now();
              w.__send(JSON.parse(text));
              // The view renders in the next animation frame; the one after it follows its layout and paint.
              w.requestAnimationFrame(() => w.requestAnimationFrame(() => resolve(performance.now() - start)));
            }),
          text,
        ),
      );
    }
    const lanes = await p.page.locator('.tl-row').count();
    const figures = {
      steps: STEPS,
      events: events.length,
      hostModelMs: Number(median(hostRuns).toFixed(2)),
      webviewRenderMs: Number(median(renders).toFixed(1)),
      webviewRenderMaxMs: Number(Math.max(...renders).toFixed(1)),
      domLanes: lanes,
      goalMs: GOAL_MS,
    };
    console.error(
      `timeline of ${STEPS} steps (${events.length} events): host model ${figures.hostModelMs} ms, webview message → painted frame ${figures.webviewRenderMs} ms median (max ${figures.webviewRenderMaxMs}), ${lanes} lanes in the DOM; goal ≤ ${GOAL_MS} ms`,
    );
    if (json) console.log(JSON.stringify(figures));
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
