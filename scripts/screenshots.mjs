// `npm run screenshots`: refreshes the README screenshots (docs/screenshots/*.png) from the REAL editor.
//
// It starts code-server (VS Code 1.100.3, from .vscode-test) with the extension loaded from this folder (linked
// into a temp --extensions-dir; nothing is packaged or installed), a throw-away profile whose user settings
// select the built-in "Sandbox (local)" environment, and a temp workspace with a log file that mentions seeded
// sandbox executions. Headless Chromium (playwright-core) then pins three seeded executions and, for each theme
// (Default Dark Modern, then Default Light Modern, switched with "Preferences: Color Theme"), captures:
//   tree-<theme>.png          the Velt sidebar: Pinned Executions with the first run and its review group expanded,
//                             and the Executions list (clipped to the activity bar + sidebar)
//   panel-<theme>.png         the execution panel of a completed parallel-quorum run with one event selected
//                             (detail pane with coloured JSON), window 1400×900
//   panel-<theme>-narrow.png  the same panel about 480 px wide (sidebar closed, window narrowed)
//   hover-<theme>.png         the hover on an execution id in the open log file (clipped to the editor)
//   palette-<theme>.png       the command palette filtered to "Velt" (clipped around the palette)
//   waiting-<theme>.png       the Waiting for Approval view (pinned runs collapsed), clipped to the sidebar
//   dispatch-<theme>.png      a dispatch draft for contract-review with its "Dispatch to" CodeLens (editor area)
//   confirm-<theme>.png       the confirmation modal of Approve… (the inline action on a waiting contract-review row,
//                             both reviewers, a reason), clipped to the in-workbench dialog; dismissed, nothing sent
//   definition-graph-<theme>.png  Show Definition Graph of marketing-copy-approval (its parallel review group),
//                             no run (editor area)
//   graph-<case>-<theme>.png  the panel's Graph tab (Show Graph) for a parallel-quorum run with a reviewer chosen
//                             (its steps under the graph), a looping run, a failed run with a breach and a run whose
//                             definition changed since (drift banner); graph-parallel-<theme>-narrow.png at 480 px
//   timeline-<case>-<theme>.png  the panel's Timeline tab for the parallel-quorum run (group lanes, quorum marker),
//                             the looping run (iterations stacked) and the run with a breach (breach marker, SLA
//                             line); timeline-parallel-<theme>-narrow.png at 480 px
// Each PNG is then compressed: pngquant (lossy, 256 colours, looks the same for UI shots) when it is on PATH,
// else optipng (lossless) when that is (`apt-get install pngquant optipng`). docs/ is not packed (.vscodeignore).
//
// It builds nothing: run `node esbuild.mjs` first (dist/ must be current). It is not part of `npm test`.
// Usage: node esbuild.mjs && npm run screenshots
// Env:   PORT (18082; the next free port is used if it is taken), SHOTS_DIR (docs/screenshots), THEMES
//        (dark,light), ONLY (comma-separated subset of tree,panel,narrow,hover,palette,waiting,dispatch,confirm,
//        definition-graph,graph,timeline), PNG_LOSSLESS=1 (optipng
//        only), VERBOSE=1 (server log + workbench console), CODE_SERVER, CHROMIUM, VSCODE_SETTINGS (JSON
//        object merged into the user settings).
// Images are written to SHOTS_DIR only when every shot succeeded. On failure it saves the page as
// shots/screenshots-failed-<theme>-<shot>.png (git-ignored), leaves SHOTS_DIR alone and exits 1;
// code-server and Chromium are stopped and the temp profile removed on every exit path (including Ctrl-C).
//
// When the UI changes: the selectors the script depends on are in SELECTORS below (workbench ones are VS Code's,
// webview ones are the panel's own classes in src/webview); the seeded ids come from src/sandbox/roles.ts.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { require as tsRequire } from 'tsx/cjs/api';
import {
  BASE_SETTINGS,
  ROOT,
  envSettings,
  findFreePort,
  interrupted,
  launchChromium,
  makeTempDir,
  onSignals,
  requireCodeServer,
  startCodeServer,
  writeServerConfig,
  writeUserSettings,
} from './run-vscode-tests.mjs';

const { SANDBOX_EXECUTIONS } = tsRequire('../src/sandbox/roles.ts', import.meta.url);

const SHOTS_DIR = path.resolve(ROOT, process.env.SHOTS_DIR || 'docs/screenshots');
const ALL_THEMES = {
  dark: { name: 'Default Dark Modern', workbenchClass: 'vs-dark' },
  light: { name: 'Default Light Modern', workbenchClass: 'vs' },
};
const THEMES = (process.env.THEMES || 'dark,light').split(',').map((t) => t.trim());
const ALL_SHOTS = [
  'tree',
  'panel',
  'narrow',
  'hover',
  'palette',
  'waiting',
  'dispatch',
  'confirm',
  'definition-graph',
  'graph',
  'timeline',
];
const ONLY = process.env.ONLY ? process.env.ONLY.split(',').map((s) => s.trim()) : ALL_SHOTS;
const WIDE = { width: 1400, height: 900 };
const NARROW_PANEL_WIDTH = 480;
const SIDEBAR_WIDTH = 400; // wide enough that the tree's descriptions are not cut after a few characters
const TIMEOUT = 30_000;

