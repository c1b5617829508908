// Screenshots of the execution panel's webview alone (dist/webview.js in headless Chromium through
// test/unit/webview/harness.ts), in dark and light themes at a narrow and a wide size, with a running
// execution, a selected event's JSON open and a paused live tail. For reviewing the layout and refreshing
// README images; the real editor is scripts/ui-smoke.mjs.
// Usage: node esbuild.mjs --only=webview && node scripts/panel-screenshots.mjs   (writes shots/panel-*.png)
import fs from 'node:fs';
import path from 'node:path';
import { require as tsRequire } from 'tsx/cjs/api';

const harness = tsRequire('../test/unit/webview/harness.ts', import.meta.url);
const { DEFAULT_PREFS, PROTOCOL_VERSION } = tsRequire('../src/panel/protocol.ts', import.meta.url);
const { toEventColumns } = tsRequire('../src/panel/eventColumns.ts', import.meta.url);
const SHOTS = path.resolve(harness.ROOT, process.env.SHOTS || 'shots');
const T0 = Date.UTC(2026, 3, 28, 11, 8, 24, 364);
const EXEC = 'exec_1793516400117_lwofay3k';

const NODES = ['intake', 'classify', 'legal-review', 'finance-review', 'agent-draft', 'publish'];
const nodes = [...NODES, ...Array.from({ length: 18 }, (_, i) => `notify-${i + 1}`)];
const steps = nodes.map((nodeId, i) => ({
  stepId: `step_${nodeId}_17773745042${String(i).padStart(2, '0')}_abcdef`,
  nodeId,
  nodeType: nodeId.includes('review') ? 'human' : 'task',
  status: i < 2 ? 'completed' : i < 4 ? 'waiting' : i === 4 ? 'running' : 'pending',
  groupId: null,
  startedAt: T0 + i * 1000,
  completedAt: i < 2 ? T0 + i * 1000 + 800 : null,
  error: null,
}));
const event = (seq, type, stepIndex, data) => ({
  seq,
  eventId: `evt_${seq}`,
  type,
  stepId: stepIndex === null ? null : steps[stepIndex].stepId,
  timestamp: T0 + seq * 730,
  correlationId: 'corr_42',
  data,
});
const events = [
  event(1, 'execution.dispatched', null, {
    definitionId: 'doc-signoff',
    definitionVersion: 3,
    rootStepIds: ['intake'],
  }),
  event(2, 'step.completed', 0, { output: { documentId: 'doc-42', pages: 12 } }),
  event(3, 'step.completed', 1, { output: { category: 'contract', confidence: 0.93, flagged: false } }),
  event(4, 'step.awaiting-approval', 2, {
    waitingForReviewers: ['ana@example.com', 'li@example.com'],
    mandatoryCount: 1,
  }),
  event(5, 'step.awaiting-approval', 3, { waitingForReviewers: ['cfo@example.com'], mandatoryCount: 1 }),
  event(6, 'loop.iteration-started', 4, { iteration: 2, maxIterations: 5, previousOutput: null }),
  event(7, 'step.breached', 2, { sla: 'PT4H', reason: 'no decision within the SLA' }),
  event(8, 'step.failed', 4, {
    error: { code: 'MODEL_TIMEOUT', message: 'The model did not answer within 30 s' },
    retryable: true,
  }),
  ...Array.from({ length: 40 }, (_, i) =>
    event(9 + i, i % 5 === 4 ? 'step.failed' : 'step.completed', 6 + (i % 18), {
      output: { delivered: i % 5 !== 4, attempt: 1 + (i % 3) },
    }),
  ),
];
const messages = [
  {
    type: 'init',
    protocol: PROTOCOL_VERSION,
    generation: 0,
    environment: 'Sandbox (local)',
    activeEnvironment: 'Sandbox (local)',
    executionId: EXEC,
    pinned: true,
    prefs: DEFAULT_PREFS,
    execution: {
      executionId: EXEC,
      status: 'running',
      startedAt: T0,
      completedAt: null,
      cancelledAt: null,
      definitionId: 'doc-signoff',
      definitionVersion: 3,
      correlationId: 'corr_42',
      idempotencyKey: 'doc-42',
      failureReason: null,
      steps,
    },
    executionError: null,
  },
  { type: 'events', generation: 0, requestId: null, live: false, events: toEventColumns(events) },
  {
    type: 'status',
    generation: 0,
    requestId: null,
    loader: {
      phase: 'idle',
      loaded: events.length,
      hasMore: false,
      cursor: 48,
      emptyPages: 0,
      terminal: false,
      error: null,
    },
    tail: { state: 'paused', intervalMs: 5000 },
  },
  {
    type: 'events',
    generation: 0,
    requestId: null,
    live: true,
    events: toEventColumns([event(49, 'step.completed', 7, { output: {} })]),
  },
];

fs.mkdirSync(SHOTS, { recursive: true });
const browser = await harness.launchChromium();
try {
  for (const theme of ['dark', 'light'])
    for (const width of [480, 1200]) {
      const p = await harness.openPanelPage(browser, { theme, width, height: 760 });
      await p.send(...messages);
      await p.frames();
      await p.page.locator('.row').nth(7).click();
      await p.frames();
      const file = path.join(SHOTS, `panel-${theme}-${width}.png`);
      await p.page.screenshot({ path: file });
      console.log(file);
      await p.page.close();
    }
} finally {
  await browser.close();
}
