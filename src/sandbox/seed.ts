// Assembles every scripted seeded execution for one sandbox instance; all are fixed in time. The live
// seeded runs (runningLoop, runningSla, runningLongWait) are engine runs: see engine/liveSeeds.ts.
import type { ExecutionModel } from './types';
import type { ScriptTime } from './timeline';
import { SANDBOX_EXECUTIONS, startedAtFromId } from './roles';
import { cancelled, completedParallel, failed, plainCompleted } from './scenarios';
import { HugeExecution } from './huge';
import { internalFirst } from './stress';
import { hostile } from './hostile';
import { OversizeExecution } from './oversize';
import { historyRuns } from './history';

export interface Registry {
  get(executionId: string): ExecutionModel | undefined;
  all(): readonly ExecutionModel[];
}

export function buildRegistry(): Registry {
  const fixed = (role: string): ScriptTime => ({ origin: startedAtFromId(SANDBOX_EXECUTIONS[role]!), timeScale: 1, live: false });
  const models: ExecutionModel[] = [
    completedParallel(fixed('completedParallel')),
    failed(fixed('failed')),
    cancelled(fixed('cancelled')),
    new HugeExecution(),
    internalFirst(fixed('internalFirst')),
    hostile(fixed('hostile')),
    new OversizeExecution(),
    plainCompleted('rateLimited', fixed('rateLimited')),
    plainCompleted('flaky', fixed('flaky')),
    plainCompleted('slow', fixed('slow')),
    ...historyRuns(),
  ];
  const byId = new Map(models.map((m) => [m.executionId, m]));
  return { get: (id) => byId.get(id), all: () => models };
}
