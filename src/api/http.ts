// The one place that talks HTTP: builds the POST, adds credentials, enforces the timeout, shares
// identical reads in flight, retries what the caller allows, and turns every outcome into a parsed result or an
// ApiError. Nothing here logs or throws a credential.
import { Agent, requestAt, type Dispatcher } from './undiciAgent';
import { ApiError, credentialsOriginMismatch, errorFromHttpStatus, errorFromStatus, invalidResponse } from './errors';
import { ErrorEnvelopeSchema, type WireReader } from './schemas';
import { normaliseBaseUrl } from './baseUrl';
import { DEFAULT_TIMEOUT_MS } from './constants';
import { DEFAULT_RETRY_POLICY, cancelledError, nextDelay, parseRetryAfter, sleep, type RetryPolicy } from './retry';
import { OriginBudgets, UNLIMITED_BUDGET } from './retryBudget';
import { InFlightRequests } from './inFlight';

export interface Credentials {
  apiKey: string;
  authToken: string;
}

/** A pair together with the origin (see originOf) it was given for; it is never sent anywhere else. */
export interface BoundCredentials extends Credentials {
  origin: string;
}

/** Where one request goes and what it may carry, read together so they always belong to one environment. */
export interface RequestTarget {
  baseUrl: string;
  credentials: BoundCredentials | undefined;
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export interface RequesterOptions {
  /**
   * Read once per request, so a settings change or a sandbox that starts late needs no re-wiring, and no
   * environment switch can pair one environment's credentials with another's host. `environment` is the
   * request's RequestOptions.environment: the getter refuses when that is no longer the active one.
   */
  getTarget: (environment?: string) => RequestTarget | Promise<RequestTarget>;
  userAgent: string;
  timeoutMs?: number | (() => number);
  retry?: Partial<RetryPolicy>;
  /** An undici dispatcher (tests pass a MockAgent); by default a keep-alive Agent of our own. */
  dispatcher?: Dispatcher;
  log?: (level: LogLevel, message: string) => void;
  /** Injected for tests with fake clocks. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  random?: () => number;
  /** Called for every HTTP attempt (counting requests in tests and benchmarks). */
  onAttempt?: (path: string) => void;
  /** Called before each automatic retry with why and how long it waits (the CLI's follow status line). */
  onRetry?: (retry: { kind: ApiError['kind']; attempt: number; delayMs: number }) => void;
  /**
   * The per-origin retry budget and Retry-After pause (retryBudget.ts). Pass the process's one instance so
   * every requester shares it; without one, this requester gets its own. `false` (benchmarks only):
   * per-request retries with no shared budget, the behaviour before budgets existed.
   */
  budgets?: OriginBudgets | false;
  /** The largest response body read (default 64 MB); tests lower it. */
  maxResponseBytes?: number;
}

export interface RequestOptions {
  signal?: AbortSignal | undefined;
  retry?: boolean;
  /** The environment this call belongs to (a panel's, an export's), passed to getTarget. */
  environment?: string | undefined;
  /**
   * false for writes: never join an identical request already in flight (two identical approvals are two
   * requests, each with its own answer). Default true: identical reads share one request.
   */
  share?: boolean;
}

export interface Requester {
  request<T>(reader: WireReader<T>, path: string, data: object, options?: RequestOptions): Promise<T>;
  readonly inFlight: number;
  close(): Promise<void>;
}

const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export function createRequester(options: RequesterOptions): Requester {
  const ownAgent = options.dispatcher ? undefined : new Agent({ keepAliveTimeout: 30_000, connections: 16 });
  const dispatcher = options.dispatcher ?? ownAgent!;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const wait = options.sleep ?? sleep;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const log = options.log ?? ((): void => undefined);
  const timeout = (): number =>
    typeof options.timeoutMs === 'function' ? options.timeoutMs() : (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const inFlight = new InFlightRequests<unknown>();
  const maxResponseBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  let unsharedCalls = 0;
  const budgets = options.budgets ?? new OriginBudgets({ now });
  // The base URL is read per request but rarely changes: checked and split once per distinct value.
  let lastBase: { input: string; resolved: ResolvedBase } | undefined;
  const resolveBase = (input: string): ResolvedBase => {
    if (lastBase?.input !== input) lastBase = { input, resolved: splitBaseUrl(normaliseBaseUrl(input)) };
    return lastBase.resolved;
  };

  async function attempt(
    base: ResolvedBase,
    path: string,
    body: string,
    credentials: Credentials,
    signal: AbortSignal,
  ): Promise<unknown> {
    // One controller for both ways an attempt ends early: the caller's signal and the timeout (cheaper
    // than AbortSignal.any, which registers weak references on every call).
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeout());
    const onCancel = (): void => controller.abort();
    signal.addEventListener('abort', onCancel, { once: true });
    if (signal.aborted) controller.abort();
    const started = now();
    options.onAttempt?.(path);
    try {
      const response = await requestAt(dispatcher, base.origin, base.pathPrefix + path, {
        method: 'POST',
        signal: controller.signal,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'user-agent': options.userAgent,
          'x-velt-api-key': credentials.apiKey,
          'x-velt-auth-token': credentials.authToken,
        },
        body,
      });
      const text = await readText(response.body, maxResponseBytes);
      log('debug', `POST ${path} → HTTP ${response.statusCode} in ${now() - started} ms (${text.length} bytes)`);
      const retryAfterMs = parseRetryAfter(response.headers['retry-after'], now());
      return interpret(response.statusCode, text, retryAfterMs, credentials);
    } catch (error) {
      if (error instanceof ApiError) throw error;
      if (signal.aborted) throw cancelledError();
      if (timedOut) {
        throw new ApiError(
          'timeout',
          `The Velt API did not answer within ${formatWait(timeout())}. Check your connection or try again.`,
        );
      }
      // The error's code and message come from the network stack and may quote a header: redact both.
      const code = (error as { code?: unknown } | null)?.code;
      const detail = typeof code === 'string' ? code : (error as { message?: unknown } | null)?.message;
      log(
        'debug',
        `POST ${path} failed: ${redact(typeof detail === 'string' ? detail : 'unknown error', credentials)}`,
      );
      throw new ApiError(
        'network',
        `Could not reach the Velt API (${redact(networkReason(code), credentials)}). Check your connection or the environment's base URL.`,
      );
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onCancel);
    }
  }

  async function withRetries(
    base: ResolvedBase,
    path: string,
    body: string,
    credentials: Credentials,
    retry: boolean,
    signal: AbortSignal,
  ): Promise<unknown> {
    const started = now();
    const budget = budgets === false ? UNLIMITED_BUDGET : budgets.forOrigin(base.origin);
    // Past this, a pause of the origin is not worth waiting for: fail at once and let the caller reschedule.
    const deadline = retry ? started + policy.maxTotalMs : started;
    let delay = 0;
    let lastRetryCost: number | undefined;
    for (let attemptNumber = 1; ; attemptNumber++) {
      await budget.waitTurn(delay, deadline, wait, signal, attemptNumber - 1);
      try {
        const result = await attempt(base, path, body, credentials, signal);
        budget.recordSuccess(lastRetryCost);
        return result;
      } catch (error) {
        const apiError =
          error instanceof ApiError
            ? error
            : new ApiError('network', redact(error instanceof Error ? error.message : 'unexpected error', credentials));
        budget.recordFailure(apiError);
        const next = retry ? nextDelay(policy, attemptNumber, now() - started, apiError, random) : undefined;
        if (next === undefined || signal.aborted) throw apiError.withAttempts(attemptNumber);
        lastRetryCost = budget.acquireRetry(apiError);
        if (lastRetryCost === undefined) {
          log(
            'warn',
            `POST ${path}: ${apiError.kind}; not retrying: the retry budget for ${budget.origin} is used up until requests succeed again`,
          );
          throw apiError.withAttempts(attemptNumber);
        }
        log('warn', `POST ${path}: ${apiError.kind}; retry ${attemptNumber + 1}/${policy.maxAttempts} in ${next} ms`);
        options.onRetry?.({ kind: apiError.kind, attempt: attemptNumber + 1, delayMs: next });
        delay = next;
      }
    }
  }

  function shared(
    base: ResolvedBase,
    path: string,
    body: string,
    credentials: Credentials,
    retry: boolean,
    share: boolean,
    signal: AbortSignal | undefined,
  ): Promise<unknown> {
    // The credentials are part of the key (in memory only) so a new pair never joins a call sent with the old one.
    // An unshared call gets a key of its own: still tracked (close() aborts it), never joined.
    const key = share
      ? `${retry ? 'r' : 'n'} ${base.baseUrl}${path} ${body} ${credentials.apiKey}\u0000${credentials.authToken}`
      : `unshared#${++unsharedCalls}`;
    if (inFlight.has(key)) log('trace', `POST ${path}: sharing an identical request already in flight`);
    return inFlight.run(key, (shared) => withRetries(base, path, body, credentials, retry, shared), signal);
  }

  return {
    async request(reader, path, data, requestOptions = {}) {
      // One snapshot: the host and the pair it may carry come from the same read.
      const target = await options.getTarget(requestOptions.environment);
      const base = resolveBase(target.baseUrl);
      const credentials = usableCredentials(target.credentials, base.origin);
      const body = JSON.stringify({ data });
      const result = await shared(
        base,
        path,
        body,
        credentials,
        requestOptions.retry !== false,
        requestOptions.share !== false,
        requestOptions.signal,
      );
      const parsed = reader.safeParse(result);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(result)';
        log('warn', `POST ${path}: invalid response at "${field}": ${issue?.message ?? 'unknown'}`);
        throw invalidResponse(`field "${field}": ${issue?.message ?? 'unexpected value'}`, field);
      }
      return parsed.data;
    },
    get inFlight() {
      return inFlight.size;
    },
    async close() {
      inFlight.abortAll();
      await ownAgent?.close();
    },
  };
}

