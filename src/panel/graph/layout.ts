// Lays a graph shape out with dagre: its own bundle (dist/graphLayout.js), required on first use
// (graphLayoutModule in loader.ts), so dagre never weighs on activation. Forward edges are ranked top to
// bottom, members of a parallel group sit in its box; loop back-edges are left out of the ranking and
// routed along the right-hand side afterwards, so a loop never reshuffles the forward flow. A large graph
// (more than LARGE_EDGES forward edges) is laid out on its rank-defining edges only (one per node, from the
// predecessor that puts it lowest), the others drawn straight: dagre's cost grows with the edges it routes
// (a dummy node per edge and rank), and 500 routed edges took ~0.2-0.7 s where this takes a few ms.
import { Graph, layout } from '@dagrejs/dagre';
import type { GraphEdge, GraphLayout, GraphNode } from '../protocol';
import type { GraphShape, ShapeEdge } from './shape';

const NODE_W = 180;
const NODE_H = 44;
const MARGIN = 24;
const BACK_LANE = 16;
const LARGE_EDGES = 60;
/** The invisible root of a large graph's layout tree: every source hangs from it, so ranks stay longest-path. */
const ROOT = 'root:';

const round = (n: number): number => Math.round(n * 10) / 10;

/**
 * For each node with forward predecessors, the edge from the one that puts it lowest (its longest-path
 * rank): the tree that fixes every node's rank. Kahn's order over the forward edges; O(nodes + edges).
 */
export function rankTree(shape: GraphShape): Set<string> {
  const forward = shape.edges.filter((e) => !e.back);
  const waiting = new Map(shape.nodes.map((n) => [n.id, 0]));
  const out = new Map<string, ShapeEdge[]>();
  for (const e of forward) {
    waiting.set(e.to, (waiting.get(e.to) ?? 0) + 1);
    const list = out.get(e.from);
    if (list) list.push(e);
    else out.set(e.from, [e]);
  }
  const rank = new Map<string, number>();
  const parent = new Map<string, string>();
  const queue = shape.nodes.filter((n) => waiting.get(n.id) === 0).map((n) => n.id);
  for (const id of queue) rank.set(id, 0);
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    for (const e of out.get(id) ?? []) {
      const r = rank.get(id)! + 1;
      if (r > (rank.get(e.to) ?? -1)) {
        rank.set(e.to, r);
        parent.set(e.to, e.id);
      }
      const left = waiting.get(e.to)! - 1;
      waiting.set(e.to, left);
      if (left === 0) queue.push(e.to);
    }
  }
  return new Set(parent.values());
}

export function layoutGraph(shape: GraphShape): GraphLayout {
  const g = new Graph({ compound: true, multigraph: true });
  const large = shape.edges.filter((e) => !e.back).length > LARGE_EDGES;
  const tree = large ? rankTree(shape) : null;
  g.setGraph({
    rankdir: 'TB',
    ranker: 'network-simplex',
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
  const laidOut = (e: ShapeEdge): boolean => !e.back && (tree === null || tree.has(e.id));
  for (const e of shape.edges)
    if (laidOut(e))
      g.setEdge(`node:${e.from}`, `node:${e.to}`, { label: e.on, width: e.on.length * 6, height: 14 }, e.id);
  if (tree) {
    g.setNode(ROOT, { width: 0, height: 0 });
    const reached = new Set(shape.edges.filter((e) => tree.has(e.id)).map((e) => e.to));
    for (const n of shape.nodes) if (!reached.has(n.id)) g.setEdge(ROOT, `node:${n.id}`, {}, `${ROOT}${n.id}`);
  }
  layout(g, { disableOptimalOrderHeuristic: large });
  // The root's rank above the graph is not drawn: everything moves up by it.
  const top = tree ? Math.min(...shape.nodes.map((n) => g.node(`node:${n.id}`).y - NODE_H / 2)) - MARGIN : 0;

  const nodes: GraphNode[] = shape.nodes.map((n) => {
    const placed = g.node(`node:${n.id}`);
    return { ...n, x: round(placed.x), y: round(placed.y - top), w: NODE_W, h: NODE_H };
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
            y: round(box.y - top),
            w: round(box.width),
            h: round(box.height),
          },
        ]
      : [];
  });
  let width = g.graph().width ?? NODE_W + 2 * MARGIN;
  const height = (g.graph().height ?? NODE_H + 2 * MARGIN) - top;
  const edges: GraphEdge[] = [];
  let lane = 0;
  for (const e of shape.edges) {
    const from = at.get(e.from)!;
    const to = at.get(e.to)!;
    if (laidOut(e)) {
      const points = g.edge(`node:${e.from}`, `node:${e.to}`, e.id)?.points ?? [];
      edges.push({ ...e, points: points.flatMap((p: { x: number; y: number }) => [round(p.x), round(p.y - top)]) });
      continue;
    }
    if (!e.back) {
      // Not routed by dagre (a large graph): straight from the bottom of one node to the top of the other,
      // with a midpoint for the label.
      const [x1, y1, x2, y2] = [from.x, from.y + from.h / 2, to.x, to.y - to.h / 2];
      edges.push({ ...e, points: [x1, y1, (x1 + x2) / 2, (y1 + y2) / 2, x2, y2].map(round) });
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
