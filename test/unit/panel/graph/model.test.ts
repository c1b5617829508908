// The graph model: shape from a definition (compiled edges or plain edges with group endpoints), loop
// back-edges kept apart, the run's status overlay (latest step per node, fired edges, quorum text, loop
// passes), and the drift / definition-gone fallback drawn from the run's steps.
import { strict as assert } from 'node:assert';
import type { DefinitionView, ExecutionView } from '../../../../src/api';
import { layoutGraph } from '../../../../src/panel/graph/layout';
import { shapeOf } from '../../../../src/panel/graph/shape';
import { driftBanner, graphStatus } from '../../../../src/panel/graph/status';
import { parentOf, stepIteration } from '../../../../src/util/stepIds';

type Step = ExecutionView['steps'][number];
const node = (nodeId: string, type = 'agent') => ({
  nodeId,
  type,
  name: null,
  description: null,
  slaMs: null,
  config: {},
  reviewers: [],
});
const edge = (from: string, to: string, on = 'always', loop: number | null = null) => ({
  from: { kind: 'node' as const, nodeId: from },
  to: { kind: 'node' as const, nodeId: to },
  on,
  when: null,
  loop: loop === null ? null : { maxIterations: loop },
});
const definition = (over: Partial<DefinitionView> = {}): DefinitionView => ({
  definitionId: 'flow',
  name: 'Flow',
  description: null,
  version: 2,
  status: 'active',
  createdAt: null,
  updatedAt: null,
  tags: [],
  nodes: [],
  edges: [],
  groups: [],
  compiled: null,
  problems: [],
  skipped: 0,
  ...over,
});
const step = (stepId: string, nodeId: string, status = 'completed', extra: Partial<Step> = {}): Step => ({
  stepId,
  nodeId,
  nodeType: 'agent',
  status,
  groupId: null,
  startedAt: 1,
  completedAt: 2,
  output: {},
  error: null,
  ...extra,
});

const ROOT = 'step_draft_1793516400117_abcdef';

// A parallel review (quorum 2 of 3) fed by a group endpoint, then publish.
const quorumDefinition = definition({
  nodes: [node('draft'), node('legal', 'human'), node('brand', 'human'), node('exec', 'human'), node('publish')],
  edges: [
    { ...edge('draft', 'x'), to: { kind: 'group', groupId: 'review' } },
    { ...edge('x', 'publish', 'approve'), from: { kind: 'group', groupId: 'review' } },
  ],
  groups: [
    {
      groupId: 'review',
      memberNodeIds: ['legal', 'brand', 'exec'],
      expectedSteps: 3,
      quorum: 2,
      onQuorumMet: 'joinOnQuorum',
      requiredNodeIds: [],
    },
  ],
});
const quorumSteps = [
  step(ROOT, 'draft'),
  step(`${ROOT}__to__legal`, 'legal', 'completed', { groupId: 'review', output: { decision: 'approve' } }),
  step(`${ROOT}__to__brand`, 'brand', 'completed', { groupId: 'review', output: { decision: 'approve' } }),
  step(`${ROOT}__to__exec`, 'exec', 'cancelled', { groupId: 'review' }),
  step('group_review__to__publish', 'publish', 'running'),
];

// draft → manager (approve → done); manager reject loops back to draft (3 passes at most).
const loopDefinition = definition({
  nodes: [node('draft'), node('manager', 'human'), node('done')],
  edges: [edge('draft', 'manager'), edge('manager', 'done', 'approve'), edge('manager', 'draft', 'reject', 3)],
});
const loopSteps = [
  step(ROOT, 'draft'),
  step(`${ROOT}__to__manager`, 'manager', 'completed', { output: { decision: 'reject' } }),
  step(`${ROOT}__to__manager__to__draft`, 'draft', 'completed'),
  step(`${ROOT}__to__manager__to__draft__to__manager`, 'manager', 'waiting'),
];

