// Activation benchmark: times `await ext.activate()` of the extension in a real editor (code-server's VS Code
// server + headless chromium, via the helpers of scripts/run-vscode-tests.mjs). The extension under test is a
// temp copy of the manifest without its automatic activation events (so nothing activates it before the
// measurement) pointing at the given dist/ folder; bench/activation-host.cjs runs as the extension tests
// entry in a fresh extension host (one fresh browser page = one fresh host per round) and prints the time.
// Reference: the same host activating a minimal stub extension (empty activate()) the same way.
//
// Usage: node bench/activation.mjs [--json] [--dist=<folder with extension.js, webview.js>]  (default dist/)
// Env: ROUNDS (3), PORT (18180), CODE_SERVER, CHROMIUM. Loopback only; stops by itself (90 s per round).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  BASE_SETTINGS,
  ROOT,
  findFreePort,
  launchChromium,
  makeTempDir,
  requireCodeServer,
  startCodeServer,
  writeServerConfig,
  writeUserSettings,
  codeServerVersion,
} from '../scripts/run-vscode-tests.mjs';

const ROUND_TIMEOUT_MS = 90_000;

function writeExtensionCopy(dir, distDir) {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  pkg.activationEvents = [];
  delete pkg.contributes.walkthroughs; // completionEvents like onView would not activate, but keep the copy quiet
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  fs.mkdirSync(path.join(dir, 'dist'));
  // The bundles the extension loads on first use (commands, panels, forwarding, requests, the sandbox)
  // come along, so a command, a panel or a request works too.
  for (const f of ['extension.js', 'commands.js', 'panels.js', 'webhooks.js', 'api.js', 'webview.js', 'sandbox.js'])
    fs.copyFileSync(path.join(distDir, f), path.join(dir, 'dist', f));
  fs.cpSync(path.join(ROOT, 'media'), path.join(dir, 'media'), { recursive: true });
}

