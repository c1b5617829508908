// Produces a seeded execution with the engine: the seeded definition (at the version the run is pinned
// to) runs on a private virtual clock that starts at the time in the run's id, simulated actors
// (reviewers, an operator) act at fixed offsets, and the clock jumps timer to timer until the run
// reaches the point the plan asks for. The result is an engine Run, identical on every start, that the
// sandbox serves read-only next to its live engine.
import { hashString } from '../random';
import { startedAtFromId } from '../roles';
import { Engine, type DispatchInput } from './engine';
import { decide, type Decision } from './liveSeeds';
import { TERMINAL_STEP, type DefinitionInput } from './model';
import type { Run } from './run';
import { SEEDED_DEFINITIONS } from './seedDefinitions';

const HORIZON_MS = 6 * 60 * 60 * 1000;

/** Where the simulation stops: when the run ends, once a human step waits for people, or right after dispatch. */
export type StopAt = 'terminal' | 'waiting' | 'dispatched';

export interface Act {
  atMs: number;
  act: (engine: Engine, run: Run) => void;
}

export interface SeededRunPlan {
  executionId: string;
  definitionId: string;
  version: number;
  dispatch: Omit<DispatchInput, 'executionId' | 'definitionId'>;
  decisions?: readonly Decision[];
  acts?: readonly Act[];
  stopAt?: StopAt;
}

/**
 * How older versions of the seeded definitions differed from today's, so runs pinned to them run
 * the definition they were dispatched on (vendor-onboarding v4 still required a KYC body).
 */
const VERSION_VARIANTS: Readonly<Record<string, (input: DefinitionInput) => DefinitionInput>> = {
  'vendor-onboarding@4': (input) => ({
    ...input,
    nodes: input.nodes.map((n) => (n.nodeId === 'webhook-kyc' ? { ...n, requireNonEmptyOutput: true } : n)),
  }),
};

function pinnedDefinition(definitionId: string, version: number): DefinitionInput {
  const seeded = SEEDED_DEFINITIONS.find((d) => d.input.definitionId === definitionId);
  if (!seeded) throw new Error(`No seeded definition ${definitionId}`);
  return VERSION_VARIANTS[`${definitionId}@${version}`]?.(seeded.input) ?? seeded.input;
}

function reached(run: Run, stopAt: StopAt): boolean {
  if (run.terminal) return true;
  if (stopAt === 'dispatched') return true;
  if (stopAt === 'waiting')
    return [...run.steps.values()].some((s) => s.nodeType === 'human' && s.status === 'waiting');
  return false;
}

export function simulateSeededRun(plan: SeededRunPlan): Run {
  let now = startedAtFromId(plan.executionId);
  const engine = new Engine({ clock: { now: () => now }, seed: hashString(plan.executionId) });
  const input = pinnedDefinition(plan.definitionId, plan.version);
  const created = engine.definitions.create(input);
  if (!created.ok) throw new Error(`Seeded run ${plan.executionId}: ${created.message}`);
  for (let v = 1; v < plan.version; v++) engine.definitions.update(input, v);
  const result = engine.dispatch({ ...plan.dispatch, definitionId: plan.definitionId, executionId: plan.executionId });
  if (!result.ok) throw new Error(`Seeded run ${plan.executionId}: ${result.message}`);
  const run = result.run;
  for (const decision of plan.decisions ?? []) engine.timers.after(decision.atMs, () => decide(engine, run, decision));
  for (const { atMs, act } of plan.acts ?? []) engine.timers.after(atMs, () => act(engine, run));
  const stopAt = plan.stopAt ?? 'terminal';
  const end = now + HORIZON_MS;
  // Bounded: at most one jump per timer, and never past the horizon.
  for (let jumps = 0; jumps < 100_000 && !reached(run, stopAt); jumps++) {
    const next = engine.timers.nextDueAt();
    if (next === undefined || next > end) break;
    now = Math.max(now, next);
    engine.advance(now);
  }
  if (!reached(run, stopAt)) throw new Error(`Seeded run ${plan.executionId} did not reach "${stopAt}"`);
  return run;
}

/** The newest active step of a node (a loop makes several), for actors that act on "the" step. */
export function activeStep(run: Run, nodeId: string): string | undefined {
  return [...run.steps.values()].reverse().find((s) => s.nodeId === nodeId && !TERMINAL_STEP.has(s.status))?.stepId;
}
