// Command-line parsing for velt-executions: pure functions from argv to a typed command, so every
// bad-argument path is unit-testable and ends in exit code 2 with one actionable line.
import { parseArgs as parseArgv } from 'node:util';
import { KNOWN_EXECUTION_STATUSES, MAX_PAGE_SIZE, isKnown, parseExecutionId, type ListStatusFilter } from '../api';
import { parseWebhookArgs, WEBHOOK_FLAGS, webhookUsage, type WebhookInvocation } from './webhookArgs';
import { PROGRAM, UsageError, quote } from './usageError';
import {
  WRITE_FLAGS,
  WRITE_USAGE,
  isWriteCommandName,
  parseWriteCommand,
  type WriteCommandName,
  type WriteInvocation,
} from './writeArgs';

export const DEFAULT_FOLLOW_INTERVAL_MS = 2_000;
export const DEFAULT_LIST_LIMIT = 50;

/** Shells `completion` writes a script for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export { PROGRAM, UsageError, quote };

export type CommandName =
  'get' | 'events' | 'list' | 'definitions' | 'reconcile' | 'listen' | WriteCommandName | KeychainCommandName;
/** `login` stores the pair in the OS keychain for the base URL's origin; `logout` removes it. */
export type KeychainCommandName = 'login' | 'logout';

interface Common {
  verbose: boolean;
}

export interface GetCommand extends Common {
  command: 'get';
  executionId: string;
}
export interface EventsCommand extends Common {
  command: 'events';
  executionId: string;
  since: number;
  pageSize: number | undefined;
  all: boolean;
  follow: boolean;
  ndjson: boolean;
  intervalMs: number;
}
export interface ListCommand extends Common {
  command: 'list';
  definitionId: string | undefined;
  status: ListStatusFilter | undefined;
  limit: number;
  pageSize: number | undefined;
  ndjson: boolean;
}
export interface DefinitionsListCommand extends Common {
  command: 'definitions';
  action: 'list';
  limit: number;
  pageSize: number | undefined;
  ndjson: boolean;
}
export interface DefinitionsGetCommand extends Common {
  command: 'definitions';
  action: 'get';
  definitionId: string;
}
export interface KeychainCommand extends Common {
  command: KeychainCommandName;
}
export type Invocation =
  | KeychainCommand
  | GetCommand
  | EventsCommand
  | ListCommand
  | DefinitionsListCommand
  | DefinitionsGetCommand
  | WebhookInvocation
  | WriteInvocation
  | { command: 'help'; topic: CommandName | undefined }
  | { command: 'completion'; shell: Shell }
  | { command: 'version' };

/** `repeated`: a value flag that may be given more than once (`--execution a --execution b`). */
export type FlagKind = 'boolean' | 'value' | 'repeated';
/** Every command's flags; the shell completion scripts are generated from this table too. */
export const FLAGS: Record<CommandName, Record<string, FlagKind>> = withEnvFlag({
  get: { '--verbose': 'boolean', '--json': 'boolean' },
  events: {
    '--verbose': 'boolean',
    '--since': 'value',
    '--page-size': 'value',
    '--all': 'boolean',
    '--follow': 'boolean',
    '--ndjson': 'boolean',
    '--json': 'boolean',
    '--interval': 'value',
  },
  list: {
    '--verbose': 'boolean',
    '--definition': 'value',
    '--status': 'value',
    '--limit': 'value',
    '--page-size': 'value',
    '--ndjson': 'boolean',
    '--json': 'boolean',
  },
  definitions: {
    '--verbose': 'boolean',
    '--limit': 'value',
    '--page-size': 'value',
    '--ndjson': 'boolean',
    '--json': 'boolean',
  },
  ...WEBHOOK_FLAGS,
  reconcile: { ...WEBHOOK_FLAGS.reconcile, '--json': 'boolean' },
  ...WRITE_FLAGS,
  login: { '--verbose': 'boolean' },
  logout: { '--verbose': 'boolean' },
});

