// Compiles an authored definition into the runtime graph (velt-api.md §2.3: `compiled.forwardEdges`
// with group endpoints expanded and roles compiled to predicate ASTs, `compiled.loops` derived from
// reject back-edges) and runs the linter rules of the docs. Problems carry a path into the body.
import type { CompiledEdge, DefinitionInput, EdgeDef, Endpoint, GroupDef, LoopRegion, NodeDef, Runtime } from './model';
import { decisionAst, mentionsBreached, parsePredicate, type Ast } from './predicate';

export interface LintProblem {
  code: string;
  message: string;
  path: (string | number)[];
}
export type Compiled = { ok: true; runtime: Runtime } | { ok: false; problems: LintProblem[] };

interface Resolved {
  nodeIds: string[];
  groupId?: string;
}

export function compileDefinition(input: DefinitionInput): Compiled {
  const problems: LintProblem[] = [];
  const add = (code: string, message: string, path: (string | number)[]): void => {
    problems.push({ code, message, path });
  };
  const nodes = new Map<string, NodeDef>();
  input.nodes.forEach((node, i) => {
    if (nodes.has(node.nodeId))
      add('duplicate-node-id', `Two nodes share the nodeId "${node.nodeId}"`, ['nodes', i, 'nodeId']);
    nodes.set(node.nodeId, node);
    if (node.config === undefined)
      add('node-missing-config', `Node "${node.nodeId}" has no config block`, ['nodes', i]);
  });
  const groups = new Map<string, GroupDef>();
  const groupOf = new Map<string, string>();
  (input.groups ?? []).forEach((group, i) => lintGroup(group, i, groups, groupOf, nodes, add));

  const resolve = (endpoint: Endpoint, path: (string | number)[]): Resolved | undefined => {
    const isGroup = typeof endpoint === 'object' && endpoint.kind === 'group';
    const id = typeof endpoint === 'string' ? endpoint : isGroup ? endpoint.groupId : endpoint.nodeId;
    if (id === undefined) {
      add('dangling-edge', `Endpoint needs ${isGroup ? 'groupId' : 'nodeId'}`, path);
      return undefined;
    }
    if (isGroup) {
      const group = groups.get(id);
      if (!group) {
        add('dangling-edge', `Edge references unknown group "${id}"`, path);
        return undefined;
      }
      return { nodeIds: group.memberNodeIds.filter((m) => nodes.has(m)), groupId: id };
    }
    if (!nodes.has(id)) {
      add('dangling-edge', `Edge references unknown node "${id}"`, path);
      return undefined;
    }
    return { nodeIds: [id] };
  };

  const forwardEdges: CompiledEdge[] = [];
  const backEdges: { edge: EdgeDef; index: number; from: Resolved; to: Resolved }[] = [];
  input.edges.forEach((edge, i) => {
    const from = resolve(edge.from, ['edges', i, 'from']);
    const to = resolve(edge.to, ['edges', i, 'to']);
    if (!from || !to) return;
    if (from.groupId && to.groupId) return add('dangling-edge', 'Group-to-group edges are not allowed', ['edges', i]);
    const role = edge.on ?? 'always';
    let when: Ast | null = role === 'approve' || role === 'reject' ? decisionAst(role) : null;
    if (role === 'custom' && edge.when !== undefined) {
      const parsed = parsePredicate(edge.when);
      if (!parsed.ok) return add('invalid-predicate', parsed.message, ['edges', i, 'when']);
      when = parsed.ast;
    }
    if (edge.loop) return void backEdges.push({ edge, index: i, from, to });
    const group = from.groupId ? groups.get(from.groupId) : undefined;
    if (role === 'reject' && group && group.onQuorumMet && group.onQuorumMet !== 'waitAll') {
      return add(
        'dangling-edge',
        `A forward on: "reject" from ${group.onQuorumMet} group "${group.groupId}" never fires`,
        ['edges', i],
      );
    }
    for (const f of from.nodeIds) {
      for (const t of to.nodeIds) {
        forwardEdges.push({
          from: f,
          to: t,
          role,
          when,
          ...(from.groupId ? { fromGroupId: from.groupId } : {}),
          ...(to.groupId ? { toGroupId: to.groupId } : {}),
        });
      }
    }
  });
  if (problems.length > 0) return { ok: false, problems };

  const next = new Map<string, string[]>([...nodes.keys()].map((id) => [id, []]));
  for (const e of forwardEdges) next.get(e.from)!.push(e.to);
  const cycle = findCycle(next);
  if (cycle)
    return {
      ok: false,
      problems: [
        {
          code: 'cycle-detected',
          message: `The graph has a cycle through "${cycle}"; only reject edges marked with loop may revisit a node`,
          path: ['edges'],
        },
      ],
    };
  const reach = (start: string): Set<string> => reachable(next, start);
  const roots = [...nodes.keys()].filter((id) => !forwardEdges.some((e) => e.to === id));
  const fromRoots = new Set(roots.flatMap((r) => [...reach(r)]));
  input.nodes.forEach((node, i) => {
    if (!fromRoots.has(node.nodeId))
      add('unreachable-node', `Node "${node.nodeId}" has no path from any root`, ['nodes', i]);
  });

  const loops: LoopRegion[] = [];
  const loopFrom = new Map<string, string>();
  const loopFromGroup = new Map<string, string>();
  for (const { edge, index, from, to } of backEdges) {
    const entry = to.nodeIds[0]!;
    // The terminal is one node, or (docs "Loop regions") one joinOnQuorum group with quorum === expectedSteps.
    const group = from.groupId ? groups.get(from.groupId) : undefined;
    if (to.groupId || (!group && from.nodeIds.length !== 1)) {
      add(
        'loop-body-must-have-single-terminal',
        'A loop back-edge must run from one node (or joinOnQuorum group) to one node',
        ['edges', index],
      );
      continue;
    }
    if (group && (group.onQuorumMet !== 'joinOnQuorum' || group.quorum !== group.expectedSteps)) {
      add(
        'loop-body-must-have-single-terminal',
        `A loop back-edge from group "${group.groupId}" needs onQuorumMet: "joinOnQuorum" and quorum equal to expectedSteps (${group.expectedSteps})`,
        ['edges', index, 'from'],
      );
      continue;
    }
    const terminals = from.nodeIds;
    const unreached = terminals.find((t) => !reach(entry).has(t));
    if (unreached !== undefined) {
      add('dangling-edge', `Loop back-edge: "${entry}" is not an ancestor of "${unreached}"`, ['edges', index, 'to']);
      continue;
    }
    const body = [...reach(entry)].filter((id) => terminals.some((t) => reach(id).has(t)));
    // Sandbox leniency (documented): a side branch into a dead-end node (no outgoing edges, e.g. a
    // fact-check agent next to the review) is not an exit; it is cancelled with loop-restart instead.
    // A group terminal's members share their successors (joinOnQuorum), so together they are one exit.
    const exits = body.filter(
      (id) =>
        terminals.includes(id) ||
        forwardEdges.some((e) => e.from === id && !body.includes(e.to) && (next.get(e.to) ?? []).length > 0),
    );
    const distinctExits = new Set(exits.map((id) => (terminals.includes(id) ? terminals[0]! : id)));
    if (distinctExits.size > 1)
      add(
        'loop-body-must-have-single-terminal',
        `Loop body from "${entry}" has more than one node with exits: ${exits.join(', ')}`,
        ['edges', index],
      );
    const exhausted = input.edges.findIndex(
      (e) => (e.on ?? 'always') === 'exhausted' && sameEndpoint(e.from, edge.from),
    );
    const loopId = uniqueLoopId(`loop_${entry}`, loops);
    if (loops.some((l) => l.bodyNodeIds.some((id) => body.includes(id))))
      add('loop-node-in-multiple-loops', `Loop regions overlap at "${entry}"`, ['edges', index]);
    loops.push({
      loopId,
      entryNodeId: entry,
      bodyNodeIds: body,
      maxIterations: edge.loop!.maxIterations,
      onExhausted: exhausted >= 0 ? { routeToNodeId: endpointId(input.edges[exhausted]!.to) } : null,
    });
    if (group) loopFromGroup.set(loopId, group.groupId);
    else loopFrom.set(loopId, terminals[0]!);
  }
  input.edges.forEach((e, i) => {
    if ((e.on ?? 'always') === 'exhausted' && !backEdges.some((b) => sameEndpoint(b.edge.from, e.from))) {
      add('dangling-edge', 'on: "exhausted" needs a sibling reject loop-back from the same node', ['edges', i]);
    }
  });
  input.nodes.forEach((node, i) => {
    const group = groupOf.get(node.nodeId);
    const outgoing = input.edges.filter(
      (e) => sameEndpoint(e.from, node.nodeId) || (group !== undefined && isGroup(e.from, group)),
    );
    if (node.type === 'human' && !outgoing.some((e) => e.on === 'reject'))
      add('human-requires-reject-edge', `Human node "${node.nodeId}" needs an outgoing on: "reject" edge`, [
        'nodes',
        i,
      ]);
    const compiledOut = forwardEdges.filter((e) => e.from === node.nodeId);
    if (
      node.slaMs !== undefined &&
      compiledOut.length > 0 &&
      !compiledOut.some((e) => e.role === 'always' || (e.role === 'custom' && mentionsBreached(e.when)))
    ) {
      add(
        'missing-breach-edge',
        `Node "${node.nodeId}" sets slaMs but no outgoing edge routes on a breach (add on: "always" or a custom edge testing "breached")`,
        ['nodes', i, 'slaMs'],
      );
    }
  });
  for (const group of groups.values()) {
    if (group.onQuorumMet !== 'joinOnQuorum') continue;
    const targets = group.memberNodeIds.map((m) =>
      forwardEdges
        .filter((e) => e.from === m && !e.fromGroupId)
        .map((e) => e.to)
        .sort()
        .join(','),
    );
    if (new Set(targets).size > 1)
      add(
        'group-joinonquorum-members-must-share-successors',
        `Members of "${group.groupId}" have different successors`,
        ['groups'],
      );
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    runtime: { compiled: { forwardEdges, loops }, roots, loopFrom, loopFromGroup, nodes, groups, groupOf },
  };
}

