// --definitions <dir>: *.json files validated like definitions/create, problems per file with a
// path into the JSON, good files loaded (and winning over a seeded definition with the same id).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { jsonPath } from '../../../../src/sandbox/engine/loadDefinitions';
import { REVIEW_DEFINITION, fakeClockSandbox, ok } from './http';

describe('sandbox engine: --definitions folder', function () {
  this.timeout(20_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'velt-defs-'));
    const write = (name: string, value: unknown): void =>
      fs.writeFileSync(path.join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));
    write('good.json', REVIEW_DEFINITION);
    write('override.json', { ...REVIEW_DEFINITION, definitionId: 'doc-signoff', name: 'My doc sign-off' });
    write('schema.json', {
      ...REVIEW_DEFINITION,
      definitionId: 'schema-bad',
      nodes: [REVIEW_DEFINITION.nodes[0], { ...REVIEW_DEFINITION.nodes[1], config: { reviewers: [] } }],
    });
    write('lint.json', {
      ...REVIEW_DEFINITION,
      definitionId: 'lint-bad',
      nodes: [
        ...REVIEW_DEFINITION.nodes,
        { nodeId: 'timed', type: 'agent', slaMs: 5000, config: { agentId: 'a', url: 'https://x.example' } },
      ],
      edges: [
        ...REVIEW_DEFINITION.edges,
        { from: 'agent-draft', to: 'timed' },
        { from: 'timed', to: 'notify-done', on: 'approve' },
      ],
    });
    write('broken.json', '{ "definitionId": ');
    write('notes.txt', 'ignored');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('loads good files and reports each bad one with a JSON path', async () => {
    const { sb } = await fakeClockSandbox({ definitionsDir: dir });
    try {
      const problems = sb.definitionProblems.map((p) => [path.basename(p.file), p.path, p.code]);
      assert.deepEqual(problems, [
        ['broken.json', '$', 'invalid-json'],
        ['lint.json', '$.nodes[4].slaMs', 'missing-breach-edge'],
        ['schema.json', '$.nodes[1].config.reviewers', 'too_small'],
        ['schema.json', '$.nodes[1].config', 'custom'],
      ]);
      assert.equal((await ok(sb, 'definitions/get', { definitionId: 'contract-test' }))['name'], 'Contract test');
      assert.equal(
        (await ok(sb, 'definitions/get', { definitionId: 'doc-signoff' }))['name'],
        'My doc sign-off',
        'the folder wins over the seed',
      );
      const response = await fetch(`${sb.url}/__sandbox/definitions/problems`, {
        headers: { 'x-sandbox-control-token': (sb as unknown as { controlToken?: string }).controlToken ?? '' },
      });
      assert.equal(((await response.json()) as { problems: unknown[] }).problems.length, 4);
    } finally {
      await sb.close();
    }
  });

  it('a missing folder is one problem, not a crash', async () => {
    const { sb } = await fakeClockSandbox({ definitionsDir: path.join(dir, 'nope') });
    try {
      assert.deepEqual(
        sb.definitionProblems.map((p) => p.code),
        ['unreadable'],
      );
    } finally {
      await sb.close();
    }
  });

  it('formats paths for people', () => {
    assert.equal(jsonPath(['nodes', 2, 'config', 'reviewers', 0]), '$.nodes[2].config.reviewers[0]');
    assert.equal(jsonPath([]), '$');
  });
});
