// The Pinned Executions and Executions views against the sandbox's child process.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SANDBOX_EXECUTIONS } from '../../src/sandbox/server';
import { PinnedExecutions } from '../../src/state/pins';
import type { TreeNode } from '../../src/tree/nodes';
import { SANDBOX, setSetting, sleep, useSandbox, waitFor, waitOutOriginPause } from './helpers';
import { sandboxControl } from './sandboxControl';

const ids = SANDBOX_EXECUTIONS as Record<string, string>;

function iconId(item: vscode.TreeItem): string | undefined {
  return item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined;
}

describe('pinned executions tree', function () {
  this.timeout(90_000);

  before(async () => {
    await setSetting('pollIntervalMs', 1000);
    const api = await useSandbox();
    for (const id of api.pins.list(SANDBOX)) await api.pins.unpin(SANDBOX, id);
  });
  after(async () => {
    await setSetting('pollIntervalMs', undefined);
  });

  it('shows pinned executions as roots with their steps, groups and status icons', async () => {
    const api = await useSandbox();
    for (const role of ['completedParallel', 'failed', 'cancelled']) {
      assert.equal(await vscode.commands.executeCommand('velt.pinExecution', ids[role]), true);
    }
    const tree = api.trees.pinned;
    const roots = tree.getChildren() as TreeNode[];
    assert.deepEqual(
      roots.map((r) => (r.kind === 'execution' ? r.executionId : r.kind)),
      [ids['completedParallel'], ids['failed'], ids['cancelled']],
    );
    await waitFor('all three loaded', () =>
      roots.every((r) => r.kind === 'execution' && api.store.peek(r.executionId)),
    );

    const [completed, failed, cancelled] = roots.map((r) => tree.getTreeItem(r));
    assert.equal(iconId(completed!), 'pass-filled');
    assert.equal(iconId(failed!), 'error');
    assert.equal(iconId(cancelled!), 'circle-slash');
    assert.match(String(completed!.description), /^Completed · /);
    assert.ok(String(completed!.contextValue).includes('<pinned>'));

    const children = tree.getChildren(roots[0]) as TreeNode[];
    const group = children.find((c) => c.kind === 'group');
    assert.ok(group && group.kind === 'group', 'the parallel review sits under a group node');
    assert.equal(group.stepIds.length, 3);
    assert.match(String(tree.getTreeItem(group).description), /2\/3 approved/);
    const members = (tree.getChildren(group) as TreeNode[]).map((n) => tree.getTreeItem(n));
    assert.ok(
      members.some((m) => iconId(m) === 'circle-slash'),
      'the reviewer cancelled by quorum is muted',
    );
    const steps = children.filter((c) => c.kind === 'step').map((n) => tree.getTreeItem(n));
    assert.ok(steps.length >= 3);
    assert.ok(steps.every((s) => s.command?.command === 'velt.openExecution'));

    const failedSteps = (tree.getChildren(roots[1]) as TreeNode[]).map((n) => tree.getTreeItem(n));
    assert.ok(
      failedSteps.some((s) => iconId(s) === 'error'),
      'a failed step stands out',
    );
  });

  it('clicking a step opens the panel filtered to that step', async () => {
    const api = await useSandbox();
    const tree = api.trees.pinned;
    const root = (tree.getChildren() as TreeNode[]).find(
      (n) => n.kind === 'execution' && n.executionId === ids['completedParallel'],
    )!;
    const stepNode = (tree.getChildren(root) as TreeNode[]).find((n) => n.kind === 'step')!;
    const item = tree.getTreeItem(stepNode);
    await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
    const panel = await waitFor('the panel', () => api.panels.find(SANDBOX, ids['completedParallel']!));
    const stats = await waitFor('the step filter', async () => {
      const probe = await panel.probe();
      return probe && probe.received > 0 && probe.filtered > 0 && probe.filtered < probe.received ? probe : false;
    });
    assert.ok(
      stats.firstRowTexts.every((row) => row.includes(String(item.label))),
      `rows of ${String(item.label)} only`,
    );
    panel.panel.dispose();
  });

  it('stops polling terminal executions (counted at the sandbox)', async () => {
    const api = await useSandbox();
    const id = ids['completedParallel']!;
    await sleep(1500);
    const before = (await sandboxControl(api).stats()).byExecutionId[id] ?? 0;
    await sleep(4000);
    assert.equal(
      (await sandboxControl(api).stats()).byExecutionId[id] ?? 0,
      before,
      'no request for a terminal execution',
    );
  });

  it('polls a running execution until it changes and shows a live icon', async () => {
    const api = await useSandbox();
    const id = ids['runningLongWait']!;
    await vscode.commands.executeCommand('velt.pinExecution', id);
    const execution = await waitFor('running execution loaded', () => api.store.peek(id));
    assert.equal(execution.status, 'running');
    const before = (await sandboxControl(api).stats()).byExecutionId[id] ?? 0;
    await sleep(3500);
    assert.ok(((await sandboxControl(api).stats()).byExecutionId[id] ?? 0) > before, 'a running execution is polled');
    const node = (api.trees.pinned.getChildren() as TreeNode[]).find(
      (n) => n.kind === 'execution' && n.executionId === id,
    )!;
    const item = api.trees.pinned.getTreeItem(node);
    assert.ok(['sync~spin', 'bell-dot'].includes(iconId(item) ?? ''), `live icon, got ${iconId(item)}`);
    const steps = (api.trees.pinned.getChildren(node) as TreeNode[]).map((n) => api.trees.pinned.getTreeItem(n));
    const waitingHuman = await waitFor(
      'a human step waiting for approval',
      () => {
        const items = (api.trees.pinned.getChildren(node) as TreeNode[]).map((n) => api.trees.pinned.getTreeItem(n));
        return items.find((s) => String(s.description).startsWith('human · Waiting for approval'));
      },
      30_000,
    );
    assert.equal(iconId(waitingHuman), 'person', 'a human step waiting for approval shows a person');
    void steps;
  });

  it('backs off under 429 with Retry-After, keeps pins, and says so on the node', async () => {
    const api = await useSandbox();
    const id = ids['rateLimited']!;
    await vscode.commands.executeCommand('velt.pinExecution', id);
    await waitFor(
      'rate-limited state',
      () => {
        const health = api.watcher.healthOf(id);
        return health.state === 'error' && health.kind === 'rateLimited' ? health : undefined;
      },
      40_000,
    );
    const node = (api.trees.pinned.getChildren() as TreeNode[]).find(
      (n) => n.kind === 'execution' && n.executionId === id,
    )!;
    assert.match(String(api.trees.pinned.getTreeItem(node).description), /rate limited — retrying in (\d+m )?\d+s/);
    const count = (await sandboxControl(api).stats()).byExecutionId[id] ?? 0;
    await sleep(4000);
    assert.equal(
      (await sandboxControl(api).stats()).byExecutionId[id] ?? 0,
      count,
      'no request before Retry-After has passed',
    );
    assert.ok(api.pins.isPinned(SANDBOX, id));
    assert.ok(
      api.api.budgets.pauseRemainingMs(api.sandbox.current!.url) > 10_000,
      'the whole sandbox origin waits, not only this execution',
    );
    await api.pins.unpin(SANDBOX, id);
    await waitOutOriginPause(api);
  });

  it('marks a missing execution and offers to unpin it without touching other pins', async () => {
    const api = await useSandbox();
    const id = ids['notFound']!;
    await vscode.commands.executeCommand('velt.pinExecution', { executionId: id, pinIfMissing: true });
    await waitFor('not found state', () => {
      const h = api.watcher.healthOf(id);
      return h.state === 'error' && h.kind === 'notFound';
    });
    const node = (api.trees.pinned.getChildren() as TreeNode[]).find(
      (n) => n.kind === 'execution' && n.executionId === id,
    )!;
    const item = api.trees.pinned.getTreeItem(node);
    assert.match(String(item.description), /not found/);
    assert.ok(String(item.contextValue).includes('<error-notFound>'));
    assert.equal(api.pins.list(SANDBOX).length, 5);
    assert.equal(await vscode.commands.executeCommand('velt.unpinExecution', { executionId: id }), 1);
    assert.equal(api.pins.list(SANDBOX).length, 4);
  });

  it('renders hostile API data in labels and tooltips as text', async () => {
    const api = await useSandbox();
    const id = ids['hostile']!;
    await vscode.commands.executeCommand('velt.pinExecution', id);
    await waitFor('hostile execution loaded', () => api.store.peek(id));
    const tree = api.trees.pinned;
    const root = (tree.getChildren() as TreeNode[]).find((n) => n.kind === 'execution' && n.executionId === id)!;
    const items = [root, ...(tree.getChildren(root) as TreeNode[])].map((n) => tree.getTreeItem(n));
    for (const item of items) {
      const markdown = item.tooltip instanceof vscode.MarkdownString ? item.tooltip : undefined;
      if (!markdown) continue;
      assert.equal(markdown.isTrusted, false);
      assert.ok(!/\]\(\s*command:/.test(markdown.value), `no command link in ${markdown.value}`);
      assert.ok(!/<(script|img)/i.test(markdown.value), `no raw markup in ${markdown.value}`);
      assert.ok(
        !/(^|[^&#\\])\$\(/.test(
          markdown.value.replace(/^\$\((warning|error|hubot|person|bell|globe|symbol-misc)\) /gm, ''),
        ),
        `no theme icon from data in ${markdown.value}`,
      );
    }
    assert.ok(
      items.some((i) => String(i.label).includes('<script>')),
      'the label shows the markup literally',
    );
    await api.pins.unpin(SANDBOX, id);
  });

  it('keeps every pin when several are made at once', async () => {
    const api = await useSandbox();
    const extra = [ids['huge']!, ids['internalFirst']!, ids['hostile']!];
    const before = api.pins.list(SANDBOX);
    await Promise.all(extra.map((id) => api.pins.pin(SANDBOX, id)));
    assert.deepEqual(api.pins.list(SANDBOX), [...before, ...extra]);
    await Promise.all(extra.map((id) => api.pins.unpin(SANDBOX, id)));
    assert.deepEqual(api.pins.list(SANDBOX), before);
  });

  it('keeps pins in order across a reload (a fresh store over the same globalState) and reorders by drag', async () => {
    const api = await useSandbox();
    const reloaded = new PinnedExecutions(api.globalState);
    assert.deepEqual(reloaded.list(SANDBOX), api.pins.list(SANDBOX));
    const [first, second] = api.pins.list(SANDBOX);
    const transfer = new vscode.DataTransfer();
    api.trees.pinned.handleDrag([{ kind: 'execution', view: 'pinned', executionId: second! }], transfer);
    await api.trees.pinned.handleDrop({ kind: 'execution', view: 'pinned', executionId: first! }, transfer);
    assert.deepEqual(api.pins.list(SANDBOX).slice(0, 2), [second, first]);
    reloaded.dispose();
  });

  it('shows nothing (so the welcome view shows) when signed out, and keeps the pins', async () => {
    const api = await useSandbox();
    const pinned = api.pins.list(SANDBOX).length;
    await vscode.commands.executeCommand('velt.selectEnvironment', 'Production');
    assert.equal(api.environments.isSignedIn, false);
    assert.deepEqual(api.trees.pinned.getChildren(), []);
    await vscode.commands.executeCommand('velt.selectEnvironment', SANDBOX);
    assert.equal((api.trees.pinned.getChildren() as TreeNode[]).length, pinned);
  });
});

describe('recent executions tree', function () {
  this.timeout(60_000);

  it('lists newest first, pages with Load more, and filters by status', async () => {
    const api = await useSandbox();
    await api.trees.recent.setFilter({});
    await api.trees.recent.getChildren();
    await api.trees.recent.loadMore();
    const first = await api.trees.recent.getChildren();
    const executions = first.filter((n) => n.kind === 'execution');
    assert.ok(executions.length >= 10);
    assert.ok(
      first.some((n) => n.kind === 'loadMore'),
      'a Load more node follows the cursor',
    );
    const started = executions.map((n) => api.store.peek((n as { executionId: string }).executionId)?.startedAt ?? 0);
    await vscode.commands.executeCommand('velt.loadMoreExecutions');
    const second = await api.trees.recent.getChildren();
    assert.ok(second.filter((n) => n.kind === 'execution').length > executions.length);
    const unique = new Set(
      second.filter((n) => n.kind === 'execution').map((n) => (n as { executionId: string }).executionId),
    );
    assert.equal(unique.size, second.filter((n) => n.kind === 'execution').length, 'no execution listed twice');
    void started;

    await vscode.commands.executeCommand('velt.filterExecutions', { status: 'failed' });
    await api.trees.recent.getChildren();
    await api.trees.recent.loadMore();
    const failed = (await api.trees.recent.getChildren()).filter((n) => n.kind === 'execution');
    assert.ok(failed.length > 0);
    for (const node of failed) {
      const item = api.trees.recent.getTreeItem(node);
      assert.match(String(item.description), /^Failed/);
    }
    assert.equal(api.trees.recent.filter.status, 'failed', 'the filter is remembered');
    await api.trees.recent.setFilter({});
  });

  it('expands a row to fetch its steps on demand', async () => {
    const api = await useSandbox();
    const root = { kind: 'execution', view: 'recent', executionId: ids['completedParallel']! } as const;
    const children = await api.trees.recent.getChildren(root);
    assert.ok(children.some((c) => c.kind === 'group'));
  });
});
