// The graph layout module (dagre, dist/graphLayout.js) is its own bundle, required the first time a graph
// is drawn, so activation never pays for it (test/unit/panel/graph/bundle.test.ts).
import { bundleLoader } from '../../util/bundle';
import type * as LayoutModule from './layout';

export type LoadLayoutModule = () => typeof LayoutModule;

export const graphLayoutModule: LoadLayoutModule = bundleLoader(
  'graphLayout.js',
  'layoutGraph',
  'The graph layout module',
);
