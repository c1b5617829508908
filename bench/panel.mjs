// Execution panel benchmark (run: node esbuild.mjs && node bench/panel.mjs). Loads dist/webview.js on its
// own in headless Chromium (test/unit/webview/harness.ts: the panel's CSP, a stub acquireVsCodeApi) and
// prints:
//   A. webview only: 100,000 events fed through the protocol in pages of 500 (type-checked, stored,
//      filtered, windowed): time to the first rendered page, time to all rendered, DOM rows, JS heap,
//      frame gaps while loading, scrolling top to bottom, and filtering;
//   B. end to end against the in-process sandbox's 100,003-event execution: the raw paging rate of the
//      request module (EventCursor, pageSize 500) and the same paging through the panel's EventLoader
//      into the webview, in the same run.
// Env: EVENTS (100000), PAGE (500), PART (A or B: one part only), ROUNDS_B (3: part B's rounds, best of each kept), CHROMIUM (/usr/bin/chromium). Nothing is written to disk.
// With --json, also prints one JSON line of the figures at the end (read by bench/run.mjs).
import { require as tsRequire } from 'tsx/cjs/api';

const tsImport = async (specifier, parent) => tsRequire(specifier, parent);

const TOTAL = Number(process.env.EVENTS || 100_000);
const PAGE = Number(process.env.PAGE || 500);
/** PART=A or PART=B runs one part only (figures of the other are left out). */
const PART = process.env.PART;
const harness = await tsImport('../test/unit/webview/harness.ts', import.meta.url);
const { chromiumAvailable, launchChromium, openPanelPage, CHROMIUM } = harness;
if (!chromiumAvailable()) {
  console.error(`bench/panel: needs ${CHROMIUM} and dist/webview.js (run \`node esbuild.mjs\`)`);
  process.exit(1);
}
const { DEFAULT_PREFS, PROTOCOL_VERSION } = await tsImport('../src/panel/protocol.ts', import.meta.url);
const { eventsMessages } = await tsImport('../src/panel/eventColumns.ts', import.meta.url);
const { boundMessage } = await tsImport('../src/panel/bounds.ts', import.meta.url);
const { EventLoader } = await tsImport('../src/panel/eventLoader.ts', import.meta.url);
const { createWorkflowApi } = await tsImport('../src/api/request.ts', import.meta.url);
const { EventCursor } = await tsImport('../src/api/paging.ts', import.meta.url);
const { originOf } = await tsImport('../src/api/index.ts', import.meta.url);
const { SANDBOX_EXECUTIONS, startSandbox } = await tsImport('../src/sandbox/server.ts', import.meta.url);

const EXEC = 'exec_1793559600503_hug3b4tc';
const figures = { events: TOTAL, pageSize: PAGE };
const hostCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const ms = (n) => `${n.toFixed(0)} ms`;
const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const initMessage = (executionId) => ({
  type: 'init',
  protocol: PROTOCOL_VERSION,
  generation: 0,
  environment: 'Sandbox (local)',
  activeEnvironment: 'Sandbox (local)',
  executionId,
  pinned: false,
  prefs: DEFAULT_PREFS,
  executionError: null,
  execution: {
    executionId,
    status: 'completed',
    startedAt: 1_793_559_600_612,
    completedAt: 1_793_563_200_000,
    cancelledAt: null,
    definitionId: 'bench',
    definitionVersion: 1,
    correlationId: 'corr_bench',
    idempotencyKey: 'bench',
    failureReason: null,
    steps: [],
  },
});

async function heap(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize;
}

function gapStats(gaps) {
  const sorted = [...gaps].sort((a, b) => a - b);
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return `p50 ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, max ${(sorted.at(-1) ?? 0).toFixed(1)} ms over ${gaps.length} frames`;
}