/** `--env <name>` (an environment of the config file, configFile.ts) is accepted by every command. */
function withEnvFlag(
  flags: Record<CommandName, Record<string, FlagKind>>,
): Record<CommandName, Record<string, FlagKind>> {
  const withEnv: Partial<Record<CommandName, Record<string, FlagKind>>> = {};
  for (const command of Object.keys(flags) as CommandName[]) withEnv[command] = { ...flags[command], '--env': 'value' };
  return withEnv as Record<CommandName, Record<string, FlagKind>>;
}
/** Flags that ask for the output scripts read (JSON / NDJSON) even on a terminal. */
const MACHINE_FLAGS = ['--json', '--ndjson'];
export const COMMANDS = Object.keys(FLAGS) as CommandName[];
/** FLAGS in node:util.parseArgs' terms (names without the dashes). */
const PARSE_OPTIONS = Object.fromEntries(
  COMMANDS.map((command) => [
    command,
    Object.fromEntries(
      Object.entries(FLAGS[command]).map(([flag, kind]) => [
        flag.slice(2),
        { type: kind === 'boolean' ? ('boolean' as const) : ('string' as const) },
      ]),
    ),
  ]),
) as Record<CommandName, Record<string, { type: 'boolean' | 'string' }>>;

const EXPECTED_COMMAND = `expected ${COMMANDS.slice(0, -1).join(', ')} or ${COMMANDS[COMMANDS.length - 1]!}`;

export function isCommandName(value: string | undefined): value is CommandName {
  return value !== undefined && (COMMANDS as string[]).includes(value);
}

export function parseArgs(argv: readonly string[]): Invocation {
  return parseCommandLine(argv).invocation;
}

/**
 * The invocation, and whether the user asked for machine output (--json or --ndjson): then stdout gets
 * exactly what scripts read, even on a terminal.
 */
export function parseCommandLine(argv: readonly string[]): {
  invocation: Invocation;
  machine: boolean;
  /** `--env <name>`: an environment of the config file. */
  environment: string | undefined;
} {
  const seen = { booleans: new Set<string>(), environment: undefined as string | undefined };
  const invocation = parseInvocation(argv, seen);
  return {
    invocation,
    machine: MACHINE_FLAGS.some((flag) => seen.booleans.has(flag)),
    environment: seen.environment,
  };
}

