// The control API for tests and demos running in another process: stats, faults, credentials and
// the seeded ids, under /__sandbox/. Bodies are plain JSON (no `data` envelope). It needs no Velt
// credentials, so besides answering loopback peers only, every request must carry:
//   - a loopback Host with the sandbox's port, so a web page cannot reach it through DNS rebinding;
//   - the per-process token (CONTROL_TOKEN_HEADER), so no page can guess its way in;
//   - `content-type: application/json` on anything but GET, so no form or simple request gets through;
//   - no Origin header from another origin.
// Fault rules are bounded in number and size, so a caller cannot grow the server without limit.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { jsonResponse, type SandboxResponse } from './http';
import { parseFaultRule, type FaultRule } from './faults';
import type { SandboxStats } from './stats';
import { SANDBOX_EXECUTIONS } from './roles';

export const CONTROL_PREFIX = '/__sandbox/';
export const CONTROL_TOKEN_HEADER = 'x-sandbox-control-token';
export const MAX_FAULT_RULES = 100;
export const MAX_FAULT_RULE_BYTES = 4 * 1024;

/** A fresh random token for one sandbox process. */
export function newControlToken(): string {
  return randomBytes(24).toString('base64url');
}

export interface ControlGuard {
  port: number;
  token: string;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** `127.0.0.1:port`, `localhost:port` or `[::1]:port`, exactly. */
function isLoopbackAuthority(authority: string, port: number): boolean {
  return ['127.0.0.1', 'localhost', '[::1]'].some((host) => authority.toLowerCase() === `${host}:${port}`);
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The refusal for a control request that fails a check, or undefined when it may proceed. */
export function checkControlRequest(
  guard: ControlGuard,
  method: string,
  headers: IncomingHttpHeaders,
): SandboxResponse | undefined {
  const host = first(headers.host) ?? '';
  if (!isLoopbackAuthority(host, guard.port))
    return problem(403, `Host "${host.slice(0, 100)}" is not this sandbox (use 127.0.0.1:${guard.port})`);
  const origin = first(headers.origin);
  if (
    origin !== undefined &&
    !(origin.startsWith('http://') && isLoopbackAuthority(origin.slice('http://'.length), guard.port))
  ) {
    return problem(403, 'Requests from web pages are not accepted');
  }
  const token = first(headers[CONTROL_TOKEN_HEADER]);
  if (!token) return problem(401, `Missing ${CONTROL_TOKEN_HEADER} header (the token is printed by npm run sandbox)`);
  if (!sameSecret(token, guard.token)) return problem(403, `Wrong ${CONTROL_TOKEN_HEADER}`);
  const contentType = first(headers['content-type']) ?? '';
  if (method !== 'GET' && !/^application\/json\s*(?:;|$)/i.test(contentType))
    return problem(415, 'Content-Type must be application/json');
  return undefined;
}

export interface ControlTarget {
  stats(): SandboxStats;
  resetStats(): void;
  faults(): FaultRule[];
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  setCredentials(apiKey: string, authToken: string): void;
  /** Routes owned by other modules (the engine's delivery log); undefined when not theirs. */
  extraRoute?(method: string, route: string, body: string): SandboxResponse | undefined;
}

function problem(status: number, message: string): SandboxResponse {
  return jsonResponse(status, { ok: false, error: message });
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

export function handleControl(target: ControlTarget, method: string, path: string, body: string): SandboxResponse {
  const route = `${method} ${path.slice(CONTROL_PREFIX.length - 1)}`;
  switch (route) {
    case 'GET /stats':
      return jsonResponse(200, target.stats());
    case 'POST /reset-stats':
      target.resetStats();
      return jsonResponse(200, { ok: true });
    case 'GET /executions':
      return jsonResponse(200, SANDBOX_EXECUTIONS);
    case 'GET /faults':
      return jsonResponse(200, { ok: true, faults: target.faults() });
    case 'DELETE /faults':
      target.clearFaults();
      return jsonResponse(200, { ok: true, faults: [] });
    case 'POST /faults': {
      if (Buffer.byteLength(body) > MAX_FAULT_RULE_BYTES)
        return problem(400, `A fault rule must be at most ${MAX_FAULT_RULE_BYTES} bytes`);
      if (target.faults().length >= MAX_FAULT_RULES)
        return problem(400, `At most ${MAX_FAULT_RULES} fault rules; DELETE /__sandbox/faults first`);
      const parsed = parseJson(body);
      if (!parsed.ok) return problem(400, 'Body must be a JSON fault rule');
      const check = parseFaultRule(parsed.value);
      if (!check.ok) return problem(400, check.message);
      target.addFault(check.rule);
      return jsonResponse(200, { ok: true, faults: target.faults() });
    }
    case 'POST /credentials': {
      const parsed = parseJson(body);
      const value = parsed.ok ? parsed.value : undefined;
      if (typeof value !== 'object' || value === null)
        return problem(400, 'Body must be {"apiKey": string, "authToken": string}');
      const { apiKey, authToken } = value as { apiKey?: unknown; authToken?: unknown };
      if (typeof apiKey !== 'string' || typeof authToken !== 'string' || apiKey === '' || authToken === '') {
        return problem(400, 'Body must be {"apiKey": string, "authToken": string}');
      }
      target.setCredentials(apiKey, authToken);
      return jsonResponse(200, { ok: true });
    }
    default:
      return (
        target.extraRoute?.(method, route.slice(method.length + 1), body) ??
        problem(404, `Unknown control route ${method} ${path}`)
      );
  }
}