function writeStubExtension(dir) {
  fs.mkdirSync(path.join(dir, 'dist'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({
      name: 'activation-stub',
      publisher: 'velt-bench',
      version: '0.0.0',
      engines: { vscode: '^1.90.0' },
      main: './dist/extension.js',
      activationEvents: [],
    }),
  );
  fs.writeFileSync(
    path.join(dir, 'dist/extension.js'),
    'exports.activate = function () {}; exports.deactivate = function () {};\n',
  );
}

/** Returns { rounds: [...], medianMs, stubMedianMs, ratio, version } or throws. */
export async function measureActivation({
  distDir = path.join(ROOT, 'dist'),
  rounds = Number(process.env.ROUNDS || 3),
  log = () => {},
} = {}) {
  requireCodeServer();
  const tmp = makeTempDir('velt-bench-activation-');
  const userDataDir = path.join(tmp, 'user');
  const extensionsDir = path.join(tmp, 'ext');
  const configFile = writeServerConfig(path.join(tmp, 'config.yaml'));
  const workspace = path.join(tmp, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  writeUserSettings(userDataDir, BASE_SETTINGS);
  const extDir = path.join(tmp, 'extension');
  const stubDir = path.join(tmp, 'stub');
  writeExtensionCopy(extDir, distDir);
  writeStubExtension(stubDir);
  const hostFor = (name, id) => {
    const dir = path.join(tmp, `host-${name}`);
    fs.mkdirSync(dir);
    fs.copyFileSync(path.join(ROOT, 'bench/activation-host.cjs'), path.join(dir, 'index.js'));
    fs.writeFileSync(path.join(dir, 'target.txt'), id);
    return dir;
  };
  const hosts = new Map([
    [extDir, hostFor('ours', 'velt-tools.velt-workflow-inspector')],
    [stubDir, hostFor('stub', 'velt-bench.activation-stub')],
  ]);

  let server;
  let browser;
  try {
    const port = await findFreePort(Number(process.env.PORT || 18180));
    server = await startCodeServer({ port, userDataDir, extensionsDir, configFile, smokeTestDriver: true });
    const version = codeServerVersion();
    browser = await launchChromium();
    const once = async (developmentPath) => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      try {
        let result;
        let resolveDone;
        const done = new Promise((r) => {
          resolveDone = r;
        });
        await page.exposeFunction('codeAutomationLog', (type, args) => {
          const line = (Array.isArray(args) ? args : [args]).map(String).join(' ');
          const m = /VELT_BENCH_ACTIVATION (\{.*\})/.exec(line);
          if (m) result = JSON.parse(m[1]);
          if (type === 'error' && !line.includes('Long running operations during shutdown'))
            log(`[host ${type}] ${line}`);
        });
        await page.exposeFunction('codeAutomationExit', (code) => resolveDone(Number(code)));
        const remote = (p) => `vscode-remote://${server.host}${p}`;
        const payload = JSON.stringify([
          ['extensionDevelopmentPath', remote(developmentPath)],
          ['extensionTestsPath', remote(path.join(hosts.get(developmentPath), 'index'))],
          ['skipWelcome', 'true'],
        ]);
        await page.goto(
          `http://${server.host}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`,
        );
        let timer;
        const code = await Promise.race([
          done,
          new Promise((r) => {
            timer = setTimeout(() => r('timeout'), ROUND_TIMEOUT_MS);
          }),
        ]);
        clearTimeout(timer);
        if (code !== 0 || !result)
          throw new Error(`activation round failed (exit ${code}, result ${JSON.stringify(result)})`);
        if (result.wasActive) throw new Error('the extension was already active before the measurement');
        return result;
      } finally {
        await page.close().catch(() => {});
      }
    };
    // Warm-up round (code-server's first window pays for its own caches), not counted.
    await once(stubDir);
    const ours = [];
    const stub = [];
    for (let i = 0; i < rounds; i++) {
      ours.push(await once(extDir));
      stub.push(await once(stubDir));
      log(`round ${i + 1}: ours ${ours.at(-1).activateMs.toFixed(1)} ms, stub ${stub.at(-1).activateMs.toFixed(1)} ms`);
    }
    const median = (xs) => {
      const s = [...xs].sort((a, b) => a - b);
      return s[Math.floor(s.length / 2)];
    };
    const medianMs = median(ours.map((r) => r.activateMs));
    const stubMedianMs = median(stub.map((r) => r.activateMs));
    // Each phase's median over the rounds that had VS Code's marks (see activation-host.cjs).
    const phaseMedians = (results) => {
      const marked = results.map((r) => r.phases).filter(Boolean);
      if (marked.length === 0) return null;
      return Object.fromEntries(
        ['loadMs', 'contextWaitMs', 'activateMs'].map((k) => [k, median(marked.map((p) => p[k]))]),
      );
    };
    return {
      version,
      rounds: ours.map((r) => r.activateMs),
      stubRounds: stub.map((r) => r.activateMs),
      medianMs,
      stubMedianMs,
      ratio: medianMs / stubMedianMs,
      phases: phaseMedians(ours),
      stubPhases: phaseMedians(stub),
      commands: ours[0].commands,
    };
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server) await server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const distArg = process.argv.find((a) => a.startsWith('--dist='))?.slice('--dist='.length);
  const r = await measureActivation({
    distDir: distArg ? path.resolve(distArg) : undefined,
    log: (m) => console.error(m),
  });
  if (process.argv.includes('--json')) console.log(JSON.stringify(r));
  else
    console.log(
      `activation (${r.version}): median ${r.medianMs.toFixed(1)} ms over ${r.rounds.length} fresh hosts; stub ${r.stubMedianMs.toFixed(1)} ms; ratio ${r.ratio.toFixed(1)}×\n` +
        `  phases (median ms, load / waiting for the context / activate()): ours ${describePhases(r.phases)}; stub ${describePhases(r.stubPhases)}`,
    );
  process.exit(0);
}

function describePhases(p) {
  return p ? `${p.loadMs} / ${p.contextWaitMs} / ${p.activateMs}` : 'not marked';
}
