// A definition's graph without a run (Show Definition Graph): the same shape and status model as a run's
// Graph tab, fed no steps, so every node is unreached, no edge has fired and there is no drift banner. The
// notes say what the definition declares instead of run progress: a node's type, SLA and loop limit, a
// group's quorum. Pure and vscode-free.
import type { DefinitionView } from '../../api';
import { formatDuration } from '../../util/format';
import type { GraphLayout, GraphStatus, PanelDefinition } from '../protocol';
import { shapeOf, type GraphShape } from './shape';
import { graphStatus } from './status';

export interface DefinitionGraph {
  header: PanelDefinition;
  layout: GraphLayout;
  status: GraphStatus;
}

export function definitionGraph(
  definition: DefinitionView,
  layoutGraph: (shape: GraphShape) => GraphLayout,
): DefinitionGraph {
  const shape = shapeOf(definition, []);
  const status = graphStatus(shape, { steps: [] }, definition, null);
  const declared = new Map(definition.nodes.map((n) => [n.nodeId, n]));
  return {
    header: {
      definitionId: definition.definitionId,
      name: definition.name,
      version: definition.version,
      nodes: definition.nodes.length,
    },
    layout: layoutGraph(shape),
    status: {
      ...status,
      nodes: status.nodes.map((n) => {
        const node = declared.get(n.id);
        const loop = shape.loops.get(n.id);
        const notes = [
          node?.type ?? '',
          node?.slaMs != null ? `SLA ${formatDuration(node.slaMs)}` : '',
          loop !== undefined ? `loop ≤${loop}` : '',
        ];
        return { ...n, note: notes.filter(Boolean).join(' · ') || null };
      }),
      groups: definition.groups.map((g) => ({
        id: g.groupId,
        note: `quorum ${g.quorum ?? g.expectedSteps ?? g.memberNodeIds.length} of ${g.expectedSteps ?? g.memberNodeIds.length}`,
      })),
      banner: skippedBanner(definition),
    },
  };
}

/** Parts the API sent in a shape we could not read are missing from the drawing: say so once. */
function skippedBanner(definition: DefinitionView): string | null {
  if (definition.skipped === 0) return null;
  const parts = definition.skipped === 1 ? 'One part' : `${definition.skipped} parts`;
  return `${parts} of this definition could not be read and ${definition.skipped === 1 ? 'is' : 'are'} not drawn (${definition.problems[0] ?? 'unknown problem'}). Open Definition shows its JSON.`;
}