/** Seeded runs to pin: a completed parallel-quorum run (review group), a running one and a failed one. */
const PINNED = [SANDBOX_EXECUTIONS.completedParallel, SANDBOX_EXECUTIONS.runningLongWait, SANDBOX_EXECUTIONS.failed];
const PANEL_EXECUTION = SANDBOX_EXECUTIONS.completedParallel;
const HOVER_EXECUTION = SANDBOX_EXECUTIONS.completedParallel;
/** The definition drawn without a run: it has a parallel review group. */
const GRAPH_DEFINITION = 'marketing-copy-approval';
/** Preferred event to select in the panel (first row whose text matches); else the fourth row. */
const PREFERRED_EVENT = /quorum/i;

const SELECTORS = {
  activityVelt:
    '.part.activitybar .action-item a[aria-label^="Velt"], .part.activitybar .action-item[aria-label^="Velt"]',
  sidebar: '.part.sidebar',
  editorPart: '.part.editor',
  paneHeaderTitle: '.pane-header .title',
  listRow: '.monaco-list-row',
  twistieCollapsed: '.monaco-tl-twistie.collapsible.collapsed',
  quickInput: '.quick-input-widget',
  quickInputInput: '.quick-input-widget input',
  quickInputTitle: '.quick-input-widget .quick-input-title',
  quickInputRow: '.quick-input-list .monaco-list-row',
  toast: '.notifications-toasts .notification-toast',
  hover: '.monaco-editor .monaco-hover:not(.hidden)',
  dialog: '.monaco-dialog-box',
  webviewOuter: 'iframe.webview.ready',
  webviewInner: 'iframe#active-frame',
  // inside the panel's webview (src/webview)
  eventRow: '.row',
  selectedEventRow: '.row.selected',
  detailJsonToken: '.detail pre.json span',
  graphNode: '.graph .node',
  graphTab: '.tab:has-text("Graph")',
  timelineTab: '.tab:has-text("Timeline")',
  timelineBar: '.timeline .tl-bar',
  graphReachedNode: '.graph .node:not(.unreached)',
  graphBanner: '.graph-banner',
  nodeDetailJson: '.node-detail pre.json',
};

/** The Graph tab shots: the run, and what must be drawn before the shot (text in the graph, or the banner). */
const GRAPH_CASES = [
  { name: 'parallel', id: SANDBOX_EXECUTIONS.completedParallel, shows: /approved, quorum/, choose: true },
  { name: 'drift', id: SANDBOX_EXECUTIONS.failed, shows: /now at version/ },
  { name: 'loop', id: SANDBOX_EXECUTIONS.runningLoop, shows: /×2 of/ },
  { name: 'breach', id: SANDBOX_EXECUTIONS.runningSla, shows: /breached[\s\S]*failed|failed[\s\S]*breached/ },
];

/** The Timeline tab shots: the run, and what must be drawn before the shot (a selector in the webview). */
const TIMELINE_CASES = [
  { name: 'parallel', id: SANDBOX_EXECUTIONS.completedParallel, ready: '.tl-quorum' },
  { name: 'loop', id: SANDBOX_EXECUTIONS.runningLoop, ready: '.tl-row:has-text("#2")' },
  { name: 'breach', id: SANDBOX_EXECUTIONS.runningSla, ready: '.tl-breached' },
];

const WORKSPACE_FILES = {
  'executions.log':
    [
      SANDBOX_EXECUTIONS.completedParallel,
      SANDBOX_EXECUTIONS.runningLongWait,
      SANDBOX_EXECUTIONS.failed,
      SANDBOX_EXECUTIONS.cancelled,
    ]
      .map((id, i) => {
        const at = (s) => new Date(Date.parse('2026-11-01T07:00:00Z') + i * 60_000 + s * 1000).toISOString();
        return [
          `${at(0)} INFO  workflow started executionId=${id}`,
          `${at(1)} INFO  execution ${id}: waiting for the next step`,
          `${at(5)} DEBUG polling ${id}`,
        ].join('\n');
      })
      .join('\n') + '\n',
};

const log = (...args) => console.log('[screenshots]', ...args);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a truthy value; throws `what` after `timeout` ms. */
async function until(what, probe, timeout = TIMEOUT) {
  const t0 = Date.now();
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() - t0 > timeout) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await sleep(200);
  }
}