type Add = (code: string, message: string, path: (string | number)[]) => void;

function lintGroup(
  group: GroupDef,
  i: number,
  groups: Map<string, GroupDef>,
  groupOf: Map<string, string>,
  nodes: Map<string, NodeDef>,
  add: Add,
): void {
  const path = ['groups', i];
  if (groups.has(group.groupId))
    add('group-duplicate-id', `Two groups share the groupId "${group.groupId}"`, [...path, 'groupId']);
  groups.set(group.groupId, group);
  if (group.memberNodeIds.length === 0)
    add('group-members-empty', 'memberNodeIds is empty', [...path, 'memberNodeIds']);
  group.memberNodeIds.forEach((member, j) => {
    if (!nodes.has(member))
      add('group-member-missing', `Member "${member}" is not a declared node`, [...path, 'memberNodeIds', j]);
    if (groupOf.has(member) && groupOf.get(member) !== group.groupId)
      add('group-node-in-multiple-groups', `Node "${member}" is in more than one group`, [...path, 'memberNodeIds', j]);
    groupOf.set(member, group.groupId);
  });
  if (group.expectedSteps < 1)
    add('group-expected-steps-invalid', 'expectedSteps is below 1', [...path, 'expectedSteps']);
  if (group.quorum < 1 || group.quorum > group.expectedSteps)
    add('group-quorum-invalid', 'quorum must be 1..expectedSteps', [...path, 'quorum']);
  if (group.onQuorumMet === 'cancelOnQuorum' && group.quorum >= group.expectedSteps)
    add('group-cancelonquorum-requires-quorum-lt-expected', 'cancelOnQuorum requires quorum < expectedSteps', [
      ...path,
      'quorum',
    ]);
  (group.requiredNodeIds ?? []).forEach((id, j) => {
    if (!group.memberNodeIds.includes(id))
      add('group-required-not-in-members', `Required node "${id}" is not a member`, [...path, 'requiredNodeIds', j]);
  });
  if ((group.requiredNodeIds ?? []).length > group.quorum)
    add('group-required-exceeds-quorum', 'requiredNodeIds is longer than quorum', [...path, 'requiredNodeIds']);
}