describe('graph model', () => {
  it('reads step ids: parents, group successors and loop passes', () => {
    assert.deepEqual(parentOf(`${ROOT}__to__legal`, 'legal'), { stepId: ROOT });
    assert.deepEqual(parentOf('group_review__to__publish', 'publish'), { groupId: 'review' });
    assert.equal(parentOf(ROOT, 'draft'), null);
    assert.equal(stepIteration(ROOT, 'draft'), 1);
    assert.equal(stepIteration(`${ROOT}__to__manager__to__draft`, 'draft'), 2);
    assert.equal(stepIteration(`${ROOT}__to__manager__to__draft__to__manager`, 'manager'), 2);
    assert.equal(stepIteration(`${ROOT}__to__manager`, 'manager'), 1);
  });

  it('expands group endpoints to members and shows quorum progress and fired edges', () => {
    const shape = shapeOf(quorumDefinition, quorumSteps);
    assert.deepEqual(
      shape.edges.map((e) => e.id),
      [
        'draft→legal:always',
        'draft→brand:always',
        'draft→exec:always',
        'legal→publish:approve',
        'brand→publish:approve',
        'exec→publish:approve',
      ],
    );
    assert.equal(shape.uncertain.size, 0);
    const status = graphStatus(shape, { steps: quorumSteps }, quorumDefinition, null);
    assert.deepEqual(status.groups, [{ id: 'review', note: '2/3 approved, quorum 2' }]);
    assert.equal(status.nodes.find((n) => n.id === 'exec')?.status, 'cancelled');
    assert.equal(status.nodes.find((n) => n.id === 'publish')?.status, 'running');
    // Every member that ran is linked to the group's successor; exec ran too (cancelled), so its edge fired.
    assert.deepEqual(status.fired.sort(), [
      'brand→publish:approve',
      'draft→brand:always',
      'draft→exec:always',
      'draft→legal:always',
      'exec→publish:approve',
      'legal→publish:approve',
    ]);
  });

  it('leaves nodes the run has not reached without a status', () => {
    const status = graphStatus(
      shapeOf(quorumDefinition, quorumSteps.slice(0, 1)),
      { steps: quorumSteps.slice(0, 1) },
      quorumDefinition,
      null,
    );
    assert.deepEqual(
      status.nodes.map((n) => [n.id, n.status]),
      [
        ['draft', 'completed'],
        ['legal', null],
        ['brand', null],
        ['exec', null],
        ['publish', null],
      ],
    );
    assert.deepEqual(status.fired, []);
  });

  it('keeps loop back-edges out of the layered layout and counts passes', () => {
    const shape = shapeOf(loopDefinition, loopSteps);
    assert.deepEqual(
      shape.edges.map((e) => [e.id, e.back]),
      [
        ['draft→manager:always', false],
        ['manager→done:approve', false],
        ['manager→draft:reject', true],
      ],
    );
    const status = graphStatus(shape, { steps: loopSteps }, loopDefinition, null);
    assert.equal(status.nodes.find((n) => n.id === 'draft')?.note, '×2 of 3');
    assert.equal(status.nodes.find((n) => n.id === 'manager')?.status, 'waiting');
    assert.deepEqual(status.nodes.find((n) => n.id === 'manager')?.stepIds.length, 2);
    assert.ok(status.fired.includes('manager→draft:reject'), 'the back-edge fired');
    assert.ok(!status.fired.includes('manager→done:approve'));
    // The forward flow's coordinates do not depend on the back-edge.
    const withLoop = layoutGraph(shape);
    const without = layoutGraph({ ...shape, edges: shape.edges.filter((e) => !e.back) });
    assert.deepEqual(
      withLoop.nodes.map((n) => [n.id, n.x, n.y]),
      without.nodes.map((n) => [n.id, n.x, n.y]),
    );
    const back = withLoop.edges.find((e) => e.back)!;
    assert.ok(
      Math.max(...back.points.filter((_, i) => i % 2 === 0)) >= Math.max(...without.nodes.map((n) => n.x + n.w / 2)),
    );
  });

  it('uses compiled forward edges and loops when the server sent them', () => {
    const compiled = definition({
      ...loopDefinition,
      compiled: {
        forwardEdges: [
          { from: 'draft', to: 'manager', role: 'always', fromGroupId: null, toGroupId: null },
          { from: 'manager', to: 'done', role: 'approve', fromGroupId: null, toGroupId: null },
        ],
        loops: [
          {
            loopId: 'l1',
            entryNodeId: 'draft',
            bodyNodeIds: ['draft', 'manager'],
            maxIterations: 5,
            onExhausted: null,
          },
        ],
      },
    });
    const status = graphStatus(shapeOf(compiled, loopSteps), { steps: loopSteps }, compiled, null);
    assert.equal(status.nodes.find((n) => n.id === 'draft')?.note, '×2 of 5');
  });

  it('marks what the run ran that another version of the definition does not show', () => {
    const older = [...loopSteps.slice(0, 2), step(`${ROOT}__to__manager__to__legacy`, 'legacy', 'failed')];
    const shape = shapeOf(loopDefinition, older);
    assert.deepEqual([...shape.uncertain].sort(), ['legacy', 'manager→legacy:']);
    const banner = driftBanner({ definitionId: 'flow', definitionVersion: 1 }, loopDefinition, null);
    assert.match(banner ?? '', /used version 1 of flow; the definition is now at version 2/);
    assert.equal(driftBanner({ definitionId: 'flow', definitionVersion: 2 }, loopDefinition, null), null);
    const status = graphStatus(shape, { steps: older }, loopDefinition, banner);
    assert.deepEqual(status.uncertainEdges, ['manager→legacy:']);
    assert.equal(status.nodes.find((n) => n.id === 'legacy')?.uncertain, true);
    assert.notEqual(shape.key, shapeOf(loopDefinition, loopSteps).key, 'a different layout');
    assert.equal(shapeOf(loopDefinition, loopSteps).key, shapeOf(loopDefinition, loopSteps.slice(0, 1)).key);
  });

  it('draws from the run steps alone when the definition is gone', () => {
    const shape = shapeOf(null, quorumSteps);
    assert.deepEqual(
      shape.nodes.map((n) => n.id),
      ['draft', 'legal', 'brand', 'exec', 'publish'],
    );
    assert.deepEqual(shape.groups, [{ id: 'review', label: 'review', members: ['legal', 'brand', 'exec'] }]);
    assert.equal(shape.edges.length, 6);
    const banner = driftBanner({ definitionId: 'flow', definitionVersion: 1 }, null, 'it was deleted');
    assert.match(banner ?? '', /could not be read \(it was deleted\).*steps only/);
    const loops = shapeOf(null, loopSteps);
    assert.deepEqual(
      loops.edges.map((e) => [e.id, e.back]),
      [
        ['draft→manager:', false],
        ['manager→draft:', true],
      ],
    );
    const placed = layoutGraph(loops);
    assert.equal(placed.nodes.length, 2);
  });
});
