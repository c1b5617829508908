// The Executions view when the server cannot be trusted (issue 10, points 4-5), in the real editor against
// the sandbox's data faults: a list item that cannot be read is left out with a visible
// "1 item could not be read" notice while the others show; a list that repeats itself under new cursors
// ends instead of offering Load more forever.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InspectorTestApi } from '../../src/extension';
import type { TreeNode } from '../../src/tree/nodes';
import { useSandbox } from './helpers';
import { sandboxControl, type SandboxControl } from './sandboxControl';

const LIST_PATH = '/v2/workflow/executions/list';

describe('trust: paging the Executions view', function () {
  this.timeout(60_000);
  let api: InspectorTestApi;
  let sandbox: SandboxControl;

  async function firstPage(): Promise<TreeNode[]> {
    await api.trees.recent.setFilter({});
    await api.trees.recent.getChildren();
    await api.trees.recent.loadMore();
    return api.trees.recent.getChildren();
  }
  const executionIds = (nodes: TreeNode[]): string[] =>
    nodes.flatMap((n) => (n.kind === 'execution' ? [n.executionId] : []));
  const notice = (nodes: TreeNode[], id: string): vscode.TreeItem | undefined => {
    const node = nodes.find((n) => n.kind === 'notice' && n.id === id);
    return node ? api.trees.recent.getTreeItem(node) : undefined;
  };

  before(async () => {
    api = await useSandbox();
    sandbox = sandboxControl(api);
  });
  afterEach(async () => {
    await sandbox.clearFaults();
    await api.trees.recent.setFilter({});
  });

  it('leaves out a list item it cannot read, shows the others and says "1 item could not be read"', async () => {
    const clean = executionIds(await firstPage());
    assert.ok(clean.length >= 10);
    assert.equal(
      notice(await api.trees.recent.getChildren(), 'recent:unreadable'),
      undefined,
      'no notice without a bad item',
    );

    await sandbox.addFault({ mode: 'malformed-list-item', path: 'executions/list', count: 1 });
    const nodes = await firstPage();
    const shown = executionIds(nodes);
    assert.equal(shown.length, clean.length - 1, 'every other execution of the page is shown');
    assert.ok(shown.every((id) => clean.includes(id)));
    const item = notice(nodes, 'recent:unreadable');
    assert.ok(item, `a notice node: ${JSON.stringify(nodes)}`);
    assert.equal(item.label, '1 item could not be read');
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'warning');
    assert.match(String(item.tooltip), /left out of the list\. items\.\d+\.definitionId: /);
    assert.ok(
      nodes.some((n) => n.kind === 'loadMore'),
      'paging goes on past the bad item',
    );

    // Counts add up over pages, and a refresh starts again.
    await sandbox.addFault({ mode: 'malformed-list-item', path: 'executions/list', count: 1 });
    await api.trees.recent.loadMore();
    assert.equal(notice(await api.trees.recent.getChildren(), 'recent:unreadable')?.label, '2 items could not be read');
    await vscode.commands.executeCommand('velt.refreshRecent');
    await api.trees.recent.getChildren();
    await api.trees.recent.loadMore();
    assert.equal(notice(await api.trees.recent.getChildren(), 'recent:unreadable'), undefined);
  });

  it('stops when a page repeats items under a new cursor, even though the server announces more', async () => {
    await sandbox.addFault({ mode: 'list-repeats', path: 'executions/list' });
    const first = await firstPage();
    const ids = executionIds(first);
    assert.ok(
      first.some((n) => n.kind === 'loadMore'),
      'the first page offers Load more',
    );
    const before = (await sandbox.stats()).byPath[LIST_PATH] ?? 0;
    await vscode.commands.executeCommand('velt.loadMoreExecutions');
    const after = await api.trees.recent.getChildren();
    assert.deepEqual(executionIds(after), ids, 'nothing listed twice');
    assert.equal(
      after.some((n) => n.kind === 'loadMore'),
      false,
      'no Load more after a page that added nothing',
    );
    assert.equal(notice(after, 'recent:endedEarly')?.label, 'End of list: the last page added no new executions');
    await api.trees.recent.loadMore();
    assert.equal(
      ((await sandbox.stats()).byPath[LIST_PATH] ?? 0) - before,
      1,
      'one request for the repeated page, then none',
    );
  });
});
