// `npm run bench`: runs every benchmark once and prints one table of figures, each as a ratio against its
// reference measured in the same run where one exists; writes bench/results/latest.json (git-ignored) and
// bench/latest.md (committed; the README points to it). Loopback only; every step has a time limit and
// stops by itself. A step that fails is reported as missing and the others still run (exit code 1).
//
//   1. bundle sizes: dist/extension.js and dist/webview.js from a --production build (reference: the dev
//      build of the same sources). Both are built by esbuild.mjs in a temp folder that links to src/ and
//      node_modules/, so the working tree's dist/ (used by the tests) is never overwritten. The webview
//      bundle (what a panel loads when it opens) is also shown against its 60 KiB goal, and with the Graph
//      and Timeline tabs' bundles (loaded the first time their tab is shown) added.
//   1c. the .vsix as `npm run package` makes it (vsce in a temp folder) against the 400 KiB goal.
//   1b. evaluating the production `main` bundle (dist/extension.js) in a fresh Node process with a stub
//      `vscode` (reference: a 1 KB module, same processes): bench/evaluation.mjs.
//   2. activation in the real editor: bench/activation.mjs (code-server + chromium), production bundle
//      (reference: a stub extension with an empty activate(), same hosts).
//   3. events/s paged through our client vs a bare undici loop: bench/paging.ts.
//   3b. the CLI end to end: `velt-executions events --all --ndjson` (production bundle) as a process vs a bare
//      fetch loop in a child process, 30,000 events from the same in-process sandbox: bench/cli.ts.
//   4. the panel: bench/panel.mjs --json (needs dist/webview.js of the dev build; built if missing).
//   5b. the graph: host layout of 100 nodes / 500 edges and the restyle of a status change: bench/graph.ts.
//   5. hover cost and requests for 100 hovers: bench/hover.ts --json.
//   6. requests per minute for 20 pinned executions, visible and hidden: bench/pollRate.ts.
//   7. the panel's host heap at 100,000 loaded events vs the raw events array: bench/hostHeap.ts.
//   8. the per-origin retry budget: requests during an outage (503 / connection refused) and during a 429
//      Retry-After: 30 on one execution, per-request retries (reference) vs the shared budget:
//      bench/retryBudget.ts (simulated time).
//   9. the sandbox engine's soak: events/s with 200 concurrent live runs, getEvents/s over HTTP, and the
//      extension's request rate against the live engine with 20 pins: bench/engineSoak.ts (+ bench/pinRate.ts).
//   10. the step timeline of 1,000 steps: host model build and the webview's render in headless Chromium
//      against the ≤ 100 ms goal: bench/timeline.ts (needs dist/webview.js of the dev build; built if missing).
//
// Env: SKIP=activation,panel,... to leave steps out.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SKIP = new Set((process.env.SKIP || '').split(',').filter(Boolean));
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const results = {
  startedAt: new Date().toISOString(),
  node: process.version,
  platform: `${os.platform()} ${os.arch()}`,
  cpus: os.cpus().length,
  missing: {},
};
const log = (...a) => console.error('[bench]', ...a);

