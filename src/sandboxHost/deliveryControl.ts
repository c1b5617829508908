// The extension's client for the sandbox's webhook control routes (src/sandbox/engine/engineControl.ts):
// read the delivery log, start or end a simulated outage. Everything the child answers is checked here, at
// the edge, field by field (no zod outside src/api), and a delivery that does not fit is dropped and counted,
// so one bad entry never hides the others. vscode-free; global fetch, so activation loads no http module.
import type { Delivery, DeliveryAttempt } from '../sandbox/engine/webhooks';

/** The sandbox's CONTROL_PREFIX and CONTROL_TOKEN_HEADER (src/sandbox/control.ts; a test keeps them equal). */
export const CONTROL_PREFIX_PATH = '/__sandbox/';
export const CONTROL_TOKEN_HEADER_NAME = 'x-sandbox-control-token';

/** The part of a running sandbox the client needs. */
export interface ControlEndpoint {
  url: string;
  controlToken: string;
}

export type DeliveryState = Delivery['state'];
export type { Delivery, DeliveryAttempt };

export interface DeliveryLog {
  /** The sandbox clock when the log was read (nextAttemptAt and outageUntil are on it). */
  now: number;
  outageUntil: number | null;
  /** Oldest first, as the engine logs them. */
  deliveries: Delivery[];
  /** Entries that did not have the expected shape and were left out. */
  dropped: number;
}

export interface Outage {
  now: number;
  outageUntil: number | null;
}

/** Bounds on what the log may hold, far above what the engine keeps (2,000 deliveries of 6 attempts). */
const MAX_DELIVERIES = 10_000;
const MAX_ATTEMPTS = 20;
const MAX_TEXT = 2_048;
const STATES: readonly DeliveryState[] = ['pending', 'delivered', 'dead-lettered', 'skipped'];
const REQUEST_TIMEOUT_MS = 10_000;

export async function readDeliveryLog(sandbox: ControlEndpoint, signal?: AbortSignal): Promise<DeliveryLog> {
  const body = await controlCall(sandbox, 'GET', 'webhooks', undefined, signal);
  const now = body['now'];
  const outageUntil = body['outageUntil'];
  const raw = body['deliveries'];
  if (!isTime(now) || !(outageUntil === null || isTime(outageUntil)) || !Array.isArray(raw))
    throw new Error('The sandbox answered the delivery log in an unexpected shape. Restart the sandbox and try again.');
  const deliveries: Delivery[] = [];
  let dropped = 0;
  for (const item of raw.slice(-MAX_DELIVERIES)) {
    const delivery = parseDelivery(item);
    if (delivery) deliveries.push(delivery);
    else dropped++;
  }
  return { now, outageUntil, deliveries, dropped: dropped + Math.max(0, raw.length - MAX_DELIVERIES) };
}

/** Makes every sandbox delivery fail for `durationMs` from now; 0 ends an outage. */
export async function setDeliveryOutage(
  sandbox: ControlEndpoint,
  durationMs: number,
  signal?: AbortSignal,
): Promise<Outage> {
  const body = await controlCall(sandbox, 'POST', 'webhooks/outage', { durationMs }, signal);
  const now = body['now'];
  const outageUntil = body['outageUntil'];
  if (!isTime(now) || !(outageUntil === null || isTime(outageUntil)))
    throw new Error(
      'The sandbox answered the outage request in an unexpected shape. Restart the sandbox and try again.',
    );
  return { now, outageUntil };
}

export function parseDelivery(value: unknown): Delivery | undefined {
  if (!isRecord(value)) return undefined;
  const { deliveryId, eventId, executionId, seq, event, url, state, attempts, nextAttemptAt, note } = value;
  if (
    !isText(deliveryId) ||
    !isText(eventId) ||
    !isText(executionId) ||
    !(typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 0) ||
    !isText(event) ||
    !isText(url) ||
    !STATES.includes(state as DeliveryState) ||
    !Array.isArray(attempts) ||
    attempts.length > MAX_ATTEMPTS ||
    !(nextAttemptAt === null || isTime(nextAttemptAt)) ||
    !(note === null || isText(note))
  )
    return undefined;
  const parsedAttempts: DeliveryAttempt[] = [];
  for (const a of attempts) {
    if (!isRecord(a)) return undefined;
    const { attempt, at, status, error } = a;
    if (
      !(typeof attempt === 'number' && Number.isSafeInteger(attempt) && attempt >= 0) ||
      !isTime(at) ||
      !(status === null || (typeof status === 'number' && Number.isInteger(status) && status >= 0 && status < 1000)) ||
      !(error === null || isText(error))
    )
      return undefined;
    parsedAttempts.push({ attempt, at, status, error });
  }
  return {
    deliveryId,
    eventId,
    executionId,
    seq,
    event,
    url,
    state: state as DeliveryState,
    attempts: parsedAttempts,
    nextAttemptAt,
    note,
  };
}

async function controlCall(
  sandbox: ControlEndpoint,
  method: 'GET' | 'POST',
  route: string,
  payload: unknown,
  signal: AbortSignal | undefined,
): Promise<Record<string, unknown>> {
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(new URL(`${CONTROL_PREFIX_PATH}${route}`, sandbox.url), {
      method,
      headers: {
        [CONTROL_TOKEN_HEADER_NAME]: sandbox.controlToken,
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
      redirect: 'error',
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new Error('The sandbox did not answer. It restarts with the next request; try again.');
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!isRecord(body))
    throw new Error(`The sandbox answered ${response.status} without JSON. Restart the sandbox and try again.`);
  if (response.status !== 200 || body['ok'] !== true) {
    const reason = typeof body['error'] === 'string' ? body['error'].slice(0, 300) : `status ${response.status}`;
    throw new Error(`The sandbox refused the request: ${reason}.`);
  }
  return body;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_TEXT;
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
