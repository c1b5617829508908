// The control API for tests and demos running in another process: stats, faults, credentials and
// the seeded ids, under /__sandbox/. It needs no Velt credentials, so the server answers it on
// loopback connections only. Bodies are plain JSON (no `data` envelope).
import { jsonResponse, type SandboxResponse } from './http';
import { parseFaultRule, type FaultRule } from './faults';
import type { SandboxStats } from './stats';
import { SANDBOX_EXECUTIONS } from './roles';

export const CONTROL_PREFIX = '/__sandbox/';

export interface ControlTarget {
  stats(): SandboxStats;
  resetStats(): void;
  faults(): FaultRule[];
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  setCredentials(apiKey: string, authToken: string): void;
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
      if (typeof value !== 'object' || value === null) return problem(400, 'Body must be {"apiKey": string, "authToken": string}');
      const { apiKey, authToken } = value as { apiKey?: unknown; authToken?: unknown };
      if (typeof apiKey !== 'string' || typeof authToken !== 'string' || apiKey === '' || authToken === '') {
        return problem(400, 'Body must be {"apiKey": string, "authToken": string}');
      }
      target.setCredentials(apiKey, authToken);
      return jsonResponse(200, { ok: true });
    }
    default:
      return problem(404, `Unknown control route ${method} ${path}`);
  }
}
