// runCli: the whole CLI as a function of argv and injected streams/env, so tests run it in-process.
// main.ts wires process.* to it and exits with its result.
import {
  CLIENT_VERSION,
  DEFAULT_BASE_URL,
  DEFAULT_TIMEOUT_MS,
  normaliseBaseUrl,
  originOf,
  userAgent,
  type RetryPolicy,
} from '../api';
import { createWorkflowApi } from '../api/request';
import { PROGRAM, UsageError, helpText, parseCommandLine, type Invocation } from './args';
import { terminalStyle } from './human/terminal';
import { runEvents, runGet, runList } from './commands';
import { runListen } from './listenCommand';
import { runReconcile } from './reconcileCommand';
import type { ForwarderTimings } from '../webhooks';
import { runDefinitions } from './definitions';
import { runWrite } from './writeCommands';
import { isWriteInvocation } from './writeArgs';
import type { AskLine } from './confirm';
import { EXIT, exitCodeFor, messageFor } from './exitCodes';
import { Output, type WritableLike } from './output';
import { RetryNotices } from './retryNotices';
import { completionScript } from './completion';
import { cacheDir } from './userDirs';
import { chooseEnvironment } from './configFile';
import { osKeychain, type Keychain } from './keychain';
import { resolveCredentials, runKeychainCommand, type Target } from './credentials';

export interface CliIo {
  stdout: WritableLike;
  stderr: WritableLike;
  env: Record<string, string | undefined>;
  /** stdout is a terminal: output for people (JSON pretty-printed with --json). */
  isTTY?: boolean;
  /** The terminal's width (process.stdout.columns). */
  columns?: number;
  /** stderr's width (process.stderr.columns), for the progress line. */
  stderrColumns?: number;
  /** Tests only: the clock for relative times in output for people. */
  now?: () => number;
  /** stderr is a terminal: `events --all` draws a progress line. */
  stderrIsTTY?: boolean;
  /** stdin is a terminal: with stderrIsTTY, a write asks for confirmation through `ask`. */
  stdinIsTTY?: boolean;
  /** Reads one answer from the terminal (confirm.ts terminalAsk); absent, a write needs --yes. */
  ask?: AskLine;
  /** Aborting stops the command cleanly (Ctrl-C); the result is exit code 130. */
  signal?: AbortSignal;
  /** Reads a secret from the terminal without echo (secretPrompt.ts); absent, `login` cannot ask. */
  askSecret?: AskLine;
  /** Tests only: the OS keychain (default: the one osKeychain() finds for this platform; null: none). */
  keychain?: Keychain | null;
  /** Tests only: the platform that picks the keychain. */
  platform?: NodeJS.Platform;
  /** Tests only: a faster retry policy. */
  retry?: Partial<RetryPolicy>;
  /** Tests only: faster polling and delivery retries for listen and reconcile --redeliver. */
  webhookTimings?: Partial<ForwarderTimings>;
}

interface Config {
  apiKey: string;
  authToken: string;
  baseUrl: string;
  timeoutMs: number;
}