function parseInvocation(
  argv: readonly string[],
  seen: { booleans: Set<string>; environment: string | undefined },
): Invocation {
  const { booleans } = seen;
  const args = [...argv];
  // Global flags before the command.
  if (args.length === 0) throw new UsageError(`missing command: ${EXPECTED_COMMAND}.`);
  const first = args[0]!;
  if (first === '--help' || first === '-h') return { command: 'help', topic: undefined };
  if (first === '--version' || first === '-V') {
    if (args.length > 1) throw new UsageError(`unexpected argument after ${first}: ${quote(args[1]!)}.`);
    return { command: 'version' };
  }
  if (first === 'help') {
    const topic = args[1];
    if (topic !== undefined && !isCommandName(topic))
      throw new UsageError(`unknown command ${quote(topic)}: ${EXPECTED_COMMAND}.`);
    return { command: 'help', topic };
  }
  if (first === 'completion') {
    const shell = args[1];
    if (shell === '--help' || shell === '-h') return { command: 'help', topic: undefined };
    if (shell === undefined || !(SHELLS as readonly string[]).includes(shell) || args.length > 2)
      throw new UsageError(
        `${shell === undefined ? 'missing shell' : `unknown shell ${quote(args.length > 2 ? args[2]! : shell)}`}: ${PROGRAM} completion ${SHELLS.join('|')}.`,
      );
    return { command: 'completion', shell: shell as Shell };
  }
  if (first.startsWith('-'))
    throw new UsageError(`unknown option ${quote(first)} before the command: ${EXPECTED_COMMAND}.`);
  if (!isCommandName(first)) throw new UsageError(`unknown command ${quote(first)}: ${EXPECTED_COMMAND}.`);
  const command = first;
  const rest = args.slice(1);
  if (rest.includes('--help') || rest.includes('-h')) return { command: 'help', topic: command };

  const positionals: string[] = [];
  const values = new Map<string, string>();
  const repeated = new Map<string, string[]>();
  // node:util.parseArgs splits the arguments (`--name=value`, `--name value`, `--`); the checks below keep
  // their order and wording, so the first problem is reported as one actionable line.
  const { tokens } = parseArgv({
    args: rest,
    options: PARSE_OPTIONS[command],
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    // The option as typed (a short group such as -ab stays whole), without any `=value`.
    const typed = rest[token.index]!;
    const eq = typed.indexOf('=');
    const name = eq >= 0 ? typed.slice(0, eq) : typed;
    const kind = FLAGS[command][name];
    if (!kind) throw new UsageError(`unknown option ${quote(name)} for "${command}".`, command);
    if (kind === 'boolean') {
      if (eq >= 0) throw new UsageError(`${name} takes no value.`, command);
      booleans.add(name);
      continue;
    }
    const value = token.value;
    if (value === undefined || (!token.inlineValue && value.startsWith('--') && value.length > 2))
      throw new UsageError(`${name} needs a value.`, command);
    if (kind === 'repeated') {
      repeated.set(name, [...(repeated.get(name) ?? []), value]);
      continue;
    }
    if (values.has(name)) throw new UsageError(`${name} given more than once.`, command);
    values.set(name, value);
  }
  // Global: taken out here so no command's own checks see it.
  seen.environment = values.get('--env');
  values.delete('--env');
  const verbose = booleans.has('--verbose');
  if (command === 'reconcile' || command === 'listen')
    return parseWebhookArgs(command, { positionals, values, repeated, verbose });

  if (command === 'definitions') return definitionsCommand(positionals, values, booleans, verbose);
  if (command === 'login' || command === 'logout') {
    // The secrets are asked for, never given as arguments (an argument shows in `ps`).
    if (positionals.length > 0)
      throw new UsageError(
        `unexpected argument ${quote(positionals[0]!)}: "${command}" takes no arguments${command === 'login' ? '; it asks for the API key and auth token' : ''}.`,
        command,
      );
    return { command, verbose };
  }
  if (isWriteCommandName(command)) return parseWriteCommand(command, { positionals, values, booleans });

  if (command === 'list') {
    if (positionals.length > 0)
      throw new UsageError(`unexpected argument ${quote(positionals[0]!)}: "list" takes only options.`, command);
    const status = values.get('--status');
    if (status !== undefined && !isKnown(KNOWN_EXECUTION_STATUSES, status)) {
      throw new UsageError(
        `--status must be one of ${KNOWN_EXECUTION_STATUSES.join(', ')}; got ${quote(status)}.`,
        command,
      );
    }
    return {
      command,
      verbose,
      definitionId: definitionOption(values.get('--definition')),
      status: status as ListStatusFilter | undefined,
      limit: integerOption('--limit', values.get('--limit'), 1, 1_000_000, command) ?? DEFAULT_LIST_LIMIT,
      pageSize: integerOption('--page-size', values.get('--page-size'), 1, MAX_PAGE_SIZE, command),
      ndjson: booleans.has('--ndjson'),
    };
  }

  if (positionals.length === 0)
    throw new UsageError(`missing execution ID: ${PROGRAM} ${command} <executionId>.`, command);
  if (positionals.length > 1)
    throw new UsageError(
      `unexpected argument ${quote(positionals[1]!)}: "${command}" takes one execution ID.`,
      command,
    );
  const parsed = parseExecutionId(positionals[0]!);
  if (!parsed.ok) throw new UsageError(`${quote(positionals[0]!)}: ${parsed.reason}`, command);
  if (command === 'get') return { command, verbose, executionId: parsed.executionId };

  return {
    command,
    verbose,
    executionId: parsed.executionId,
    since: integerOption('--since', values.get('--since'), 0, Number.MAX_SAFE_INTEGER, command) ?? 0,
    pageSize: integerOption('--page-size', values.get('--page-size'), 1, MAX_PAGE_SIZE, command),
    all: booleans.has('--all'),
    follow: booleans.has('--follow'),
    ndjson: booleans.has('--ndjson'),
    intervalMs:
      integerOption('--interval', values.get('--interval'), 10, 3_600_000, command) ?? DEFAULT_FOLLOW_INTERVAL_MS,
  };
}

/** `definitions list [--limit N] [--page-size N] [--ndjson]` or `definitions get <definitionId>`. */
function definitionsCommand(
  positionals: readonly string[],
  values: ReadonlyMap<string, string>,
  booleans: ReadonlySet<string>,
  verbose: boolean,
): DefinitionsListCommand | DefinitionsGetCommand {
  const command = 'definitions';
  const [action, ...rest] = positionals;
  if (action === 'list') {
    if (rest.length > 0)
      throw new UsageError(`unexpected argument ${quote(rest[0]!)}: "definitions list" takes only options.`, command);
    return {
      command,
      action,
      verbose,
      limit: integerOption('--limit', values.get('--limit'), 1, 1_000_000, command) ?? DEFAULT_LIST_LIMIT,
      pageSize: integerOption('--page-size', values.get('--page-size'), 1, MAX_PAGE_SIZE, command),
      ndjson: booleans.has('--ndjson'),
    };
  }
  if (action === 'get') {
    const extra = [...values.keys(), ...[...booleans].filter((flag) => flag !== '--verbose' && flag !== '--json')][0];
    if (extra) throw new UsageError(`${extra} is for "definitions list" only.`, command);
    if (rest.length === 0)
      throw new UsageError(`missing definition ID: ${PROGRAM} definitions get <definitionId>.`, command);
    if (rest.length > 1)
      throw new UsageError(
        `unexpected argument ${quote(rest[1]!)}: "definitions get" takes one definition ID.`,
        command,
      );
    return { command, action, verbose, definitionId: definitionId(rest[0]!, 'the definition ID') };
  }
  throw new UsageError(
    action === undefined
      ? `missing subcommand: ${PROGRAM} definitions list or ${PROGRAM} definitions get <definitionId>.`
      : `unknown subcommand ${quote(action)} for "definitions": expected list or get.`,
    command,
  );
}

export function integerOption(
  name: string,
  raw: string | undefined,
  min: number,
  max: number,
  command: CommandName,
): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw.trim())) throw new UsageError(`${name} must be a whole number; got ${quote(raw)}.`, command);
  const value = Number(raw.trim());
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${name} must be between ${min} and ${max}; got ${quote(raw)}.`, command);
  }
  return value;
}

export function definitionOption(raw: string | undefined, command: CommandName = 'list'): string | undefined {
  return raw === undefined ? undefined : definitionId(raw, '--definition', command);
}

function definitionId(raw: string, what: string, command: CommandName = 'definitions'): string {
  const value = raw.trim();
  if (value.length === 0 || value.length > 200 || /[\u0000-\u001f\u007f\s]/.test(value)) {
    throw new UsageError(
      `${what} must be a definition ID such as marketing-copy-approval; got ${quote(raw)}.`,
      command,
    );
  }
  return value;
}

const USAGE: Record<CommandName | 'main', string> = {
  main: `Usage: ${PROGRAM} <command> [options]

