// Requires one of the extension's own bundles (dist/<file>) on first use: the activation bundle registers
// thin shells, and the implementations behind them load when a user first needs them. The bundles sit
// next to dist/extension.js, so __dirname finds them; a missing or damaged one gets a clear message.
import * as path from 'node:path';

/**
 * Returns a function that requires `dist/<file>` once and returns it, after checking that it exports the
 * function named `entry`. `what` names the bundle in the error ("The command module").
 */
export function bundleLoader<T>(file: string, entry: string, what: string): () => T {
  let loaded: T | undefined;
  return () => {
    if (loaded) return loaded;
    // A computed path: esbuild leaves it alone, so the bundle's code stays out of dist/extension.js.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the lazy load is the point
    const module: unknown = require(path.join(__dirname, file));
    if (typeof (module as Record<string, unknown> | undefined)?.[entry] !== 'function')
      throw new Error(`${what} (dist/${file}) is missing or damaged. Reinstall the Velt Workflow Inspector extension.`);
    loaded = module as T;
    return loaded;
  };
}
