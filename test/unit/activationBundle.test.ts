// Keeps the heavy parts out of the activation graph: builds the extension's bundle the way esbuild.mjs
// does (in memory, with a metafile) and checks which inputs it holds. undici, zod and the schemas/HTTP
// half of src/api belong in dist/api.js, the sandbox in dist/sandbox.js; both are required on first use.
// The panel checks what its webview sends with zod-free guards (src/panel/webviewInput.ts).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const root = path.resolve(__dirname, '../..');

describe('the activation bundle (dist/extension.js)', function () {
  this.timeout(60_000);
  let meta: esbuild.Metafile;

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
});
