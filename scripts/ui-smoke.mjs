// UI smoke test of the PACKAGED extension in a real VS Code (code-server + headless chromium): installs the
// .vsix into a temp profile whose user settings select the built-in "Sandbox (local)" environment, opens the
// workbench and runs the checks in STEPS, taking a screenshot after each one.
//
// Usage: npm run package && node scripts/ui-smoke.mjs
// Env:   VSIX (velt-workflow-inspector.vsix), THEME ("Default Dark Modern"), THEMES=both (a second pass with
//        "Default Light Modern"), PORT (18081; the next free port is used if it is taken), SHOTS (shots/),
//        CODE_SERVER, CHROMIUM, VERBOSE=1, VSCODE_SETTINGS (JSON object merged into the user settings).
// Output: `ok  <name>` / `FAIL <name>` per check, then `UI smoke: N passed, M failed`; exit 0 iff all passed.
import fs from 'node:fs';
import path from 'node:path';
import {
  BASE_SETTINGS,
  ROOT,
  envSettings,
  findFreePort,
  installVsix,
  interrupted,
  launchChromium,
  makeTempDir,
  onSignals,
  requireCodeServer,
  startCodeServer,
  writeServerConfig,
  writeUserSettings,
} from './run-vscode-tests.mjs';

const VSIX = path.resolve(ROOT, process.env.VSIX || 'velt-workflow-inspector.vsix');
const SHOTS = path.resolve(ROOT, process.env.SHOTS || 'shots');
const THEMES =
  process.env.THEMES === 'both'
    ? ['Default Dark Modern', 'Default Light Modern']
    : [process.env.THEME || 'Default Dark Modern'];
const STEP_TIMEOUT = 30_000;

/** Files put in the opened workspace folder (later checks can hover the ids in sample.log). */
const WORKSPACE_FILES = {
  'sample.log': [
    '2026-04-28T10:01:44Z INFO  started execution exec_1793516400117_lwofay3k',
    '2026-04-28T10:01:45Z INFO  step approve-budget waiting for approval',
    '',
  ].join('\n'),
};

/**
 * The checks, in order. Each `run(ui)` throws to fail; `after(ui)` (optional) tidies up after the screenshot.
 * `shot` names the screenshot taken after the step: shots/ui-NN-<shot>.png (NN counts the shots).
 * To add a check, append { name, shot, run } here; `ui` offers page, runCommand, palette, openFile, escape.
 */