/** Runs a command with a time limit; resolves with stdout (throws on non-zero exit or timeout). */
function run(cmd, args, { timeoutMs, cwd = ROOT, env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* gone */
      }
      setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }, 5000).unref();
      reject(new Error(`${path.basename(args[0] ?? cmd)} timed out after ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else
        reject(
          new Error(
            `${[cmd, ...args].join(' ')} exited ${code ?? signal}:\n${(err || out).trim().split('\n').slice(-15).join('\n')}`,
          ),
        );
    });
  });
}
const lastJson = (out) =>
  JSON.parse(
    out
      .trim()
      .split('\n')
      .reverse()
      .find((l) => l.startsWith('{')),
  );

async function step(name, fn) {
  if (SKIP.has(name)) {
    results.missing[name] = 'skipped (SKIP)';
    return;
  }
  const t0 = Date.now();
  log(`${name}…`);
  try {
    results[name] = await fn();
    log(`${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } catch (e) {
    results.missing[name] = e instanceof Error ? e.message : String(e);
    log(`${name} FAILED: ${results.missing[name]}`);
  }
}

// 1. Bundle sizes ------------------------------------------------------------------------------------
let prodDist;
/** The Graph and Timeline tabs' bundles: the panel loads each the first time its tab is shown. */
const LAZY_WEBVIEW_BUNDLES = ['webviewGraph.js', 'webviewTimeline.js'];
/** Every bundle the webview tests and benchmarks load (built if one is missing). */
const webviewBuilt = () =>
  ['webview.js', ...LAZY_WEBVIEW_BUNDLES].every((f) => fs.existsSync(path.join(ROOT, 'dist', f)));
const buildTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'velt-bench-build-'));
async function buildInTemp(
  dir,
  production,
  only = 'extension,commands,panels,webhooks,api,webview,webviewGraph,webviewTimeline,sandbox',
) {
  fs.mkdirSync(dir, { recursive: true });
  for (const f of ['src', 'scripts', 'node_modules', 'package.json', 'tsconfig.json'])
    fs.symlinkSync(path.join(ROOT, f), path.join(dir, f));
  fs.copyFileSync(path.join(ROOT, 'esbuild.mjs'), path.join(dir, 'esbuild.mjs'));
  await run(process.execPath, ['esbuild.mjs', ...(production ? ['--production'] : []), `--only=${only}`], {
    cwd: dir,
    timeoutMs: 180_000,
  });
  return path.join(dir, 'dist');
}
await step('bundles', async () => {
  prodDist = await buildInTemp(path.join(buildTmp, 'prod'), true);
  const devDist = await buildInTemp(path.join(buildTmp, 'dev'), false);
  const size = (dir, f) => {
    const buf = fs.readFileSync(path.join(dir, f));
    return { bytes: buf.length, gzipBytes: zlib.gzipSync(buf, { level: 9 }).length };
  };
  const out = {};
  for (const f of ['extension.js', 'api.js', 'webview.js', ...LAZY_WEBVIEW_BUNDLES])
    out[f] = { production: size(prodDist, f), dev: size(devDist, f) };
  return out;
});

// 1c. The .vsix ---------------------------------------------------------------------------------------------
await step('vsix', async () => {
  // What `npm run package` makes: every bundle .vscodeignore ships, production, packed by vsce in a temp folder.
  const dir = path.join(buildTmp, 'vsix');
  await buildInTemp(
    dir,
    true,
    'extension,commands,panels,webhooks,api,graphLayout,webview,webviewGraph,webviewTimeline,sandbox',
  );
  for (const f of ['README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore'])
    fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
  fs.cpSync(path.join(ROOT, 'media'), path.join(dir, 'media'), { recursive: true });
  const out = path.join(dir, 'bench.vsix');
  await run(path.join(ROOT, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '-o', out], {
    cwd: dir,
    timeoutMs: 3 * 60_000,
  });
  return { bytes: fs.statSync(out).size };
});

// 1b. Evaluation of the main bundle ---------------------------------------------------------------------
await step('evaluation', async () => {
  if (!prodDist) throw new Error('no production build');
  return lastJson(
    await run(process.execPath, ['bench/evaluation.mjs', '--json', `--bundle=${path.join(prodDist, 'extension.js')}`], {
      timeoutMs: 3 * 60_000,
    }),
  );
});

// 2. Activation -----------------------------------------------------------------------------------------
await step('activation', async () => {
  if (!prodDist) throw new Error('no production build');
  return lastJson(
    await run(process.execPath, ['bench/activation.mjs', '--json', `--dist=${prodDist}`], { timeoutMs: 8 * 60_000 }),
  );
});

// 3. Paging ------------------------------------------------------------------------------------------------
await step('paging', async () => lastJson(await run(TSX, ['bench/paging.ts', '--json'], { timeoutMs: 5 * 60_000 })));

// 3b. CLI end to end -----------------------------------------------------------------------------------------
await step('cli', async () => {
  // The production CLI bundle (what `npm run package` ships), built in a temp folder like the bundles above.
  const dir = path.join(buildTmp, 'cli');
  const dist = await buildInTemp(dir, true, 'cli');
  return lastJson(
    await run(TSX, ['bench/cli.ts', '--json', `--cli=${path.join(dist, 'cli.js')}`], { timeoutMs: 5 * 60_000 }),
  );
});
fs.rmSync(buildTmp, { recursive: true, force: true });

// 4. Panel ---------------------------------------------------------------------------------------------------
await step('panel', async () => {
  if (!webviewBuilt()) await run(process.execPath, ['esbuild.mjs'], { timeoutMs: 180_000 });
  return lastJson(await run(process.execPath, ['bench/panel.mjs', '--json'], { timeoutMs: 5 * 60_000 }));
});

