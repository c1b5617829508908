// The two non-enveloped routes of velt-api.md §1.6: the inbound webhook trigger (external systems start
// runs of a definition with an `inboundWebhook` trigger) and the async webhook-node callback. Raw JSON
// in and out (no `data`/`result` wrapper), answers `{ ok, code, … }`. What the docs leave open (how
// the request names its definition and trigger, where the source event id comes from, what `filters`
// match, error codes besides `body-too-large` and `event-ignored`) is a sandbox choice listed in
// docs/sandbox.md.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { jsonResponse, type BodyRead, type SandboxResponse } from '../http';
import type { Json, JsonObject } from '../types';
import { CALLBACK_PATH, type Engine } from './engine';
import { TERMINAL_STEP } from './model';
import { CALLBACK_TOKEN_HEADER, type AsyncCallback } from './nodes';

export const TRIGGER_PATH = '/v2/workflow/webhook-inbound/trigger';
/** Trigger runs dedupe on `trig:<triggerId>:<sourceEventId>` for 24 h (velt-api.md §2.3). */
const TRIGGER_DEDUPE_MS = 24 * 60 * 60 * 1000;
const KEY = /^[A-Za-z0-9:_\-.]{1,200}$/;

export interface InboundRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  query: URLSearchParams;
  body: BodyRead;
  /** The API key the sandbox accepts. */
  apiKey: string;
}

/** The parts of a Node request the inbound routes read. */
export function inboundRequest(req: IncomingMessage, body: BodyRead, apiKey: string): InboundRequest {
  return {
    method: req.method ?? 'GET',
    headers: req.headers,
    query: new URL(req.url ?? '/', 'http://sandbox.invalid').searchParams,
    body,
    apiKey,
  };
}

type InboundHandler = (engine: Engine, request: InboundRequest) => SandboxResponse;

const reply = (status: number, code: string, extra: JsonObject = {}): SandboxResponse =>
  jsonResponse(status, { ok: status < 300 && code !== 'event-ignored', code, ...extra });
const refuse = (status: number, code: string, message: string): SandboxResponse => reply(status, code, { message });

function header(request: InboundRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Method, size and JSON object checks both routes share. */
function jsonBody(request: InboundRequest): { ok: true; value: JsonObject } | { ok: false; response: SandboxResponse } {
  if (request.method !== 'POST')
    return { ok: false, response: refuse(405, 'method-not-allowed', `Method ${request.method} not allowed; use POST`) };
  if (!request.body.ok)
    return { ok: false, response: refuse(413, 'body-too-large', 'The request body is larger than 1 MB') };
  try {
    const value = JSON.parse(request.body.text) as Json;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return { ok: true, value };
  } catch {
    /* answered below */
  }
  return { ok: false, response: refuse(400, 'invalid-json', 'The body must be a JSON object') };
}

function pathValue(source: JsonObject, path: string): Json | undefined {
  let value: Json | undefined = source;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = value[key];
  }
  return value;
}

/** Sandbox rule: every `filters` entry is a dot path into the event that must equal its value (JSON equality). */
function matches(trigger: JsonObject, event: JsonObject): boolean {
  const eventName = trigger['eventName'];
  if (typeof eventName === 'string' && event['eventName'] !== eventName && event['event'] !== eventName) return false;
  const filters = trigger['filters'];
  if (filters === null || typeof filters !== 'object' || Array.isArray(filters)) return true;
  return Object.entries(filters).every(
    ([path, expected]) => JSON.stringify(pathValue(event, path)) === JSON.stringify(expected),
  );
}

/** The event's own id when it has a usable one, else a digest of the body (a resent event dedupes). */
function sourceEventId(event: JsonObject, raw: string): string {
  const own = event['eventId'] ?? event['id'];
  if ((typeof own === 'string' || typeof own === 'number') && KEY.test(String(own))) return String(own);
  return createHash('sha256').update(raw).digest('hex').slice(0, 32);
}