const STEPS = [
  {
    name: 'command palette lists the "Velt" commands (Velt: Select Environment)',
    shot: 'palette',
    async run(ui) {
      const labels = await ui.palette('Velt:');
      const velt = labels.filter((l) => l.startsWith('Velt: '));
      console.log(`     palette shows ${velt.length} "Velt:" commands: ${velt.slice(0, 8).join(' | ')}`);
      if (!velt.includes('Velt: Select Environment')) {
        // the list is virtualised: narrow the filter to the one command before giving up
        const exact = await ui.palette('Velt: Select Environment');
        if (!exact.includes('Velt: Select Environment'))
          throw new Error(`"Velt: Select Environment" not listed; saw ${labels.join(' | ')}`);
      }
    },
    after: (ui) => ui.escape(),
  },
  {
    name: 'Velt activity-bar container opens and shows "Pinned Executions"',
    shot: 'sidebar',
    async run(ui) {
      const { page } = ui;
      const item = page
        .locator(
          '.part.activitybar .action-item[aria-label^="Velt"], .part.activitybar .action-item a[aria-label^="Velt"]',
        )
        .first();
      await item.waitFor({ timeout: STEP_TIMEOUT });
      await item.click();
      await page.locator('.part.sidebar').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await page
        .locator('.part.sidebar')
        .getByText(/Pinned Executions/i)
        .first()
        .waitFor({ timeout: STEP_TIMEOUT });
    },
  },
  {
    name: 'status bar shows the "Sandbox" environment',
    shot: 'statusbar',
    async run(ui) {
      const item = ui.page.locator('.part.statusbar .statusbar-item', { hasText: 'Sandbox' }).first();
      try {
        await item.waitFor({ timeout: STEP_TIMEOUT });
      } catch {
        const all = await ui.page.locator('.part.statusbar .statusbar-item').allInnerTexts();
        throw new Error(
          `no status bar item contains "Sandbox"; items: ${all
            .map((t) => t.replace(/\s+/g, ' ').trim())
            .filter(Boolean)
            .join(' | ')}`,
        );
      }
      console.log(`     status bar item: ${(await item.innerText()).trim()}`);
    },
  },
  {
    name: 'pinned executions show status and, expanded, their steps and parallel group',
    shot: 'pinned-tree',
    async run(ui) {
      const { page } = ui;
      for (const id of [
        SANDBOX_IDS.completedParallel,
        SANDBOX_IDS.runningLongWait,
        SANDBOX_IDS.failed,
        SANDBOX_IDS.cancelled,
      ]) {
        await ui.runCommand('Velt: Pin Execution…');
        // The palette and the input box share one widget: wait for the input box's own title first.
        await page
          .locator('.quick-input-widget .quick-input-title', { hasText: 'Velt: Pin Execution' })
          .waitFor({ timeout: STEP_TIMEOUT });
        const input = page.locator('.quick-input-widget input');
        await input.fill(id);
        await page.keyboard.press('Enter');
        await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });
      }
      const sidebar = page.locator('.part.sidebar .pane', {
        has: page.locator('.pane-header', { hasText: /Pinned Executions/i }),
      });
      await sidebar.locator('.monaco-list-row').nth(3).waitFor({ timeout: STEP_TIMEOUT });
      const completedRow = sidebar.locator('.monaco-list-row', { hasText: /completed ·/i }).first();
      await completedRow.waitFor({ timeout: STEP_TIMEOUT });
      await sidebar
        .locator('.monaco-list-row', { hasText: /failed ·/i })
        .first()
        .waitFor({ timeout: STEP_TIMEOUT });
      await completedRow.locator('.monaco-tl-twistie').click();
      await sidebar
        .locator('.monaco-list-row', { hasText: /parallel group · 2\/3 approved/ })
        .first()
        .waitFor({ timeout: STEP_TIMEOUT });
      await page.mouse.move(900, 600);
      await page.waitForTimeout(500);
    },
  },
];

/** Seeded sandbox executions (src/sandbox/roles.ts). */
const SANDBOX_IDS = {
  completedParallel: 'exec_1793516400117_lwofay3k',
  failed: 'exec_1793530800244_f41l3dkc',
  cancelled: 'exec_1793545200391_c4nc3l9x',
  runningLongWait: 'exec_1793664000394_w4it30mn',
};

function themeClass(theme) {
  return /light/i.test(theme) ? 'vs' : /high contrast/i.test(theme) ? 'hc-black' : 'vs-dark';
}

/** Helpers handed to every step. */
function makeUi(page) {
  const quickInput = page.locator('.quick-input-widget');
  const ui = {
    page,
    async escape() {
      if (await quickInput.isVisible().catch(() => false)) await page.keyboard.press('Escape');
    },
    /** Opens the command palette filtered by `text` and returns the visible row labels. */
    async palette(text) {
      await ui.escape();
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await input.fill('>' + text);
      const rows = page.locator('.quick-input-list .monaco-list-row');
      await rows.first().waitFor({ timeout: STEP_TIMEOUT });
      await page.waitForTimeout(300); // let the filter settle
      const labels = await page.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts();
      return labels.map((l) => l.replace(/\s+/g, ' ').trim());
    },
    /** Runs a command by its palette title ("Category: Title"). */
    async runCommand(title) {
      await ui.palette(title);
      await page
        .locator('.quick-input-list .monaco-list-row', { hasText: title })
        .first()
        .waitFor({ timeout: STEP_TIMEOUT });
      await page.keyboard.press('Enter');
    },
    /** Opens a workspace file with Quick Open and waits for its editor tab. */
    async openFile(name) {
      await ui.escape();
      await page.keyboard.press('Control+P');
      await page.locator('.quick-input-widget input').fill(name);
      await page
        .locator('.quick-input-list .monaco-list-row', { hasText: name })
        .first()
        .waitFor({ timeout: STEP_TIMEOUT });
      await page.keyboard.press('Enter');
      await page.locator('.tabs-container .tab', { hasText: name }).first().waitFor({ timeout: STEP_TIMEOUT });
    },
  };
  return ui;
}

