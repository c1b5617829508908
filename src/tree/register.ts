// Creates both tree views, their badge and visibility tracking; returns what commands need.
import * as vscode from 'vscode';
import type { WorkflowApi } from '../api';
import type { Environments } from '../auth/environments';
import type { ExecutionStore } from '../state/executionStore';
import type { ExecutionWatcher } from '../state/executionWatcher';
import type { PinnedExecutions } from '../state/pins';
import { ContextKeys, Views } from '../ids';
import { runStatus } from '../util/format';
import { PinnedTree } from './pinnedTree';
import { RecentTree } from './recentTree';
import type { TreeNode } from './nodes';
import { DisposableStore } from '../util/lifecycle';

export interface TreeFeature extends vscode.Disposable {
  pinned: PinnedTree;
  recent: RecentTree;
  pinnedView: vscode.TreeView<TreeNode>;
  recentView: vscode.TreeView<TreeNode>;
}

export interface TreeDeps {
  api: WorkflowApi;
  store: ExecutionStore;
  pins: PinnedExecutions;
  watcher: ExecutionWatcher;
  environments: Environments;
  globalState: vscode.Memento;
}

export function registerTrees(deps: TreeDeps): TreeFeature {
  const pinned = new PinnedTree(deps.pins, deps.store, deps.watcher, deps.environments);
  const recent = new RecentTree(deps.api, deps.store, deps.watcher, deps.pins, deps.environments, deps.globalState);
  const pinnedView = vscode.window.createTreeView(Views.pinned, {
    treeDataProvider: pinned,
    dragAndDropController: pinned,
    showCollapseAll: true,
    canSelectMany: true,
  });
  const recentView = vscode.window.createTreeView(Views.recent, { treeDataProvider: recent, showCollapseAll: true });
  recentView.description = recent.description;

  // Either view on screen keeps polling at the visible pace (the Executions view's running rows are watched too).
  const updateVisibility = (): void =>
    deps.watcher.setVisible((pinnedView.visible || recentView.visible) && vscode.window.state.focused);
  const updateBadge = (): void => {
    const env = deps.environments.active.name;
    const waiting = deps.pins.list(env).filter((id) => {
      const execution = deps.store.peek(id);
      return execution !== undefined && runStatus(execution) === 'waiting';
    }).length;
    pinnedView.badge =
      waiting > 0
        ? { value: waiting, tooltip: `${waiting} pinned execution${waiting === 1 ? '' : 's'} waiting for approval` }
        : undefined;
    void vscode.commands.executeCommand('setContext', ContextKeys.hasPins, deps.pins.list(env).length > 0);
  };
  const disposables = new DisposableStore();
  disposables.addAll(
    pinned,
    recent,
    pinnedView,
    recentView,
    pinnedView.onDidChangeVisibility((e) => {
      updateVisibility();
      if (e.visible) deps.watcher.refresh();
    }),
    recentView.onDidChangeVisibility(updateVisibility),
    vscode.window.onDidChangeWindowState(updateVisibility),
    deps.store.onDidChange(updateBadge),
    deps.pins.onDidChange(updateBadge),
    deps.environments.onDidChange(() => {
      updateBadge();
      recentView.description = recent.description;
    }),
  );
  updateVisibility();
  updateBadge();
  return {
    pinned,
    recent,
    pinnedView,
    recentView,
    dispose: () => disposables.dispose(),
  };
}
