// The Timeline view in headless Chromium, fed by the host's real model builder and post filter: lanes for a
// parallel group and a loop, hostile step ids shown as text, click / Enter select the step (the same step
// filter as the header chips), exact times on hover and focus, a running bar that grows, a bounded DOM.
import { strict as assert } from 'node:assert';
import type { ExecutionEvent } from '../../../src/api/schemas';
import { boundMessage } from '../../../src/panel/bounds';
import { DEFAULT_PREFS, PROTOCOL_VERSION, type PanelExecution, type PanelStep } from '../../../src/panel/protocol';
import { buildTimeline, NO_SLA } from '../../../src/panel/timeline/model';
import { TimelineSummary } from '../../../src/panel/timeline/summary';
import { openPanelPage, useChromium, type PageGlobals, type PanelPage } from './harness';

const EXEC = 'exec_1793516400117_lwofay3k';
const HOSTILE = '<img src=x onerror="window.__veltPwned = 1">\u202egnp.exe';

interface El {
  textContent: string | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { width: number; left: number };
  scrollWidth: number;
  clientWidth: number;
}
interface Doc {
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El>;
}

const stepOf = (
  stepId: string,
  nodeId: string,
  from: number,
  to: number | null,
  extra: Partial<PanelStep> = {},
): PanelStep => ({
  stepId,
  nodeId,
  nodeType: 'agent',
  status: to === null ? 'running' : 'completed',
  groupId: null,
  startedAt: from,
  completedAt: to,
  error: null,
  ...extra,
});

function execution(steps: PanelStep[], status: string, t0: number, end: number | null): PanelExecution {
  return {
    executionId: EXEC,
    status,
    startedAt: t0,
    completedAt: end,
    cancelledAt: null,
    definitionId: 'review-loop',
    definitionVersion: 1,
    correlationId: null,
    idempotencyKey: null,
    failureReason: null,
    steps,
  };
}

function messages(exec: PanelExecution, events: ExecutionEvent[], sla = NO_SLA): unknown[] {
  const summary = new TimelineSummary();
  summary.add(events);
  const timeline = buildTimeline(exec, summary, sla, Date.now());
  return [
    {
      type: 'init',
      protocol: PROTOCOL_VERSION,
      generation: 0,
      environment: 'Sandbox (local)',
      activeEnvironment: 'Sandbox (local)',
      executionId: EXEC,
      pinned: false,
      prefs: DEFAULT_PREFS,
      execution: exec,
      executionError: null,
    },
    boundMessage({ type: 'timeline', timeline }),
  ];
}

const event = (
  seq: number,
  type: string,
  stepId: string | null,
  at: number,
  data: Record<string, unknown> | null = null,
): ExecutionEvent => ({
  eventId: `evt_${seq}`,
  seq,
  type,
  stepId,
  timestamp: at,
  correlationId: null,
  data,
});

/** A finished run: a root step, a parallel group of three reviewers (one of them hostile), a loop of two iterations. */
function story(): unknown[] {
  const t0 = Date.UTC(2026, 3, 28, 11, 0, 0);
  const s = 1000;
  const steps = [
    stepOf('step_draft_1', 'draft', t0, t0 + 10 * s),
    stepOf('step_legal', 'legal', t0 + 10 * s, t0 + 40 * s, { groupId: 'review', nodeType: 'human' }),
    stepOf(HOSTILE, HOSTILE, t0 + 10 * s, t0 + 30 * s, { groupId: 'review', nodeType: 'human' }),
    stepOf('step_brand', 'brand', t0 + 10 * s, t0 + 35 * s, { groupId: 'review', nodeType: 'human' }),
    stepOf('step_draft_2', 'draft', t0 + 40 * s, t0 + 50 * s),
  ];
  const events = [
    event(1, 'execution.dispatched', null, t0),
    event(2, 'step.awaiting-approval', 'step_legal', t0 + 12 * s),
    event(3, 'group.quorum-met', null, t0 + 35 * s, { groupId: 'review', quorum: 2, completedTotal: 2 }),
    event(4, 'loop.iteration-started', 'step_draft_2', t0 + 40 * s, { iteration: 2 }),
    event(5, 'execution.completed', null, t0 + 50 * s),
  ];
  const sla = { byNode: new Map([['legal', 20 * s]]), note: null };
  return messages(execution(steps, 'completed', t0, t0 + 50 * s), events, sla);
}