// 5. Hover -----------------------------------------------------------------------------------------------------
await step('hover', async () => lastJson(await run(TSX, ['bench/hover.ts', '--json'], { timeoutMs: 3 * 60_000 })));

// 5b. Graph layout and restyle on the host ----------------------------------------------------------------------
await step('graph', async () => lastJson(await run(TSX, ['bench/graph.ts', '--json'], { timeoutMs: 3 * 60_000 })));

// 6. Poll rate -------------------------------------------------------------------------------------------------
await step('pollRate', async () =>
  lastJson(await run(TSX, ['bench/pollRate.ts', '--json'], { timeoutMs: 2 * 60_000 })),
);

// 7. Host heap ---------------------------------------------------------------------------------------------------
await step('hostHeap', async () =>
  lastJson(await run(TSX, ['bench/hostHeap.ts', '--json'], { timeoutMs: 3 * 60_000 })),
);
// 8. Retry budget ----------------------------------------------------------------------------------------------
await step('retryBudget', async () =>
  lastJson(await run(TSX, ['bench/retryBudget.ts', '--json'], { timeoutMs: 3 * 60_000 })),
);
// 9. Engine soak ----------------------------------------------------------------------------------------------
await step('engineSoak', async () =>
  lastJson(await run(TSX, ['bench/engineSoak.ts', '--json'], { timeoutMs: 4 * 60_000 })),
);

// 10. Timeline ---------------------------------------------------------------------------------------------------
await step('timeline', async () => {
  if (!webviewBuilt()) await run(process.execPath, ['esbuild.mjs'], { timeoutMs: 180_000 });
  return lastJson(await run(TSX, ['bench/timeline.ts', '--json'], { timeoutMs: 3 * 60_000 }));
});

// Table ----------------------------------------------------------------------------------------------------------
const rows = [];
const add = (figure, value, reference = '', ratio = '') => rows.push([figure, value, reference, ratio]);
const WEBVIEW_GOAL_BYTES = 60 * 1024;
const VSIX_GOAL_BYTES = 400 * 1024;
// Issue 11: what every VS Code start pays for the manifest's `main`.
const MAIN_GOAL_BYTES = 200 * 1024;
const EVALUATION_GOAL_MS = 15;
// Issue 11: paging through our client vs a bare undici loop; the panel end to end vs raw paging.
const PAGING_GOAL = 0.9;
const PANEL_GOAL = 1.5;
const ACTIVATION_GOAL_RATIO = 1.5;
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const msf = (n, d = 0) => `${n.toFixed(d)} ms`;
const us = (n) => `${n.toFixed(2)} µs`;
const x = (n) => `${n.toFixed(2)}×`;
const num = (n) => Math.round(n).toLocaleString('en-US');
const missing = (name, figure) => add(figure, `missing: ${results.missing[name].split('\n')[0].slice(0, 80)}`);

