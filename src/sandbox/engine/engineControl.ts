// Control API routes about the engine (under /__sandbox/, behind the control API's own checks):
// the webhook delivery log and a simulated receiver outage, problems found in --definitions files, and a
// summary of the runs.
import { jsonResponse, type SandboxResponse } from '../http';
import type { Engine } from './engine';
import type { FileProblem } from './loadDefinitions';
import { MAX_OUTAGE_MS } from './webhooks';

export interface EngineControl {
  engine: Engine;
  definitionProblems: () => readonly FileProblem[];
}

export function handleEngineControl(
  target: EngineControl,
  method: string,
  route: string,
  body = '',
): SandboxResponse | undefined {
  if (method === 'POST' && route === '/webhooks/outage') return setOutage(target.engine, body);
  if (method !== 'GET') return undefined;
  switch (route) {
    case '/webhooks':
      return jsonResponse(200, {
        ok: true,
        now: target.engine.now(),
        outageUntil: target.engine.webhooks.outage().until,
        deliveries: target.engine.webhooks.deliveries(),
      });
    case '/definitions/problems':
      return jsonResponse(200, { ok: true, problems: target.definitionProblems() });
    case '/engine': {
      const runs = target.engine.all();
      return jsonResponse(200, {
        ok: true,
        runs: runs.length,
        live: runs.filter((r) => !r.terminal).length,
        timers: target.engine.timers.size,
        now: target.engine.now(),
      });
    }
    default:
      return undefined;
  }
}

/** `POST /webhooks/outage {"durationMs": n}`: every delivery attempt fails for n ms from now; 0 ends the outage. */
function setOutage(engine: Engine, body: string): SandboxResponse {
  let durationMs: unknown;
  try {
    durationMs = (JSON.parse(body) as { durationMs?: unknown } | null)?.durationMs;
  } catch {
    durationMs = undefined;
  }
  if (typeof durationMs !== 'number' || !Number.isInteger(durationMs) || durationMs < 0 || durationMs > MAX_OUTAGE_MS)
    return jsonResponse(400, {
      ok: false,
      error: `Body must be {"durationMs": n} with n a whole number from 0 (end the outage) to ${MAX_OUTAGE_MS}`,
    });
  return jsonResponse(200, { ok: true, now: engine.now(), outageUntil: engine.webhooks.setOutage(durationMs).until });
}
