// Command-line flags of `node dist/sandbox.js`, split by node:util.parseArgs. Pure, so it is testable.
import { parseArgs as parseArgv } from 'node:util';
import { parseFaultFlag, type FaultRule } from './faults';

export interface CliOptions {
  port: number;
  host: string;
  apiKey: string;
  authToken: string;
  timeScale: number;
  faults: FaultRule[];
  help: boolean;
  seed: number;
  traffic: boolean;
  definitionsDir?: string;
  definitionFiles?: string[];
}

export type ParsedArgs = { ok: true; options: CliOptions } | { ok: false; message: string };

export const USAGE = `Usage: node dist/sandbox.js [options]

A local Velt Approval Engine: runs definitions, takes decisions and delivers webhooks, with
seeded definitions, seeded executions and (by default) a stream of new runs.

Options:
  --port N            port to listen on (default 8787; 0 = any free port)
  --host H            loopback address to bind (default 127.0.0.1)
  --api-key K         API key to accept (default "sandbox")
  --auth-token T      auth token to accept (default "sandbox")
  --time-scale X      speed of running executions (default 1; 10 = ten times faster)
  --fault MODE[:N]    inject a fault into the next N requests (every request without N); repeatable.
                      MODE: 429, 429-no-retry-after, 500, 503, 504, slow, drop, malformed,
                      truncated, wrong-shape, html; data faults (the request succeeds with
                      bad data): endless-cursor, malformed-event, malformed-list-item, list-repeats
  --seed N            seed of generated ids and simulated outcomes (default 1)
  --no-traffic        no new runs or simulated reviewers: deterministic, for tests and benchmarks
  --definitions DIR   load every *.json definition in DIR (problems are printed per file)
  --definition-file F load the definition in F (repeatable; after --definitions)
  --help              show this help
`;

const VALUE_FLAGS = [
  '--port',
  '--host',
  '--api-key',
  '--auth-token',
  '--time-scale',
  '--fault',
  '--seed',
  '--definitions',
  '--definition-file',
] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];

/** VALUE_FLAGS and the two switches in node:util.parseArgs' terms (names without the dashes). */
const PARSE_OPTIONS = {
  ...Object.fromEntries(VALUE_FLAGS.map((flag) => [flag.slice(2), { type: 'string' as const }])),
  help: { type: 'boolean' as const, short: 'h' },
  'no-traffic': { type: 'boolean' as const },
};

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const options: CliOptions = {
    port: 8787,
    host: '127.0.0.1',
    apiKey: 'sandbox',
    authToken: 'sandbox',
    timeScale: 1,
    faults: [],
    help: false,
    seed: 1,
    traffic: true,
  };
  const args = [...argv];
  // node:util.parseArgs splits the arguments (`--name=value`, `--name value`); the checks below keep their
  // order and wording, so the first problem is reported as one line.
  const { tokens } = parseArgv({ args, options: PARSE_OPTIONS, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    const typed = args[token.index]!;
    if (token.kind !== 'option') return { ok: false, message: `unknown option: ${typed}` };
    if (token.name === 'help' && !token.inlineValue) {
      options.help = true;
      continue;
    }
    if (token.name === 'no-traffic' && !token.inlineValue) {
      options.traffic = false;
      continue;
    }
    const name = token.rawName;
    if (!(VALUE_FLAGS as readonly string[]).includes(name)) return { ok: false, message: `unknown option: ${typed}` };
    const value = token.value;
    if (value === undefined || value === '') return { ok: false, message: `${name} needs a value` };
    const problem = apply(options, name as ValueFlag, value);
    if (problem) return { ok: false, message: problem };
  }
  return { ok: true, options };
}

function apply(options: CliOptions, flag: ValueFlag, value: string): string | undefined {
  switch (flag) {
    case '--port': {
      const port = Number(value);
      if (!/^\d+$/.test(value) || port > 65535) return `--port must be an integer 0–65535, got "${value}"`;
      options.port = port;
      return undefined;
    }
    case '--host':
      options.host = value;
      return undefined;
    case '--api-key':
      options.apiKey = value;
      return undefined;
    case '--auth-token':
      options.authToken = value;
      return undefined;
    case '--time-scale': {
      const scale = Number(value);
      if (!Number.isFinite(scale) || scale <= 0) return `--time-scale must be a positive number, got "${value}"`;
      options.timeScale = scale;
      return undefined;
    }
    case '--seed': {
      if (!/^\d{1,9}$/.test(value)) return `--seed must be a non-negative integer, got "${value}"`;
      options.seed = Number(value);
      return undefined;
    }
    case '--definitions':
      options.definitionsDir = value;
      return undefined;
    case '--definition-file':
      (options.definitionFiles ??= []).push(value);
      return undefined;
    case '--fault': {
      const check = parseFaultFlag(value);
      if (!check.ok) return check.message;
      options.faults.push(check.rule);
      return undefined;
    }
  }
}
