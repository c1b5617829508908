// "Executions": what ran, newest first, from executions/list. Filters (definition, status) are
// remembered; a trailing "Load more…" follows the cursor, one load at a time. Rows fetch their steps
// on demand when expanded.
import * as vscode from 'vscode';
import { isApiError, type ExecutionView, type ListStatusFilter, type WorkflowApi } from '../api';
import type { Environments } from '../auth/environments';
import type { ExecutionStore } from '../state/executionStore';
import type { PinnedExecutions } from '../state/pins';
import { Commands } from '../ids';
import { inertLabel } from '../util/inertText';
import { executionItem, groupMemberNodes, loadMoreItem, noticeItem, stepLevelItem, stepLevelNodes, type TreeNode } from './nodes';

export interface RecentFilter {
  definitionId?: string;
  status?: ListStatusFilter;
}

const FILTER_KEY = 'velt.recentFilter.v1';
const PAGE_SIZE = 25;

export class RecentTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private items: ExecutionView[] = [];
  private nodes = new Map<string, Extract<TreeNode, { kind: 'execution' }>>();
  private cursor: string | null | undefined = undefined;
  private loading: Promise<void> | undefined;
  private error: string | undefined;
  private generation = 0;

  constructor(
    private readonly api: WorkflowApi,
    private readonly store: ExecutionStore,
    private readonly pins: PinnedExecutions,
    private readonly environments: Environments,
    private readonly memento: vscode.Memento,
  ) {
    this.subscriptions.push(
      this.changed,
      environments.onDidChange(() => this.reset()),
      pins.onDidChange(() => this.changed.fire(undefined)),
      store.onDidChange((c) => { const node = this.nodes.get(c.executionId); if (node) this.changed.fire(node); }),
    );
  }

  get filter(): RecentFilter {
    return this.memento.get<RecentFilter>(FILTER_KEY) ?? {};
  }

  async setFilter(filter: RecentFilter): Promise<void> {
    await this.memento.update(FILTER_KEY, filter);
    this.reset();
  }

  get description(): string | undefined {
    const f = this.filter;
    const parts = [f.definitionId, f.status].filter(Boolean);
    return parts.length ? inertLabel(`filtered: ${parts.join(', ')}`) : undefined;
  }

  reset(): void {
    this.generation++;
    this.items = [];
    this.nodes.clear();
    this.cursor = undefined;
    this.loading = undefined;
    this.error = undefined;
    this.changed.fire(undefined);
  }

  /** Loads the next page; concurrent calls share the one load in flight. */
  loadMore(): Promise<void> {
    if (this.loading) return this.loading;
    if (this.cursor === null) return Promise.resolve();
    const generation = this.generation;
    this.loading = (async () => {
      try {
        const page = await this.api.listExecutions({ ...this.filter, pageSize: PAGE_SIZE, ...(this.cursor ? { cursor: this.cursor } : {}) });
        if (generation !== this.generation) return;
        const known = new Set(this.items.map((i) => i.executionId));
        this.items.push(...page.items.filter((i) => !known.has(i.executionId)));
        this.cursor = page.nextCursor;
        this.error = undefined;
      } catch (error) {
        if (generation !== this.generation) return;
        this.error = error instanceof Error ? error.message : String(error);
        if (isApiError(error) && (error.kind === 'unauthenticated' || error.kind === 'missingCredentials')) this.cursor = null;
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

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const now = Date.now();
    switch (node.kind) {
      case 'execution': {
        const cached = this.store.peek(node.executionId) ?? this.items.find((i) => i.executionId === node.executionId);
        return executionItem(node, cached, { state: 'ok' }, this.pins.isPinned(this.environments.active.name, node.executionId), now);
      }
      case 'group':
      case 'step':
        return stepLevelItem(node, this.store.peek(node.executionId), now);
      case 'notice': return noticeItem(node);
      case 'loadMore': return loadMoreItem(this.loading !== undefined);
    }
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) return this.rootNodes();
    if (node.kind === 'group') return groupMemberNodes(node);
    if (node.kind !== 'execution') return [];
    try {
      const execution = await this.store.get(node.executionId);
      if (execution.steps.length === 0) return [{ kind: 'notice', id: `${node.executionId}:nosteps`, label: 'No steps scheduled yet', icon: 'info' }];
      return stepLevelNodes(node.executionId, execution.steps);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return [{ kind: 'notice', id: `${node.executionId}:error`, label: message, icon: 'warning', tooltip: message }];
    }
  }

  private rootNodes(): TreeNode[] {
    if (!this.environments.isSignedIn) return [];
    if (this.cursor === undefined && !this.loading && !this.error) void this.loadMore();
    const nodes: TreeNode[] = this.items.map((item) => {
      let node = this.nodes.get(item.executionId);
      if (!node) {
        node = { kind: 'execution', view: 'recent', executionId: item.executionId };
        this.nodes.set(item.executionId, node);
      }
      return node;
    });
    if (this.error) {
      nodes.push({ kind: 'notice', id: 'recent:error', label: this.error, icon: 'warning', tooltip: this.error,
        command: { command: Commands.refreshRecent, title: 'Retry' } });
    } else if (this.items.length === 0 && this.cursor === null) {
      nodes.push({ kind: 'notice', id: 'recent:empty', label: this.description ? 'No executions match the filter' : 'No executions yet', icon: 'info' });
    } else if (this.items.length === 0 && this.loading) {
      nodes.push({ kind: 'notice', id: 'recent:loading', label: 'Loading executions…', icon: 'loading~spin' });
    }
    if (this.cursor && !this.error) nodes.push({ kind: 'loadMore', cursor: this.cursor });
    return nodes;
  }

  dispose(): void {
    this.generation++;
    for (const s of this.subscriptions) s.dispose();
  }
}
