// Control API routes about the engine (under /__sandbox/, behind the control API's own checks):
// the webhook delivery log, problems found in --definitions files, and a summary of the runs.
import { jsonResponse, type SandboxResponse } from '../http';
import type { Engine } from './engine';
import type { FileProblem } from './loadDefinitions';

export interface EngineControl {
  engine: Engine;
  definitionProblems: () => readonly FileProblem[];
}

export function handleEngineControl(target: EngineControl, method: string, route: string): SandboxResponse | undefined {
  if (method !== 'GET') return undefined;
  switch (route) {
    case '/webhooks':
      return jsonResponse(200, { ok: true, deliveries: target.engine.webhooks.deliveries() });
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
