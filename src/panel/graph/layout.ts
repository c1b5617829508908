// Lays a graph shape out with dagre: its own bundle (dist/graphLayout.js), required on first use
// (graphLayoutModule in loader.ts), so dagre never weighs on activation. Forward edges are ranked top to
// bottom, members of a parallel group sit in its box; loop back-edges are left out of the ranking and
// routed along the right-hand side afterwards, so a loop never reshuffles the forward flow.
import { Graph, layout } from '@dagrejs/dagre';
import type { GraphEdge, GraphLayout, GraphNode } from '../protocol';
import type { GraphShape } from './shape';

const NODE_W = 180;
const NODE_H = 44;
const MARGIN = 24;
const BACK_LANE = 16;
const LARGE_EDGES = 60;

const round = (n: number): number => Math.round(n * 10) / 10;

export function layoutGraph(shape: GraphShape): GraphLayout {
  const g = new Graph({ compound: true, multigraph: true });
  // Large graphs: the cheaper ranker and one ordering pass keep 100 nodes / 500 edges well under a second.
  const large = shape.edges.length > LARGE_EDGES;
  g.setGraph({
    rankdir: 'TB',
    ranker: large ? 'tight-tree' : 'network-simplex',
    nodesep: 28,
    ranksep: 48,
    edgesep: 12,
    marginx: MARGIN,
    marginy: MARGIN,
  });
  g.setDefaultEdgeLabel(() => ({}));
  const groupIds = new Set(shape.groups.map((group) => group.id));
  for (const group of shape.groups) g.setNode(`group:${group.id}`, { label: group.label });
  for (const n of shape.nodes) {
    g.setNode(`node:${n.id}`, { width: NODE_W, height: NODE_H });
    if (n.group !== null && groupIds.has(n.group)) g.setParent(`node:${n.id}`, `group:${n.group}`);
  }
  for (const e of shape.edges)
    if (!e.back) g.setEdge(`node:${e.from}`, `node:${e.to}`, { label: e.on, width: e.on.length * 6, height: 14 }, e.id);
  layout(g, { disableOptimalOrderHeuristic: large });

  const nodes: GraphNode[] = shape.nodes.map((n) => {
    const placed = g.node(`node:${n.id}`);
    return { ...n, x: round(placed.x), y: round(placed.y), w: NODE_W, h: NODE_H };
  });
  const at = new Map(nodes.map((n) => [n.id, n]));
  // Keyboard order follows the drawing: top to bottom, then left to right.
  nodes.sort((a, b) => a.y - b.y || a.x - b.x);
  const groups = shape.groups.flatMap((group) => {
    const box = g.node(`group:${group.id}`);
    return box && box.width
      ? [
          {
            id: group.id,
            label: group.label,
            x: round(box.x),
            y: round(box.y),
            w: round(box.width),
            h: round(box.height),
          },
        ]
      : [];
  });
  let width = g.graph().width ?? NODE_W + 2 * MARGIN;
  const height = g.graph().height ?? NODE_H + 2 * MARGIN;
  const edges: GraphEdge[] = [];
  let lane = 0;
  for (const e of shape.edges) {
    const from = at.get(e.from)!;
    const to = at.get(e.to)!;
    if (!e.back) {
      const points = g.edge(`node:${e.from}`, `node:${e.to}`, e.id)?.points ?? [];
      edges.push({ ...e, points: points.flatMap((p: { x: number; y: number }) => [round(p.x), round(p.y)]) });
      continue;
    }
    // Out of the right edge of both nodes, up (or down) a lane of its own, and back in.
    const x = width + BACK_LANE * lane++;
    edges.push({
      ...e,
      points: [from.x + from.w / 2, from.y, x, from.y, x, to.y, to.x + to.w / 2, to.y].map(round),
    });
  }
  width += BACK_LANE * lane;
  return { width: round(width), height: round(height), nodes, edges, groups };
}