const MAX_TIMEOUT_MS = 600_000;

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const secrets = [io.env.VELT_API_KEY ?? '', io.env.VELT_AUTH_TOKEN ?? ''].map((s) => s.trim());
  // Filled in once parsed: a webhook --secret is never echoed on stderr either.
  const output = new Output({
    stdout: io.stdout,
    stderr: io.stderr,
    pretty: io.isTTY === true,
    progress: io.stderrIsTTY === true,
    progressColumns: io.stderrColumns,
    secrets,
    program: PROGRAM,
  });

  let invocation: Invocation;
  let environment: string | undefined;
  try {
    let machine: boolean;
    ({ invocation, machine, environment } = parseCommandLine(argv));
    if (io.isTTY === true && !machine)
      output.setHuman(terminalStyle({ env: io.env, columns: io.columns, isTTY: true, now: io.now }));
    // A webhook secret is redacted from every message, like the credentials.
    if (invocation.command === 'dispatch' && invocation.webhook) secrets.push(invocation.webhook.secret);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    output.message(`${error.message} Run "${PROGRAM} ${error.command ? `${error.command} ` : ''}--help" for usage.`);
    return EXIT.usage;
  }
  if ('receiver' in invocation && invocation.receiver.secret) secrets.push(invocation.receiver.secret);
  if ('redeliver' in invocation && invocation.redeliver?.secret) secrets.push(invocation.redeliver.secret);
  if (invocation.command === 'help') {
    io.stdout.write(helpText(invocation.topic));
    return EXIT.ok;
  }
  if (invocation.command === 'completion') {
    io.stdout.write(completionScript(invocation.shell));
    return EXIT.ok;
  }
  if (invocation.command === 'version') {
    io.stdout.write(`${PROGRAM} ${CLIENT_VERSION}\n`);
    return EXIT.ok;
  }

  const keychain = io.keychain === undefined ? osKeychain(io.platform ?? process.platform, io.env) : io.keychain;
  let config: Config;
  try {
    const target = readTarget(io.env, environment);
    if (invocation.command === 'login' || invocation.command === 'logout')
      return await runKeychainCommand(invocation, {
        target,
        keychain,
        output,
        signal: io.signal,
        askSecret: io.stdinIsTTY === true && io.stderrIsTTY === true ? io.askSecret : undefined,
        retry: io.retry,
      });
    config = {
      ...(await resolveCredentials(target, keychain, output)),
      baseUrl: target.baseUrl,
      timeoutMs: target.timeoutMs,
    };
  } catch (error) {
    output.message(
      messageFor(error, { baseUrl: io.env.VELT_BASE_URL ?? DEFAULT_BASE_URL, timeoutMs: DEFAULT_TIMEOUT_MS }),
    );
    return exitCodeFor(error);
  }

  // Credentials of a named environment are redacted like the generic pair.
  secrets.push(config.apiKey, config.authToken);
  const signal = io.signal ?? new AbortController().signal;
  const verbose = invocation.verbose;
  const retries = new RetryNotices();
  if (verbose)
    output.debug(`${invocation.command} via ${config.baseUrl} (timeout ${config.timeoutMs} ms, ${userAgent('cli')})`);
  const api = createWorkflowApi({
    // Flags and environment variables give the host and the pair together; the pair is bound to that host.
    getTarget: () => ({
      baseUrl: config.baseUrl,
      credentials: { apiKey: config.apiKey, authToken: config.authToken, origin: originOf(config.baseUrl) },
    }),
    userAgent: userAgent('cli'),
    timeoutMs: config.timeoutMs,
    retry: io.retry,
    log: verbose ? (level, message) => output.debug(`${level}: ${message}`) : undefined,
    onRetry: (retry) => retries.notify(retry),
  });
  const context = { api, output, signal, retries, cacheDir: cacheDir(io.env) };
  const executionId = 'executionId' in invocation ? invocation.executionId : singleExecution(invocation);
  const definitionId =
    invocation.command === 'definitions' && invocation.action === 'get' ? invocation.definitionId : undefined;
  try {
    if (isWriteInvocation(invocation))
      return await runWrite(invocation, {
        ...context,
        baseUrl: config.baseUrl,
        timeoutMs: config.timeoutMs,
        confirm: { interactive: io.stdinIsTTY === true && io.stderrIsTTY === true, ask: io.ask },
      });
    if (invocation.command === 'get') await runGet(invocation, context);
    else if (invocation.command === 'events') await runEvents(invocation, context);
    else if (invocation.command === 'definitions') await runDefinitions(invocation, context);
    else if (invocation.command === 'reconcile')
      return await runReconcile(invocation, { ...context, userAgent: userAgent('cli'), timings: io.webhookTimings });
    else if (invocation.command === 'listen')
      await runListen(invocation, { ...context, userAgent: userAgent('cli'), timings: io.webhookTimings });
    else if (invocation.command === 'list') await runList(invocation, context);
    return EXIT.ok;
  } catch (error) {
    if (signal.aborted) {
      output.message('interrupted.');
      return EXIT.interrupted;
    }
    output.message(
      messageFor(error, { baseUrl: config.baseUrl, timeoutMs: config.timeoutMs, executionId, definitionId }),
    );
    return exitCodeFor(error);
  } finally {
    output.clearProgress();
    await api.close();
  }
}

/**
 * The host and timeout from the environment, config file and --env, and the credentials the environment
 * holds for it (blank when unset: resolveCredentials() then asks the OS keychain).
 */
function readTarget(env: Record<string, string | undefined>, requested: string | undefined): Target {
  // --env (or the config file's default when VELT_BASE_URL is unset) names the host and where its secrets are.
  const chosen = chooseEnvironment(env, requested);
  const first = (names: readonly string[]): string => names.map((n) => env[n]?.trim() ?? '').find(Boolean) ?? '';
  const apiKeyVars = chosen?.apiKeyVars ?? ['VELT_API_KEY'];
  const authTokenVars = chosen?.authTokenVars ?? ['VELT_AUTH_TOKEN'];
  const rawBase = chosen?.baseUrl ?? (env.VELT_BASE_URL?.trim() || DEFAULT_BASE_URL);
  const baseUrl = normaliseBaseUrl(rawBase);
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  const rawTimeout = env.VELT_TIMEOUT_MS?.trim();
  if (rawTimeout) {
    const value = Number(rawTimeout);
    if (!/^\d+$/.test(rawTimeout) || !Number.isSafeInteger(value) || value < 1 || value > MAX_TIMEOUT_MS) {
      throw new UsageError(
        `VELT_TIMEOUT_MS must be a whole number of milliseconds between 1 and ${MAX_TIMEOUT_MS}; got ${JSON.stringify(rawTimeout.slice(0, 40))}.`,
      );
    }
    timeoutMs = value;
  }
  return {
    baseUrl,
    timeoutMs,
    environmentName: chosen?.name,
    apiKeyVars,
    authTokenVars,
    fromEnvironment: { apiKey: first(apiKeyVars), authToken: first(authTokenVars) },
  };
}

/** The one execution reconcile or listen was given, so a "not found" names it. */
function singleExecution(invocation: Invocation): string | undefined {
  const ids =
    invocation.command === 'reconcile'
      ? invocation.scope.kind === 'executions'
        ? invocation.scope.executionIds
        : undefined
      : invocation.command === 'listen'
        ? invocation.executionIds
        : undefined;
  return ids?.length === 1 ? ids[0] : undefined;
}
