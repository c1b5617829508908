// Builds every bundle: the extension host (node, cjs, `vscode` external), the bundles it loads on first use
// (commands, panels, webhook forwarding, the request module, the graph layout), the webview (browser, iife;
// the Graph and Timeline tabs separately), the CLI and the sandbox (node; the extension forks it as a
// child process on first use), and the integration-test suite. Flags: --watch, --production
// (minified, no source maps), --only=<name>[,<name>] to build a subset.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import { vscodeOnce } from './scripts/esbuildVscodeOnce.mjs';

const args = process.argv.slice(2);
const watch = args.includes('--watch');
const production = args.includes('--production');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');

const pkg = JSON.parse(fs.readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const node = {
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  define: { __VERSION__: JSON.stringify(pkg.version) },
};

/** Reports build results in the shape VS Code's esbuild problem matcher understands. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => {
      if (watch) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log('[watch] build finished');
    });
  },
};

const testEntries = fs.existsSync('test/integration')
  ? fs
      .readdirSync('test/integration')
      .filter((f) => f.endsWith('.ts'))
      .map((f) => `test/integration/${f}`)
  : [];

const browser = {
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
};

const bundles = {
  extension: {
    ...node,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
    plugins: [vscodeOnce],
  },
  // The command implementations: registered by id at activation, required on the first command
  // (src/commands/register.ts).
  commands: {
    ...node,
    entryPoints: ['src/commands/index.ts'],
    outfile: 'dist/commands.js',
    external: ['vscode'],
    plugins: [vscodeOnce],
  },
  // The execution panels' registry and everything a panel runs: required when the first panel opens or a
  // restored one is shown (src/panel/lazyPanels.ts).
  panels: {
    ...node,
    entryPoints: ['src/panel/index.ts'],
    outfile: 'dist/panels.js',
    external: ['vscode'],
    plugins: [vscodeOnce],
  },
  // Forwarding events as webhooks (src/webhooks): required when forwarding first starts
  // (src/deliveries/forwarding.ts).
  webhooks: { ...node, entryPoints: ['src/webhooks/index.ts'], outfile: 'dist/webhooks.js' },
  // The request module (undici + zod): the extension requires it on the first request (src/state/client.ts).
  api: { ...node, entryPoints: ['src/api/request.ts'], outfile: 'dist/api.js' },
  // The graph layout (dagre): required when a panel first draws its graph (src/panel/graph/loader.ts).
  graphLayout: { ...node, entryPoints: ['src/panel/graph/layout.ts'], outfile: 'dist/graphLayout.js' },
  // The panel's script; the Graph and Timeline tabs are their own bundles, loaded the first time their tab
  // is shown (src/webview/lazyViews.ts), so opening a panel loads only the event stream's code.
  webview: { ...browser, entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js' },
  webviewGraph: { ...browser, entryPoints: ['src/webview/lazyGraph.ts'], outfile: 'dist/webviewGraph.js' },
  webviewTimeline: { ...browser, entryPoints: ['src/webview/lazyTimeline.ts'], outfile: 'dist/webviewTimeline.js' },
  cli: { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  sandbox: {
    ...node,
    entryPoints: ['src/sandbox/main.ts'],
    outfile: 'dist/sandbox.js',
    banner: { js: '#!/usr/bin/env node' },
  },
  tests: {
    ...node,
    minify: false,
    sourcemap: true,
    entryPoints: testEntries,
    outdir: 'out/test/integration',
    external: ['vscode', 'mocha'],
  },
};

// Stale bundles of deleted or renamed tests would still be run by the in-editor runner.
if (!watch && (!only || only.includes('tests'))) fs.rmSync('out/test/integration', { recursive: true, force: true });

const selected = Object.entries(bundles).filter(([name, options]) => {
  if (only && !only.includes(name)) return false;
  if (production && name === 'tests') return false;
  return options.entryPoints.every((entry) => fs.existsSync(entry)) && options.entryPoints.length > 0;
});

const contexts = await Promise.all(
  selected.map(([, options]) => esbuild.context({ ...options, plugins: [...(options.plugins ?? []), problemMatcher] })),
);
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  try {
    await Promise.all(contexts.map((c) => c.rebuild()));
  } catch {
    process.exitCode = 1;
  } finally {
    await Promise.all(contexts.map((c) => c.dispose()));
  }
}