if (results.bundles) {
  for (const f of ['extension.js', 'api.js', 'webview.js', ...LAZY_WEBVIEW_BUNDLES]) {
    const b = results.bundles[f];
    add(
      `dist/${f} (--production)`,
      `${kb(b.production.bytes)} (${kb(b.production.gzipBytes)} gzip)`,
      `dev build ${kb(b.dev.bytes)}`,
      x(b.production.bytes / b.dev.bytes),
    );
  }
  // Issue 11: the webview bundle carries no validation library (the host validates; the webview trusts it).
  const main = results.bundles['extension.js'].production.bytes;
  add(
    'dist/extension.js (manifest `main`, --production) vs its goal',
    kb(main),
    `goal ≤ ${kb(MAIN_GOAL_BYTES)}`,
    `${x(main / MAIN_GOAL_BYTES)} ${main <= MAIN_GOAL_BYTES ? '(met)' : '(NOT met)'}`,
  );
  const webview = results.bundles['webview.js'].production.bytes;
  add(
    'dist/webview.js (--production) vs its goal',
    kb(webview),
    `goal ≤ ${kb(WEBVIEW_GOAL_BYTES)}`,
    `${x(webview / WEBVIEW_GOAL_BYTES)} ${webview <= WEBVIEW_GOAL_BYTES ? '(met)' : '(NOT met)'}`,
  );
  if (results.vsix)
    add(
      '.vsix (`npm run package`: production bundles, media, manifest, docs)',
      kb(results.vsix.bytes),
      `goal ≤ ${kb(VSIX_GOAL_BYTES)}`,
      `${x(results.vsix.bytes / VSIX_GOAL_BYTES)} ${results.vsix.bytes <= VSIX_GOAL_BYTES ? '(met)' : '(NOT met)'}`,
    );
  else if (results.missing.vsix) missing('vsix', '.vsix');
  const sum = (kind) =>
    ['webview.js', ...LAZY_WEBVIEW_BUNDLES].reduce((n, f) => n + results.bundles[f].production[kind], 0);
  add(
    '  … with the Graph and Timeline bundles (loaded when their tab is first shown), --production',
    `${kb(sum('bytes'))} (${kb(sum('gzipBytes'))} gzip)`,
    `at open: dist/webview.js ${kb(webview)}`,
    x(sum('bytes') / webview),
  );
} else missing('bundles', 'bundle sizes');
if (results.evaluation) {
  const e = results.evaluation;
  add(
    'evaluating `main` (dist/extension.js, --production) in a fresh Node process, stub `vscode`, median',
    msf(e.medianMs, 1),
    `1 KB module ${msf(e.referenceMedianMs, 1)}`,
    `+${msf(e.deltaMs, 1)} ${e.deltaMs <= EVALUATION_GOAL_MS ? '(met' : '(NOT met'}: goal ≤ +${EVALUATION_GOAL_MS} ms)`,
  );
} else missing('evaluation', 'evaluation of the main bundle');
if (results.activation) {
  const a = results.activation;
  add(
    'activation, real editor (`await ext.activate()`, fresh host, median)',
    msf(a.medianMs, 1),
    `stub extension ${msf(a.stubMedianMs, 1)}`,
    `${x(a.ratio)} ${a.ratio <= ACTIVATION_GOAL_RATIO ? '(met' : '(NOT met'}: goal ≤ ${x(ACTIVATION_GOAL_RATIO)})`,
  );
  if (a.phases && a.stubPhases) {
    const phases = (p) =>
      `load ${msf(p.loadMs, 0)}, context ${msf(p.contextWaitMs, 0)}, activate() ${msf(p.activateMs, 0)}`;
    add(
      "  … phases, median (VS Code's marks: loading the module / waiting for the context from the window / activate())",
      phases(a.phases),
      `stub: ${phases(a.stubPhases)}`,
      '',
    );
  }
} else missing('activation', 'activation time');
if (results.paging) {
  const p = results.paging;
  add(
    `events paged/s, our client (${num(p.events)} events, pageSize ${p.pageSize})`,
    `${num(p.ours.eventsPerSec)}/s (${p.ours.ms} ms)`,
    `bare undici loop ${num(p.bare.eventsPerSec)}/s (${p.bare.ms} ms)`,
    `${x(p.ratio)} ${p.ratio >= PAGING_GOAL ? '(met' : '(NOT met'}: goal ≥ ${x(PAGING_GOAL)})`,
  );
} else missing('paging', 'paging rate');
if (results.cli) {
  const c = results.cli;
  add(
    `CLI end to end (\`events --all --ndjson\` as a process, ${num(c.events)} events, production bundle)`,
    `${msf(c.cli.ms)}`,
    `bare fetch loop (child process) ${msf(c.bareFetch.ms)}`,
    `${x(c.ratio)} ${c.ratio >= c.goal ? '(met' : '(NOT met'}: goal ≥ ${x(c.goal)}; ratio of events/s)`,
  );
} else missing('cli', 'CLI end to end');
if (results.panel) {
  const w = results.panel.webview;
  const e = results.panel.endToEnd;
  add('panel (webview alone): first rendered page', msf(w.firstPageMs));
  add(`panel (webview alone): all ${num(results.panel.events)} events rendered`, msf(w.allMs));
  add('panel (webview alone): DOM rows / elements at 100k', `${w.domRows} / ${w.domElements}`);
  add(
    'panel (webview alone): JS heap at 100k (after GC)',
    `${(w.heapAfterBytes / 1048576).toFixed(1)} MB`,
    `empty panel ${(w.heapBeforeBytes / 1048576).toFixed(1)} MB`,
    x(w.heapAfterBytes / w.heapBeforeBytes),
  );
  add('panel end to end (sandbox → EventLoader → webview): first page', msf(e.firstPageMs));
  add(
    `panel end to end: all ${num(e.events)} events rendered`,
    msf(e.allMs),
    `raw EventCursor paging ${msf(e.rawPagingMs)}`,
    `${x(e.ratioToRaw)} ${e.ratioToRaw <= PANEL_GOAL ? '(met' : '(NOT met'}: goal ≤ ${x(PANEL_GOAL)})`,
  );
  if (e.cpu)
    add(
      '  … CPU: this process (sandbox, loader, posting) + webview main thread busy',
      `${msf(e.cpu.panelHostMs)} + ${msf(e.cpu.webviewBusyMs)}`,
      `raw paging ${msf(e.cpu.rawHostMs)} (this process)`,
      `${x(e.cpu.panelHostMs / e.cpu.rawHostMs)} host only`,
    );
  add('panel end to end: DOM rows / JS heap', `${e.domRows} / ${(e.heapBytes / 1048576).toFixed(1)} MB`);
} else missing('panel', 'panel figures');
if (results.graph) {
  const g = results.graph;
  add(`graph layout on the host, ${g.nodes} nodes / ${g.edges} edges (goal 100 ms)`, msf(g.layoutMs, 1));
  add('graph restyle on a status change, host model (goal 16 ms)', msf(g.restyleMs, 2));
} else missing('graph', 'graph figures');
if (results.hover) {
  const h = results.hover;
  add(
    'hover gate, 5 MB one-line file (cursor on id)',
    us(h.gate5MbOnIdUs),
    `typical 500-line file ${us(h.gateSourceOnIdUs)}`,
    x(h.gate5MbOnIdUs / h.gateSourceOnIdUs),
  );
  add(
    'full hover (cached), 5 MB file',
    us(h.fullHover5MbUs),
    `typical file ${us(h.fullHoverSourceUs)}`,
    x(h.fullHover5MbUs / h.fullHoverSourceUs),
  );
  add('first hover on an id (one request, local sandbox)', msf(h.firstHoverMs, 2));
  add(
    'requests for 100 hovers: completed / running / unknown id',
    `${h.requests100Completed} / ${h.requests100Running} / ${h.requests100Unknown}`,
    '100 without a cache',
    x(h.requests100Completed / 100),
  );
  add(
    'requests for 100 hovers: running, 1 per 100 ms (10 s) / 100 at once',
    `${h.requests100RunningSpaced} / ${h.requests100Concurrent}`,
  );
  add(
    'velt.hover.idPatterns `\\d+\\d+x(?<id>exec_…)` (refused), 1 MB line of 4 KB digit runs',
    msf(h.patternDigitsRefusedMs, 2),
    `default pattern ${msf(h.patternDigitsDefaultMs, 2)}`,
    x(h.patternDigitsRefusedMs / h.patternDigitsDefaultMs),
  );
  add(
    'velt.hover.idPatterns worst accepted `.*x(?<id>exec_…)`, 1 MB line of ids (limit 50 ms)',
    msf(h.patternIdsWorstMs, 2),
    `default pattern ${msf(h.patternIdsDefaultMs, 2)}`,
    x(h.patternIdsWorstMs / h.patternIdsDefaultMs),
  );
  add('  … one hover on that line', us(h.patternIdsWorstHoverUs));
} else missing('hover', 'hover cost');
if (results.pollRate) {
  const r = results.pollRate;
  for (const [label, v] of [
    ['visible, 5 s', r.visible],
    ['hidden, 60 s', r.hidden],
  ]) {
    add(
      `requests/min, 20 pinned (5 running, 15 terminal), ${label}`,
      `${v.steadyPerMinute}/min steady (${v.perMinute}/min over ${r.minutes} min)`,
      `polling all 20: ${v.naivePerMinute}/min`,
      x(v.steadyPerMinute / v.naivePerMinute),
    );
  }
} else missing('pollRate', 'poll rate');
if (results.hostHeap) {
  const m = results.hostHeap;
  const mib = (n) => `${(n / 1048576).toFixed(1)} MB`;
  add(
    `panel host heap at ${num(m.events)} loaded events (after GC; events held twice before: ${mib(m.beforeBytes)})`,
    mib(m.panelBytes),
    `raw events array ${mib(m.rawBytes)}`,
    x(m.ratio),
  );
} else missing('hostHeap', 'panel host heap');
if (results.retryBudget) {
  const b = results.retryBudget;
  const w = b.workload;
  const load = `${w.pinned} pins (${w.running} running), ${w.panels} panels, hovers`;
  for (const [label, o] of [
    ['503', b.outage503],
    ['connection refused', b.outageRefused],
  ]) {
    add(
      `requests in the first 60 s of an outage (${label}), ${load}`,
      `${o.after.firstMinute} with the origin budget`,
      `per-request retries ${o.before.firstMinute}`,
      x(o.after.firstMinute / o.before.firstMinute),
    );
    add(
      `requests/min later in that outage (${label}, minutes 2–5; budget spent)`,
      `${o.after.laterPerMinute}/min`,
      `per-request retries ${o.before.laterPerMinute}/min`,
      x(o.after.laterPerMinute / o.before.laterPerMinute),
    );
  }
  const l = b.rateLimit;
  add(
    'requests for the other executions during a 429 Retry-After: 30 on one',
    `${l.after.othersDuringPause} (origin paused)`,
    `per-request retries ${l.before.othersDuringPause}`,
    x(l.after.othersDuringPause / l.before.othersDuringPause),
  );
} else missing('retryBudget', 'retry budget');
if (results.engineSoak) {
  const e = results.engineSoak;
  add(
    `sandbox engine soak: events/s with ${e.liveRuns} live runs (${e.virtualMinutes} virtual min, ${num(e.runs)} runs)`,
    `${num(e.eventsPerSec)}/s`,
    `the workload writes ${e.virtualEventsPerSec}/s`,
    x(e.eventsPerSec / e.virtualEventsPerSec),
  );
  add(`sandbox getEvents over HTTP with ${e.http.liveRuns} live runs`, `${num(e.http.requestsPerSec)} requests/s`);
  if (e.pins)
    add(
      `extension's requests to the live engine, ${e.pins.pins} pins, ${e.pins.windowMs / 1000} s (${e.pins.terminalAtEnd} ended; 2nd half ${e.pins.secondHalfPerSec}/s)`,
      `${e.pins.requestsPerSec} requests/s`,
      `every pin at the base interval: ${e.pins.naivePerSec}/s`,
      x(e.pins.requestsPerSec / e.pins.naivePerSec),
    );
  else add("extension's requests to the live engine with 20 pins", 'missing: not in this engineSoak result');
} else missing('engineSoak', 'engine soak');