// ─── PNG compression ──────────────────────────────────────────────────────────────────────────────────────────
function onPath(name) {
  return (process.env.PATH || '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, name)));
}

/** pngquant (lossy, 256 colours: looks the same for UI shots, about 60% smaller), else optipng (lossless). */
function compressPng(file) {
  const before = fs.statSync(file).size;
  let how = 'not compressed: install pngquant or optipng';
  if (!process.env.PNG_LOSSLESS && onPath('pngquant')) {
    try {
      execFileSync('pngquant', ['--quality=75-100', '--speed=1', '--strip', '--force', '--output', file, file]);
      how = 'pngquant';
    } catch {
      how = 'pngquant would not shrink it'; // exit 98/99: keeps the original
    }
  }
  if (how !== 'pngquant' && onPath('optipng')) {
    execFileSync('optipng', ['-quiet', '-o2', '-strip', 'all', file]);
    how = 'optipng';
  }
  const after = fs.statSync(file).size;
  return `${Math.round(before / 1024)} KB → ${Math.round(after / 1024)} KB (${how})`;
}

// ─── Workbench helpers ────────────────────────────────────────────────────────────────────────────────────────
function makeUi(page) {
  const quickInput = page.locator(SELECTORS.quickInput);
  const webview = page.frameLocator(SELECTORS.webviewOuter).frameLocator(SELECTORS.webviewInner);
  const pane = (title) =>
    page
      .locator(`${SELECTORS.sidebar} .pane`)
      .filter({ has: page.locator(SELECTORS.paneHeaderTitle, { hasText: new RegExp(`^\\s*${title}\\s*$`, 'i') }) });

  const ui = {
    page,
    webview,
    pane,
    async escape() {
      if (await quickInput.isVisible().catch(() => false)) {
        await page.keyboard.press('Escape');
        await quickInput.waitFor({ state: 'hidden', timeout: TIMEOUT });
      }
    },
    /** Opens the command palette with `text` typed in; waits for its first row. */
    async palette(text) {
      await ui.escape();
      await page.keyboard.press('F1');
      const input = page.locator(SELECTORS.quickInputInput);
      await input.waitFor({ state: 'visible', timeout: TIMEOUT });
      await input.fill('>' + text);
      await page.locator(SELECTORS.quickInputRow).first().waitFor({ timeout: TIMEOUT });
    },
    /** Runs a command by its palette title ("Category: Title"; a string matches part of it, a RegExp as given). */
    async runCommand(title) {
      await ui.palette(typeof title === 'string' ? title : title.source.replace(/^\^|\$$/g, ''));
      const row = page
        .locator(SELECTORS.quickInputRow)
        .filter({ has: page.locator('.label-name', { hasText: title }) })
        .first();
      await row.waitFor({ timeout: TIMEOUT });
      await row.click();
    },
    /** Runs a Velt command that asks for an execution id in the quick input (titled `title`), answering `id`. */
    async runWithId(title, id) {
      await ui.runCommand(title);
      await page.locator(SELECTORS.quickInputTitle, { hasText: title }).waitFor({ timeout: TIMEOUT });
      await page.locator(SELECTORS.quickInputInput).fill(id);
      await page.keyboard.press('Enter');
      await quickInput.waitFor({ state: 'hidden', timeout: TIMEOUT });
    },
    /** Dismisses every toast (e.g. "Pin it to watch it?") so none covers what is shot. */
    async clearNotifications() {
      const toasts = page.locator(SELECTORS.toast).filter({ visible: true });
      if ((await toasts.count()) === 0) return;
      await ui.runCommand('Notifications: Clear All Notifications');
      await toasts.first().waitFor({ state: 'detached', timeout: TIMEOUT });
    },
    async sidebarVisible() {
      return page.locator(SELECTORS.sidebar).isVisible();
    },
    /** Shows the Velt view container in the sidebar. */
    async showVeltSidebar() {
      await ui.escape();
      if (
        !(await pane('Pinned Executions')
          .isVisible()
          .catch(() => false))
      ) {
        await page.locator(SELECTORS.activityVelt).first().click({ force: true }); // its badge covers the icon
      }
      await pane('Pinned Executions').waitFor({ timeout: TIMEOUT });
    },
    async closeSidebar() {
      if (await ui.sidebarVisible()) await ui.runCommand('View: Toggle Primary Side Bar Visibility');
      await page.locator(SELECTORS.sidebar).waitFor({ state: 'hidden', timeout: TIMEOUT });
    },
    /** Drags the sash on the sidebar's right edge until the sidebar is `width` px wide. */
    async setSidebarWidth(width) {
      const box = await page.locator(SELECTORS.sidebar).boundingBox();
      if (!box || Math.abs(box.width - width) < 4) return;
      const edge = box.x + box.width;
      const sash = await page.evaluate((x) => {
        const hit = [...document.querySelectorAll('.monaco-sash.vertical')]
          .map((el) => el.getBoundingClientRect())
          .find((r) => r.width > 0 && Math.abs(r.left + r.width / 2 - x) < 6);
        return hit && { x: hit.left + hit.width / 2, y: hit.top + hit.height / 2 };
      }, edge);
      if (!sash) throw new Error(`no sash found at the sidebar's right edge (x=${edge})`);
      await page.mouse.move(sash.x, sash.y);
      await page.mouse.down();
      await page.mouse.move(sash.x + (width - box.width), sash.y, { steps: 8 });
      await page.mouse.up();
    },
    /** Opens a workspace file with Quick Open and waits for its editor. */
    async openFile(name) {
      await ui.escape();
      await page.keyboard.press('Control+P');
      await page.locator(SELECTORS.quickInputInput).fill(name);
      // click the row: Enter could take a recently opened editor listed above it before the filter applies
      await page.locator(SELECTORS.quickInputRow, { hasText: name }).first().click();
      await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: TIMEOUT });
    },
    /** Moves the mouse where it hovers nothing (the title bar's top edge) and lets any tooltip fade. */
    async parkMouse() {
      const size = page.viewportSize();
      await page.mouse.move(Math.round(size.width * 0.6), 2);
      const tooltips = page.locator('.monaco-hover').filter({ visible: true });
      await until('tooltips to close', async () => (await tooltips.count()) === 0, 3000).catch(() => {});
    },
  };
  return ui;
}

