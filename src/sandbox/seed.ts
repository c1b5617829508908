// Assembles every seeded execution for one sandbox instance. Historical runs are fixed in time; the
// live ones are placed just before the sandbox started (staggered by a second so startedAt never ties)
// and progress at `timeScale`.
import type { ExecutionModel } from './types';
import type { ScriptTime } from './timeline';
import { SANDBOX_EXECUTIONS, startedAtFromId } from './roles';
import {
  cancelled, completedParallel, failed, plainCompleted, runningLongWait, runningLoop, runningSla,
} from './scenarios';
import { HugeExecution } from './huge';
import { internalFirst } from './stress';
import { hostile } from './hostile';
import { OversizeExecution } from './oversize';
import { historyRuns } from './history';

export interface Registry {
  get(executionId: string): ExecutionModel | undefined;
  all(): readonly ExecutionModel[];
}

export function buildRegistry(startedAt: number, timeScale: number): Registry {
  const fixed = (role: string): ScriptTime => ({ origin: startedAtFromId(SANDBOX_EXECUTIONS[role]!), timeScale: 1, live: false });
  const live = (stagger: number): ScriptTime => ({ origin: startedAt - stagger * 1000, timeScale, live: true });
  const models: ExecutionModel[] = [
    runningLoop(live(0)),
    runningSla(live(1)),
    runningLongWait(live(2)),
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
