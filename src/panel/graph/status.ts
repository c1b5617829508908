// The run drawn on the graph's shape: each node's status (its latest step) and steps, the edges the run
// followed, quorum progress per group ("2/3 approved, quorum 2"), loop passes ("×2 of 3"), and a banner
// when the run used another version of the definition or the definition is gone. Pure and vscode-free.
import type { DefinitionView, ExecutionView } from '../../api';
import { stepIteration } from '../../util/stepIds';
import type { GraphNodeStatus, GraphStatus } from '../protocol';
import { stepLinks, type GraphShape } from './shape';

type Steps = ExecutionView['steps'];

/** Why the graph shows the current definition or the run's steps only; null when they agree. */
export function driftBanner(
  execution: Pick<ExecutionView, 'definitionId' | 'definitionVersion'>,
  definition: DefinitionView | null,
  definitionProblem: string | null,
): string | null {
  if (!definition)
    return `The definition ${execution.definitionId} could not be read (${definitionProblem ?? 'unknown reason'}). The graph is drawn from this run's steps only: nodes it has not reached are missing and edge labels are unknown.`;
  if (execution.definitionVersion !== null && execution.definitionVersion !== definition.version)
    return `This run used version ${execution.definitionVersion} of ${definition.definitionId}; the definition is now at version ${definition.version} and older versions cannot be read. The current version is drawn; dashed parts come from this run's steps and may differ.`;
  return null;
}

function quorumNote(steps: Steps, members: readonly string[], quorum: number | null, expected: number | null): string {
  const inGroup = steps.filter((s) => members.includes(s.nodeId));
  const approved = inGroup.filter((s) =>
    typeof s.output['decision'] === 'string' ? s.output['decision'] === 'approve' : s.status === 'completed',
  ).length;
  const total = expected ?? members.length;
  return `${approved}/${total} approved, quorum ${quorum ?? total}`;
}

export function graphStatus(
  shape: GraphShape,
  execution: Pick<ExecutionView, 'steps'>,
  definition: DefinitionView | null,
  banner: string | null,
): GraphStatus {
  const steps = execution.steps;
  const byNode = new Map<string, Steps>();
  for (const s of steps) {
    const list = byNode.get(s.nodeId);
    if (list) list.push(s);
    else byNode.set(s.nodeId, [s]);
  }
  const nodes: GraphNodeStatus[] = shape.nodes.map((n) => {
    const mine = byNode.get(n.id) ?? [];
    const max = shape.loops.get(n.id);
    const passes = Math.max(0, ...mine.map((s) => stepIteration(s.stepId, s.nodeId)));
    return {
      id: n.id,
      status: mine.at(-1)?.status ?? null,
      stepIds: mine.map((s) => s.stepId),
      note: max !== undefined && passes > 0 ? `×${passes} of ${max}` : passes > 1 ? `×${passes}` : null,
      uncertain: shape.uncertain.has(n.id),
    };
  });
  const followed = new Set(stepLinks(steps).map((l) => `${l.from}→${l.to}`));
  const fired = shape.edges.filter((e) => followed.has(`${e.from}→${e.to}`)).map((e) => e.id);
  const groups = shape.groups.map((g) => {
    const declared = definition?.groups.find((d) => d.groupId === g.id);
    return { id: g.id, note: quorumNote(steps, g.members, declared?.quorum ?? null, declared?.expectedSteps ?? null) };
  });
  return {
    nodes,
    fired,
    uncertainEdges: shape.edges.filter((e) => shape.uncertain.has(e.id)).map((e) => e.id),
    groups,
    banner,
  };
}
