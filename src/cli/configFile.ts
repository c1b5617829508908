// The optional config file (userDirs.ts configDir()/config.json) names environments by their base URL, so
// `--env staging` replaces exporting VELT_BASE_URL. It never holds secrets: keys and tokens come from the
// environment (VELT_<ENV>_API_KEY / VELT_<ENV>_AUTH_TOKEN for a named environment, else VELT_API_KEY /
// VELT_AUTH_TOKEN), never from a file or a flag (a flag shows in `ps`).
//
//   { "defaultEnvironment": "staging",
//     "environments": { "staging": { "baseUrl": "https://staging.api.example" },
//                       "local": { "baseUrl": "http://localhost:4000" } } }
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError, quote } from './usageError';
import { configDir } from './userDirs';

export const CONFIG_FILE = 'config.json';
/** A config file is a few lines; anything bigger is not one. */
const MAX_CONFIG_BYTES = 256 * 1024;
const ENV_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
/** Keys that look like secrets: refused, so nobody believes the file is a safe place for them. */
const SECRET_KEYS = /^(apikey|api_key|authtoken|auth_token|token|secret|password|key)$/i;

export interface ChosenEnvironment {
  name: string;
  baseUrl: string;
  /** The environment variables its credentials come from (named first, then the generic pair). */
  apiKeyVars: string[];
  authTokenVars: string[];
  file: string;
}

export interface ConfigFile {
  file: string;
  defaultEnvironment: string | undefined;
  environments: Map<string, string>;
}

/** Reads the config file; undefined when there is none. Any mistake in it is a UsageError naming the file. */
export function readConfigFile(env: Record<string, string | undefined>): ConfigFile | undefined {
  const dir = configDir(env);
  if (dir === undefined) return undefined;
  const file = path.join(dir, CONFIG_FILE);
  let text: string;
  try {
    const stat = fs.statSync(file);
    if (stat.size > MAX_CONFIG_BYTES) throw bad(file, 'it is larger than 256 KiB');
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw bad(file, `it cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw bad(file, `it is not valid JSON (${error instanceof Error ? error.message.slice(0, 120) : 'parse error'})`);
  }
  if (!isObject(value)) throw bad(file, 'it must be a JSON object');
  refuseSecrets(file, value, '');
  const environments = new Map<string, string>();
  const listed = value['environments'];
  if (listed !== undefined) {
    if (!isObject(listed)) throw bad(file, '"environments" must be an object of { "<name>": { "baseUrl": "…" } }');
    for (const [name, entry] of Object.entries(listed)) {
      if (!ENV_NAME.test(name))
        throw bad(file, `environment name ${quote(name)} must be letters, digits, "-" or "_" (at most 40)`);
      const baseUrl = isObject(entry) ? entry['baseUrl'] : undefined;
      if (typeof baseUrl !== 'string' || baseUrl.trim() === '')
        throw bad(file, `environment ${quote(name)} needs a "baseUrl" string`);
      environments.set(name, baseUrl.trim());
    }
  }
  const fallback = value['defaultEnvironment'];
  if (fallback !== undefined && (typeof fallback !== 'string' || !environments.has(fallback)))
    throw bad(
      file,
      `"defaultEnvironment" must name one of its environments (${[...environments.keys()].join(', ') || 'none'})`,
    );
  return { file, defaultEnvironment: fallback, environments };
}

/**
 * The environment to use: `--env <name>` first, else VELT_BASE_URL (undefined: run.ts reads it as before),
 * else the file's defaultEnvironment.
 */
export function chooseEnvironment(
  env: Record<string, string | undefined>,
  requested: string | undefined,
): ChosenEnvironment | undefined {
  if (requested === undefined && env.VELT_BASE_URL?.trim()) return undefined;
  const config = readConfigFile(env);
  const name = requested ?? config?.defaultEnvironment;
  if (name === undefined) return undefined;
  if (!config) {
    const where = configDir(env);
    throw new UsageError(
      `--env ${quote(name)}: there is no config file${where ? ` (${path.join(where, CONFIG_FILE)})` : ''} naming environments. Create one, or set VELT_BASE_URL.`,
    );
  }
  const baseUrl = config.environments.get(name);
  if (baseUrl === undefined)
    throw new UsageError(
      `--env ${quote(name)} is not in ${config.file}; it names ${[...config.environments.keys()].join(', ') || 'no environments'}.`,
    );
  const prefix = `VELT_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
  return {
    name,
    baseUrl,
    apiKeyVars: [`${prefix}_API_KEY`, 'VELT_API_KEY'],
    authTokenVars: [`${prefix}_AUTH_TOKEN`, 'VELT_AUTH_TOKEN'],
    file: config.file,
  };
}

function refuseSecrets(file: string, value: Record<string, unknown>, at: string): void {
  for (const [key, inner] of Object.entries(value)) {
    if (SECRET_KEYS.test(key))
      throw bad(
        file,
        `it holds ${quote(`${at}${key}`)}: secrets are never read from a file. Remove it and set VELT_API_KEY / VELT_AUTH_TOKEN (or VELT_<ENV>_API_KEY / VELT_<ENV>_AUTH_TOKEN) in the environment`,
      );
    if (isObject(inner)) refuseSecrets(file, inner, `${at}${key}.`);
  }
}

function bad(file: string, why: string): UsageError {
  return new UsageError(`config file ${quote(file)}: ${why}.`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