/** Waits until `count()` gives the same value twice, 400 ms apart (a list that finished growing). */
async function settledCount(what, count) {
  let last = -1;
  return until(what, async () => {
    const n = await count();
    const stable = n > 0 && n === last;
    last = n;
    if (!stable) await sleep(400);
    return stable && n;
  });
}

// ─── The shots ────────────────────────────────────────────────────────────────────────────────────────────────
async function pinExecutions(ui) {
  for (const id of PINNED) await ui.runWithId('Velt: Pin Execution', id);
}

async function shootTree(ui, file) {
  const { page } = ui;
  await page.setViewportSize(WIDE);
  await ui.showVeltSidebar();
  await ui.setSidebarWidth(SIDEBAR_WIDTH);
  const pinned = await showOnlyPanes(ui, ['Pinned Executions', 'Executions']);
  const topRows = pinned.locator(`${SELECTORS.listRow}[aria-level="1"]`);
  // a run left expanded by an earlier theme's shot would push the others out of the pane: start collapsed
  await topRows.first().waitFor({ timeout: TIMEOUT });
  if ((await topRows.first().getAttribute('aria-expanded')) === 'true')
    await topRows.first().locator('.monaco-tl-twistie').click();
  await until(`${PINNED.length} pinned executions with their status`, async () => {
    const texts = await topRows.allInnerTexts();
    return texts.length >= PINNED.length && texts.every((t) => t.trim() && !/loading/i.test(t));
  });
  // expand the first pinned run, then its groups (the parallel review)
  const first = topRows.first();
  if (await first.locator(SELECTORS.twistieCollapsed).count()) await first.locator('.monaco-tl-twistie').click();
  await pinned.locator(`${SELECTORS.listRow}[aria-level="2"]`).first().waitFor({ timeout: TIMEOUT });
  for (let i = 0; i < 5; i++) {
    const group = pinned.locator(`${SELECTORS.listRow}[aria-level="2"]`).filter({
      has: page.locator(SELECTORS.twistieCollapsed),
    });
    if ((await group.count()) === 0) break;
    await group.first().locator('.monaco-tl-twistie').click();
    await pinned.locator(`${SELECTORS.listRow}[aria-level="3"]`).first().waitFor({ timeout: TIMEOUT });
  }
  const executions = ui.pane('Executions');
  await settledCount('rows in the Executions list', () =>
    executions
      .locator(SELECTORS.listRow)
      .filter({ hasNotText: /loading/i })
      .count(),
  );
  // no focus ring or selected row with its inline actions: clear the tree's selection, then move focus away
  await pinned.locator(SELECTORS.listRow).first().focus();
  await page.keyboard.press('Escape');
  await page.locator(`${SELECTORS.sidebar} .composite.title`).click();
  await ui.clearNotifications();
  await ui.parkMouse();
  const sidebar = await page.locator(SELECTORS.sidebar).boundingBox();
  await page.screenshot({ path: file, clip: { x: 0, y: 0, width: sidebar.x + sidebar.width, height: WIDE.height } });
}

/** Opens the panel (or brings it back), selects an event and waits for its coloured JSON. */
async function showPanel(ui) {
  const { page, webview } = ui;
  await ui.runWithId('Velt: Open Execution', PANEL_EXECUTION);
  const rows = webview.locator(SELECTORS.eventRow);
  await settledCount('the event list of the panel', () => rows.count());
  const tokens = webview.locator(SELECTORS.detailJsonToken).first();
  if ((await webview.locator(SELECTORS.selectedEventRow).count()) === 0) {
    // the preferred event, else the first of the next rows whose data shows as coloured JSON
    const preferred = rows.filter({ hasText: PREFERRED_EVENT });
    const candidates = [
      ...((await preferred.count()) ? [preferred.first()] : []),
      ...[3, 1, 2, 4, 5].map((i) => rows.nth(i)),
    ];
    const colouredJson = async () => {
      try {
        await tokens.waitFor({ timeout: 3000 });
        return true;
      } catch {
        return false;
      }
    };
    for (const row of candidates) {
      await row.click();
      if (await colouredJson()) break;
    }
  }
  await tokens.waitFor({ timeout: TIMEOUT });
  await ui.clearNotifications();
  await ui.parkMouse();
  await page.waitForTimeout(300); // the webview repaints after a resize or theme change on its next frames
}

async function shootPanel(ui, file) {
  await ui.page.setViewportSize(WIDE);
  await ui.showVeltSidebar();
  await showPanel(ui);
  await ui.page.screenshot({ path: file });
}

async function shootNarrowPanel(ui, file) {
  const { page } = ui;
  await page.setViewportSize(WIDE);
  await showPanel(ui);
  await ui.closeSidebar();
  await narrowWebview(ui);
  await showPanel(ui);
  await page.screenshot({ path: file });
  await page.setViewportSize(WIDE);
  await ui.showVeltSidebar();
}

