// Compile, lint and the definitions store: compiled.forwardEdges/loops, the documented linter codes
// with paths, versions, tombstone and purge, list order.
import * as assert from 'node:assert/strict';
import { compileDefinition } from '../../../../src/sandbox/engine/compile';
import { DefinitionStore, definitionView } from '../../../../src/sandbox/engine/definitions';
import type { DefinitionInput } from '../../../../src/sandbox/engine/model';
import { parsePredicate } from '../../../../src/sandbox/engine/predicate';
import { agent, edge, human, notify } from './harness';

const base = (extra: Partial<DefinitionInput> = {}): DefinitionInput => ({
  definitionId: 'marketing-copy-approval',
  name: 'Marketing copy approval',
  nodes: [agent('agent-draft'), human('human-review', 'u_reviewer_01'), agent('agent-publish'), agent('agent-rework')],
  edges: [
    edge('agent-draft', 'human-review'),
    edge('human-review', 'agent-publish', 'approve'),
    edge('human-review', 'agent-rework', 'reject'),
  ],
  ...extra,
});

function codes(input: DefinitionInput): string[] {
  const compiled = compileDefinition(input);
  return compiled.ok ? [] : compiled.problems.map((p) => p.code);
}

describe('sandbox engine: definitions', () => {
  it('compiles roles to predicate ASTs, as in the Get Definition example', () => {
    const compiled = compileDefinition(base());
    assert.ok(compiled.ok);
    assert.deepEqual(compiled.runtime.compiled, {
      forwardEdges: [
        { from: 'agent-draft', to: 'human-review', role: 'always', when: null },
        {
          from: 'human-review',
          to: 'agent-publish',
          role: 'approve',
          when: { op: 'eq', args: [{ var: 'output.decision' }, 'approve'] },
        },
        {
          from: 'human-review',
          to: 'agent-rework',
          role: 'reject',
          when: { op: 'eq', args: [{ var: 'output.decision' }, 'reject'] },
        },
      ],
      loops: [],
    });
    assert.deepEqual(compiled.runtime.roots, ['agent-draft']);
  });

  it('expands group endpoints per member with fromGroupId/toGroupId, and derives loops', () => {
    const compiled = compileDefinition(
      base({
        nodes: [agent('agent-draft'), human('a', 'u_a'), human('b', 'u_b'), notify('done'), notify('escalate')],
        edges: [
          { from: 'agent-draft', to: { kind: 'group', groupId: 'g' } },
          { from: { kind: 'group', groupId: 'g' }, to: 'done', on: 'approve' },
          { from: { kind: 'group', groupId: 'g' }, to: 'escalate', on: 'reject' },
        ],
        groups: [{ groupId: 'g', memberNodeIds: ['a', 'b'], expectedSteps: 2, quorum: 2 }],
      }),
    );
    assert.ok(compiled.ok, JSON.stringify(compiled));
    const edges = compiled.runtime.compiled.forwardEdges;
    assert.deepEqual(
      edges.filter((e) => e.from === 'agent-draft').map((e) => [e.to, e.toGroupId]),
      [
        ['a', 'g'],
        ['b', 'g'],
      ],
    );
    assert.equal(edges.filter((e) => e.fromGroupId === 'g').length, 4);

    const looped = compileDefinition(
      base({
        nodes: [agent('agent-draft'), human('human-review', 'u_a'), notify('publish'), notify('escalate')],
        edges: [
          edge('agent-draft', 'human-review'),
          edge('human-review', 'publish', 'approve'),
          edge('human-review', 'agent-draft', 'reject', { loop: { maxIterations: 3 } }),
          edge('human-review', 'escalate', 'exhausted'),
        ],
      }),
    );
    assert.ok(looped.ok, JSON.stringify(looped));
    assert.deepEqual(looped.runtime.compiled.loops, [
      {
        loopId: 'loop_agent-draft',
        entryNodeId: 'agent-draft',
        bodyNodeIds: ['agent-draft', 'human-review'],
        maxIterations: 3,
        onExhausted: { routeToNodeId: 'escalate' },
      },
    ]);
    assert.ok(
      !looped.runtime.compiled.forwardEdges.some((e) => e.to === 'agent-draft'),
      'the back-edge is not a forward edge',
    );
  });

  it('reports the documented linter codes with a path into the body', () => {
    const dup = compileDefinition(base({ nodes: [...base().nodes, agent('agent-draft')] }));
    assert.ok(!dup.ok);
    assert.deepEqual(dup.problems[0]!.path, ['nodes', 4, 'nodeId']);
    assert.deepEqual(codes(base({ edges: [...base().edges, edge('agent-draft', 'nowhere')] })), ['dangling-edge']);
    assert.deepEqual(codes(base({ edges: [...base().edges, edge('agent-rework', 'agent-draft')] })), [
      'cycle-detected',
    ]);
    assert.deepEqual(codes(base({ nodes: [...base().nodes, { nodeId: 'bare', type: 'agent' }] })), [
      'node-missing-config',
    ]);
    assert.deepEqual(
      codes(
        base({
          edges: base().edges.filter((e) => e.on !== 'reject'),
          nodes: base().nodes.filter((n) => n.nodeId !== 'agent-rework'),
        }),
      ),
      ['human-requires-reject-edge'],
    );
    assert.deepEqual(
      codes(
        base({
          nodes: base().nodes.map((n) => (n.nodeId === 'agent-draft' ? { ...n, slaMs: 1000 } : n)),
          edges: [edge('agent-draft', 'human-review', 'approve'), ...base().edges.slice(1)],
        }),
      ),
      ['missing-breach-edge'],
    );
    const groups = (g: object): string[] =>
      codes(
        base({
          groups: [
            { groupId: 'g', memberNodeIds: ['agent-publish', 'agent-rework'], expectedSteps: 2, quorum: 2, ...g },
          ],
        }),
      );
    assert.deepEqual(groups({ quorum: 3 }), ['group-quorum-invalid']);
    assert.deepEqual(groups({ onQuorumMet: 'cancelOnQuorum' }), ['group-cancelonquorum-requires-quorum-lt-expected']);
    assert.deepEqual(groups({ memberNodeIds: ['agent-publish', 'ghost'] }), ['group-member-missing']);
    assert.deepEqual(groups({ requiredNodeIds: ['agent-draft'] }), ['group-required-not-in-members']);
    assert.deepEqual(
      codes(
        base({
          edges: [...base().edges, edge('agent-draft', 'agent-publish', 'custom', { when: '{"op":"exec","args":[]}' })],
        }),
      ),
      ['invalid-predicate'],
    );
  });

  it('parses predicates safely: unknown roots, ops and bad regexes are refused', () => {
    assert.ok(parsePredicate('{"op":"eq","args":[{"var":"output.decision"},"approve"]}').ok);
    assert.ok(!parsePredicate('{"op":"eq","args":[{"var":"process.env"},1]}').ok);
    assert.ok(!parsePredicate('{"op":"regex","args":[{"var":"output.x"},"("]}').ok);
    assert.ok(!parsePredicate('not json').ok);
    let deep = '1';
    for (let i = 0; i < 40; i++) deep = `{"op":"not","args":[${deep}]}`;
    assert.ok(!parsePredicate(deep).ok);
  });

  it('store: versions, ifVersion conflicts, tombstone hides, purge frees, the id restarts at 1; list is updatedAt DESC', () => {
    const now = 1_000;
    const store = new DefinitionStore(() => now);
    assert.ok(store.create(base()).ok);
    const again = store.create(base());
    assert.ok(!again.ok && again.status === 'ALREADY_EXISTS');
    const conflict = store.update(base({ name: 'v2' }), 7);
    assert.ok(
      !conflict.ok &&
        conflict.status === 'FAILED_PRECONDITION' &&
        conflict.message === 'Version conflict: expected 7, current 1',
    );
    const v2 = store.update(base({ name: 'v2' }), 1);
    assert.ok(v2.ok && v2.value.version === 2);
    assert.equal(
      store.version('marketing-copy-approval', 1)?.input.name,
      'Marketing copy approval',
      'old versions stay readable for pinned runs',
    );
    const view = definitionView(v2.value);
    assert.deepEqual(
      [view['description'], view['groups'], view['tags'], view['custom'], view['triggers'], view['status']],
      [null, null, null, null, null, 'active'],
    );
    assert.deepEqual(view['scope'], { level: 'apiKey', organizationId: null, documentId: null });
    assert.ok(!('webhookConfig' in view));
    const blocked = store.delete('marketing-copy-approval', false, true);
    assert.ok(!blocked.ok && blocked.status === 'FAILED_PRECONDITION');
    assert.ok(store.delete('marketing-copy-approval', false, false).ok);
    assert.equal(store.active('marketing-copy-approval'), 'tombstoned');
    const gone = store.delete('marketing-copy-approval', false, false);
    assert.ok(!gone.ok && gone.status === 'NOT_FOUND');
    const recreated = store.create(base());
    assert.ok(recreated.ok && recreated.value.version === 1);
    assert.ok(store.delete('marketing-copy-approval', true, false).ok);
    assert.equal(store.active('marketing-copy-approval'), undefined);

    for (const id of ['aaa', 'bbb', 'ccc']) {
      assert.ok(store.create(base({ definitionId: id })).ok);
    }
    const page = store.list(2, undefined);
    assert.deepEqual(
      page.map((d) => d.input.definitionId),
      ['ccc', 'bbb'],
    );
    assert.deepEqual(
      store.list(2, page[1]!.updatedAt).map((d) => d.input.definitionId),
      ['aaa'],
    );
  });
});