describe('webview timeline in headless Chromium', function () {
  this.timeout(60_000);
  const browser = useChromium();
  let p: PanelPage;
  afterEach(async () => {
    await p?.page.close();
  });

  const open = async (msgs: unknown[], width = 1000): Promise<void> => {
    p = await openPanelPage(browser(), { width, height: 760 });
    await p.send(...msgs);
    await p.page.locator('#tab-timeline').click();
    await p.frames();
  };

  it('draws one lane per step, the group under a heading, loop runs numbered; hostile ids stay text', async () => {
    await open(story());
    const m = await p.page.evaluate(() => ({
      labels: [
        ...((globalThis as unknown as { document: Doc }).document.querySelectorAll(
          '.tl-row .tl-label',
        ) as unknown as El[]),
      ].map((e) => e.textContent),
      waits: (globalThis as unknown as { document: Doc }).document.querySelectorAll('.tl-wait').length,
      sla: (globalThis as unknown as { document: Doc }).document.querySelectorAll('.tl-sla').length,
      marks: [
        ...((globalThis as unknown as { document: Doc }).document.querySelectorAll('.tl-mark') as unknown as El[]),
      ].map((e) => e.getAttribute('class')),
      imgs: (globalThis as unknown as { document: Doc }).document.querySelectorAll('img').length,
      pwned: (globalThis as unknown as PageGlobals).__veltPwned,
    }));
    assert.deepEqual(m.labels, [
      'draft #1',
      'draft #2',
      'Group review',
      'legal',
      '<img src=x onerror="window.__veltPwned = 1">\\u202egnp.exe',
      'brand',
    ]);
    assert.equal(m.waits, 1, 'one bar waits for reviewers');
    assert.equal(m.sla, 1, 'one SLA line');
    assert.deepEqual(m.marks.sort(), [
      'tl-mark tl-execution',
      'tl-mark tl-execution',
      'tl-mark tl-iteration',
      'tl-mark tl-quorum',
    ]);
    assert.equal(m.imgs, 0);
    assert.equal(m.pwned, undefined);
    assert.deepEqual(await p.violations(), []);
  });

  it('selects a step by click or Enter: the stream filters to it, as from the header chips', async () => {
    await open(story());
    await p.page.locator('.tl-row').nth(3).click();
    await p.frames();
    const state = async () =>
      p.page.evaluate(
        () => ((globalThis as unknown as PageGlobals).__state as { filters: { step: string | null } }).filters.step,
      );
    assert.equal(await state(), 'step_legal');
    assert.equal(await p.page.locator('.tl-row.selected .tl-label').textContent(), 'legal');
    await p.page.keyboard.press('ArrowDown');
    await p.page.keyboard.press('Enter');
    await p.frames();
    assert.equal(await state(), HOSTILE);
    await p.page.keyboard.press('Enter');
    await p.frames();
    assert.equal(await state(), null, 'Enter again clears the filter');
  });

  it('shows exact times on hover and focus', async () => {
    await open(story());
    const lane = p.page.locator('.tl-row').nth(3);
    const title = await lane.getAttribute('title');
    assert.match(title ?? '', /^legal: Waiting for approval|^legal: Completed/);
    assert.match(title ?? '', /Started 2026-04-28 \d\d:00:10 \(2026-04-28T11:00:10\.000Z\)/);
    assert.match(title ?? '', /Active 2s, waiting for reviewers 28s from/);
    assert.match(title ?? '', /SLA deadline .*11:00:30\.000Z\) \(passed\)/);
    await lane.hover();
    assert.match((await p.page.locator('#tl-detail').textContent()) ?? '', /legal: .* · Started .*11:00:10/);
    assert.equal(await lane.getAttribute('aria-describedby'), 'tl-detail');
  });

  it('grows a running bar each second without redrawing the lanes', async () => {
    const now = Date.now();
    const steps = [stepOf('step_a', 'a', now - 4000, now - 3000), stepOf('step_b', 'b', now - 3000, null)];
    await open(messages(execution(steps, 'running', now - 4000, null), []));
    const width = () =>
      p.page.evaluate(
        () =>
          (globalThis as unknown as { document: Doc }).document.querySelectorAll('.tl-bar')[1]!.getBoundingClientRect()
            .width,
      );
    const before = await width();
    await p.page.evaluate(() => {
      (globalThis as unknown as { marked: unknown }).marked = (
        globalThis as unknown as { document: Doc }
      ).document.querySelector('.tl-row');
    });
    await p.page.waitForTimeout(2100);
    const after = await width();
    assert.ok(after > before + 5, `the running bar grew: ${before} → ${after}`);
    const same = await p.page.evaluate(
      () =>
        (globalThis as unknown as { marked: unknown }).marked ===
        (globalThis as unknown as { document: Doc }).document.querySelector('.tl-row'),
    );
    assert.ok(same, 'the lanes were not rebuilt');
  });

  it('keeps the DOM bounded for 5,000 steps and says how many are left out', async () => {
    const t0 = Date.UTC(2026, 3, 28, 11, 0, 0);
    const steps = Array.from({ length: 5000 }, (_, i) =>
      stepOf(`step_${i}`, `node-${i}`, t0 + i * 100, t0 + i * 100 + 50),
    );
    await open(messages(execution(steps, 'completed', t0, t0 + 500_000), []));
    const m = await p.page.evaluate(() => ({
      lanes: (globalThis as unknown as { document: Doc }).document.querySelectorAll('.tl-row').length,
      note: (globalThis as unknown as { document: Doc }).document.querySelector('.tl-note')!.textContent,
    }));
    assert.ok(m.lanes > 10 && m.lanes < 100, `${m.lanes} lanes in the DOM`);
    assert.match(m.note ?? '', /2,000 steps · 3,000 more steps not shown/);
  });

  it('stays readable at 480 px', async () => {
    await open(story(), 480);
    const m = await p.page.evaluate(() => {
      const label = (globalThis as unknown as { document: Doc }).document.querySelector('.tl-label')!;
      const track = (globalThis as unknown as { document: Doc }).document.querySelector('.tl-track')!;
      const lanes = (globalThis as unknown as { document: Doc }).document.querySelector('.tl-lanes')!;
      return {
        label: label.getBoundingClientRect().width,
        track: track.getBoundingClientRect().width,
        overflow: lanes.scrollWidth > lanes.clientWidth,
      };
    });
    assert.ok(m.label >= 90, `label column ${m.label}px`);
    assert.ok(m.track >= 250, `track ${m.track}px`);
    assert.equal(m.overflow, false);
  });
});