Read Velt Approval Engine executions from the command line.

Output: on a terminal, stdout is for people (tables, a step tree, one line per event, colours
unless NO_COLOR is set). Piped or redirected, or with --json or --ndjson, stdout is JSON for
scripts, byte for byte what earlier versions printed. Messages, warnings and progress go to
stderr (progress only when stderr is a terminal).

Commands:
  get <executionId>       Print one execution with all its steps.
  events <executionId>    Print the execution's event stream (one page, --all, or --follow).
  list                    Print executions, newest first, optionally filtered.
  definitions list        Print workflow definitions (current versions).
  definitions get <id>    Print one definition: nodes, edges, groups, compiled graph.
  reconcile               Find the events a webhook consumer missed (and re-deliver them).
  listen                  Forward new events as signed webhooks to a local URL.
  help [command]          Show help for a command.
  completion bash|zsh|fish  Print a shell completion script: source <(${PROGRAM} completion bash).

Acting on executions (each asks for confirmation on a terminal; --yes without one):
  dispatch <definitionId>               Start a run.
  cancel <executionId>                  Cancel a run (final).
  approve|reject <executionId> <stepId> Record a reviewer's decision on a waiting human step.
  resolve <executionId> <stepId>        Operator override: --action force-approve, force-reject,
                                        force-complete, force-fail, reviewer-approve, reviewer-reject.
  cancel-step <executionId> <stepId>    Cancel one step.

Credentials:
  login                   Store the API key and auth token in the OS keychain for the base URL.
  logout                  Remove them from the OS keychain.

Options:
  -h, --help              Show help (also after a command: ${PROGRAM} events --help).
  -V, --version           Print the version.
  --json                  JSON on stdout even on a terminal (every command that prints data).
  --env NAME              Use environment NAME of the config file (its base URL; see Config below).
  --verbose               Log requests to stderr (credentials are never logged).