async function shootHover(ui, file) {
  const { page } = ui;
  await page.setViewportSize(WIDE);
  await ui.openFile('executions.log');
  const line = page
    .locator(`${SELECTORS.editorPart} .monaco-editor .view-line`, { hasText: HOVER_EXECUTION })
    .filter({ visible: true })
    .first();
  await line.waitFor({ timeout: TIMEOUT });
  // the id's own rectangle (a log line is split into tokens, so measure the text range, not a span)
  const measureId = () =>
    line.evaluate((el, id) => {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      let text = '';
      const nodes = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        nodes.push({ node: n, start: text.length });
        text += n.textContent;
      }
      const at = text.replace(/\u00a0/g, ' ').indexOf(id);
      const locate = (offset) => {
        const hit = nodes.findLast((n) => n.start <= offset);
        return [hit.node, offset - hit.start];
      };
      const range = document.createRange();
      range.setStart(...locate(at));
      range.setEnd(...locate(at + id.length - 1));
      const r = range.getBoundingClientRect();
      return { x: r.left, y: r.top, width: r.width, height: r.height };
    }, HOVER_EXECUTION);
  await ui.clearNotifications();
  let rect;
  // Hover, and hover again if nothing shows (a mouse move right after the palette closed can be ignored).
  const hover = page.locator(SELECTORS.hover).filter({ visible: true }).first();
  const hoverReady = async () => {
    const text = await hover.innerText({ timeout: 500 });
    return text.includes(HOVER_EXECUTION) && !/loading/i.test(text);
  };
  await until(
    'the execution hover with its status',
    async () => {
      rect = await measureId();
      if (!rect.width) return false; // the editor is still being laid out
      await ui.parkMouse();
      await page.mouse.move(rect.x + rect.width * 0.4, rect.y + rect.height / 2, { steps: 4 });
      await page.mouse.move(rect.x + rect.width * 0.45, rect.y + rect.height / 2, { steps: 4 });
      const t0 = Date.now();
      while (Date.now() - t0 < 5000) {
        if (await hoverReady().catch(() => false)) return true;
        await sleep(200);
      }
      return false;
    },
    45_000,
  );
  await page.waitForTimeout(200);
  const editor = await page.locator(SELECTORS.editorPart).boundingBox();
  const box = await hover.boundingBox();
  const bottom = Math.min(editor.y + editor.height, Math.max(box.y + box.height, rect.y + rect.height) + 48);
  await page.screenshot({
    path: file,
    clip: { x: editor.x, y: editor.y, width: editor.width, height: bottom - editor.y },
  });
  await ui.parkMouse();
  await page.keyboard.press('Escape');
}

async function shootPalette(ui, file) {
  const { page } = ui;
  await page.setViewportSize(WIDE);
  // an empty window behind the palette (the next theme's shots reopen what they need)
  await ui.closeSidebar();
  await ui.runCommand(/^View: Close All Editors$/);
  await page.locator('.tabs-container .tab').first().waitFor({ state: 'detached', timeout: TIMEOUT });
  await ui.clearNotifications();
  await ui.palette('Velt');
  const rows = page.locator(SELECTORS.quickInputRow);
  await until('"Velt: …" commands in the palette', async () =>
    (await rows.allInnerTexts()).some((t) => t.includes('Velt: ')),
  );
  await ui.parkMouse();
  await page.waitForTimeout(200);
  const box = await page.locator(SELECTORS.quickInput).boundingBox();
  const margin = 40;
  await page.screenshot({
    path: file,
    clip: {
      x: Math.max(0, box.x - margin),
      y: 0,
      width: Math.min(WIDE.width, box.width + 2 * margin),
      height: Math.min(WIDE.height, box.y + box.height + margin),
    },
  });
  await ui.escape();
}

/**
 * Expands the Velt panes titled `titles` and collapses every other one the container has (it gains panes as
 * features land), so the panes a shot shows have the height. Returns the first of them.
 */
async function showOnlyPanes(ui, titles) {
  const wanted = new Set(titles.map((t) => t.toLowerCase()));
  const headers = ui.page.locator(`${SELECTORS.sidebar} .pane .pane-header`).filter({ visible: true });
  for (let i = 0; i < (await headers.count()); i++) {
    const header = headers.nth(i);
    const title = ((await header.locator('.title').first().textContent()) ?? '').trim().toLowerCase();
    const expanded = (await header.getAttribute('aria-expanded')) === 'true';
    if (expanded !== wanted.has(title)) await header.click();
  }
  return ui.pane(titles[0]);
}

async function shootWaiting(ui, file) {
  const { page } = ui;
  await page.setViewportSize(WIDE);
  await ui.showVeltSidebar();
  await ui.setSidebarWidth(SIDEBAR_WIDTH + 160); // the reviewers and the SLA countdown sit in the description
  const waiting = await showOnlyPanes(ui, ['Waiting for Approval']);
  await settledCount('waiting steps', () => waiting.locator(SELECTORS.listRow, { hasText: 'waiting for' }).count());
  await waiting.locator(SELECTORS.listRow).first().focus();
  await page.keyboard.press('Escape');
  await page.locator(`${SELECTORS.sidebar} .composite.title`).click();
  await ui.clearNotifications();
  await ui.parkMouse();
  const sidebar = await page.locator(SELECTORS.sidebar).boundingBox();
  await page.screenshot({ path: file, clip: { x: 0, y: 0, width: sidebar.x + sidebar.width, height: WIDE.height } });
}

async function shootDispatch(ui, file) {
  const { page } = ui;
  await page.setViewportSize(WIDE);
  await ui.closeSidebar();
  await ui.runCommand('Velt: Dispatch Execution…');
  await page.locator(SELECTORS.quickInputRow, { hasText: 'contract-review' }).first().click({ timeout: TIMEOUT });
  await page.locator('.tabs-container .tab.active', { hasText: 'contract-review' }).waitFor({ timeout: TIMEOUT });
  await page.locator('.codelens-decoration', { hasText: 'Dispatch to' }).first().waitFor({ timeout: TIMEOUT });
  await ui.clearNotifications();
  await ui.parkMouse();
  const editor = await page.locator('.part.editor').boundingBox();
  await page.screenshot({
    path: file,
    clip: { x: editor.x, y: 0, width: editor.width, height: Math.min(WIDE.height, editor.y + 360) },
  });
  await ui.runCommand(/^View: Close All Editors$/);
}

