// The graph layout module (dagre, dist/graphLayout.js) is its own bundle, required the first time a graph
// is drawn, so activation never pays for it (test/unit/panel/graph/bundle.test.ts).
import * as path from 'node:path';
import type * as LayoutModule from './layout';

export type LoadLayoutModule = () => typeof LayoutModule;

let loaded: typeof LayoutModule | undefined;

export function graphLayoutModule(): typeof LayoutModule {
  if (loaded) return loaded;
  // A computed path: esbuild leaves it alone, so dagre stays out of dist/extension.js.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the lazy load is the point
  const module: unknown = require(path.join(__dirname, 'graphLayout.js'));
  if (typeof (module as { layoutGraph?: unknown } | undefined)?.layoutGraph !== 'function')
    throw new Error(
      'The graph layout module (dist/graphLayout.js) is missing or damaged. Reinstall the Velt Workflow Inspector extension.',
    );
  loaded = module as typeof LayoutModule;
  return loaded;
}
