// `npm run demo`: a real VS Code (code-server) in your browser with the freshly packaged extension installed,
// the built-in "Sandbox (local)" environment selected (no credentials needed) and a sample workspace whose
// log file mentions a few sandbox execution ids (hover them, pin them, open their event stream).
// Runs until Ctrl-C.
//
// Env: PORT (8080, or the next free port), DEMO_RESET=1 (start from a fresh profile), VERBOSE=1 (server log),
//      CODE_SERVER, VSCODE_SETTINGS (JSON object merged into the user settings).
// Profile (persists between runs): .vscode-test/demo-profile; workspace: .vscode-test/demo-workspace.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  BASE_SETTINGS,
  CODE_SERVER,
  ROOT,
  envSettings,
  findFreePort,
  installVsix,
  onSignals,
  requireCodeServer,
  startCodeServer,
  writeServerConfig,
  writeUserSettings,
} from './run-vscode-tests.mjs';

// ─── Sample execution ids written into the demo workspace ──────────────────────────────────────────────────
// Seeded runs of the built-in sandbox (src/sandbox/roles.ts): completedParallel, runningLoop, runningSla,
// runningLongWait, failed, cancelled. test/unit/demoIds.test.ts keeps them in step.
export const DEMO_EXECUTION_IDS = [
  'exec_1793516400117_lwofay3k',
  'exec_1793664000178_l00pr3j1',
  'exec_1793664000289_sl4br3ch',
  'exec_1793664000394_w4it30mn',
  'exec_1793530800244_f41l3dkc',
  'exec_1793545200391_c4nc3l9x',
];
// ────────────────────────────────────────────────────────────────────────────────────────────────────────────

const PROFILE = path.join(ROOT, '.vscode-test/demo-profile');
const WORKSPACE = path.join(ROOT, '.vscode-test/demo-workspace');
const VSIX = path.join(ROOT, 'velt-workflow-inspector.vsix');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// The folder's README (what to try, in order) opens on start.
const DEMO_SETTINGS = { 'velt.activeEnvironment': 'Sandbox (local)', 'workbench.startupEditor': 'readme' };

function step(title, cmd, args) {
  console.log(`\n=== ${title} ===`);
  execFileSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], shell: process.platform === 'win32' });
}

function onPath(name) {
  const exts = process.platform === 'win32' ? ['.cmd', '.exe', ''] : [''];
  return (process.env.PATH || '')
    .split(path.delimiter)
    .some((dir) => exts.some((ext) => dir && fs.existsSync(path.join(dir, name + ext))));
}

/** What each demo id's run really does in the sandbox (src/sandbox/roles.ts), as log lines that agree with it. */
const DEMO_LOG = [
  ['started', 'review group reached quorum (2 of 3 approved)', 'completed'],
  ['started', 'manager rejected draft 1; loop restarted (iteration 2)', 'completes after draft 2 is approved'],
  ['started', 'review SLA breached; escalation sent', 'failed: ERP webhook answered 503'],
  ['started', 'waiting for approval from two mandatory reviewers', 'still waiting'],
  ['started', 'webhook step returned an empty body', 'failed'],
  ['started', 'human step waiting for approval', 'cancelled by an operator'],
];