async function shootConfirm(ui, file) {
  const { page } = ui;
  await page.setViewportSize(WIDE);
  await ui.showVeltSidebar();
  await ui.setSidebarWidth(SIDEBAR_WIDTH + 160);
  const waiting = await showOnlyPanes(ui, ['Waiting for Approval']);
  // a contract-review legal step (two declared reviewers; the sandbox keeps such runs waiting)
  const row = waiting.locator(SELECTORS.listRow, { hasText: 'u_legal_ng' }).first();
  await row.waitFor({ timeout: 60_000 });
  await ui.clearNotifications();
  // The inline action shows while the row is hovered; the list re-renders every second (the times tick), which
  // can swallow a click: hover and click again until the reviewer pick opens.
  const pickTitle = page.locator(SELECTORS.quickInputTitle, { hasText: 'Approve as' });
  await until('the inline Approve… action to open the reviewer pick', async () => {
    if (await pickTitle.isVisible()) return true;
    await row.hover();
    await row.locator('.action-label[aria-label="Approve…"]').click({ timeout: 1000 });
    await pickTitle.waitFor({ timeout: 5000 });
    return true;
  });
  // both reviewers (a click on a row of a many-pick toggles it; the ones remembered from before are ticked), then OK
  const reviewers = page.locator(SELECTORS.quickInputRow);
  const count = await reviewers.count();
  for (let i = 0; i < count; i++)
    if ((await reviewers.nth(i).getAttribute('aria-checked')) !== 'true') await reviewers.nth(i).click();
  await page.locator('.quick-input-count', { hasText: `${count} Selected` }).waitFor({ timeout: TIMEOUT });
  await page.locator(`${SELECTORS.quickInput} .monaco-button`, { hasText: /^OK$/ }).click();
  await page.locator(SELECTORS.quickInputTitle, { hasText: 'Reason' }).waitFor({ timeout: TIMEOUT });
  await page.locator(SELECTORS.quickInputInput).fill('Clauses 1–7 checked against the template');
  await page.keyboard.press('Enter');
  const dialog = page.locator(SELECTORS.dialog).filter({ visible: true }).first();
  await dialog.waitFor({ timeout: TIMEOUT });
  await ui.parkMouse();
  await page.waitForTimeout(300); // the dialog fades in
  const box = await dialog.boundingBox();
  const margin = 24;
  await page.screenshot({
    path: file,
    clip: {
      x: Math.max(0, box.x - margin),
      y: Math.max(0, box.y - margin),
      width: Math.min(WIDE.width, box.width + 2 * margin),
      height: Math.min(WIDE.height, box.height + 2 * margin),
    },
  });
  await page.keyboard.press('Escape'); // Cancel: nothing is sent
  await dialog.waitFor({ state: 'hidden', timeout: TIMEOUT });
}

async function shootDefinitionGraph(ui, file) {
  const { page, webview } = ui;
  await page.setViewportSize(WIDE);
  await ui.closeSidebar();
  await ui.runCommand(/^View: Close All Editors$/); // one webview on the page: the graph's
  await ui.runCommand('Velt: Show Definition Graph');
  await page.locator(SELECTORS.quickInputRow, { hasText: GRAPH_DEFINITION }).first().click({ timeout: TIMEOUT });
  await settledCount('the nodes of the definition graph', () => webview.locator(SELECTORS.graphNode).count());
  await ui.clearNotifications();
  await ui.parkMouse();
  await page.waitForTimeout(300);
  const editor = await page.locator(SELECTORS.editorPart).boundingBox();
  await page.screenshot({ path: file, clip: { x: editor.x, y: 0, width: editor.width, height: WIDE.height } });
  await ui.runCommand(/^View: Close All Editors$/);
}

