// dagre stays out of the activation bundle: the graph layout is its own bundle (dist/graphLayout.js),
// required the first time a panel draws its graph (src/panel/graph/loader.ts).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const root = path.resolve(__dirname, '../../../..');

async function inputsOf(entry: string): Promise<string[]> {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    write: false,
    metafile: true,
    logLevel: 'silent',
    outfile: 'dist/out.js',
  });
  return Object.keys(result.metafile.inputs);
}

describe('the graph layout bundle', function () {
  this.timeout(60_000);

  it('keeps dagre and the layout out of dist/extension.js, and holds them in dist/graphLayout.js', async () => {
    const dagre = (f: string) => /node_modules\/@dagrejs\//.test(f) || f === 'src/panel/graph/layout.ts';
    assert.deepEqual((await inputsOf('src/extension.ts')).filter(dagre), []);
    const layout = await inputsOf('src/panel/graph/layout.ts');
    assert.ok(
      layout.some((f) => /node_modules\/@dagrejs\/dagre\//.test(f)),
      'the scan sees dagre where it belongs',
    );
  });
});
