// Orders an execution's steps in run order and gathers members of one parallel group together.
// Pure: unit-tested without VS Code; the sidebar and the CLI (get on a terminal) draw the same tree.
import type { StepView } from '../api';

export type StepEntry =
  | { kind: 'step'; step: StepView }
  | { kind: 'group'; groupId: string; steps: StepView[]; approved: number; decided: number };

export function runOrder(steps: readonly StepView[]): StepView[] {
  return steps
    .map((step, index) => ({ step, index }))
    .sort((a, b) => {
      const at = a.step.startedAt ?? Number.MAX_SAFE_INTEGER;
      const bt = b.step.startedAt ?? Number.MAX_SAFE_INTEGER;
      return at - bt || a.index - b.index;
    })
    .map(({ step }) => step);
}

export function groupSteps(steps: readonly StepView[]): StepEntry[] {
  const entries: StepEntry[] = [];
  const groups = new Map<string, Extract<StepEntry, { kind: 'group' }>>();
  for (const step of runOrder(steps)) {
    if (!step.groupId) {
      entries.push({ kind: 'step', step });
      continue;
    }
    let group = groups.get(step.groupId);
    if (!group) {
      group = { kind: 'group', groupId: step.groupId, steps: [], approved: 0, decided: 0 };
      groups.set(step.groupId, group);
      entries.push(group);
    }
    group.steps.push(step);
    const decision = step.output['decision'];
    if (decision === 'approve') group.approved++;
    if (decision === 'approve' || decision === 'reject') group.decided++;
  }
  return entries;
}

/**
 * Which run of its node each step is, for nodes that ran more than once (a loop): step id → 1, 2, …
 * in run order. Steps of nodes that ran once are absent.
 */
export function loopIterations(steps: readonly StepView[]): Map<string, number> {
  const runs = new Map<string, StepView[]>();
  for (const step of runOrder(steps)) {
    const list = runs.get(step.nodeId);
    if (list) list.push(step);
    else runs.set(step.nodeId, [step]);
  }
  const iterations = new Map<string, number>();
  for (const list of runs.values()) if (list.length > 1) list.forEach((s, i) => iterations.set(s.stepId, i + 1));
  return iterations;
}

export interface StepCounts {
  total: number;
  byStatus: Record<string, number>;
  waiting: StepView[];
}

export function countSteps(steps: readonly StepView[]): StepCounts {
  const byStatus: Record<string, number> = {};
  for (const step of steps) byStatus[step.status] = (byStatus[step.status] ?? 0) + 1;
  return { total: steps.length, byStatus, waiting: steps.filter((s) => s.status === 'waiting') };
}
