// Creates the Definitions and Waiting for Approval views, the waiting badge and their visibility tracking.
import * as vscode from 'vscode';
import type { WorkflowApi } from '../api';
import type { Environments } from '../auth/environments';
import type { DefinitionCache } from '../state/definitionCache';
import type { WaitingApprovals } from '../state/waitingApprovals';
import { Views } from '../ids';
import { DisposableStore } from '../util/lifecycle';
import { DefinitionsTree, type DefinitionsNode } from './definitionsTree';
import { WaitingTree, type WaitingNode } from './waitingTree';

export interface WorkflowViewsFeature extends vscode.Disposable {
  definitions: DefinitionsTree;
  waiting: WaitingTree;
  definitionsView: vscode.TreeView<DefinitionsNode>;
  waitingView: vscode.TreeView<WaitingNode>;
}

export interface WorkflowViewsDeps {
  api: Pick<WorkflowApi, 'listDefinitions'>;
  environments: Environments;
  definitionCache: DefinitionCache;
  waitingApprovals: WaitingApprovals;
}

export function registerWorkflowViews(deps: WorkflowViewsDeps): WorkflowViewsFeature {
  const definitions = new DefinitionsTree(deps.api, deps.environments, deps.definitionCache);
  const waiting = new WaitingTree(deps.waitingApprovals, deps.environments);
  const definitionsView = vscode.window.createTreeView(Views.definitions, {
    treeDataProvider: definitions,
    showCollapseAll: true,
  });
  const waitingView = vscode.window.createTreeView(Views.waiting, { treeDataProvider: waiting });

  const updateVisibility = (): void => {
    const visible = waitingView.visible && vscode.window.state.focused;
    deps.waitingApprovals.setVisible(visible);
    waiting.setVisible(waitingView.visible);
  };
  const updateBadge = (): void => {
    const count = deps.waitingApprovals.approvals.length;
    waitingView.badge =
      count > 0 ? { value: count, tooltip: `${count} step${count === 1 ? '' : 's'} waiting for approval` } : undefined;
  };
  const disposables = new DisposableStore();
  disposables.addAll(
    definitions,
    waiting,
    definitionsView,
    waitingView,
    // Coming into view makes the polled targets due at once (the scheduler's own rule): no extra refresh.
    waitingView.onDidChangeVisibility(updateVisibility),
    vscode.window.onDidChangeWindowState(updateVisibility),
    deps.waitingApprovals.onDidChange(updateBadge),
  );
  updateVisibility();
  updateBadge();
  return { definitions, waiting, definitionsView, waitingView, dispose: () => disposables.dispose() };
}