const results = [];
let currentServer;
function report(ok, name, detail) {
  results.push(ok);
  console.log(`${ok ? 'ok  ' : 'FAIL '}${name}`);
  if (!ok && detail) {
    const text = String(detail).replace(/\x1b\[[0-9;]*m/g, ''); // playwright colours its call logs
    console.log(`     ${text.split('\n').slice(0, 6).join('\n     ')}`);
  }
}

async function runPass({ theme, browser, extensionsDir, configFile, tmp, passIndex, suffix }) {
  const userDataDir = path.join(tmp, `user-${passIndex}`);
  writeUserSettings(userDataDir, {
    ...BASE_SETTINGS,
    'velt.activeEnvironment': 'Sandbox (local)',
    'workbench.colorTheme': theme,
    ...envSettings(),
  });
  const workspace = path.join(tmp, 'workspace');
  const label = (name) => (THEMES.length > 1 ? `${name} [${theme}]` : name);
  const shotSuffix = suffix ? `-${suffix}` : '';
  const port = await findFreePort(Number(process.env.PORT || 18081));
  const server = await startCodeServer({ port, userDataDir, extensionsDir, configFile });
  currentServer = server;
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  if (process.env.VERBOSE) page.on('console', (m) => console.error(`[workbench ${m.type()}]`, m.text()));
  let shotNo = 0;
  try {
    const loaded = `workbench loads with the workspace and the "${theme}" theme`;
    try {
      await page.goto(`http://${server.host}/?folder=${encodeURIComponent(workspace)}`);
      await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
      await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
      await page.waitForTimeout(1500);
      const classes = (await page.locator('.monaco-workbench').first().getAttribute('class')) ?? '';
      const want = themeClass(theme);
      if (!classes.split(/\s+/).includes(want)) throw new Error(`workbench classes "${classes}" lack "${want}"`);
      report(true, loaded);
    } catch (e) {
      report(false, loaded, e.message);
      await page.screenshot({ path: path.join(SHOTS, `ui-00-load-failed${shotSuffix}.png`) }).catch(() => {});
      for (const step of STEPS) report(false, label(step.name), 'skipped: the workbench did not load');
      return;
    }
    const ui = makeUi(page);
    for (const step of STEPS) {
      try {
        await step.run(ui);
        report(true, label(step.name));
      } catch (e) {
        report(false, label(step.name), e.message);
      }
      if (step.shot) {
        shotNo++;
        const file = path.join(SHOTS, `ui-${String(shotNo).padStart(2, '0')}-${step.shot}${shotSuffix}.png`);
        await page.screenshot({ path: file }).catch((e) => console.error(`screenshot ${file}: ${e.message}`));
      }
      if (step.after) await Promise.resolve(step.after(ui)).catch(() => {});
    }
  } finally {
    await page.close().catch(() => {});
    await server.stop();
    currentServer = undefined;
  }
}

async function main() {
  requireCodeServer();
  fs.mkdirSync(SHOTS, { recursive: true });
  const tmp = makeTempDir('velt-ui-smoke-');
  const extensionsDir = path.join(tmp, 'ext');
  const configFile = writeServerConfig(path.join(tmp, 'config.yaml'));
  const workspace = path.join(tmp, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  for (const [name, text] of Object.entries(WORKSPACE_FILES)) fs.writeFileSync(path.join(workspace, name), text);

  let browser;
  let cleaning;
  const cleanup = () =>
    (cleaning ??= (async () => {
      if (browser) await browser.close().catch(() => {});
      if (currentServer) await currentServer.stop();
      fs.rmSync(tmp, { recursive: true, force: true });
    })());
  onSignals(cleanup);
  try {
    installVsix(VSIX, { userDataDir: path.join(tmp, 'user-install'), extensionsDir, configFile });
    browser = await launchChromium();
    for (const [i, theme] of THEMES.entries()) {
      const suffix = i === 0 ? '' : themeClass(theme) === 'vs' ? 'light' : theme.toLowerCase().replace(/\W+/g, '-');
      await runPass({ theme, browser, extensionsDir, configFile, tmp, passIndex: i, suffix });
    }
  } catch (e) {
    report(false, 'UI smoke setup', e.message);
  } finally {
    await cleanup();
  }
  if (interrupted) process.exit(interrupted);
  const failed = results.filter((r) => !r).length;
  console.log(`UI smoke: ${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

await main();
