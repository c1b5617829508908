// "Definitions": the workflow definitions of the active environment from definitions/list (newest change
// first), a trailing "Load more…" while the server has more (bounded: see definitionsPaging.ts), each
// expanding to its nodes (type icon, name, SLA, reviewers). Errors and unreadable items are notice rows.
// Listed definitions are handed to the shared DefinitionCache, so the Waiting view need not fetch them again.
import * as vscode from 'vscode';
import { isCredentialsError, type DefinitionNode, type DefinitionView, type WorkflowApi } from '../api';
import type { Environments } from '../auth/environments';
import type { DefinitionCache } from '../state/definitionCache';
import { Commands } from '../ids';
import { logger, runInBackground } from '../log';
import { formatAbsolute, formatDuration } from '../util/format';
import { inertLabel, inertMarkdown } from '../util/inertText';
import { Disposable } from '../util/lifecycle';
import {
  addDefinitionsPage,
  DEFINITIONS_PAGE_SIZE,
  emptyDefinitionList,
  type DefinitionList,
} from './definitionsPaging';
import { nodeTypeIcon } from './icons';
import { credentialsNotice, loadMoreItem, noticeItem, type TreeNode } from './nodes';

export type DefinitionsNode =
  | { kind: 'definition'; definitionId: string }
  | { kind: 'definitionNode'; definitionId: string; nodeId: string }
  | Extract<TreeNode, { kind: 'notice' }>
  | { kind: 'loadMoreDefinitions' };

const log = logger('definitions');

export class DefinitionsTree extends Disposable implements vscode.TreeDataProvider<DefinitionsNode> {
  private readonly changed = new vscode.EventEmitter<DefinitionsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private list: DefinitionList = emptyDefinitionList();
  private readonly roots = new Map<string, Extract<DefinitionsNode, { kind: 'definition' }>>();
  private loading: Promise<void> | undefined;
  private error: string | undefined;
  private generation = 0;

  constructor(
    private readonly api: Pick<WorkflowApi, 'listDefinitions'>,
    private readonly environments: Environments,
    private readonly cache: DefinitionCache,
  ) {
    super();
    this.registerAll(
      this.changed,
      environments.onDidChange(() => this.reset()),
    );
  }

  /** The definitions listed so far (Dispatch offers them first). */
  get definitions(): readonly DefinitionView[] {
    return this.list.items;
  }

  definition(definitionId: string): DefinitionView | undefined {
    return this.list.items.find((d) => d.definitionId === definitionId);
  }

  reset(): void {
    this.generation++;
    this.list = emptyDefinitionList();
    this.roots.clear();
    this.loading = undefined;
    this.error = undefined;
    this.changed.fire(undefined);
  }

  /** Loads the next page; concurrent calls share the one load in flight. */
  loadMore(): Promise<void> {
    if (this.loading) return this.loading;
    if (this.list.cursor === null) return Promise.resolve();
    const generation = this.generation;
    const environment = this.environments.active.name;
    this.loading = (async () => {
      try {
        const cursor = this.list.cursor;
        const page = await this.api.listDefinitions(
          { pageSize: DEFINITIONS_PAGE_SIZE, ...(cursor !== undefined && cursor !== null ? { cursor } : {}) },
          { environment },
        );
        if (generation !== this.generation) return;
        this.list = addDefinitionsPage(this.list, page);
        for (const view of page.items) this.cache.put(environment, view);
        if (this.list.stopped !== 'none')
          log.warn(`The definitions list stopped early (${this.list.stopped}) although the server announced more.`);
        this.error = undefined;
      } catch (error) {
        if (generation !== this.generation) return;
        this.error = error instanceof Error ? error.message : String(error);
        if (isCredentialsError(error)) this.list = { ...this.list, cursor: null };
      } finally {
        if (generation === this.generation) {
          this.loading = undefined;
          this.changed.fire(undefined);
        }
      }
    })();
    this.changed.fire(undefined);
    return this.loading;
  }