/** Runs in the page: records requestAnimationFrame gaps until stop() is called. */
const FRAME_PROBE = `window.__frames = (() => { const gaps = []; let last = performance.now(); let on = true;
  const loop = (t) => { gaps.push(t - last); last = t; if (on) requestAnimationFrame(loop); }; requestAnimationFrame(loop);
  return { stop: () => { on = false; return gaps; } }; })();`;

/** The host's encoder as a script that sets window.__eventColumns (esbuild, as for the bundles). */
async function encoderSource() {
  const { build } = await import('esbuild');
  const out = await build({
    entryPoints: [new URL('../src/panel/eventColumns.ts', import.meta.url).pathname],
    bundle: true,
    format: 'iife',
    globalName: '__eventColumns',
    write: false,
    logLevel: 'silent',
  });
  return `${out.outputFiles[0].text}; window.__eventColumns = __eventColumns; undefined`;
}

async function partA(browser) {
  const p = await openPanelPage(browser, { width: 1280, height: 800 });
  const { page } = p;
  const baseline = await heap(page);
  // Build the pages inside the page, so the measurement is the webview's own work (not CDP transfer), in the
  // host's wire form: its encoder (src/panel/eventColumns.ts) is evaluated there first (CDP, not a script tag).
  await page.evaluate(await encoderSource());
  await page.evaluate(
    ({ total, size, exec }) => {
      const { toEventColumns } = window.__eventColumns;
      const types = [
        'step.completed',
        'step.awaiting-approval',
        'step.failed',
        'group.quorum-met',
        'loop.iteration-started',
        'step.cancelled',
      ];
      const pages = [];
      for (let start = 1; start <= total; start += size) {
        const events = [];
        for (let i = start; i < start + size && i <= total; i++) {
          const seq = i * 2;
          events.push({
            seq,
            eventId: `evt_${exec}_${seq}`,
            type: types[i % types.length],
            stepId: `step_node-${i % 40}_1793559600503_abcdef`,
            timestamp: 1_793_559_600_612 + seq * 10,
            correlationId: 'corr_bench',
            data: {
              decision: i % 7 === 0 ? 'reject' : 'approve',
              waitingForReviewers: ['alice', 'bob'],
              mandatoryCount: 1,
              n: i,
            },
          });
        }
        pages.push({ type: 'events', generation: 0, requestId: null, live: false, events: toEventColumns(events) });
      }
      window.__pages = pages;
    },
    { total: TOTAL, size: PAGE, exec: EXEC },
  );
  const result = await page.evaluate(
    async ({ init }) => {
      const raf = () => new Promise((r) => requestAnimationFrame(() => r()));
      const status = (loaded, hasMore) => ({
        type: 'status',
        generation: 0,
        requestId: null,
        tail: { state: 'off', intervalMs: 5000 },
        loader: {
          phase: hasMore ? 'loadingAll' : 'idle',
          loaded,
          hasMore,
          cursor: loaded * 2,
          emptyPages: 0,
          terminal: !hasMore,
          error: null,
        },
      });
      const t0 = performance.now();
      window.__send(init);
      window.__send(window.__pages[0]);
      window.__send(status(window.__pages[0].events.seq.length, true));
      while (document.querySelectorAll('.row').length === 0) await raf();
      const first = performance.now() - t0;
      const frames = (() => {
        const gaps = [];
        let last = performance.now();
        let on = true;
        const loop = (t) => {
          gaps.push(t - last);
          last = t;
          if (on) requestAnimationFrame(loop);
        };
        requestAnimationFrame(loop);
        return {
          stop: () => {
            on = false;
            return gaps;
          },
        };
      })();
      let loaded = window.__pages[0].events.seq.length;
      for (let i = 1; i < window.__pages.length; i++) {
        window.__send(window.__pages[i]);
        loaded += window.__pages[i].events.seq.length;
        if (i % 10 === 0) window.__send(status(loaded, true));
        await new Promise((r) => setTimeout(r, 0));
      }
      window.__send(status(loaded, false));
      await raf();
      await raf();
      const all = performance.now() - t0;
      const loadGaps = frames.stop();
      return {
        first,
        all,
        loadGaps,
        rows: document.querySelectorAll('.row').length,
        elements: document.getElementsByTagName('*').length,
        footer: document.querySelector('.footer').textContent,
      };
    },
    { init: initMessage(EXEC) },
  );
  await page.evaluate(() => {
    delete window.__pages;
  });
  const loadedHeap = await heap(page);

  // Scrolling: 150 steps from top to bottom, one per frame.
  await page.evaluate(FRAME_PROBE);
  const scroll = await page.evaluate(async () => {
    const list = document.querySelector('.list');
    const raf = () => new Promise((r) => requestAnimationFrame(() => r()));
    const steps = 150;
    const height = list.scrollHeight - list.clientHeight;
    let maxRows = 0;
    for (let i = 0; i <= steps; i++) {
      list.scrollTop = (height * i) / steps;
      await raf();
      maxRows = Math.max(maxRows, document.querySelectorAll('.row').length);
    }
    await raf();
    return {
      gaps: window.__frames.stop(),
      maxRows,
      lastSeq: [...document.querySelectorAll('.row')].at(-1)?.dataset.seq,
    };
  });

  // Filtering: text (first search builds the index), then failures only on top.
  const filter = async (action) => {
    await page.evaluate(FRAME_PROBE);
    return page.evaluate(async (what) => {
      const raf = () => new Promise((r) => requestAnimationFrame(() => r()));
      const count = () => document.querySelector('.count').textContent;
      const before = count();
      const t0 = performance.now();
      if (what === 'text') {
        const input = document.querySelector('.filter-input');
        input.value = 'reject';
        input.dispatchEvent(new Event('input'));
      } else {
        const box = document.querySelector('#failures-only');
        box.checked = true;
        box.dispatchEvent(new Event('change'));
      }
      while (count() === before) await raf();
      const elapsed = performance.now() - t0;
      await raf();
      return { elapsed, count: count(), gaps: window.__frames.stop() };
    }, action);
  };
  const text = await filter('text');
  const failures = await filter('failures');
  const violations = await p.violations();
  await page.close();

  figures.webview = {
    firstPageMs: result.first,
    allMs: result.all,
    domRows: result.rows,
    domElements: result.elements,
    maxRowsScrolling: scroll.maxRows,
    heapBeforeBytes: baseline,
    heapAfterBytes: loadedHeap,
    filterTextMs: text.elapsed,
    filterFailuresMs: failures.elapsed,
    cspViolations: violations.length,
  };
  console.log(`A. webview only: ${TOTAL.toLocaleString('en-US')} events in pages of ${PAGE}`);
  console.log(`   time to first rendered page        ${ms(result.first)}`);
  console.log(
    `   time to all ${TOTAL.toLocaleString('en-US')} rendered        ${ms(result.all)}  (${Math.round(TOTAL / (result.all / 1000)).toLocaleString('en-US')} events/s)`,
  );
  console.log(`   frame gaps while loading           ${gapStats(result.loadGaps)}`);
  console.log(
    `   DOM rows / all elements            ${result.rows} / ${result.elements}  (max rows while scrolling: ${scroll.maxRows})`,
  );
  console.log(
    `   JS heap before / after (after GC)  ${mb(baseline)} / ${mb(loadedHeap)}  (${Math.round((loadedHeap - baseline) / TOTAL)} bytes per event)`,
  );
  console.log(`   scrolling top → bottom             ${gapStats(scroll.gaps)}; last row seq ${scroll.lastSeq}`);
  console.log(
    `   filter "reject" (first search)     applied in ${ms(text.elapsed)}; ${text.count}; ${gapStats(text.gaps)}`,
  );
  console.log(
    `   + failures only                    applied in ${ms(failures.elapsed)}; ${failures.count}; ${gapStats(failures.gaps)}`,
  );
  console.log(`   footer: "${result.footer}"; CSP violations: ${violations.length}`);
}

