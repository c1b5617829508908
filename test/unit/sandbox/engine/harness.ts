// A fake-clock engine for the engine tests, and definition builders.
import { Engine, type EngineOptions } from '../../../../src/sandbox/engine/engine';
import type { DefinitionInput, EdgeDef, NodeDef } from '../../../../src/sandbox/engine/model';
import type { Run } from '../../../../src/sandbox/engine/run';
import type { Json } from '../../../../src/sandbox/types';

export const T0 = 1_800_000_000_000;

export class Harness {
  time = T0;
  readonly engine: Engine;

  /** Agents approve after 5 s unless the run's triggerContext says `agentMs` / `agentDecision`. */
  constructor(options: Partial<EngineOptions> = {}) {
    this.engine = new Engine({
      clock: { now: () => this.time },
      agents: (run) => ({
        decision: run.triggerContext['agentDecision'] === 'reject' ? 'reject' : 'approve',
        durationMs: typeof run.triggerContext['agentMs'] === 'number' ? run.triggerContext['agentMs'] : 5000,
      }),
      ...options,
    });
  }

  /** Moves the fake clock and runs what became due. */
  tick(ms: number): void {
    this.time += ms;
    this.engine.advance(this.time);
  }

  define(input: DefinitionInput): void {
    const created = this.engine.definitions.create(input);
    if (!created.ok) throw new Error(created.message);
  }

  start(definitionId: string, triggerContext: Record<string, Json> = {}, agentMs?: number): Run {
    if (agentMs !== undefined) triggerContext = { ...triggerContext, agentMs };
    const result = this.engine.dispatch({ definitionId, triggerContext });
    if (!result.ok) throw new Error(result.message);
    this.tick(1000);
    return result.run;
  }

  step(
    run: Run,
    nodeId: string,
    index = 0,
  ): { stepId: string; status: string; output: Record<string, unknown>; groupId: string | null } {
    const steps = [...run.steps.values()].filter((s) => s.nodeId === nodeId);
    const found = steps[index];
    if (!found) throw new Error(`no step ${index} for node ${nodeId}; have ${[...run.steps.keys()].join(', ')}`);
    return found;
  }

  types(run: Run, external = true): string[] {
    return run.log.filter((e) => !external || !e.internal).map((e) => e.type);
  }
}

export const human = (nodeId: string, ...reviewers: (string | [string, boolean])[]): NodeDef => ({
  nodeId,
  type: 'human',
  config: {
    reviewers: reviewers.map((r) =>
      typeof r === 'string' ? { userId: r, mandatory: true } : { userId: r[0], mandatory: r[1] },
    ),
  },
});
export const agent = (nodeId: string, agentId = 'copy-agent'): NodeDef => ({
  nodeId,
  type: 'agent',
  config: { agentId, urlPath: 'documentUrl' },
});
export const notify = (nodeId: string): NodeDef => ({
  nodeId,
  type: 'notification',
  config: { channel: 'email', bodyTemplate: 'Done: {{execution.id}}', recipients: ['team@acme.example'] },
});
export const edge = (from: string, to: string, on?: EdgeDef['on'], extra: Partial<EdgeDef> = {}): EdgeDef => ({
  from,
  to,
  ...(on ? { on } : {}),
  ...extra,
});
