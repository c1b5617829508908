// The demo workspace names sandbox executions; they must be seeded runs, or a newcomer hovers ids that do not exist.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SANDBOX_EXECUTIONS } from '../../src/sandbox/roles';

describe('demo', () => {
  it('names only seeded sandbox executions, none of them a hostile or fault fixture', () => {
    const text = fs.readFileSync(path.resolve(__dirname, '../../scripts/demo.mjs'), 'utf8');
    const block = /DEMO_EXECUTION_IDS = \[([^\]]*)\]/.exec(text)?.[1] ?? '';
    const ids = [...block.matchAll(/'(exec_[^']+)'/g)].map((m) => m[1]!);
    assert.ok(ids.length >= 3, `${ids.length} ids`);
    const roleOf = new Map(Object.entries(SANDBOX_EXECUTIONS).map(([role, id]) => [id, role]));
    for (const id of ids) {
      const role = roleOf.get(id);
      assert.ok(role, `${id} is a seeded sandbox execution`);
      assert.ok(
        !['hostile', 'oversize', 'rateLimited', 'flaky', 'slow', 'notFound', 'agentLookalike'].includes(role),
        `${id} is ${role}`,
      );
    }
    assert.doesNotMatch(text, /\bTODO\b/);
  });
});