/** A base URL that passed normaliseBaseUrl, with the two parts undici takes. */
interface ResolvedBase {
  baseUrl: string;
  /** scheme + lower-case host + port (default ports dropped): what credentials are bound to. */
  origin: string;
  /** Any path the base URL carries before the endpoint's (e.g. a proxy's /velt), without a trailing slash. */
  pathPrefix: string;
}

function splitBaseUrl(baseUrl: string): ResolvedBase {
  const url = new URL(baseUrl);
  return { baseUrl, origin: url.origin, pathPrefix: url.pathname.replace(/\/+$/, '') };
}

/** The pair to send to `origin`: present, complete, and stored for that very origin. */
function usableCredentials(credentials: BoundCredentials | undefined, origin: string): Credentials {
  if (!credentials || !credentials.apiKey || !credentials.authToken) {
    throw new ApiError(
      'missingCredentials',
      'No credentials for this environment. Run "Velt: Set Credentials" to sign in.',
    );
  }
  if (credentials.origin !== origin) throw credentialsOriginMismatch(credentials.origin, origin);
  return { apiKey: credentials.apiKey, authToken: credentials.authToken };
}

function interpret(
  httpStatus: number,
  text: string,
  retryAfterMs: number | undefined,
  credentials: Credentials,
): unknown {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    if (httpStatus >= 400) throw errorFromHttpStatus(httpStatus, '', retryAfterMs);
    throw invalidResponse(`HTTP ${httpStatus} with a body that is not JSON`, undefined, httpStatus);
  }
  if (isObject(json) && 'error' in json) {
    const envelope = ErrorEnvelopeSchema.safeParse(json);
    if (envelope.success) {
      const message = redact(envelope.data.error.message, credentials);
      throw errorFromStatus(envelope.data.error.status, httpStatus, message, retryAfterMs);
    }
  }
  if (httpStatus >= 400) throw errorFromHttpStatus(httpStatus, '', retryAfterMs);
  if (!isObject(json) || !('result' in json)) {
    throw invalidResponse('no "result" in the response body', '(body)', httpStatus);
  }
  return json.result;
}

/**
 * The body as text, refused past `maxBytes`. Read with 'data' events (as undici's own body.text() does):
 * cheaper per chunk than an async iterator.
 */
function readText(body: Dispatcher.ResponseData['body'], maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        body.destroy();
        reject(invalidResponse(`the response is larger than ${formatMegabytes(maxBytes)}`));
        return;
      }
      chunks.push(chunk);
    });
    body.once('error', reject);
    // One chunk (a small page) is decoded in place; several are joined once, at their known total size.
    body.once('end', () => resolve((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)).toString('utf8')));
  });
}

function formatMegabytes(bytes: number): string {
  const mb = bytes / 1024 / 1024;
  return `${mb >= 1 ? Math.round(mb) : mb.toFixed(2)} MB`;
}

function formatWait(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A server could echo a header back in its message; never let that reach a log or the UI. */
function redact(text: string, credentials: Credentials): string {
  let out = text;
  for (const secret of [credentials.apiKey, credentials.authToken]) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out;
}

function networkReason(code: unknown): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found — are you offline?';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'the connection was dropped';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connection timed out';
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return 'the response stalled';
    default:
      return typeof code === 'string' ? code : 'network error';
  }
}
