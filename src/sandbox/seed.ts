// Assembles the fixed seeded executions for one sandbox instance: scripted timelines (huge,
// internalFirst, hostile, the fault roles, history) and the engine-produced finished runs
// (engine/fixtureSeeds.ts). The live seeded runs are dispatched by engine/liveSeeds.ts.
import type { ExecutionModel } from './types';
import type { ScriptTime } from './timeline';
import { SANDBOX_EXECUTIONS, startedAtFromId } from './roles';
import { plainCompleted } from './scenarios';
import { engineFixtures } from './engine/fixtureSeeds';
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
    plainCompleted('rateLimited', fixed('rateLimited')),
    plainCompleted('flaky', fixed('flaky')),
    plainCompleted('slow', fixed('slow')),
    ...historyRuns(),
  ];
  const byId = new Map(models.map((m) => [m.executionId, m]));
  return { get: (id) => byId.get(id), all: () => models };
}
