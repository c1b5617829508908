// The sandbox server: a loopback HTTP server that behaves like the Velt workflow read endpoints
// (envelopes, auth, strict bodies, paging) over deterministic seeded executions, with fault
// injection and a control API. Used in-process by tests and the bench, and by `node dist/sandbox.js`
// (`npm run sandbox`, and the extension's child process).
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  errorResponse,
  isLoopbackAddress,
  isLoopbackHost,
  readBody,
  writeResponse,
  type BodyRead,
  type SandboxResponse,
} from './http';
import { FaultTable, faultAction, truncateResponse, type FaultRule } from './faults';
import { requestData } from './dataFaults';
import { StatsRecorder, type SandboxStats } from './stats';
import { buildRegistry, type Registry } from './seed';
import { CONTROL_PREFIX, checkControlRequest, handleControl, newControlToken } from './control';
import { EVENTS_SHAPE, GET_SHAPE, LIST_SHAPE, getEvents, getExecution, listExecutions } from './handlers';
import { issuesMessage, validateEnvelope, type Fields, type Shape } from './validate';
import type { Engine } from './engine/engine';
import { ENGINE_ENDPOINTS, callEndpoint, startEngineHost } from './engine/host';
import { INBOUND_ROUTES, inboundRequest } from './engine/inbound';
import { handleEngineControl } from './engine/engineControl';
import type { FileProblem } from './engine/loadDefinitions';

import { SANDBOX_EXECUTIONS } from './roles';
export { SANDBOX_EXECUTIONS } from './roles';
export { CONTROL_TOKEN_HEADER } from './control';
export {
  FAULT_MODES,
  parseFaultFlag,
  parseFaultRule,
  type AnyFaultMode,
  type FaultMode,
  type FaultRule,
} from './faults';
export { DATA_FAULT_MODES, MALFORMED_TIMESTAMP, type DataFaultMode } from './dataFaults';
export type { SandboxStats } from './stats';

export interface SandboxOptions {
  /** 0 or undefined = a free port. */
  port?: number;
  /** Default 127.0.0.1; non-loopback hosts are refused. */
  host?: string;
  apiKey?: string;
  authToken?: string;
  /** The clock (tests pass a fake); running executions progress with it. */
  now?: () => number;
  /** Speed of running executions' progress; default 1. */
  timeScale?: number;
  faults?: FaultRule[];
  log?: (line: string) => void;
  /** Seed of the engine's ids and simulated outcomes (default 1): same seed, same runs. */
  seed?: number;
  /** A folder of *.json definitions (definitions/create bodies) loaded at start. */
  definitionsDir?: string;
  /** Single definition files loaded at start, after the folder (the extension's velt.sandbox.definitions). */
  definitionFiles?: readonly string[];
  /** The seeded definitions (default true); runs are only dispatched for them with `traffic`. */
  seedDefinitions?: boolean;
  /** Continuous runs with simulated reviewers (the living demo). Default false: deterministic for tests. */
  traffic?: boolean;
  /**
   * Whether executions/list shows the test fixtures made of hostile or out-of-bounds data (the hostile
   * and oversize roles). Default true (tests page through them); the demo and "Try the Sandbox" pass
   * false. Either way they stay reachable by id.
   */
  listFixtures?: boolean;
}

/** Fixtures a newcomer should not meet in the list: deliberately malicious or malformed data. */
const UNLISTED_FIXTURES: ReadonlySet<string> = new Set([
  SANDBOX_EXECUTIONS['hostile']!,
  SANDBOX_EXECUTIONS['oversize']!,
]);

/** The registry as executions/list sees it: without the hostile fixtures unless asked for. */
function listedRegistry(registry: Registry, listFixtures: boolean): Registry {
  if (listFixtures) return registry;
  return {
    get: (id) => registry.get(id),
    all: () => registry.all().filter((m) => !UNLISTED_FIXTURES.has(m.executionId)),
  };
}

export interface Sandbox {
  readonly url: string;
  readonly port: number;
  /** Required in the CONTROL_TOKEN_HEADER of every /__sandbox/ request; random per sandbox. */
  readonly controlToken: string;
  /** True once the server stopped listening (closed on purpose or by an error). */
  readonly closed: boolean;
  /** A snapshot, taken on each read. */
  readonly stats: SandboxStats;
  resetStats(): void;
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  /** The local Approval Engine behind the write endpoints (tests drive and inspect it). */
  readonly engine: Engine;
  /** Problems found in the --definitions files, per file with a path into the JSON. */
  readonly definitionProblems: readonly FileProblem[];
  /** Replaces the accepted pair, e.g. to simulate credentials revoked mid-session. */
  setCredentials(apiKey: string, authToken: string): void;
  close(): Promise<void>;
}

