import * as assert from 'node:assert/strict';
import {
  DefinitionListPageSchema,
  DefinitionViewSchema,
  type DefinitionView,
} from '../../../src/api/definitionSchemas';
import { createWorkflowApi } from '../../../src/api/client';
import { ApiError, userAgent, type LogLevel } from '../../../src/api';
import { startSandbox, type Sandbox } from '../../../src/sandbox/server';
import { SEEDED_DEFINITIONS } from '../../../src/sandbox/engine/seedDefinitions';

function wireDefinition(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    definitionId: 'doc-flow',
    name: 'Doc flow',
    description: null,
    version: 2,
    scope: { level: 'apiKey', organizationId: null, documentId: null },
    nodes: [
      { nodeId: 'draft', type: 'agent', config: { agentId: 'a' } },
      { nodeId: 'review', type: 'human', slaMs: 60_000, config: { reviewers: [{ userId: 'u1', mandatory: true }] } },
    ],
    edges: [{ from: 'draft', to: 'review' }],
    groups: null,
    compiled: { forwardEdges: [{ from: 'draft', to: 'review', role: 'always', when: null }], loops: [] },
    triggers: null,
    tags: null,
    custom: null,
    createdAt: 1,
    updatedAt: 2,
    status: 'active',
    ...extra,
  };
}

function read(value: unknown): DefinitionView {
  const parsed = DefinitionViewSchema.safeParse(value);
  assert.ok(parsed.success, parsed.success ? '' : parsed.error.message);
  return parsed.data;
}

describe('DefinitionView schema', () => {
  it('reads every edge endpoint form as one shape, with on defaulting to always', () => {
    const view = read(
      wireDefinition({
        edges: [
          { from: 'draft', to: { kind: 'node', nodeId: 'review' } },
          { from: { kind: 'group', groupId: 'panel' }, to: 'draft', on: 'reject', loop: { maxIterations: 3 } },
        ],
      }),
    );
    assert.deepEqual(view.edges, [
      {
        from: { kind: 'node', nodeId: 'draft' },
        to: { kind: 'node', nodeId: 'review' },
        on: 'always',
        when: null,
        loop: null,
      },
      {
        from: { kind: 'group', groupId: 'panel' },
        to: { kind: 'node', nodeId: 'draft' },
        on: 'reject',
        when: null,
        loop: { maxIterations: 3 },
      },
    ]);
  });

  it('reads declared reviewers from reviewers[] and from the legacy reviewerIds[] (all mandatory)', () => {
    const view = read(
      wireDefinition({
        nodes: [
          { nodeId: 'a', type: 'human', config: { reviewers: [{ userId: 'u1', mandatory: true }, { userId: 'u2' }] } },
          { nodeId: 'b', type: 'human', config: { reviewerIds: ['u3', 7, ''] } },
        ],
      }),
    );
    assert.deepEqual(
      view.nodes.map((n) => n.reviewers),
      [
        [
          { userId: 'u1', mandatory: true },
          { userId: 'u2', mandatory: false },
        ],
        [{ userId: 'u3', mandatory: true }],
      ],
    );
  });

  it('skips a bad node, edge or group and names it, keeping the rest', () => {
    const view = read(
      wireDefinition({
        nodes: [{ nodeId: 'draft', type: 'agent' }, { type: 'human' }, { nodeId: 'review', type: 'human' }],
        edges: [{ from: 'draft' }, { from: 'draft', to: 'review' }],
        groups: [{ groupId: 'g', memberNodeIds: 'review' }],
      }),
    );
    assert.deepEqual(
      view.nodes.map((n) => n.nodeId),
      ['draft', 'review'],
    );
    assert.equal(view.edges.length, 1);
    assert.equal(view.groups.length, 0);
    assert.equal(view.skipped, 3);
    assert.match(view.problems[0]!, /^nodes\.1\.nodeId: /);
    assert.match(view.problems[1]!, /^edges\.0\.to: /);
    assert.match(view.problems[2]!, /^groups\.0\.memberNodeIds: /);
  });

  it('keeps unknown node types and edge roles (open enums), and reads null lists as empty', () => {
    const view = read(
      wireDefinition({
        nodes: [{ nodeId: 'x', type: 'quantum', config: null }],
        edges: [{ from: 'x', to: 'x', on: 'teleport' }],
        tags: ['a', 3],
        compiled: null,
      }),
    );
    assert.equal(view.nodes[0]!.type, 'quantum');
    assert.deepEqual(view.nodes[0]!.config, {});
    assert.equal(view.edges[0]!.on, 'teleport');
    assert.deepEqual(view.tags, ['a']);
    assert.equal(view.compiled, null);
    assert.deepEqual(view.groups, []);
  });

  it('reads the legacy onReject route of older human nodes as a reject edge, unless one is authored', () => {
    const legacy = read(
      wireDefinition({
        nodes: [
          { nodeId: 'review', type: 'human', config: { reviewerIds: ['u1'], onReject: { routeToNodeId: 'draft' } } },
          { nodeId: 'draft', type: 'agent', config: {} },
        ],
        edges: [{ from: 'draft', to: 'review' }],
      }),
    );
    assert.deepEqual(legacy.edges[1], {
      from: { kind: 'node', nodeId: 'review' },
      to: { kind: 'node', nodeId: 'draft' },
      on: 'reject',
      when: null,
      loop: null,
    });
    const modern = read(
      wireDefinition({
        nodes: [{ nodeId: 'review', type: 'human', config: { onReject: { routeToNodeId: 'draft' } } }],
        edges: [{ from: 'review', to: 'fix', on: 'reject' }],
      }),
    );
    assert.equal(modern.edges.length, 1);
  });

  it('refuses a definition without an id, a version or a nodes array', () => {
    for (const broken of [{ definitionId: '' }, { version: '2' }, { nodes: null }]) {
      assert.equal(DefinitionViewSchema.safeParse(wireDefinition(broken)).success, false, JSON.stringify(broken));
    }
  });

  it('pages definitions/list by an integer cursor (a numeric string accepted), skipping unreadable items', () => {
    const parsed = DefinitionListPageSchema.safeParse({
      items: [wireDefinition(), { name: 'no id' }, wireDefinition({ definitionId: 'other' })],
      nextCursor: '1700000000000',
    });
    assert.ok(parsed.success);
    assert.deepEqual(
      parsed.data.items.map((d) => d.definitionId),
      ['doc-flow', 'other'],
    );
    assert.equal(parsed.data.nextCursor, 1_700_000_000_000);
    assert.equal(parsed.data.skipped, 1);
    assert.match(parsed.data.skippedProblems[0]!, /^items\.1\./);
    const end = DefinitionListPageSchema.safeParse({ items: [], nextCursor: null });
    assert.ok(end.success && end.data.nextCursor === null);
    assert.equal(DefinitionListPageSchema.safeParse({ items: [], nextCursor: 'abc' }).success, false);
  });
});

