// Where the CLI's credentials come from: the environment (VELT_API_KEY / VELT_AUTH_TOKEN, or
// VELT_<NAME>_… for --env NAME) always wins; when it holds neither, the OS keychain entry `login` stored for
// the base URL's origin. The pair is looked up by the origin requests go to, so a secret stored for one host is
// never sent to another. `login` asks for the pair on the terminal (never an argument: it would show in `ps`),
// checks it with one read, then stores it; `logout` removes it.
import { originOf, userAgent, type RetryPolicy } from '../api';
import { createWorkflowApi } from '../api/request';
import { PROGRAM, UsageError, type KeychainCommand } from './args';
import type { AskLine } from './confirm';
import { EXIT, exitCodeFor, messageFor } from './exitCodes';
import { KeychainError, credentialAccounts, type Keychain } from './keychain';
import type { Output } from './output';

export interface Target {
  baseUrl: string;
  timeoutMs: number;
  /** The config file's environment --env (or its default) chose. */
  environmentName: string | undefined;
  /** The variables the pair is read from, first found wins. */
  apiKeyVars: readonly string[];
  authTokenVars: readonly string[];
  /** What those variables hold ('' when unset). */
  fromEnvironment: { apiKey: string; authToken: string };
}

export interface Credentials {
  apiKey: string;
  authToken: string;
}

/** API keys and tokens are single words: this keeps a stray paste (or a quote `security -i` would parse) out. */
const SECRET_SHAPE = /^[\x21-\x7e]{1,4096}$/;
const UNSAFE_IN_SECRET = /["'\\]/;

/** The pair for `target`: the environment's, else the keychain's for its origin; a UsageError says what to set. */
export async function resolveCredentials(
  target: Target,
  keychain: Keychain | undefined | null,
  output: Output,
): Promise<Credentials> {
  const { apiKey, authToken } = target.fromEnvironment;
  if (apiKey && authToken) return { apiKey, authToken };
  const origin = originOf(target.baseUrl);
  let keychainProblem: string | undefined;
  // Half a pair in the environment is a mistake to report, not something to complete from the keychain.
  if (!apiKey && !authToken && keychain) {
    try {
      const stored = await readStored(keychain, origin);
      if (stored) {
        output.addSecrets(stored.apiKey, stored.authToken);
        return stored;
      }
    } catch (error) {
      if (!(error instanceof KeychainError)) throw error;
      // A keychain tool that is not installed was never used: the hint to run login says enough.
      if (!error.missingTool) keychainProblem = error.message;
    }
  }
  const missing = [
    apiKey ? undefined : target.apiKeyVars.join(' or '),
    authToken ? undefined : target.authTokenVars.join(' or '),
  ].filter((v) => v !== undefined);
  const login = `"${PROGRAM} login${target.environmentName ? ` --env ${target.environmentName}` : ''}" to store them in the OS keychain for ${origin}`;
  const set = target.environmentName
    ? `missing credentials for environment ${target.environmentName}: set ${missing.join(' and ')}`
    : `missing credentials: set VELT_API_KEY and VELT_AUTH_TOKEN (not set: ${missing.join(', ')})`;
  throw new UsageError(
    `${set}, or run ${login}.` +
      (keychainProblem ? ` The OS keychain could not be read: ${keychainProblem}.` : '') +
      ' Secrets never come from the config file or a flag.',
  );
}

async function readStored(keychain: Keychain, origin: string): Promise<Credentials | undefined> {
  const accounts = credentialAccounts(origin);
  const apiKey = await keychain.get(accounts.apiKey);
  if (apiKey === undefined) return undefined;
  const authToken = await keychain.get(accounts.authToken);
  return authToken === undefined ? undefined : { apiKey, authToken };
}

export interface KeychainCommandContext {
  target: Target;
  keychain: Keychain | undefined | null;
  output: Output;
  /** Asks on the terminal without echo; undefined when stdin or stderr is not a terminal. */
  askSecret: AskLine | undefined;
  signal: AbortSignal | undefined;
  retry?: Partial<RetryPolicy>;
}

export async function runKeychainCommand(
  invocation: KeychainCommand,
  context: KeychainCommandContext,
): Promise<number> {
  const { target, keychain, output } = context;
  const origin = originOf(target.baseUrl);
  if (!keychain)
    throw new UsageError(
      `this system has no OS keychain ${PROGRAM} can use; set VELT_API_KEY and VELT_AUTH_TOKEN in the environment instead.`,
      invocation.command,
    );
  const accounts = credentialAccounts(origin);
  try {
    if (invocation.command === 'logout') {
      const removedKey = await keychain.delete(accounts.apiKey);
      const removedToken = await keychain.delete(accounts.authToken);
      output.message(
        removedKey || removedToken
          ? `Removed the API key and auth token for ${origin} from ${keychain.name}.`
          : `${keychain.name} held no credentials for ${origin}; nothing to remove.`,
      );
      return EXIT.ok;
    }
    if (!context.askSecret)
      throw new UsageError(
        `"login" asks for the API key and auth token on a terminal; in scripts set VELT_API_KEY and VELT_AUTH_TOKEN in the environment instead.`,
        'login',
      );
    const apiKey = await askFor(context.askSecret, `API key for ${origin} (input hidden): `, 'API key');
    if (apiKey === null) return notStored(context);
    output.addSecrets(apiKey);
    const authToken = await askFor(context.askSecret, 'Auth token (input hidden): ', 'auth token');
    if (authToken === null) return notStored(context);
    output.addSecrets(authToken);

    const check = await checkCredentials(target, { apiKey, authToken }, context);
    if (check !== EXIT.ok) return check;
    await keychain.set(accounts.apiKey, apiKey);
    await keychain.set(accounts.authToken, authToken);
    const envWins =
      target.fromEnvironment.apiKey || target.fromEnvironment.authToken
        ? ` Note: ${[...target.apiKeyVars, ...target.authTokenVars].join(' / ')} set in this shell win over the keychain.`
        : '';
    output.message(
      `Stored the API key and auth token for ${origin} in ${keychain.name}. Commands for this host use them when the environment holds no credentials.${envWins}`,
    );
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof KeychainError)) throw error;
    const what = invocation.command === 'login' ? 'store the credentials in' : 'remove the credentials from';
    output.message(`could not ${what} the OS keychain: ${error.message}. Nothing was changed.`);
    return EXIT.usage;
  }
}

