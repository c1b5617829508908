// The graph messages cut to the protocol's bounds before they are posted (like bounds.ts does for the
// rest): every text clipped, every list capped, so a hostile or huge definition shortens, never breaks.
import { GRAPH_BOUNDS, MAX_STEPS, STEP_TEXT_BOUNDS, type GraphLayout, type GraphStatus } from '../protocol';
import { clipText } from '../bounds';

const t = (text: string): string => clipText(text, GRAPH_BOUNDS.text);
const edgeText = (text: string): string => clipText(text, 3 * GRAPH_BOUNDS.text + 2);
const MAX_POINTS = 200;

export function boundGraphLayout(layout: GraphLayout): GraphLayout {
  return {
    width: layout.width,
    height: layout.height,
    nodes: layout.nodes.slice(0, GRAPH_BOUNDS.nodes).map((n) => ({
      ...n,
      id: t(n.id),
      type: t(n.type),
      label: t(n.label),
      group: n.group === null ? null : t(n.group),
    })),
    edges: layout.edges.slice(0, GRAPH_BOUNDS.edges).map((e) => ({
      ...e,
      id: edgeText(e.id),
      from: t(e.from),
      to: t(e.to),
      on: t(e.on),
      points: e.points.slice(0, MAX_POINTS),
    })),
    groups: layout.groups.slice(0, GRAPH_BOUNDS.groups).map((g) => ({ ...g, id: t(g.id), label: t(g.label) })),
  };
}

export function boundGraphStatus(status: GraphStatus): GraphStatus {
  return {
    nodes: status.nodes.slice(0, GRAPH_BOUNDS.nodes).map((n) => ({
      id: t(n.id),
      status: n.status === null ? null : t(n.status),
      stepIds: n.stepIds.slice(0, MAX_STEPS).map((id) => clipText(id, STEP_TEXT_BOUNDS.stepId)),
      note: n.note === null ? null : clipText(n.note, GRAPH_BOUNDS.note),
      uncertain: n.uncertain,
    })),
    fired: status.fired.slice(0, GRAPH_BOUNDS.edges).map(edgeText),
    uncertainEdges: status.uncertainEdges.slice(0, GRAPH_BOUNDS.edges).map(edgeText),
    groups: status.groups
      .slice(0, GRAPH_BOUNDS.groups)
      .map((g) => ({ id: t(g.id), note: clipText(g.note, GRAPH_BOUNDS.note) })),
    banner: status.banner === null ? null : clipText(status.banner, GRAPH_BOUNDS.banner),
  };
}
