// Assembles the fixed seeded executions for one sandbox instance. Engine-produced (engine/seededRun.ts):
// completedParallel, failed, cancelled, the fault roles' runs (engine/fixtureSeeds.ts) and the 120
// history runs (engine/historySeeds.ts). Scripted, because no valid definition run can produce them:
// huge (100,003 events; the documented limits of 100 nodes and 20 loop iterations bound a run to a
// few thousand), internalFirst (3,000 internal seqs before execution.dispatched), hostile and oversize
// (deliberately malformed ids, enums and field sizes the API's schemas refuse). The live seeded runs
// are dispatched by engine/liveSeeds.ts.
import type { ExecutionModel } from './types';
import type { ScriptTime } from './timeline';
import { SANDBOX_EXECUTIONS, startedAtFromId } from './roles';
import { engineFixtures } from './engine/fixtureSeeds';
import { historyRuns } from './engine/historySeeds';
import { HugeExecution } from './huge';
import { internalFirst } from './stress';
import { hostile } from './hostile';
import { OversizeExecution } from './oversize';

export interface Registry {
  get(executionId: string): ExecutionModel | undefined;
  all(): readonly ExecutionModel[];
}

export function buildRegistry(): Registry {
  const fixed = (role: string): ScriptTime => ({
    origin: startedAtFromId(SANDBOX_EXECUTIONS[role]!),
    timeScale: 1,
    live: false,
  });
  const models: ExecutionModel[] = [
    ...engineFixtures(),
    new HugeExecution(),
    internalFirst(fixed('internalFirst')),
    hostile(fixed('hostile')),
    new OversizeExecution(),
    ...historyRuns(),
  ];
  const byId = new Map(models.map((m) => [m.executionId, m]));
  return { get: (id) => byId.get(id), all: () => models };
}