/** One secret from the terminal; null when the user ended or interrupted input. A malformed one is a UsageError. */
async function askFor(ask: AskLine, question: string, what: string): Promise<string | null> {
  const answer = await ask(question);
  if (answer === null) return null;
  const value = answer.trim();
  if (value === '') throw new UsageError(`no ${what} given; nothing was stored.`, 'login');
  if (!SECRET_SHAPE.test(value) || UNSAFE_IN_SECRET.test(value))
    throw new UsageError(
      `that ${what} contains spaces, quotes, backslashes or characters outside ASCII, which no Velt ${what} has; nothing was stored. Copy it again from the Velt Console.`,
      'login',
    );
  return value;
}

function notStored(context: KeychainCommandContext): number {
  context.output.message(context.signal?.aborted ? 'interrupted; nothing was stored.' : 'nothing was stored.');
  return context.signal?.aborted ? EXIT.interrupted : EXIT.failure;
}

/** One cheap read with the new pair: a pair the host rejects is not stored. */
async function checkCredentials(
  target: Target,
  credentials: Credentials,
  context: KeychainCommandContext,
): Promise<number> {
  const api = createWorkflowApi({
    getTarget: () => ({ baseUrl: target.baseUrl, credentials: { ...credentials, origin: originOf(target.baseUrl) } }),
    userAgent: userAgent('cli'),
    timeoutMs: target.timeoutMs,
    retry: context.retry,
  });
  try {
    await api.listExecutions({ pageSize: 1 }, { signal: context.signal });
    return EXIT.ok;
  } catch (error) {
    context.output.message(
      `${messageFor(error, { baseUrl: target.baseUrl, timeoutMs: target.timeoutMs })} Nothing was stored.`,
    );
    return exitCodeFor(error);
  } finally {
    await api.close();
  }
}