describe('definitions/get and definitions/list against the sandbox engine', function () {
  this.timeout(20_000);
  let sandbox: Sandbox;
  let api: ReturnType<typeof createWorkflowApi>;
  const logs: { level: LogLevel; message: string }[] = [];

  before(async () => {
    sandbox = await startSandbox({ port: 0, apiKey: 'k_defs', authToken: 't_defs' });
    api = createWorkflowApi({
      getTarget: () => ({
        baseUrl: sandbox.url,
        credentials: { apiKey: 'k_defs', authToken: 't_defs', origin: new URL(sandbox.url).origin },
      }),
      userAgent: userAgent('cli'),
      log: (level, message) => logs.push({ level, message }),
    });
  });
  after(async () => {
    await api?.close();
    await sandbox?.close();
  });

  it('reads every seeded definition whole: nodes, edges, groups, compiled edges and loops, nothing skipped', async () => {
    for (const { input, version } of SEEDED_DEFINITIONS) {
      const view = await api.getDefinition(input.definitionId);
      assert.equal(view.version, version, input.definitionId);
      assert.equal(view.skipped, 0, `${input.definitionId}: ${view.problems.join('; ')}`);
      assert.equal(view.nodes.length, input.nodes.length);
      assert.equal(view.edges.length, input.edges?.length ?? 0);
      assert.equal(view.groups.length, input.groups?.length ?? 0);
      assert.ok(view.compiled && view.compiled.forwardEdges.length > 0, input.definitionId);
    }
    const looping = await Promise.all(SEEDED_DEFINITIONS.map((d) => api.getDefinition(d.input.definitionId)));
    assert.ok(
      looping.some((d) => (d.compiled?.loops.length ?? 0) > 0),
      'a seeded definition has a loop',
    );
    assert.ok(
      looping.some((d) => d.groups.length > 0),
      'a seeded definition has a parallel group',
    );
    assert.deepEqual(
      logs.filter((l) => l.level !== 'debug'),
      [],
    );
  });

  it('lists every seeded definition across pages of one', async () => {
    const seen: string[] = [];
    let cursor: number | undefined;
    for (let page = 0; page < 20; page++) {
      const result = await api.listDefinitions({ pageSize: 1, cursor });
      seen.push(...result.items.map((d) => d.definitionId));
      if (result.nextCursor === null) break;
      cursor = result.nextCursor;
    }
    assert.deepEqual([...seen].sort(), SEEDED_DEFINITIONS.map((d) => d.input.definitionId).sort());
  });

  it('answers NOT_FOUND for an unknown definition', async () => {
    await assert.rejects(
      api.getDefinition('no-such-definition'),
      (error: unknown) => error instanceof ApiError && error.kind === 'notFound',
    );
  });
});
