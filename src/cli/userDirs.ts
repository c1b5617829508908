// Where the CLI keeps its few files, from the environment it was given (never process.env directly, so
// tests choose): the config file (~/.config/velt/config.json, $XDG_CONFIG_HOME, %APPDATA% on Windows) and
// the cache of definition ids for shell completion (~/.cache/velt, $XDG_CACHE_HOME, %LOCALAPPDATA%).
import * as path from 'node:path';

type Env = Record<string, string | undefined>;

const nonEmpty = (value: string | undefined): string | undefined =>
  value !== undefined && value.trim() !== '' ? value : undefined;

/** The folder for velt's config file, or undefined when the environment names no home. */
export function configDir(env: Env, platform: NodeJS.Platform = process.platform): string | undefined {
  const xdg = nonEmpty(env.XDG_CONFIG_HOME);
  if (xdg) return path.join(xdg, 'velt');
  const appData = platform === 'win32' ? nonEmpty(env.APPDATA) : undefined;
  if (appData) return path.join(appData, 'velt');
  const home = nonEmpty(env.HOME) ?? nonEmpty(env.USERPROFILE);
  return home ? path.join(home, '.config', 'velt') : undefined;
}

/** The folder for velt's cache, or undefined when the environment names no home. */
export function cacheDir(env: Env, platform: NodeJS.Platform = process.platform): string | undefined {
  const xdg = nonEmpty(env.XDG_CACHE_HOME);
  if (xdg) return path.join(xdg, 'velt');
  const local = platform === 'win32' ? nonEmpty(env.LOCALAPPDATA) : undefined;
  if (local) return path.join(local, 'velt', 'cache');
  const home = nonEmpty(env.HOME) ?? nonEmpty(env.USERPROFILE);
  return home ? path.join(home, '.cache', 'velt') : undefined;
}

/** The file `definitions list` writes and the completion scripts read: one definition id a line. */
export const DEFINITIONS_CACHE = 'definitions.txt';
