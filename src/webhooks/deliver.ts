// Delivers one webhook to the user's receiver as Velt would (velt-api.md §6.3): POST of the raw body with
// x-velt-signature, x-velt-event-id and x-velt-attempt (0-based), a bounded timeout per attempt, retried with
// the shared backoff. The receiver is a user URL, not the Velt origin: this module never sees the API key or
// the auth token, and builds its headers from nothing else but the webhook and the secret.
import { backoffDelay, isLoopbackHost, sleep as abortableSleep, type Backoff } from '../api';
import { signatureFor, type Webhook } from './body';

/** Where webhooks go: the URL and the secret they are signed with (unsigned without one). */
export interface Receiver {
  url: string;
  secret: string | undefined;
}

export interface AttemptResult {
  webhook: Webhook;
  /** 0-based, as in x-velt-attempt. */
  attempt: number;
  /** The HTTP status, or null when no response came (refused, timed out). */
  status: number | null;
  /** Why the attempt failed without a response. */
  error: string | null;
  ms: number;
  delivered: boolean;
  /** The wait before the next attempt; undefined when there is none. */
  retryInMs: number | undefined;
}

export interface DeliverOptions {
  /** Attempts in all; Infinity keeps trying until delivered or aborted (listen keeps order this way). */
  maxAttempts: number;
  backoff: Backoff;
  timeoutMs: number;
  userAgent: string;
  signal?: AbortSignal;
  onAttempt?: (result: AttemptResult) => void;
  /** Tests: a fake clock. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

/** §6.3: Velt gives a receiver 10 s. */
export const DELIVERY_TIMEOUT_MS = 10_000;

/** Retries after 1 s, 2 s, 4 s… capped at 30 s, with a little jitter so many executions do not retry in step. */
export const DELIVERY_BACKOFF: Backoff = { baseMs: 1_000, maxMs: 30_000 };

/** Returns the last attempt; `delivered` says whether a 2xx came. Rejects only when the signal aborts. */
export async function deliver(receiver: Receiver, webhook: Webhook, options: DeliverOptions): Promise<AttemptResult> {
  const wait = options.sleep ?? abortableSleep;
  const now = options.now ?? Date.now;
  for (let attempt = 0; ; attempt++) {
    const started = now();
    const reply = await post(receiver, webhook, attempt, options);
    const delivered = reply.status !== null && reply.status >= 200 && reply.status < 300;
    const last = delivered || attempt + 1 >= options.maxAttempts;
    const retryInMs = last
      ? undefined
      : backoffDelay(attempt + 1, { ...options.backoff, jitter: options.backoff.jitter ?? 0.8 + Math.random() * 0.2 });
    const result: AttemptResult = { webhook, attempt, ...reply, ms: now() - started, delivered, retryInMs };
    options.onAttempt?.(result);
    if (retryInMs === undefined) return result;
    await wait(retryInMs, options.signal);
  }
}

async function post(
  receiver: Receiver,
  webhook: Webhook,
  attempt: number,
  options: DeliverOptions,
): Promise<{ status: number | null; error: string | null }> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const onAbort = (): void => controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) controller.abort();
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': options.userAgent,
    'x-velt-event-id': webhook.eventId,
    'x-velt-attempt': String(attempt),
  };
  if (receiver.secret !== undefined) headers['x-velt-signature'] = signatureFor(receiver.secret, webhook.body);
  try {
    // No redirects, as Velt: a 3xx is an answer, not a new destination for signed data.
    const response = await fetch(receiver.url, {
      method: 'POST',
      headers,
      body: webhook.body,
      redirect: 'manual',
      signal: controller.signal,
    });
    await response.body?.cancel().catch(() => undefined);
    return { status: response.status, error: null };
  } catch (error) {
    if (options.signal?.aborted) throw error;
    if (timedOut) return { status: null, error: `no answer within ${options.timeoutMs} ms` };
    return { status: null, error: networkProblem(error) };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** fetch says only "fetch failed"; the cause names what happened (ECONNREFUSED, ENOTFOUND…). */
function networkProblem(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message.slice(0, 120);
  return error instanceof Error ? error.message.slice(0, 120) : 'network error';
}

/**
 * Checks a receiver URL: https anywhere, plain http only to this machine (signed event data must not cross a
 * network in clear). Returns the URL or why it cannot be used.
 */
export function checkReceiverUrl(input: string): { ok: true; url: string } | { ok: false; reason: string } {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return { ok: false, reason: 'is not a URL; expected e.g. http://localhost:3000/webhooks' };
  }
  if (url.username || url.password) return { ok: false, reason: 'must not contain a user name or password' };
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname)))
    return { ok: true, url: url.toString() };
  return { ok: false, reason: 'must be https://, or http:// to localhost' };
}
