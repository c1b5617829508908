// The graph's shape (what is laid out, cached by `key`): nodes, edges and groups of the definition
// (compiled forward edges when the server sent them, else the edges, group endpoints expanded to their
// members), loop back-edges apart, and — when the run used another version or the definition is gone —
// what the run's steps show (nodes and fan-outs), marked as uncertain. Pure and vscode-free.
import type { DefinitionView, EdgeEndpoint, StepView } from '../../api';
import { parentOf } from '../../util/stepIds';

export interface ShapeNode {
  id: string;
  type: string;
  label: string;
  group: string | null;
}
export interface ShapeEdge {
  id: string;
  from: string;
  to: string;
  on: string;
  back: boolean;
}
export interface GraphShape {
  /** Same key, same layout: definition id + version (+ whatever the run's steps added). */
  key: string;
  nodes: ShapeNode[];
  edges: ShapeEdge[];
  groups: { id: string; label: string; members: string[] }[];
  /** Node and edge ids drawn from the run's steps rather than the definition. */
  uncertain: Set<string>;
  /** Loops: entry node → the most iterations allowed. */
  loops: Map<string, number>;
}

export type RunSteps = Pick<StepView, 'stepId' | 'nodeId' | 'nodeType' | 'groupId'>[];

export const edgeId = (from: string, to: string, on: string): string => `${from}→${to}:${on}`;

/** Node-to-node links the steps prove were followed (a group successor links every member that ran). */
export function stepLinks(steps: RunSteps): { from: string; to: string }[] {
  const nodeOfStep = new Map(steps.map((s) => [s.stepId, s.nodeId]));
  const members = membersByGroup(steps);
  const links: { from: string; to: string }[] = [];
  for (const step of steps) {
    const parent = parentOf(step.stepId, step.nodeId);
    if (!parent) continue;
    if ('groupId' in parent) {
      for (const member of members.get(parent.groupId) ?? []) links.push({ from: member, to: step.nodeId });
    } else {
      const from = nodeOfStep.get(parent.stepId);
      if (from !== undefined) links.push({ from, to: step.nodeId });
    }
  }
  return links;
}

function membersByGroup(steps: RunSteps): Map<string, Set<string>> {
  const members = new Map<string, Set<string>>();
  for (const s of steps)
    if (s.groupId !== null) {
      const set = members.get(s.groupId) ?? new Set<string>();
      set.add(s.nodeId);
      members.set(s.groupId, set);
    }
  return members;
}

export function shapeOf(definition: DefinitionView | null, steps: RunSteps): GraphShape {
  const shape: GraphShape = { key: '', nodes: [], edges: [], groups: [], uncertain: new Set(), loops: new Map() };
  const nodeIds = new Set<string>();
  const edgeIds = new Set<string>();
  const addNode = (node: ShapeNode, uncertain: boolean): void => {
    if (nodeIds.has(node.id)) return;
    nodeIds.add(node.id);
    shape.nodes.push(node);
    if (uncertain) shape.uncertain.add(node.id);
  };
  const addEdge = (from: string, to: string, on: string, back: boolean, uncertain: boolean): void => {
    const id = edgeId(from, to, on);
    if (edgeIds.has(id) || !nodeIds.has(from) || !nodeIds.has(to)) return;
    edgeIds.add(id);
    shape.edges.push({ id, from, to, on, back });
    if (uncertain) shape.uncertain.add(id);
  };

  if (definition) {
    const groupOf = new Map<string, string>();
    for (const g of definition.groups) {
      shape.groups.push({ id: g.groupId, label: g.groupId, members: [...g.memberNodeIds] });
      for (const member of g.memberNodeIds) groupOf.set(member, g.groupId);
    }
    for (const n of definition.nodes)
      addNode({ id: n.nodeId, type: n.type, label: n.name || n.nodeId, group: groupOf.get(n.nodeId) ?? null }, false);
    const ends = (end: EdgeEndpoint): string[] =>
      end.kind === 'node'
        ? [end.nodeId]
        : (definition.groups.find((g) => g.groupId === end.groupId)?.memberNodeIds ?? []);
    const back = definition.edges.filter((e) => e.loop !== null);
    if (definition.compiled) {
      for (const e of definition.compiled.forwardEdges) addEdge(e.from, e.to, e.role, false, false);
      for (const loop of definition.compiled.loops) shape.loops.set(loop.entryNodeId, loop.maxIterations);
    } else {
      for (const e of definition.edges.filter((e) => e.loop === null))
        for (const from of ends(e.from)) for (const to of ends(e.to)) addEdge(from, to, e.on, false, false);
    }
    for (const e of back)
      for (const from of ends(e.from))
        for (const to of ends(e.to)) {
          addEdge(from, to, e.on, true, false);
          if (!definition.compiled) shape.loops.set(to, e.loop!.maxIterations);
        }
  }
  // What the run ran that the definition (another version, or none) does not show.
  const uncertain = definition !== null;
  for (const s of steps) addNode({ id: s.nodeId, type: s.nodeType, label: s.nodeId, group: s.groupId }, uncertain);
  const linked = new Set(shape.edges.map((e) => `${e.from}→${e.to}`));
  const firstStep = new Map<string, number>();
  steps.forEach((s, i) => firstStep.has(s.nodeId) || firstStep.set(s.nodeId, i));
  for (const link of stepLinks(steps)) {
    if (linked.has(`${link.from}→${link.to}`)) continue;
    linked.add(`${link.from}→${link.to}`);
    // A link to a node already above it (by first step) closes a loop: keep it out of the layered flow.
    const back = firstStep.get(link.to)! <= firstStep.get(link.from)!;
    addEdge(link.from, link.to, '', back, true);
  }
  if (!definition)
    for (const [id, members] of membersByGroup(steps)) shape.groups.push({ id, label: id, members: [...members] });
  const extra = [...shape.uncertain].sort().join(',');
  shape.key = definition
    ? `${definition.definitionId}@${definition.version}|${extra}`
    : `steps|${shape.nodes.map((n) => n.id).join(',')}|${extra}`;
  return shape;
}
