// The extension bundle requires `vscode` once and copies its API object once (scripts/esbuildVscodeOnce.mjs),
// instead of one __toESM copy per importing module, which activation paid for.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const root = path.resolve(__dirname, '../..');

describe('the extension bundle imports vscode once', function () {
  this.timeout(60_000);

  it('one require("vscode"), and no per-module copy of the API object', async () => {
    const { vscodeOnce } = (await import(path.join(root, 'scripts/esbuildVscodeOnce.mjs'))) as {
      vscodeOnce: esbuild.Plugin;
    };
    const result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: ['src/extension.ts'],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
      write: false,
      logLevel: 'silent',
      outfile: 'dist/extension.js',
      plugins: [vscodeOnce],
    });
    const text = result.outputFiles[0]!.text;
    assert.equal(text.match(/require\("vscode"\)/g)?.length, 1);
    assert.doesNotMatch(text, /__toESM\(require\("vscode"\)\)/);
  });
});
