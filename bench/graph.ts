// The execution graph on the host: laying out a definition at the documented maxima (100 nodes, 500
// edges, two parallel groups, one loop) with dagre, and the restyle a status change costs (the run's
// status recomputed on the cached shape). Median of 7 runs after a warm-up. `--json` prints the figures.
import type { DefinitionView, ExecutionView } from '../src/api';
import { layoutGraph } from '../src/panel/graph/layout';
import { shapeOf } from '../src/panel/graph/shape';
import { graphStatus } from '../src/panel/graph/status';

const node = (i: number) => ({
  nodeId: `node-${i}`,
  type: i % 4 === 1 ? 'human' : 'agent',
  name: null,
  description: null,
  slaMs: null,
  config: {},
  reviewers: [],
});
const edge = (a: number, b: number, on = 'always', loop: number | null = null) => ({
  from: { kind: 'node' as const, nodeId: `node-${a}` },
  to: { kind: 'node' as const, nodeId: `node-${b}` },
  on,
  when: null,
  loop: loop === null ? null : { maxIterations: loop },
});

/** 10 ranks of 10 nodes; each node feeds 5 of the next rank (450 edges), 49 skip a rank, 1 loops back. */
function definition(): DefinitionView {
  const edges = [];
  for (let r = 0; r < 9; r++)
    for (let a = 0; a < 10; a++)
      for (let k = 0; k < 5; k++)
        edges.push(edge(r * 10 + a, (r + 1) * 10 + ((a + k * 3) % 10), k % 2 ? 'reject' : 'approve'));
  for (let j = 0; j < 49; j++) edges.push(edge(j, j + 20));
  edges.push(edge(90, 0, 'reject', 3));
  const group = (id: string, from: number) => ({
    groupId: id,
    memberNodeIds: [0, 1, 2].map((k) => `node-${from + k}`),
    expectedSteps: 3,
    quorum: 2,
    onQuorumMet: 'joinOnQuorum',
    requiredNodeIds: [],
  });
  return {
    definitionId: 'bench',
    name: 'Bench',
    description: null,
    version: 1,
    status: 'active',
    createdAt: null,
    updatedAt: null,
    tags: [],
    nodes: Array.from({ length: 100 }, (_, i) => node(i)),
    edges,
    groups: [group('g1', 30), group('g2', 60)],
    compiled: null,
    problems: [],
    skipped: 0,
  };
}

function steps(count: number, lastStatus: string): ExecutionView['steps'] {
  let id = 'step_node-0_1793516400117_abcdef';
  return Array.from({ length: count }, (_, i) => {
    const nodeId = `node-${(i * 10) % 100}`;
    if (i > 0) id = `${id}__to__${nodeId}`;
    return {
      stepId: id,
      nodeId,
      nodeType: 'agent',
      status: i === count - 1 ? lastStatus : 'completed',
      groupId: null,
      startedAt: i,
      completedAt: i + 1,
      output: {},
      error: null,
    };
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function time(run: () => void, times = 7): number {
  run();
  return median(
    Array.from({ length: times }, () => {
      const start = performance.now();
      run();
      return performance.now() - start;
    }),
  );
}

const def = definition();
const running = steps(10, 'running');
const shape = shapeOf(def, running);
const layoutMs = time(() => layoutGraph(shapeOf(def, running)));
const restyleMs = time(
  () => graphStatus(shapeOf(def, steps(10, 'completed')), { steps: steps(10, 'completed') }, def, null),
  50,
);
const figures = { nodes: shape.nodes.length, edges: shape.edges.length, layoutMs, restyleMs };
console.log(
  `graph layout, ${figures.nodes} nodes / ${figures.edges} edges: ${layoutMs.toFixed(1)} ms (goal 100 ms); restyle on a status change (host): ${restyleMs.toFixed(2)} ms (goal 16 ms)`,
);
if (process.argv.includes('--json')) console.log(JSON.stringify(figures));