function endpointId(endpoint: Endpoint): string {
  return typeof endpoint === 'string' ? endpoint : (endpoint.nodeId ?? endpoint.groupId ?? '');
}
function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  return (
    endpointId(a) === endpointId(b) &&
    (typeof a === 'string' || a.kind === 'node') === (typeof b === 'string' || b.kind === 'node')
  );
}
function isGroup(endpoint: Endpoint, groupId: string): boolean {
  return typeof endpoint === 'object' && endpoint.kind === 'group' && endpoint.groupId === groupId;
}
function uniqueLoopId(base: string, loops: LoopRegion[]): string {
  let id = base;
  for (let n = 2; loops.some((l) => l.loopId === id); n++) id = `${base}_${n}`;
  return id;
}

function reachable(next: Map<string, string[]>, start: string): Set<string> {
  const seen = new Set<string>([start]);
  const stack = [start];
  while (stack.length > 0)
    for (const to of next.get(stack.pop()!) ?? [])
      if (!seen.has(to)) {
        seen.add(to);
        stack.push(to);
      }
  return seen;
}

function findCycle(next: Map<string, string[]>): string | undefined {
  const state = new Map<string, 1 | 2>();
  const visit = (id: string): string | undefined => {
    state.set(id, 1);
    for (const to of next.get(id) ?? []) {
      if (state.get(to) === 1) return to;
      if (!state.has(to)) {
        const found = visit(to);
        if (found) return found;
      }
    }
    state.set(id, 2);
    return undefined;
  };
  for (const id of next.keys())
    if (!state.has(id)) {
      const found = visit(id);
      if (found) return found;
    }
  return undefined;
}
