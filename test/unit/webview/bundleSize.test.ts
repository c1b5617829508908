// Issue 11's goal for what a panel loads when it opens: the production dist/webview.js ≤ 60 KiB. The Graph
// and Timeline tabs are separate bundles loaded on first show (src/webview/lazyViews.ts); this keeps their
// code, or anything else heavy, from creeping back into the main bundle. Built in memory with the options
// of esbuild.mjs's webview bundles, so dist/ is left alone.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.resolve(__dirname, '../../..');
const GOAL_BYTES = 60 * 1024;

async function productionSize(entry: string): Promise<{ bytes: number; inputs: string[] }> {
  const result = await build({
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    bundle: true,
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: ROOT,
    entryPoints: [entry],
    outfile: 'out/size-check.js',
  });
  return { bytes: result.outputFiles[0]!.contents.length, inputs: Object.keys(result.metafile.inputs) };
}

describe('webview bundle size (issue 11)', function () {
  this.timeout(60_000);

  it('dist/webview.js stays within 60 KiB in production, without the Graph and Timeline code', async () => {
    const main = await productionSize('src/webview/main.ts');
    assert.ok(
      main.bytes <= GOAL_BYTES,
      `dist/webview.js is ${main.bytes} bytes, over the ${GOAL_BYTES}-byte goal: load more of it on first use (see src/webview/lazyViews.ts)`,
    );
    for (const lazy of ['src/webview/graph.ts', 'src/webview/timeline.ts'])
      assert.ok(!main.inputs.includes(lazy), `${lazy} is in the main bundle; it belongs to its tab's lazy bundle`);
  });

  it('the Graph and Timeline bundles carry their views', async () => {
    assert.ok((await productionSize('src/webview/lazyGraph.ts')).inputs.includes('src/webview/graph.ts'));
    assert.ok((await productionSize('src/webview/lazyTimeline.ts')).inputs.includes('src/webview/timeline.ts'));
  });
});