Environment:
  VELT_API_KEY            Workspace API key (else the OS keychain, see login).
  VELT_AUTH_TOKEN         Auth token from the Velt Console (else the OS keychain).
  VELT_BASE_URL           API base URL (default https://api.velt.dev; http only for localhost).
  VELT_TIMEOUT_MS         Per-request timeout in milliseconds (default 15000).
  VELT_<NAME>_API_KEY, VELT_<NAME>_AUTH_TOKEN   Credentials for --env NAME (else the two above).

Config (optional): $XDG_CONFIG_HOME/velt/config.json, ~/.config/velt/config.json or
%APPDATA%\\velt\\config.json names environments by base URL only:
  {"defaultEnvironment": "staging", "environments": {"staging": {"baseUrl": "https://…"}}}
Secrets are never read from it (nor from a flag): only from the environment, else from the
OS keychain entry "${PROGRAM} login" stored for that base URL. --env wins over VELT_BASE_URL,
which wins over defaultEnvironment.

Exit codes:
  0 ok, 2 bad arguments or configuration, 3 not found, 4 credentials rejected,
  5 rate limited or API unavailable after retries, 6 unreadable response,
  7 network error or timeout, 8 paging stalled (the server kept announcing more
  events without sending any), 9 reconcile found events missing from the ledger,
  10 a write the API did not record (recorded: false), 130 interrupted.
  A confirmation answered with anything but y/yes sends nothing and exits 1.

An event that cannot be read is printed in its place with the fields that could
be read plus "unreadable": {"problem", "raw"}; stderr names its seq.`,
  get: `Usage: ${PROGRAM} get <executionId> [--json] [--verbose]

Prints the execution (status, timestamps, definition, every step). On a terminal: a summary
and the steps as a tree (parallel groups, loop iterations, waiting reviewers). Piped, or
with --json: JSON (pretty-printed on a terminal, compact otherwise).

Example:
  ${PROGRAM} get exec_1777374504255_xzy43k9q`,
  events: `Usage: ${PROGRAM} events <executionId> [options]

Without --all or --follow, prints one page: {"executionId","events","nextCursor","hasMore"}.
On a terminal (without --json or --ndjson): one line per event (seq, time, type, step, summary).

Options:
  --since N         Start after event seq N (exclusive; default 0).
  --page-size N     Events per request, 1-${MAX_PAGE_SIZE} (default 100).
  --all             Follow the cursor to the end and print every event as one JSON array.
  --ndjson          Print one event per line instead (streamed as pages arrive).
  --json            JSON even on a terminal.
  --follow          Keep polling and print new events as NDJSON until the execution
                    completes, fails or is cancelled; then exit 0. Ctrl-C stops.
  --interval MS     Polling interval for --follow (default ${DEFAULT_FOLLOW_INTERVAL_MS}).
  --verbose         Log requests to stderr.

Examples:
  ${PROGRAM} events exec_1777374504255_xzy43k9q --all --ndjson | jq .type
  ${PROGRAM} events exec_1777374504255_xzy43k9q --follow --interval 1000`,
  ...WRITE_USAGE,
  list: `Usage: ${PROGRAM} list [options]

Prints executions: a table on a terminal; a JSON array when piped or with --json (steps are
always empty here; use "get" for steps).

Options:
  --definition ID   Only executions of this definition.
  --status S        Only executions in status S: ${KNOWN_EXECUTION_STATUSES.join(', ')}.
  --limit N         Stop after N executions (default ${DEFAULT_LIST_LIMIT}).
  --page-size N     Executions per request, 1-${MAX_PAGE_SIZE}.
  --ndjson          One execution per line instead of an array.
  --json            JSON even on a terminal.
  --verbose         Log requests to stderr.

Example:
  ${PROGRAM} list --status failed --limit 10`,
  definitions: `Usage: ${PROGRAM} definitions list [options]
       ${PROGRAM} definitions get <definitionId> [--verbose]

"list" prints definitions (each at its current version); "get" prints one definition. On a
terminal: a table and a summary; piped or with --json: a JSON array and a JSON object.
Older versions cannot be read: the API serves only the current one.

Options (list):
  --limit N         Stop after N definitions (default ${DEFAULT_LIST_LIMIT}).
  --page-size N     Definitions per request, 1-${MAX_PAGE_SIZE}.
  --ndjson          One definition per line instead of an array.
  --json            JSON even on a terminal.
  --verbose         Log requests to stderr.

Examples:
  ${PROGRAM} definitions list --ndjson | jq -r .definitionId
  ${PROGRAM} definitions get marketing-copy-approval`,
  ...webhookUsage(PROGRAM),
  login: `Usage: ${PROGRAM} login [--env NAME] [--verbose]

Asks for the API key and auth token (input hidden), checks with one read that the host
accepts them, and stores them in the OS keychain bound to the base URL's origin (VELT_BASE_URL,
or the environment --env names): macOS Keychain, the Secret Service through secret-tool on
Linux (GNOME Keyring, KWallet), the Windows Credential Locker. Afterwards every command for that
host uses them whenever VELT_API_KEY / VELT_AUTH_TOKEN (or VELT_<NAME>_…) are unset; the
environment always wins. Needs a terminal; nothing is read from arguments or files.

Example:
  ${PROGRAM} login --env staging`,
  logout: `Usage: ${PROGRAM} logout [--env NAME] [--verbose]

Removes the API key and auth token "login" stored in the OS keychain for the base URL's origin.`,
};

export function helpText(topic: CommandName | undefined): string {
  return `${USAGE[topic ?? 'main']}\n`;
}
