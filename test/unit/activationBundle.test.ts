// Keeps the heavy parts out of the activation graph: builds the extension's bundle the way esbuild.mjs
// does (in memory, with a metafile) and checks which inputs it holds. undici, zod and the schemas/HTTP
// half of src/api belong in dist/api.js, the sandbox in dist/sandbox.js; both are required on first use.
// The panel checks what its webview sends with zod-free guards (src/panel/webviewInput.ts).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const root = path.resolve(__dirname, '../..');

describe('the activation bundle (dist/extension.js)', function () {
  this.timeout(60_000);
  let meta: esbuild.Metafile;
  let bundleText: string;

  before(async () => {
    const result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: ['src/extension.ts'],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
      write: false,
      metafile: true,
      logLevel: 'silent',
      outfile: 'dist/extension.js',
    });
    meta = result.metafile;
    bundleText = result.outputFiles[0]!.text;
  });

  const inputs = (): string[] => Object.keys(meta.inputs);
  /** Every (importer, imported) pair whose imported path matches. */
  const importersOf = (pattern: RegExp): string[] =>
    Object.entries(meta.inputs).flatMap(([file, input]) =>
      input.imports.filter((i) => pattern.test(i.path)).map(() => file),
    );

  it('holds no undici', () => {
    assert.deepEqual(
      inputs().filter((f) => /node_modules\/undici\//.test(f)),
      [],
    );
  });

  it('holds no sandbox code', () => {
    assert.deepEqual(
      inputs().filter((f) => f.startsWith('src/sandbox/')),
      [],
    );
  });

  it('holds neither the schemas nor the HTTP half of the request module', () => {
    const heavy = ['src/api/schemas.ts', 'src/api/http.ts', 'src/api/client.ts', 'src/api/request.ts'];
    assert.deepEqual(
      inputs().filter((f) => heavy.includes(f)),
      [],
    );
  });

  it('holds no zod, and no module of ours imports it', () => {
    assert.deepEqual(
      inputs().filter((f) => /node_modules\/zod\//.test(f)),
      [],
    );
    assert.deepEqual([...new Set(importersOf(/^zod(\/|$)|node_modules\/zod\//))], []);
  });

  it('holds no command implementations (dist/commands.js, required on the first command)', () => {
    const commands = inputs().filter((f) => f.startsWith('src/commands/'));
    // register.ts registers the ids; navigation.ts (the URI handler and the document links' command) opens
    // executions through the picker.
    assert.deepEqual(commands.sort(), [
      'src/commands/executionPicker.ts',
      'src/commands/navigation.ts',
      'src/commands/openExecution.ts',
      'src/commands/pickerItems.ts',
      'src/commands/register.ts',
    ]);
  });

  it('holds no panel implementation (dist/panels.js, required when the first panel opens)', () => {
    // lazyPanels.ts registers the serializer and the event documents (payloadDocuments.ts, with the JSON
    // formatting of payload.ts and the limits it uses: bounds) at activation.
    assert.deepEqual(
      inputs()
        .filter((f) => f.startsWith('src/panel/'))
        .sort(),
      [
        'src/panel/bounds.ts',
        'src/panel/graph/graphBounds.ts',
        'src/panel/lazyPanels.ts',
        'src/panel/payload.ts',
        'src/panel/payloadDocuments.ts',
        'src/panel/protocol.ts',
      ],
    );
  });

  it('holds no webhooks code (dist/webhooks.js, required when forwarding first starts)', () => {
    assert.deepEqual(
      inputs().filter((f) => f.startsWith('src/webhooks/')),
      [],
    );
  });

  it('loads no costly Node built-in while it is evaluated (they are required where used)', () => {
    // The Node core modules a fresh process loads while evaluating the bundle with a stub `vscode`, minus
    // those it loads anyway: e.g. node:child_process alone costs 5–20 ms, paid at every VS Code start.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'velt-activation-'));
    try {
      const bundle = path.join(dir, 'extension.js');
      fs.writeFileSync(bundle, bundleText);
      const loaded = (file: string): string[] => {
        const run = spawnSync(process.execPath, ['-e', EVALUATE_WITH_STUB_VSCODE, file], { encoding: 'utf8' });
        assert.equal(run.status, 0, run.stderr);
        return JSON.parse(run.stdout) as string[];
      };
      const empty = path.join(dir, 'empty.js');
      fs.writeFileSync(empty, 'exports.activate = () => undefined;');
      const baseline = new Set(loaded(empty));
      const extra = loaded(bundle).filter((name) => !baseline.has(name));
      const costly = extra.filter((name) =>
        /^NativeModule (child_process|readline|crypto|net|http|https|tls|zlib|worker_threads)\b/.test(name),
      );
      assert.deepEqual(costly, [], `also loaded: ${extra.join(', ')}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Installs a stub `vscode` (answers every property, call and `new`), requires the file, prints the core modules loaded. */
const EVALUATE_WITH_STUB_VSCODE = `
const Module = require('node:module');
const stub = new Proxy(function vscode() {}, {
  get: (target, key) => key === 'prototype' ? {} : key === Symbol.toPrimitive ? () => '' : stub,
  apply: () => stub, construct: () => stub,
});
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) { return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest); };
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: stub };
require(process.argv[1]);
process.stdout.write(JSON.stringify(process.moduleLoadList.filter((m) => m.startsWith('NativeModule '))));
`;
