// Desktop launcher for the integration suite (not used in CI, which runs the same suite in code-server via
// scripts/run-vscode-tests.mjs). Starts a desktop VS Code with this folder as the development extension and
// out/test/integration/index.js as the test runner; exits with the suite's result.
//
// Usage: node esbuild.mjs && npx tsx test/runTest.ts
// Env:   VSCODE_EXECUTABLE (path to a VS Code binary; otherwise @vscode/test-electron downloads VSCODE_VERSION,
//        default "stable", which needs internet), WORKSPACE (folder to open), VSCODE_SETTINGS (JSON object of
//        user settings).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

const BASE_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'security.workspace.trust.enabled': false,
};

function extraSettings(): Record<string, unknown> {
  const raw = process.env['VSCODE_SETTINGS'];
  if (!raw) return {};
  const parsed: unknown = JSON.parse(raw);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('VSCODE_SETTINGS must be a JSON object');
  }
  return { ...parsed };
}

async function main(): Promise<number> {
  const root = path.resolve(__dirname, '..');
  const extensionTestsPath = path.join(root, 'out', 'test', 'integration', 'index');
  if (!fs.existsSync(`${extensionTestsPath}.js`)) {
    console.error('out/test/integration/index.js not found; run `node esbuild.mjs` first');
    return 1;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'velt-desktop-test-'));
  try {
    const userDataDir = path.join(tmp, 'user');
    fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    fs.writeFileSync(
      path.join(userDataDir, 'User', 'settings.json'),
      JSON.stringify({ ...BASE_SETTINGS, ...extraSettings() }, null, 2),
    );
    const workspace = process.env['WORKSPACE'] ? path.resolve(process.env['WORKSPACE']) : path.join(tmp, 'workspace');
    fs.mkdirSync(workspace, { recursive: true });
    const executable = process.env['VSCODE_EXECUTABLE'];
    await runTests({
      ...(executable ? { vscodeExecutablePath: executable } : { version: process.env['VSCODE_VERSION'] ?? 'stable' }),
      extensionDevelopmentPath: root,
      extensionTestsPath,
      launchArgs: [
        workspace,
        `--user-data-dir=${userDataDir}`,
        '--disable-extensions', // other installed extensions; the development extension still loads
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
      ],
    });
    return 0;
  } catch (err: unknown) {
    console.error('integration tests failed:', err instanceof Error ? err.message : err);
    return 1;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

void main().then((code) => process.exit(code));
