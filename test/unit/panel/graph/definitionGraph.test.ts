// A definition's graph without a run (Show Definition Graph): the run's graph model fed no steps, so every
// node is unreached, nothing fired, nothing is uncertain and there is no drift banner; the notes carry what
// the definition declares (type, SLA, loop limit, quorum); the header counts its nodes.
import { strict as assert } from 'node:assert';
import type { DefinitionView } from '../../../../src/api';
import { definitionGraph } from '../../../../src/panel/graph/definitionGraph';
import { layoutGraph } from '../../../../src/panel/graph/layout';

const node = (nodeId: string, type = 'agent', slaMs: number | null = null) => ({
  nodeId,
  type,
  name: nodeId === 'review' ? 'Legal review' : null,
  description: null,
  slaMs,
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

// draft → review (SLA 60 s; reject loops back to draft, 3 passes at most) → parallel sign-off (2 of 3) → publish.
const definition: DefinitionView = {
  definitionId: 'doc-signoff',
  name: 'Document sign-off',
  description: null,
  version: 4,
  status: 'active',
  createdAt: null,
  updatedAt: null,
  tags: [],
  nodes: [
    node('draft'),
    node('review', 'human', 60_000),
    node('a', 'human'),
    node('b', 'human'),
    node('c', 'human'),
    node('publish', 'webhook'),
  ],
  edges: [
    edge('draft', 'review'),
    edge('review', 'draft', 'reject', 3),
    { ...edge('review', 'x', 'approve'), to: { kind: 'group', groupId: 'signoff' } },
    { ...edge('x', 'publish'), from: { kind: 'group', groupId: 'signoff' } },
  ],
  groups: [
    {
      groupId: 'signoff',
      memberNodeIds: ['a', 'b', 'c'],
      expectedSteps: 3,
      quorum: 2,
      onQuorumMet: 'joinOnQuorum',
      requiredNodeIds: [],
    },
  ],
  compiled: null,
  problems: [],
  skipped: 0,
};

describe('definition graph (no run)', () => {
  it('draws every declared node and edge, none reached, none fired, no banner', () => {
    const graph = definitionGraph(definition, layoutGraph);
    assert.deepEqual(graph.header, { definitionId: 'doc-signoff', name: 'Document sign-off', version: 4, nodes: 6 });
    assert.deepEqual(graph.layout.nodes.map((n) => n.id).sort(), ['a', 'b', 'c', 'draft', 'publish', 'review']);
    assert.equal(graph.layout.nodes.find((n) => n.id === 'review')?.label, 'Legal review');
    assert.deepEqual(
      graph.layout.edges.map((e) => [e.id, e.back]),
      [
        ['draft→review:always', false],
        ['review→a:approve', false],
        ['review→b:approve', false],
        ['review→c:approve', false],
        ['a→publish:always', false],
        ['b→publish:always', false],
        ['c→publish:always', false],
        ['review→draft:reject', true],
      ],
    );
    assert.deepEqual(
      graph.layout.groups.map((g) => g.id),
      ['signoff'],
    );
    assert.ok(graph.status.nodes.every((n) => n.status === null && n.stepIds.length === 0 && !n.uncertain));
    assert.deepEqual(graph.status.fired, []);
    assert.deepEqual(graph.status.uncertainEdges, []);
    assert.equal(graph.status.banner, null);
  });

  it("notes what the definition declares instead of a run's progress", () => {
    const { status } = definitionGraph(definition, layoutGraph);
    const notes = Object.fromEntries(status.nodes.map((n) => [n.id, n.note]));
    assert.deepEqual(notes, {
      draft: 'agent · loop ≤3',
      review: 'human · SLA 1m 00s',
      a: 'human',
      b: 'human',
      c: 'human',
      publish: 'webhook',
    });
    assert.deepEqual(status.groups, [{ id: 'signoff', note: 'quorum 2 of 3' }]);
  });

  it('says once that unreadable parts are missing from the drawing', () => {
    const { status } = definitionGraph(
      { ...definition, skipped: 2, problems: ['nodes.6.nodeId: Required', 'edges.4.on: Required'] },
      layoutGraph,
    );
    assert.match(
      status.banner ?? '',
      /^2 parts of this definition could not be read and are not drawn \(nodes\.6\.nodeId/,
    );
  });
});