  getTreeItem(node: DefinitionsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'definition': {
        const view = this.definition(node.definitionId);
        return view ? definitionItem(view) : new vscode.TreeItem(inertLabel(node.definitionId));
      }
      case 'definitionNode': {
        const view = this.definition(node.definitionId);
        const item = view?.nodes.find((n) => n.nodeId === node.nodeId);
        return item ? nodeItem(node.definitionId, item) : new vscode.TreeItem(inertLabel(node.nodeId));
      }
      case 'notice':
        return noticeItem(node);
      case 'loadMoreDefinitions':
        return loadMoreItem(this.loading !== undefined, 'definitions:loadMore', Commands.loadMoreDefinitions);
    }
  }

  getChildren(node?: DefinitionsNode): DefinitionsNode[] {
    if (!node) return this.rootNodes();
    if (node.kind !== 'definition') return [];
    const view = this.definition(node.definitionId);
    if (!view) return [];
    const children: DefinitionsNode[] = view.nodes.map((n) => ({
      kind: 'definitionNode',
      definitionId: view.definitionId,
      nodeId: n.nodeId,
    }));
    if (view.skipped > 0)
      children.push({
        kind: 'notice',
        id: `definition:${view.definitionId}:unreadable`,
        label: `${view.skipped} part${view.skipped === 1 ? '' : 's'} could not be read`,
        icon: 'warning',
        tooltip: `Left out: ${view.problems.join('; ')}. Details are in the Velt output log.`,
      });
    if (view.nodes.length === 0 && view.skipped === 0)
      children.push({ kind: 'notice', id: `definition:${view.definitionId}:empty`, label: 'No nodes', icon: 'info' });
    return children;
  }

  private rootNodes(): DefinitionsNode[] {
    if (!this.environments.isSignedIn) {
      const problem = this.environments.credentialsProblem;
      return problem ? [credentialsNotice('definitions', problem.message)] : [];
    }
    if (this.list.cursor === undefined && !this.loading && !this.error)
      runInBackground(log, 'Loading definitions', this.loadMore());
    const nodes: DefinitionsNode[] = this.list.items.map((view) => {
      let root = this.roots.get(view.definitionId);
      if (!root) {
        root = { kind: 'definition', definitionId: view.definitionId };
        this.roots.set(view.definitionId, root);
      }
      return root;
    });
    const { unreadable, stopped } = this.list;
    if (unreadable.count > 0)
      nodes.push({
        kind: 'notice',
        id: 'definitions:unreadable',
        label: `${unreadable.count} definition${unreadable.count === 1 ? '' : 's'} could not be read`,
        icon: 'warning',
        tooltip: `Left out of the list: ${unreadable.problems.join('; ')}. Details are in the Velt output log.`,
      });
    if (stopped !== 'none')
      nodes.push({
        kind: 'notice',
        id: 'definitions:stopped',
        label:
          stopped === 'cap'
            ? `Showing the first ${this.list.items.length.toLocaleString('en-US')} definitions`
            : 'End of list: the last page added no new definitions',
        icon: 'info',
        tooltip:
          'The server announced more definitions, but the list stopped here instead of loading forever. Refresh to start again.',
      });
    if (this.error)
      nodes.push({
        kind: 'notice',
        id: 'definitions:error',
        label: this.error,
        icon: 'warning',
        tooltip: `${this.error} Click to try again.`,
        command: { command: Commands.refreshDefinitions, title: 'Retry' },
      });
    else if (this.list.items.length === 0 && this.list.cursor === null && unreadable.count === 0)
      nodes.push({
        kind: 'notice',
        id: 'definitions:empty',
        label: 'No definitions in this environment',
        icon: 'info',
      });
    else if (this.list.items.length === 0 && this.loading)
      nodes.push({ kind: 'notice', id: 'definitions:loading', label: 'Loading definitions…', icon: 'loading~spin' });
    if (typeof this.list.cursor === 'number' && !this.error) nodes.push({ kind: 'loadMoreDefinitions' });
    return nodes;
  }

  override dispose(): void {
    this.generation++;
    super.dispose();
  }
}

function definitionItem(view: DefinitionView): vscode.TreeItem {
  const item = new vscode.TreeItem(
    inertLabel(view.name || view.definitionId),
    vscode.TreeItemCollapsibleState.Collapsed,
  );
  item.id = `definition:${view.definitionId}`;
  const parts = [
    view.name && view.name !== view.definitionId ? inertLabel(view.definitionId) : '',
    `v${view.version}`,
    `${view.nodes.length} node${view.nodes.length === 1 ? '' : 's'}`,
    view.status !== 'active' ? inertLabel(view.status, 40) : '',
  ];
  item.description = parts.filter(Boolean).join(' · ');
  item.iconPath = new vscode.ThemeIcon('type-hierarchy');
  item.contextValue = ['<definition>', view.status === 'active' ? '<dispatchable>' : ''].filter(Boolean).join(' ');
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown(`**${inertMarkdown(view.name || view.definitionId)}** — v${view.version}\n\n`);
  md.appendMarkdown(`Definition: ${inertMarkdown(view.definitionId)}  \n`);
  if (view.description) md.appendMarkdown(`${inertMarkdown(view.description)}  \n`);
  if (view.tags.length) md.appendMarkdown(`Tags: ${inertMarkdown(view.tags.join(', '))}  \n`);
  if (view.updatedAt !== null) md.appendMarkdown(`Updated: ${inertMarkdown(formatAbsolute(view.updatedAt))}  \n`);
  md.appendMarkdown(
    `${view.nodes.length} nodes, ${view.edges.length} edges${view.groups.length ? `, ${view.groups.length} parallel groups` : ''}`,
  );
  item.tooltip = md;
  item.accessibilityInformation = {
    label: `Definition ${inertLabel(view.name || view.definitionId)}, ${item.description}`,
  };
  return item;
}

function nodeItem(definitionId: string, node: DefinitionNode): vscode.TreeItem {
  const item = new vscode.TreeItem(inertLabel(node.name ?? node.nodeId), vscode.TreeItemCollapsibleState.None);
  item.id = `definition:${definitionId}:node:${node.nodeId}`;
  const mandatory = node.reviewers.filter((r) => r.mandatory).length;
  const parts = [
    inertLabel(node.type, 40),
    node.name ? inertLabel(node.nodeId) : '',
    node.slaMs !== null ? `SLA ${formatDuration(node.slaMs)}` : '',
    node.reviewers.length
      ? `${node.reviewers.length} reviewer${node.reviewers.length === 1 ? '' : 's'}${mandatory ? ` (${mandatory} mandatory)` : ''}`
      : '',
  ];
  item.description = parts.filter(Boolean).join(' · ');
  item.iconPath = new vscode.ThemeIcon(nodeTypeIcon(node.type));
  item.contextValue = 'definitionNode';
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown(
    `$(${nodeTypeIcon(node.type)}) **${inertMarkdown(node.name ?? node.nodeId)}** — ${inertMarkdown(node.type)}\n\n`,
  );
  md.appendMarkdown(`Node: ${inertMarkdown(node.nodeId)}  \n`);
  if (node.description) md.appendMarkdown(`${inertMarkdown(node.description)}  \n`);
  if (node.slaMs !== null) md.appendMarkdown(`SLA: ${formatDuration(node.slaMs)}  \n`);
  for (const r of node.reviewers)
    md.appendMarkdown(`Reviewer: ${inertMarkdown(r.userId)}${r.mandatory ? ' (mandatory)' : ''}  \n`);
  item.tooltip = md;
  return item;
}