const trigger: InboundHandler = (engine, request) => {
  const apiKey = header(request, 'x-velt-api-key') ?? request.query.get('apiKey') ?? undefined;
  if (apiKey === undefined) return refuse(401, 'api-key-required', 'Send the API key in x-velt-api-key or ?apiKey=');
  if (apiKey !== request.apiKey) return refuse(403, 'api-key-invalid', 'API key is not recognised');
  const parsed = jsonBody(request);
  if (!parsed.ok) return parsed.response;
  const event = parsed.value;
  const definitionId = request.query.get('definitionId') ?? event['definitionId'];
  if (typeof definitionId !== 'string')
    return refuse(400, 'definition-id-required', 'Name the definition in ?definitionId= or a definitionId field');
  const definition = engine.definitions.active(definitionId);
  if (definition === undefined || definition === 'tombstoned')
    return refuse(404, 'definition-not-found', `Definition ${definitionId} not found`);
  const triggerId = request.query.get('triggerId') ?? event['triggerId'];
  const inbound = (definition.input.triggers ?? []).filter(
    (t) => t['inboundWebhook'] !== undefined && (triggerId === undefined || t['triggerId'] === triggerId),
  );
  if (inbound.length === 0)
    return refuse(
      404,
      'trigger-not-found',
      triggerId === undefined
        ? `Definition ${definitionId} has no inboundWebhook trigger`
        : `Definition ${definitionId} has no inboundWebhook trigger "${String(triggerId)}"`,
    );
  const chosen = inbound.find((t) => matches(t, event));
  if (!chosen) return reply(200, 'event-ignored');
  const id = String(chosen['triggerId']);
  const key = `trig:${id}:${sourceEventId(event, request.body.ok ? request.body.text : '')}`;
  const dispatched = engine.dispatch({
    definitionId,
    idempotencyKey: KEY.test(key) ? key : `trig:${createHash('sha256').update(key).digest('hex').slice(0, 40)}`,
    triggerContext: event,
    dedupeWindowMs: TRIGGER_DEDUPE_MS,
  });
  if (!dispatched.ok) return refuse(409, 'dispatch-refused', dispatched.message);
  return reply(200, 'accepted', { executionId: dispatched.executionId, deduplicated: dispatched.deduplicated });
};

function callbackBody(value: JsonObject): AsyncCallback | string {
  const status = value['status'];
  if (status !== 'completed' && status !== 'failed') return 'status must be "completed" or "failed"';
  const unknown = Object.keys(value).filter((k) => !['status', 'output', 'error'].includes(k));
  if (unknown.length > 0) return `Unknown field(s): ${unknown.join(', ')}`;
  const output = value['output'];
  if (output !== undefined && (output === null || typeof output !== 'object' || Array.isArray(output)))
    return 'output must be an object';
  const error = value['error'];
  if (error !== undefined && (error === null || typeof error !== 'object' || Array.isArray(error)))
    return 'error must be an object { code?, message? }';
  const code = error?.['code'];
  const message = error?.['message'];
  return {
    status,
    ...(output ? { output } : {}),
    ...(error
      ? {
          error: {
            ...(typeof code === 'string' ? { code: code.slice(0, 200) } : {}),
            ...(typeof message === 'string' ? { message: message.slice(0, 2000) } : {}),
          },
        }
      : {}),
  };
}

const callback: InboundHandler = (engine, request) => {
  const token = header(request, CALLBACK_TOKEN_HEADER);
  if (!token) return refuse(401, 'callback-token-required', `Send the step's token in ${CALLBACK_TOKEN_HEADER}`);
  const ref = engine.callbacks.get(token);
  if (!ref) return refuse(403, 'callback-token-invalid', 'The callback token is not (or no longer) valid');
  const parsed = jsonBody(request);
  if (!parsed.ok) return parsed.response;
  const body = callbackBody(parsed.value);
  if (typeof body === 'string') return refuse(400, 'invalid-callback', body);
  engine.advance();
  const run = engine.get(ref.executionId);
  const step = run?.steps.get(ref.stepId);
  if (!run || !step || run.terminal || TERMINAL_STEP.has(step.status)) {
    engine.callbacks.delete(token);
    return refuse(409, 'step-not-waiting', `Step ${ref.stepId} is no longer waiting for a callback`);
  }
  if (step.status !== 'waiting')
    return refuse(409, 'step-not-waiting', `Step ${ref.stepId} is ${step.status}; call back after it answered`);
  engine.nodes.callbackArrived(run, step, body);
  return reply(200, 'accepted', { executionId: run.executionId, stepId: step.stepId, status: step.status });
};

/** Served next to the 14 endpoints, with their own (documented) auth and body rules. */
export const INBOUND_ROUTES: Readonly<Record<string, InboundHandler>> = {
  [TRIGGER_PATH]: trigger,
  [CALLBACK_PATH]: callback,
};
