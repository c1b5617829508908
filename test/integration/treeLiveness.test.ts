// Named to sort after panel.test.ts: its loop test waits for runningLoop, which the panel suite tails while it runs.
// The Executions view refreshes by itself: running rows tick and are re-fetched through the shared store
// and poll scheduler (as pins are), terminal rows are never requested again, and a loop's repeated steps
// say which iteration they are.
import * as assert from 'node:assert/strict';
import { SANDBOX_EXECUTIONS } from '../../src/sandbox/server';
import type { TreeNode } from '../../src/tree/nodes';
import { SANDBOX, setSetting, sleep, useSandbox, waitFor } from './helpers';
import { sandboxControl } from './sandboxControl';

const ids = SANDBOX_EXECUTIONS as Record<string, string>;

describe('liveness of the Executions view', function () {
  this.timeout(150_000);

  before(async () => {
    await setSetting('pollIntervalMs', 1000);
    const api = await useSandbox();
    for (const id of api.pins.list(SANDBOX)) await api.pins.unpin(SANDBOX, id);
    await api.trees.recent.setFilter({});
  });
  after(async () => {
    await setSetting('pollIntervalMs', undefined);
  });

  it('running rows tick and are polled; terminal rows are not requested', async () => {
    const api = await useSandbox();
    const tree = api.trees.recent;
    await tree.getChildren();
    await tree.loadMore();
    const rows = (await tree.getChildren()).filter(
      (n): n is Extract<TreeNode, { kind: 'execution' }> => n.kind === 'execution',
    );
    const running = rows.find((r) => r.executionId === ids['runningLongWait']);
    assert.ok(running, 'the running execution is listed');
    const terminal = rows.filter((r) =>
      /^(Completed|Failed|Cancelled) · /.test(String(tree.getTreeItem(r).description)),
    );
    assert.ok(terminal.length > 0, 'terminal executions are listed');

    const fired = new Set<string>();
    const listener = tree.onDidChangeTreeData((node: TreeNode | undefined | void) => {
      if (node && node.kind === 'execution') fired.add(node.executionId);
    });
    const sandbox = sandboxControl(api);
    await sandbox.resetStats();
    try {
      await sleep(3500);
    } finally {
      listener.dispose();
    }
    const stats = await sandbox.stats();
    assert.ok(fired.has(running.executionId), 'the running row is refreshed by itself');
    assert.ok((stats.byExecutionId[running.executionId] ?? 0) > 0, 'the running row is re-fetched');
    const requested = terminal
      .filter((r) => !api.pins.isPinned(SANDBOX, r.executionId))
      .filter((r) => (stats.byExecutionId[r.executionId] ?? 0) > 0)
      .map((r) => r.executionId);
    assert.deepEqual(requested, [], 'no request for a terminal row');
    assert.ok(
      terminal.every((r) => !fired.has(r.executionId)),
      'terminal rows do not tick',
    );
    assert.match(String(tree.getTreeItem(running).description), /^(Pending|Running|Waiting for approval) · \d/);
  });

  it("a loop's repeated steps show their iteration", async () => {
    const api = await useSandbox();
    const id = ids['runningLoop']!;
    const tree = api.trees.recent;
    const root = { kind: 'execution', view: 'recent', executionId: id } as const;
    // The loop restarts about 40 s after the sandbox started; usually long past by now.
    const labels = await waitFor(
      'the second iteration of the loop',
      async () => {
        await api.store.get(id, { force: true });
        const labels = (await tree.getChildren(root)).map((n) => String(tree.getTreeItem(n).label));
        return labels.some((l) => / · iteration 2$/.test(l)) && labels;
      },
      120_000,
    );
    assert.ok(
      labels.some((l) => / · iteration 1$/.test(l)),
      `the first run is numbered too: ${labels.join(', ')}`,
    );
  });
});
