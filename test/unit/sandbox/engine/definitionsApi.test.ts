// Contract tests of definitions/create, update, get, list, delete over HTTP.
import * as assert from 'node:assert/strict';
import type { Sandbox } from '../../../../src/sandbox/server';
import { REVIEW_DEFINITION, fakeClockSandbox, ok, refused } from './http';

describe('sandbox engine API: definitions', function () {
  this.timeout(20_000);
  let sb: Sandbox;
  let tick: (ms: number) => void;
  beforeEach(async () => {
    ({ sb, tick } = await fakeClockSandbox());
  });
  afterEach(async () => {
    await sb.close();
  });

  it('create returns the DefinitionView with explicit nulls and compiled; a second create is ALREADY_EXISTS', async () => {
    const view = await ok(sb, 'definitions/create', {
      ...REVIEW_DEFINITION,
      webhookConfig: { url: 'https://hooks.example/x', secret: 's'.repeat(16) },
    });
    assert.equal(view['version'], 1);
    assert.equal(view['status'], 'active');
    for (const key of ['description', 'groups', 'triggers', 'tags', 'custom']) assert.equal(view[key], null, key);
    assert.deepEqual(view['scope'], { level: 'apiKey', organizationId: null, documentId: null });
    assert.deepEqual(view['edges'], REVIEW_DEFINITION.edges, 'authored edges round-trip');
    assert.equal((view['compiled'] as { forwardEdges: unknown[] }).forwardEdges.length, 3);
    assert.ok(!('webhookConfig' in view), 'webhookConfig is write-only');
    await refused(sb, 'definitions/create', REVIEW_DEFINITION, 409, 'ALREADY_EXISTS');
  });

  it('create validates strictly (paths, literal messages) and lints', async () => {
    const bad = await refused(
      sb,
      'definitions/create',
      { ...REVIEW_DEFINITION, definitionId: 'X', extra: 1 },
      400,
      'INVALID_ARGUMENT',
    );
    assert.deepEqual(
      bad.details!.issues.map((i) => i.path),
      [['data'], ['data', 'definitionId']],
    );
    const reviewers = {
      ...REVIEW_DEFINITION,
      nodes: [
        REVIEW_DEFINITION.nodes[0],
        { nodeId: 'human-review', type: 'human', config: { reviewers: [{ userId: 'u', mandatory: false }] } },
        ...REVIEW_DEFINITION.nodes.slice(2),
      ],
    };
    const noMandatory = await refused(sb, 'definitions/create', reviewers, 400, 'INVALID_ARGUMENT');
    assert.equal(noMandatory.message, 'reviewers must include at least one mandatory reviewer');
    assert.deepEqual(noMandatory.details!.issues[0]!.path, ['data', 'nodes', 1, 'config']);
    const nullDescription = await refused(
      sb,
      'definitions/create',
      { ...REVIEW_DEFINITION, description: null },
      400,
      'INVALID_ARGUMENT',
    );
    assert.equal(nullDescription.message, 'Expected string, received null');
    const lint = await refused(
      sb,
      'definitions/create',
      {
        ...REVIEW_DEFINITION,
        edges: [...REVIEW_DEFINITION.edges, { from: 'human-review', to: 'ghost', on: 'approve' }],
      },
      400,
      'INVALID_ARGUMENT',
    );
    assert.match(lint.message, /^Definition linter failed: \[.*"code":"dangling-edge"/);
    const customWithoutWhen = await refused(
      sb,
      'definitions/create',
      {
        ...REVIEW_DEFINITION,
        edges: [...REVIEW_DEFINITION.edges, { from: 'agent-draft', to: 'notify-done', on: 'custom' }],
      },
      400,
      'INVALID_ARGUMENT',
    );
    assert.match(customWithoutWhen.message, /custom/);
  });

  it('update bumps the version with ifVersion; conflicts and unknown ids are refused', async () => {
    await ok(sb, 'definitions/create', REVIEW_DEFINITION);
    tick(1000);
    const v2 = await ok(sb, 'definitions/update', { ...REVIEW_DEFINITION, name: 'Renamed', ifVersion: 1 });
    assert.deepEqual([v2['version'], v2['name']], [2, 'Renamed']);
    assert.ok((v2['updatedAt'] as number) > (v2['createdAt'] as number));
    const conflict = await refused(
      sb,
      'definitions/update',
      { ...REVIEW_DEFINITION, ifVersion: 1 },
      400,
      'FAILED_PRECONDITION',
    );
    assert.equal(conflict.message, 'Version conflict: expected 1, current 2');
    await refused(
      sb,
      'definitions/update',
      { ...REVIEW_DEFINITION, definitionId: 'nope-nope', ifVersion: 1 },
      404,
      'NOT_FOUND',
    );
    await refused(sb, 'definitions/update', REVIEW_DEFINITION, 400, 'INVALID_ARGUMENT');
    assert.equal(
      (await ok(sb, 'definitions/get', { definitionId: 'contract-test', organizationId: 'ignored' }))['version'],
      2,
    );
  });

  it('runs stay on their pinned version; delete is refused while runs are in flight, then tombstones, then purges', async () => {
    await ok(sb, 'definitions/create', REVIEW_DEFINITION);
    const { executionId } = (await ok(sb, 'executions/dispatch', { definitionId: 'contract-test' })) as {
      executionId: string;
    };
    await ok(sb, 'definitions/update', { ...REVIEW_DEFINITION, ifVersion: 1 });
    assert.equal((await ok(sb, 'executions/get', { executionId }))['definitionVersion'], 1);
    await refused(sb, 'definitions/delete', { definitionId: 'contract-test' }, 400, 'FAILED_PRECONDITION');
    await ok(sb, 'executions/cancel', { executionId });
    assert.deepEqual(await ok(sb, 'definitions/delete', { definitionId: 'contract-test' }), {
      deleted: true,
      purged: false,
      definitionId: 'contract-test',
    });
    await refused(sb, 'definitions/get', { definitionId: 'contract-test' }, 404, 'NOT_FOUND');
    await refused(sb, 'executions/dispatch', { definitionId: 'contract-test' }, 400, 'FAILED_PRECONDITION');
    assert.deepEqual(await ok(sb, 'definitions/delete', { definitionId: 'contract-test', purge: true }), {
      deleted: true,
      purged: true,
      definitionId: 'contract-test',
    });
    await refused(sb, 'definitions/delete', { definitionId: 'contract-test' }, 404, 'NOT_FOUND');
    assert.equal((await ok(sb, 'definitions/create', REVIEW_DEFINITION))['version'], 1, 'the id restarts at version 1');
    assert.equal((await ok(sb, 'executions/get', { executionId }))['status'], 'cancelled', 'old runs stay readable');
  });

  it('list pages active definitions updatedAt DESC with an integer cursor', async () => {
    for (const id of ['def-one', 'def-two', 'def-three'])
      await ok(sb, 'definitions/create', { ...REVIEW_DEFINITION, definitionId: id });
    const first = (await ok(sb, 'definitions/list', { pageSize: 2 })) as {
      items: { definitionId: string }[];
      nextCursor: number | null;
    };
    assert.deepEqual(
      first.items.map((d) => d.definitionId),
      ['def-three', 'def-two'],
    );
    assert.equal(typeof first.nextCursor, 'number');
    const all = [...first.items];
    let cursor = first.nextCursor;
    for (let pages = 0; cursor !== null && pages < 10; pages++) {
      const page = (await ok(sb, 'definitions/list', { pageSize: 2, cursor })) as {
        items: { definitionId: string; updatedAt: number }[];
        nextCursor: number | null;
      };
      all.push(...page.items);
      cursor = page.nextCursor;
    }
    assert.equal(cursor, null);
    assert.deepEqual(all.map((d) => d.definitionId).slice(0, 3), ['def-three', 'def-two', 'def-one']);
    assert.deepEqual(
      all
        .slice(3)
        .map((d) => d.definitionId)
        .sort(),
      ['contract-review', 'doc-signoff', 'invoice-approval', 'marketing-copy-approval', 'vendor-onboarding'],
      'then the seeded definitions',
    );
    const stamps = all.map((d) => (d as unknown as { updatedAt: number }).updatedAt);
    assert.ok(
      stamps.every((t, i) => i === 0 || t < stamps[i - 1]!),
      'updatedAt strictly decreasing',
    );
    await refused(sb, 'definitions/list', { cursor: '123' }, 400, 'INVALID_ARGUMENT');
    await refused(sb, 'definitions/list', { pageSize: 501 }, 400, 'INVALID_ARGUMENT');
  });
});