async function partB(browser) {
  const sandbox = await startSandbox({ port: 0, apiKey: 'sandbox', authToken: 'sandbox' });
  const api = createWorkflowApi({
    getTarget: () => ({
      baseUrl: sandbox.url,
      credentials: { apiKey: 'sandbox', authToken: 'sandbox', origin: originOf(sandbox.url) },
    }),
    userAgent: 'velt-bench/panel',
    timeoutMs: 60_000,
  });
  const huge = SANDBOX_EXECUTIONS.huge;
  try {
    // Warm up the connection and the sandbox's generator.
    await new EventCursor(api, huge, PAGE).next();
    // Raw paging and the panel alternate, ROUNDS_B times each (default 3), and the best of each is kept: one
    // round of either swings by a factor of two on a shared 2-core machine.
    const rawRound = async () => {
      const c0 = hostCpuMs();
      const t0 = performance.now();
      const cursor = new EventCursor(api, huge, PAGE);
      let raw = 0;
      let pages = 0;
      for (;;) {
        const page = await cursor.next({ skipEmpty: true });
        raw += page.events.length;
        pages++;
        if (!page.hasMore) break;
      }
      const rawMs = performance.now() - t0;
      const rawCpuMs = hostCpuMs() - c0;
      return { raw, pages, rawMs, rawCpuMs };
    };
    const panelRound = async () => {
      const p = await openPanelPage(browser, { width: 1280, height: 800 });
      await p.send(initMessage(huge));
      // Like webview.postMessage, posting never waits for the webview: messages queue up and are delivered
      // in order, each delivery taking whatever accumulated meanwhile.
      const queue = [];
      let delivering;
      const post = (message) => {
        queue.push(message);
        delivering ??= (async () => {
          while (queue.length > 0) await p.send(...queue.splice(0));
          delivering = undefined;
        })();
      };
      // The first row's appearance is timed in the page (its own clock), from the moment loading starts.
      const pageStart = await p.page.evaluate(() => {
        window.__firstRow = null;
        const check = () => {
          if (document.querySelector('.row')) window.__firstRow = performance.now();
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
        return performance.now();
      });
      // The webview's main-thread busy time (CDP Performance.TaskDuration), next to this process's CPU time:
      // on a loaded machine the two compete for the same cores, and wall time shows their sum more than
      // their overlap. Busy time is wall time inside tasks (it grows while the thread waits for a core), so
      // the thread's CPU time is read too, and how much of it was the webview's script and style/layout
      // (the rest is mostly receiving the messages: CDP delivery of their JSON, in this harness).
      const cdp = await p.page.context().newCDPSession(p.page);
      await cdp.send('Performance.enable');
      const WEBVIEW_METRICS = ['TaskDuration', 'ThreadTime', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration'];
      const webviewMetricsMs = async () => {
        const { metrics } = await cdp.send('Performance.getMetrics');
        return WEBVIEW_METRICS.map((name) => 1000 * (metrics.find((m) => m.name === name)?.value ?? NaN));
      };
      const webview0 = await webviewMetricsMs();
      const c0 = hostCpuMs();
      const t0 = performance.now();
      const loader = new EventLoader(api, huge, PAGE, {
        // The same conversion, batching and bounds as ExecutionPanel.postEvents / post.
        onEvents: (events, requestId) => {
          for (const message of eventsMessages(events, 0, requestId, false)) post(boundMessage(message));
        },
        onStatus: () =>
          post({
            type: 'status',
            generation: 0,
            requestId: null,
            loader: loader.status(),
            tail: { state: 'stopped', intervalMs: 5000 },
          }),
      });
      await loader.loadAll(1);
      while (delivering) await delivering;
      await p.frames();
      const panelMs = performance.now() - t0;
      const panelCpuMs = hostCpuMs() - c0;
      const [webviewMs, webviewCpuMs, webviewScriptMs, layoutMs, styleMs] = (await webviewMetricsMs()).map(
        (v, i) => v - webview0[i],
      );
      const firstRendered = (await p.page.evaluate(() => window.__firstRow)) - pageStart;
      const shown = await p.page.locator('.count').innerText();
      const rows = await p.page.locator('.row').count();
      const webviewHeap = await heap(p.page);
      await p.page.close();
      return {
        panelMs,
        panelCpuMs,
        webviewMs,
        webviewCpuMs,
        webviewScriptMs,
        layoutMs,
        styleMs,
        firstRendered,
        shown,
        rows,
        webviewHeap,
        loaded: loader.events.length,
      };
    };
    const rounds = Number(process.env.ROUNDS_B || 3);
    let best;
    let bestPanel;
    for (let round = 0; round < rounds; round++) {
      const r = await rawRound();
      if (!best || r.rawMs < best.rawMs) best = r;
      const q = await panelRound();
      if (!bestPanel || q.panelMs < bestPanel.panelMs) bestPanel = q;
    }
    const { raw, pages, rawMs, rawCpuMs } = best;
    figures.endToEnd = {
      events: bestPanel.loaded,
      rawPagingMs: rawMs,
      rawEventsPerSec: raw / (rawMs / 1000),
      firstPageMs: bestPanel.firstRendered,
      allMs: bestPanel.panelMs,
      ratioToRaw: bestPanel.panelMs / rawMs,
      cpu: {
        rawHostMs: rawCpuMs,
        panelHostMs: bestPanel.panelCpuMs,
        webviewBusyMs: bestPanel.webviewMs,
        webviewCpuMs: bestPanel.webviewCpuMs,
        webviewScriptMs: bestPanel.webviewScriptMs,
        webviewStyleLayoutMs: bestPanel.layoutMs + bestPanel.styleMs,
      },
      domRows: bestPanel.rows,
      heapBytes: bestPanel.webviewHeap,
      shown: bestPanel.shown,
    };
    console.log(`B. end to end, in-process sandbox, execution "huge" (${huge})`);
    console.log(
      `   raw paging (EventCursor, page ${PAGE})  ${raw.toLocaleString('en-US')} events, ${pages} pages in ${ms(rawMs)}  (${Math.round(raw / (rawMs / 1000)).toLocaleString('en-US')} events/s)`,
    );
    console.log(
      `   panel: EventLoader → webview         first page rendered ${ms(bestPanel.firstRendered ?? NaN)}, all ${bestPanel.loaded.toLocaleString('en-US')} rendered in ${ms(bestPanel.panelMs)}  (${(bestPanel.panelMs / rawMs).toFixed(2)}× raw)`,
    );
    console.log(
      `   CPU: raw paging ${ms(rawCpuMs)} (this process); panel ${ms(bestPanel.panelCpuMs)} (this process: sandbox, loader, posting) + webview main thread busy ${ms(bestPanel.webviewMs)}`,
    );
    console.log(
      `   webview main thread CPU ${ms(bestPanel.webviewCpuMs)}, of which script ${ms(bestPanel.webviewScriptMs)} (with the harness's JSON.parse) and style + layout ${ms(bestPanel.layoutMs + bestPanel.styleMs)} (the rest: receiving the messages)`,
    );
    console.log(
      `   webview shows "${bestPanel.shown}", ${bestPanel.rows} DOM rows, JS heap ${mb(bestPanel.webviewHeap)}`,
    );
  } finally {
    await api.close();
    await sandbox.close();
  }
}

const browser = await launchChromium();
try {
  if (!PART || PART === 'A') await partA(browser);
  if (!PART || PART === 'B') await partB(browser);
} finally {
  await browser.close();
}
if (process.argv.includes('--json')) console.log(JSON.stringify(figures));