interface Route {
  shape: Shape;
  handle: (registry: Registry, now: number, fields: Fields) => SandboxResponse;
}

const ROUTES: Readonly<Record<string, Route>> = {
  '/v2/workflow/executions/get': { shape: GET_SHAPE, handle: getExecution },
  '/v2/workflow/executions/getEvents': { shape: EVENTS_SHAPE, handle: getEvents },
  '/v2/workflow/executions/list': { shape: LIST_SHAPE, handle: listExecutions },
};

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** The executionId named in a body, for stats and per-execution faults (even if the body is invalid). */
function executionIdOf(body: BodyRead): string | undefined {
  if (!body.ok) return undefined;
  const parsed = parseJson(body.text);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return undefined;
  const data = (parsed.value as { data?: unknown }).data;
  if (typeof data !== 'object' || data === null) return undefined;
  const id = (data as { executionId?: unknown }).executionId;
  return typeof id === 'string' ? id : undefined;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host))
    throw new Error(`The sandbox only listens on loopback (127.0.0.1, ::1, localhost), not "${host}"`);
  const timeScale = options.timeScale ?? 1;
  if (!Number.isFinite(timeScale) || timeScale <= 0) throw new Error('timeScale must be a positive number');
  const now = options.now ?? Date.now;
  const log = options.log ?? ((): void => undefined);
  let credentials = { apiKey: options.apiKey ?? 'sandbox', authToken: options.authToken ?? 'sandbox' };
  const {
    engine,
    registry,
    definitionProblems,
    stop: stopEngine,
  } = startEngineHost({ ...options, now, timeScale }, buildRegistry());
  const listed = listedRegistry(registry, options.listFixtures ?? true);
  const faults = new FaultTable();
  for (const rule of options.faults ?? []) faults.add(rule);
  const stats = new StatsRecorder();
  const pendingDelays = new Set<() => void>();
  const controlToken = newControlToken();
  let port = 0;

  /** Auth as documented: missing token is INVALID_ARGUMENT, anything else wrong is PERMISSION_DENIED. */
  function checkAuth(headers: http.IncomingHttpHeaders): SandboxResponse | undefined {
    const token = headerValue(headers['x-velt-auth-token']);
    const apiKey = headerValue(headers['x-velt-api-key']);
    if (!token) return errorResponse('INVALID_ARGUMENT', 'Auth token is required');
    if (!apiKey || apiKey !== credentials.apiKey)
      return errorResponse('PERMISSION_DENIED', 'API key is missing or not recognised');
    if (token !== credentials.authToken)
      return errorResponse('PERMISSION_DENIED', 'Auth token is not registered for this API key');
    return undefined;
  }

  /** Order: method, route, auth, content type, JSON, strict schema, handler. */
  function respond(req: http.IncomingMessage, path: string, body: BodyRead): SandboxResponse {
    const inbound = INBOUND_ROUTES[path];
    if (inbound) return inbound(engine, inboundRequest(req, body, credentials.apiKey));
    if (!body.ok) return { ...errorResponse('INVALID_ARGUMENT', 'Request body is larger than 1 MiB'), status: 413 };
    if (req.method !== 'POST') {
      const refused = errorResponse(
        'INVALID_ARGUMENT',
        `Method ${req.method ?? ''} not allowed; every endpoint is POST`,
        undefined,
        { allow: 'POST' },
      );
      return { ...refused, status: 405 };
    }
    const route = ROUTES[path];
    const endpoint = ENGINE_ENDPOINTS[path];
    if (!route && !endpoint) return errorResponse('NOT_FOUND', `No such endpoint: ${path}`);
    const denied = checkAuth(req.headers);
    if (denied) return denied;
    const contentType = headerValue(req.headers['content-type']) ?? '';
    if (!/^application\/json\b/i.test(contentType))
      return errorResponse('INVALID_ARGUMENT', 'Content-Type must be application/json');
    const parsed = parseJson(body.text);
    if (!parsed.ok) return errorResponse('INVALID_ARGUMENT', 'Request body is not valid JSON');
    engine.advance(now());
    if (endpoint) return callEndpoint(endpoint, engine, registry, parsed.value);
    if (!route) return errorResponse('NOT_FOUND', `No such endpoint: ${path}`);
    const checked = validateEnvelope(parsed.value, route.shape);
    if (!checked.ok)
      return errorResponse('INVALID_ARGUMENT', issuesMessage(checked.issues), { issues: checked.issues });
    return route.handle(route.handle === listExecutions ? listed : registry, now(), checked.data);
  }

  /** Waits `ms` unless the client leaves or the sandbox closes first; true when it is still worth answering. */
  function delay(ms: number, res: http.ServerResponse): Promise<boolean> {
    return new Promise((resolve) => {
      const finish = (answer: boolean): void => {
        clearTimeout(timer);
        res.off('close', onClose);
        pendingDelays.delete(cancel);
        resolve(answer);
      };
      const onClose = (): void => finish(false);
      const cancel = (): void => finish(false);
      const timer = setTimeout(() => finish(true), ms);
      res.on('close', onClose);
      pendingDelays.add(cancel);
    });
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const started = Date.now();
    const path = new URL(req.url ?? '/', 'http://sandbox.invalid').pathname;
    const body = await readBody(req);
    if (path.startsWith(CONTROL_PREFIX)) {
      // No Velt auth here, so never answer a non-loopback peer (defence in depth: we bind loopback anyway).
      const method = req.method ?? 'GET';
      const response = !isLoopbackAddress(req.socket.remoteAddress)
        ? { status: 403, headers: {}, body: '' }
        : (checkControlRequest({ port, token: controlToken }, method, req.headers) ??
          handleControl(control, method, path, body.ok ? body.text : ''));
      writeResponse(res, response);
      return;
    }
    const executionId = executionIdOf(body);
    stats.request(path, executionId);
    const rule = path.startsWith('/v2/') ? faults.take(path, executionId) : undefined;
    const action = rule ? faultAction(rule) : undefined;
    if (rule) stats.fault(rule.mode);
    const note = rule ? ` [fault ${rule.mode}]` : '';
    if (action?.kind === 'drop') {
      stats.outcome('dropped');
      log(`${req.method} ${path} → dropped${note}`);
      req.socket.destroy();
      return;
    }
    if (action?.kind === 'delay' && !(await delay(action.ms, res))) {
      stats.outcome('aborted');
      return;
    }
    let response =
      action?.kind === 'respond'
        ? action.response
        : action?.kind === 'rewrite' && body.ok
          ? action.rewrite({
              path,
              data: requestData(body.text),
              answer: (data) => respond(req, path, data ? { ok: true, text: JSON.stringify({ data }) } : body),
            })
          : respond(req, path, body);
    if (action?.kind === 'truncate') response = truncateResponse(response);
    if (!body.ok) response = { ...response, headers: { ...response.headers, connection: 'close' } };
    stats.outcome(response.status);
    writeResponse(res, response);
    log(
      `${req.method} ${path}${executionId ? ` ${executionId}` : ''} → ${response.status} (${Date.now() - started} ms)${note}`,
    );
  }

  const control = {
    stats: (): SandboxStats => stats.snapshot(),
    resetStats: (): void => stats.reset(),
    faults: (): FaultRule[] => faults.list(),
    addFault: (rule: FaultRule): void => faults.add(rule),
    clearFaults: (): void => faults.clear(),
    setCredentials: (apiKey: string, authToken: string): void => {
      credentials = { apiKey, authToken };
    },
    extraRoute: (method: string, route: string, body: string): SandboxResponse | undefined =>
      handleEngineControl({ engine, definitionProblems: () => definitionProblems }, method, route, body),
  };

  const server = http.createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      writeResponse(res, errorResponse('INTERNAL', 'Sandbox internal error'));
    });
  });
  server.headersTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  engine.callbackBaseUrl = url;
  let closed = false;
  server.once('close', () => {
    closed = true;
  });

  return {
    url,
    port,
    controlToken,
    get closed(): boolean {
      return closed;
    },
    get stats(): SandboxStats {
      return stats.snapshot();
    },
    engine,
    definitionProblems,
    resetStats: control.resetStats,
    addFault: control.addFault,
    clearFaults: control.clearFaults,
    setCredentials: control.setCredentials,
    close: () =>
      new Promise<void>((resolve) => {
        closed = true;
        stopEngine();
        for (const cancel of [...pendingDelays]) cancel();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