function writeWorkspace() {
  fs.mkdirSync(WORKSPACE, { recursive: true });
  const t0 = Date.parse('2026-04-28T10:01:44Z');
  const lines = DEMO_EXECUTION_IDS.flatMap((id, i) => {
    const at = (s) => new Date(t0 + i * 60_000 + s * 1000).toISOString();
    const [first, middle, last] = DEMO_LOG[i];
    return [
      `${at(0)} INFO  workflow ${first} executionId=${id}`,
      `${at(20)} INFO  execution ${id}: ${middle}`,
      `${at(45)} INFO  execution ${id}: ${last}`,
    ];
  });
  fs.writeFileSync(path.join(WORKSPACE, 'executions.log'), lines.join('\n') + '\n');
  fs.writeFileSync(
    path.join(WORKSPACE, 'README.md'),
    [
      '# Velt Workflow Inspector demo',
      '',
      'The active environment is the built-in **Sandbox (local)** (see the status bar): no credentials needed.',
      'It runs new executions every 20–40 s with simulated reviewers, so things change while you watch.',
      '',
      '## What to try, in order',
      '',
      '1. Open `executions.log` and hover an execution id (`exec_…`): its status, steps and who it waits for.',
      '2. Click **Open** in the hover (or Ctrl/Cmd+click the id): the execution panel with its event stream.',
      '3. In the panel, **Pin** it; filter the events by type or text, click a step chip to see only its events.',
      '4. Open the **Velt** view in the activity bar: **Pinned Executions** with their steps, and **Executions**,',
      '   everything that ran, newest first; running rows update by themselves.',
      '5. Run **Velt: Open Execution…** from the command palette (F1) and paste any text that contains an id.',
      '6. Right-click an execution: Copy Link, Open Raw JSON, Export Events as JSON Lines.',
      '',
      'Sample execution ids (seeded sandbox runs):',
      '',
      ...DEMO_EXECUTION_IDS.map((id) => `- \`${id}\``),
      '',
    ].join('\n'),
  );
}

/** Keeps whatever the user changed in the demo profile; fills in the demo defaults on first run. */
function writeSettings(userDataDir) {
  const file = path.join(userDataDir, 'User/settings.json');
  let existing = {};
  if (fs.existsSync(file)) {
    try {
      existing = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      console.warn(`leaving ${path.relative(ROOT, file)} as it is (not plain JSON)`);
      return;
    }
  }
  writeUserSettings(userDataDir, { ...BASE_SETTINGS, ...DEMO_SETTINGS, ...existing, ...envSettings() });
}

async function main() {
  if (process.platform === 'linux') {
    step('setup: code-server + chromium', 'bash', ['scripts/setup-code-server.sh']);
  } else {
    console.log(
      `setup skipped: scripts/setup-code-server.sh targets Debian/Ubuntu, not ${process.platform}; ` +
        'set CODE_SERVER to a code-server 4.100.x install.',
    );
  }
  requireCodeServer();
  step('build', process.execPath, ['esbuild.mjs']);
  step('package', NPM, ['run', '-s', 'package']);

  if (process.env.DEMO_RESET) fs.rmSync(PROFILE, { recursive: true, force: true });
  const userDataDir = path.join(PROFILE, 'user');
  const extensionsDir = path.join(PROFILE, 'ext');
  fs.mkdirSync(extensionsDir, { recursive: true });
  const configFile = writeServerConfig(path.join(PROFILE, 'config.yaml'));
  console.log('\n=== install into .vscode-test/demo-profile ===');
  installVsix(VSIX, { userDataDir, extensionsDir, configFile });
  writeSettings(userDataDir);
  writeWorkspace();

  const port = await findFreePort(Number(process.env.PORT || 8080));
  const server = await startCodeServer({ port, userDataDir, extensionsDir, configFile });
  let stopping = false;
  onSignals(async () => {
    stopping = true;
    console.log('\nstopping code-server…');
    await server.stop();
  });
  server.child.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(`code-server exited (${code ?? signal}); log tail:\n${server.log().slice(-4000)}`);
    process.exit(1);
  });

  const url = `http://${server.host}/?folder=${encodeURIComponent(WORKSPACE).replace(/%2F/g, '/')}`;
  console.log(
    `\n${execFileSync(CODE_SERVER, ['--version'], { encoding: 'utf8' }).split('\n')[0]} is serving the demo ` +
      `(profile .vscode-test/demo-profile, workspace .vscode-test/demo-workspace) on ${server.host} only, without ` +
      'a password. Over SSH, forward the port first (ssh -L <port>:127.0.0.1:<port> <host>). Press Ctrl+C to stop.',
  );
  if (onPath('code') && !process.env.CI) {
    console.log(
      '\nWith desktop VS Code instead: node esbuild.mjs && ' +
        `code --extensionDevelopmentPath="${ROOT}" "${WORKSPACE}"` +
        `\n  then set "velt.activeEnvironment": "Sandbox (local)" in that window's settings.`,
    );
  }
  console.log(`\nVelt Workflow Inspector demo: open ${url}`);
}

await main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