if (results.timeline) {
  const t = results.timeline;
  add(
    `timeline of ${num(t.steps)} steps rendered (webview: message → painted frame, median; ${t.domLanes} lanes in the DOM)`,
    msf(t.webviewRenderMs, 1),
    `goal ≤ ${msf(t.goalMs)}`,
    `${x(t.webviewRenderMs / t.goalMs)} ${t.webviewRenderMs <= t.goalMs ? '(met)' : '(NOT met)'}`,
  );
  add(`  … host: event summary + timeline model for ${num(t.steps)} steps (median)`, msf(t.hostModelMs, 2));
} else missing('timeline', 'timeline render');

const header = ['Figure', 'Value', 'Reference (same run)', 'Ratio'];
const esc = (s) => String(s).replace(/\|/g, '\\|');
const md = [
  `| ${header.join(' | ')} |`,
  `|${header.map(() => '---').join('|')}|`,
  ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
].join('\n');
const machine = `Node ${results.node}, ${results.platform}, ${results.cpus} CPUs${results.activation ? `, ${results.activation.version.replace(/ [0-9a-f]{40}/, '')}` : ''}`;
const doc = `# Benchmark results\n\nLatest \`npm run bench\` (${results.startedAt.slice(0, 10)}; ${machine}). Ratios are value / reference; the raw figures are in \`bench/results/latest.json\` when run locally.\n\n${md}\n`;
fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
results.finishedAt = new Date().toISOString();
results.table = rows;
fs.writeFileSync(path.join(ROOT, 'bench/results/latest.json'), JSON.stringify(results, null, 2) + '\n');
fs.writeFileSync(path.join(ROOT, 'bench/latest.md'), doc);

// Console table
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const line = (r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
console.log(`\n${machine}. Written: bench/results/latest.json, bench/latest.md`);
const failed = Object.entries(results.missing).filter(([, v]) => !v.startsWith('skipped'));
if (failed.length) {
  console.log(`missing: ${failed.map(([k]) => k).join(', ')}`);
  process.exitCode = 1;
}
