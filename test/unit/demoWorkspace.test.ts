// The demo workspace tells the truth: each id's executions.log lines end in the state its sandbox run
// really reaches, the README (what to try, in order) opens on start, and no TODO ships in the scripts.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SANDBOX_EXECUTIONS } from '../../src/sandbox/roles';

const ROOT = path.resolve(__dirname, '../..');
const demo = fs.readFileSync(path.join(ROOT, 'scripts/demo.mjs'), 'utf8');

/** How each role's run ends (src/sandbox/roles.ts). */
const OUTCOME: Record<string, RegExp> = {
  completedParallel: /completed/,
  runningLoop: /iteration 2[\s\S]*complete/,
  runningSla: /SLA breached[\s\S]*failed/,
  runningLongWait: /waiting for approval[\s\S]*still waiting/,
  failed: /failed/,
  cancelled: /cancelled/,
};

describe('demo workspace', () => {
  it("each id's log lines end in the state its run really reaches", () => {
    const ids = [...(/DEMO_EXECUTION_IDS = \[([^\]]*)\]/.exec(demo)?.[1] ?? '').matchAll(/'(exec_[^']+)'/g)].map(
      (m) => m[1]!,
    );
    const log = /const DEMO_LOG = \[([\s\S]*?)\n\];/.exec(demo)?.[1] ?? '';
    const rows = log.split('\n').filter((l) => l.trim().startsWith('['));
    assert.equal(rows.length, ids.length, 'one log entry per id');
    const roleOf = new Map(Object.entries(SANDBOX_EXECUTIONS).map(([role, id]) => [id, role]));
    ids.forEach((id, i) => {
      const role = roleOf.get(id)!;
      assert.ok(OUTCOME[role], `${role} has a known outcome`);
      assert.match(rows[i]!, OUTCOME[role]!, `${role}: ${rows[i]}`);
    });
    assert.doesNotMatch(demo, /step 1 waiting for approval/, 'no line claims every run waits');
  });

  it('opens its README on start and says how to reach and stop it', () => {
    assert.match(demo, /'workbench\.startupEditor': 'readme'/);
    assert.match(demo, /What to try, in order/);
    assert.match(demo, /Ctrl\+C to stop/);
    assert.match(demo, /ssh -L/);
  });

  it('no TODO in the shipped scripts', () => {
    for (const name of fs.readdirSync(path.join(ROOT, 'scripts')))
      assert.doesNotMatch(fs.readFileSync(path.join(ROOT, 'scripts', name), 'utf8'), /\bTODO\b/, name);
  });
});