/** Opens the panel of `id` alone (every other editor closed). */
async function openRunPanel(ui, id) {
  const { page } = ui;
  // one panel at a time, so the webview frame found is this run's; the picker re-lists as its value changes and
  // an Enter that comes before the extension host saw the new value takes the old first row, so try again then
  const tab = page.locator('.tabs-container .tab.active', { hasText: id.slice(-8) });
  for (let attempt = 1; ; attempt++) {
    await ui.runCommand(/^View: Close All Editors$/);
    await ui.runCommand('Velt: Open Execution');
    await page.locator(SELECTORS.quickInputTitle, { hasText: 'Velt: Open Execution' }).waitFor({ timeout: TIMEOUT });
    await page.locator(SELECTORS.quickInputInput).fill(id);
    await page.locator(`${SELECTORS.quickInputRow}.focused`, { hasText: id.slice(-8) }).waitFor({ timeout: TIMEOUT });
    await page.waitForTimeout(800);
    await page.keyboard.press('Enter');
    try {
      await tab.waitFor({ timeout: 10_000 });
      break;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}

/** The panel of `id` on its Graph tab, once the tab's text matches `shows` (live runs get up to 150 s to get there). */
async function showGraph(ui, id, shows) {
  const { page, webview } = ui;
  await openRunPanel(ui, id);
  await webview.locator(SELECTORS.graphTab).click({ timeout: TIMEOUT });
  await webview.locator(SELECTORS.graphReachedNode).first().waitFor({ timeout: TIMEOUT });
  await until(
    `the graph of ${id} to show ${shows}`,
    async () => shows.test((await webview.locator('.view-graph').innerText({ timeout: 1000 })) ?? ''),
    150_000,
  );
  await ui.clearNotifications();
  await ui.parkMouse();
  await page.waitForTimeout(300);
}

/** The four graph cases (one file each, the first with a reviewer chosen), then the first at 480 px. */
function shootGraph(ui, file) {
  const { page, webview } = ui;
  return shootCases(ui, file, 'graph', GRAPH_CASES, {
    show: (c) => showGraph(ui, c.id, c.shows),
    beforeWideShot: async (c) => {
      if (!c.choose) return;
      // a reviewer of the group: its steps (times, output) show under the graph
      await webview.locator(`${SELECTORS.graphReachedNode}.s-completed`).nth(1).click();
      await webview.locator(SELECTORS.nodeDetailJson).first().waitFor({ timeout: TIMEOUT });
      await ui.parkMouse();
      await page.waitForTimeout(300);
    },
  });
}

/**
 * One panel tab's cases: each shown and shot (`<prefix>-<case>-<theme>.png`), then the first again with the webview
 * NARROW_PANEL_WIDTH wide (`<prefix>-<first case>-<theme>-narrow.png`), then the editors closed. `file` (the path
 * SHOTS names: the first case's) gives the folder and the theme; `beforeWideShot` acts on a case before its wide shot.
 */
async function shootCases(ui, file, prefix, cases, { show, beforeWideShot = async () => {} }) {
  const { page } = ui;
  await page.setViewportSize(WIDE);
  await ui.closeSidebar();
  const dir = path.dirname(file);
  const theme = path.basename(file, '.png').slice(`${prefix}-${cases[0].name}-`.length);
  const files = [];
  for (const c of cases) {
    await show(c);
    await beforeWideShot(c);
    const out = path.join(dir, `${prefix}-${c.name}-${theme}.png`);
    await page.screenshot({ path: out });
    files.push(out);
  }
  await narrowWebview(ui);
  await show(cases[0]);
  const narrow = path.join(dir, `${prefix}-${cases[0].name}-${theme}-narrow.png`);
  await page.screenshot({ path: narrow });
  files.push(narrow);
  await page.setViewportSize(WIDE);
  await ui.runCommand(/^View: Close All Editors$/);
  return files;
}

/** Narrows the window until the panel's webview is NARROW_PANEL_WIDTH wide (activity bar etc. stay as they are). */
async function narrowWebview(ui) {
  const { page } = ui;
  const frame = page.locator(SELECTORS.webviewOuter);
  for (let i = 0; i < 3; i++) {
    const box = await until('the panel webview to be laid out', () => frame.boundingBox());
    const delta = Math.round(box.width) - NARROW_PANEL_WIDTH;
    if (Math.abs(delta) <= 2) break;
    const size = page.viewportSize();
    await page.setViewportSize({ width: size.width - delta, height: size.height });
    await page.waitForTimeout(300);
  }
}

/** The panel of `id` on its Timeline tab, once `ready` (a selector in the webview) is drawn (live runs: 150 s). */
async function showTimeline(ui, id, ready) {
  const { page, webview } = ui;
  await openRunPanel(ui, id);
  await webview.locator(SELECTORS.timelineTab).click({ timeout: TIMEOUT });
  await webview.locator(SELECTORS.timelineBar).first().waitFor({ timeout: TIMEOUT });
  await webview.locator(ready).first().waitFor({ timeout: 150_000 });
  await ui.clearNotifications();
  await ui.parkMouse();
  await page.waitForTimeout(300);
}

/** The three timeline cases (one file each), then the first at 480 px. */
function shootTimeline(ui, file) {
  return shootCases(ui, file, 'timeline', TIMELINE_CASES, { show: (c) => showTimeline(ui, c.id, c.ready) });
}

const SHOTS = {
  timeline: { file: (t) => `timeline-parallel-${t}.png`, run: shootTimeline },
  graph: { file: (t) => `graph-parallel-${t}.png`, run: shootGraph },
  waiting: { file: (t) => `waiting-${t}.png`, run: shootWaiting },
  dispatch: { file: (t) => `dispatch-${t}.png`, run: shootDispatch },
  confirm: { file: (t) => `confirm-${t}.png`, run: shootConfirm },
  'definition-graph': { file: (t) => `definition-graph-${t}.png`, run: shootDefinitionGraph },
  tree: { file: (t) => `tree-${t}.png`, run: shootTree },
  panel: { file: (t) => `panel-${t}.png`, run: shootPanel },
  narrow: { file: (t) => `panel-${t}-narrow.png`, run: shootNarrowPanel },
  hover: { file: (t) => `hover-${t}.png`, run: shootHover },
  palette: { file: (t) => `palette-${t}.png`, run: shootPalette },
};

/** Switches the colour theme the way a user does (the workbench does not reload settings.json edited behind it). */
async function applyTheme(ui, themeKey) {
  const { page } = ui;
  const theme = ALL_THEMES[themeKey];
  if (!theme) throw new Error(`unknown theme "${themeKey}" in THEMES (use dark and/or light)`);
  const active = async () => {
    const classes = (await page.locator('.monaco-workbench').first().getAttribute('class')) ?? '';
    return classes.split(/\s+/).includes(theme.workbenchClass);
  };
  if (await active()) return;
  await ui.runCommand('Preferences: Color Theme');
  await page.locator(SELECTORS.quickInputRow).first().waitFor({ timeout: TIMEOUT });
  await page.locator(SELECTORS.quickInputInput).fill(theme.name);
  await page.locator(SELECTORS.quickInputRow, { hasText: theme.name }).first().waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Enter');
  await until(`the "${theme.name}" theme`, active);
  await ui.escape();
}

async function main() {
  if (!fs.existsSync(path.join(ROOT, 'dist/extension.js')) || !fs.existsSync(path.join(ROOT, 'dist/webview.js'))) {
    throw new Error('dist/ is missing: run `node esbuild.mjs` first');
  }
  for (const key of ONLY) if (!SHOTS[key]) throw new Error(`unknown shot "${key}" in ONLY (${ALL_SHOTS.join(',')})`);
  requireCodeServer();
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  const tmp = makeTempDir('velt-screenshots-');
  const userDataDir = path.join(tmp, 'user');
  const extensionsDir = path.join(tmp, 'ext');
  const workspace = path.join(tmp, 'workspace');
  const staging = path.join(tmp, 'shots');
  fs.mkdirSync(staging);
  fs.mkdirSync(extensionsDir, { recursive: true });
  // The working tree IS the installed extension (a link in the extensions folder): unlike an
  // extensionDevelopmentPath, this loads it without the "[Extension Development Host]" title prefix.
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const extensionLink = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  fs.symlinkSync(ROOT, extensionLink, 'dir');
  fs.mkdirSync(workspace, { recursive: true });
  for (const [name, text] of Object.entries(WORKSPACE_FILES)) fs.writeFileSync(path.join(workspace, name), text);
  const configFile = writeServerConfig(path.join(tmp, 'config.yaml'));
  const settings = {
    ...BASE_SETTINGS,
    'velt.activeEnvironment': 'Sandbox (local)', // as in scripts/demo.mjs: no credentials needed
    'workbench.colorTheme': ALL_THEMES[THEMES[0]]?.name,
    'editor.minimap.enabled': false,
    'editor.hover.delay': 200,
    'window.dialogStyle': 'custom',
    ...envSettings(),
  };
  writeUserSettings(userDataDir, settings);

  let server;
  let browser;
  let cleaning;
  const cleanup = () =>
    (cleaning ??= (async () => {
      if (browser) await browser.close().catch(() => {});
      if (server) await server.stop();
      fs.rmSync(extensionLink, { force: true }); // the link only, before the temp folder goes
      fs.rmSync(tmp, { recursive: true, force: true });
    })());
  onSignals(cleanup);

  let current = 'start-up';
  let page;
  try {
    const port = await findFreePort(Number(process.env.PORT || 18082));
    server = await startCodeServer({ port, userDataDir, extensionsDir, configFile });
    log(`code-server on http://${server.host}`);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: WIDE, permissions: ['clipboard-read', 'clipboard-write'] });
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    if (process.env.VERBOSE) page.on('console', (m) => console.error(`[workbench ${m.type()}]`, m.text()));
    await page.goto(`http://${server.host}/?folder=${encodeURIComponent(workspace)}`);
    const ui = makeUi(page);
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
    await page.locator(SELECTORS.activityVelt).first().waitFor({ timeout: 60_000 });
    await page.locator('.part.statusbar .statusbar-item', { hasText: 'Sandbox' }).first().waitFor({ timeout: 60_000 });

    current = 'pin';
    await pinExecutions(ui);
    for (const themeKey of THEMES) {
      current = `${themeKey}-theme`;
      await applyTheme(ui, themeKey);
      for (const key of ONLY) {
        current = `${themeKey}-${key}`;
        const file = path.join(staging, SHOTS[key].file(themeKey));
        // a shot writes `file`, or several files it returns
        const written = (await SHOTS[key].run(ui, file)) ?? [file];
        for (const f of written) log(`${path.basename(f)}: ${compressPng(f)}`);
      }
    }
    // all or nothing: a failed run leaves the committed set as it was
    for (const name of fs.readdirSync(staging)) fs.copyFileSync(path.join(staging, name), path.join(SHOTS_DIR, name));
    log(`wrote ${fs.readdirSync(staging).length} images to ${path.relative(ROOT, SHOTS_DIR) || SHOTS_DIR}`);
  } catch (e) {
    if (interrupted) return; // Ctrl-C: onSignals' cleanup is already under way and exits
    const file = path.join(ROOT, 'shots', `screenshots-failed-${current}.png`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (page) await page.screenshot({ path: file }).catch(() => {});
    console.error(`screenshots failed at "${current}": ${e instanceof Error ? e.message : e}`);
    console.error(`(the page at that moment: ${path.relative(ROOT, file)})`);
    if (server) console.error(`code-server log tail:\n${server.log().slice(-2000)}`);
    process.exitCode = 1;
  } finally {
    await cleanup();
  }
  if (interrupted) process.exit(interrupted);
  process.exit(process.exitCode ?? 0);
}

await main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
