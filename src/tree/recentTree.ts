// "Executions": what ran, newest first, from executions/list. Filters (definition, status) are
// remembered; a trailing "Load more…" follows the cursor, one load at a time. Rows fetch their steps
// on demand when expanded. Running rows stay live: the watcher polls them through the shared store
// (as it does pins; terminal rows are never requested again) and their durations tick every second. Items the server sent but this version cannot read are counted in a notice;
// a page that adds nothing new ends the list even if the server announces more (a cursor loop).
import * as vscode from 'vscode';
import {
  isCredentialsError,
  isTerminalStatus,
  type ExecutionView,
  type ListStatusFilter,
  type WorkflowApi,
} from '../api';
import type { Environments } from '../auth/environments';
import type { ExecutionStore } from '../state/executionStore';
import type { ExecutionWatcher } from '../state/executionWatcher';
import type { PinnedExecutions } from '../state/pins';
import { Commands } from '../ids';
import { logger, runInBackground } from '../log';
import { inertLabel } from '../util/inertText';
import {
  credentialsNotice,
  executionItem,
  groupMemberNodes,
  loadMoreItem,
  noticeItem,
  stepLevelItem,
  stepLevelNodes,
  type TreeNode,
} from './nodes';
import { Disposable } from '../util/lifecycle';

export interface RecentFilter {
  definitionId?: string;
  status?: ListStatusFilter;
}

const log = logger('recent');
const FILTER_KEY = 'velt.recentFilter.v1';
const PAGE_SIZE = 25;

export class RecentTree extends Disposable implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private items: ExecutionView[] = [];
  private nodes = new Map<string, Extract<TreeNode, { kind: 'execution' }>>();
  private cursor: string | null | undefined = undefined;
  private loading: Promise<void> | undefined;
  private error: string | undefined;
  /** List items that could not be read (skipped by the API layer), and what was wrong with the first few. */
  private unreadable = { count: 0, problems: [] as string[] };
  /** The server announced more, but its last page added nothing new: the list stopped there. */
  private endedEarly = false;
  private generation = 0;
  private readonly ticker: NodeJS.Timeout;

  constructor(
    private readonly api: WorkflowApi,
    private readonly store: ExecutionStore,
    private readonly watcher: ExecutionWatcher,
    private readonly pins: PinnedExecutions,
    private readonly environments: Environments,
    private readonly memento: vscode.Memento,
  ) {
    super();
    this.registerAll(
      this.changed,
      environments.onDidChange(() => this.reset()),
      pins.onDidChange(() => this.changed.fire(undefined)),
      store.onDidChange((c) => {
        const node = this.nodes.get(c.executionId);
        if (!node) return;
        this.changed.fire(node);
        // A row that just ended is polled no more.
        if (isTerminalStatus(this.current(c.executionId)?.status ?? '')) this.watcher.setListed(this.runningIds());
      }),
    );
    // Durations of running rows tick; only their own nodes are refreshed.
    this.ticker = setInterval(() => this.tickRunning(), 1_000);
  }

  /** The freshest copy of a listed execution: the store's (kept fresh by the watcher), else the list's. */
  private current(executionId: string): ExecutionView | undefined {
    return this.store.peek(executionId) ?? this.items.find((i) => i.executionId === executionId);
  }

  private runningIds(): string[] {
    return this.items
      .map((item) => this.current(item.executionId) ?? item)
      .filter((execution) => !isTerminalStatus(execution.status))
      .map((execution) => execution.executionId);
  }

  private tickRunning(): void {
    for (const id of this.runningIds()) {
      const node = this.nodes.get(id);
      if (node) this.changed.fire(node);
    }
  }

  get filter(): RecentFilter {
    return this.memento.get<RecentFilter>(FILTER_KEY) ?? {};
  }

  async setFilter(filter: RecentFilter): Promise<void> {
    await this.memento.update(FILTER_KEY, filter);
    this.reset();
  }

  /** The definitions of the executions listed so far (Filter Executions offers them). */
  get seenDefinitions(): string[] {
    return [...new Set(this.items.map((i) => i.definitionId))];
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
    this.unreadable = { count: 0, problems: [] };
    this.endedEarly = false;
    this.watcher.setListed([]);
    this.changed.fire(undefined);
  }

  /** Loads the next page; concurrent calls share the one load in flight. */
  loadMore(): Promise<void> {
    if (this.loading) return this.loading;
    if (this.cursor === null) return Promise.resolve();
    const generation = this.generation;
    this.loading = (async () => {
      try {
        const page = await this.api.listExecutions({
          ...this.filter,
          pageSize: PAGE_SIZE,
          ...(this.cursor ? { cursor: this.cursor } : {}),
        });
        if (generation !== this.generation) return;
        const known = new Set(this.items.map((i) => i.executionId));
        const fresh: ExecutionView[] = [];
        for (const item of page.items) {
          if (known.has(item.executionId)) continue;
          known.add(item.executionId);
          fresh.push(item);
        }
        this.items.push(...fresh);
        this.watcher.setListed(this.runningIds());
        this.noteUnreadable(page.skipped, page.skippedProblems);
        // Every continued page adds at least one execution, so a server that loops its cursor cannot keep "Load more" alive.
        this.endedEarly = fresh.length === 0 && page.nextCursor !== null;
        if (this.endedEarly)
          log.warn(
            'The list announced more executions, but its last page added none that can be shown; stopped there.',
          );
        this.cursor = this.endedEarly ? null : page.nextCursor;
        this.error = undefined;
      } catch (error) {
        if (generation !== this.generation) return;
        this.error = error instanceof Error ? error.message : String(error);
        if (isCredentialsError(error)) this.cursor = null;
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
        const cached = this.current(node.executionId);
        return executionItem(
          node,
          cached,
          { state: 'ok' },
          this.pins.isPinned(this.environments.active.name, node.executionId),
          now,
        );
      }
      case 'group':
      case 'step':
        return stepLevelItem(node, this.store.peek(node.executionId), now);
      case 'notice':
        return noticeItem(node);
      case 'loadMore':
        return loadMoreItem(this.loading !== undefined, 'loadMore', Commands.loadMoreExecutions);
    }
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) return this.rootNodes();
    if (node.kind === 'group') return groupMemberNodes(node);
    if (node.kind !== 'execution') return [];
    try {
      const execution = await this.store.get(node.executionId);
      if (execution.steps.length === 0)
        return [{ kind: 'notice', id: `${node.executionId}:nosteps`, label: 'No steps scheduled yet', icon: 'info' }];
      return stepLevelNodes(node.executionId, execution.steps);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return [{ kind: 'notice', id: `${node.executionId}:error`, label: message, icon: 'warning', tooltip: message }];
    }
  }

  private rootNodes(): TreeNode[] {
    if (!this.environments.isSignedIn) {
      const problem = this.environments.credentialsProblem;
      return problem ? [credentialsNotice('recent', problem.message)] : [];
    }
    if (this.cursor === undefined && !this.loading && !this.error)
      runInBackground(log, 'Loading executions', this.loadMore());
    const nodes: TreeNode[] = this.items.map((item) => {
      let node = this.nodes.get(item.executionId);
      if (!node) {
        node = { kind: 'execution', view: 'recent', executionId: item.executionId };
        this.nodes.set(item.executionId, node);
      }
      return node;
    });
    if (this.unreadable.count > 0) nodes.push(this.unreadableNotice());
    if (this.endedEarly) {
      nodes.push({
        kind: 'notice',
        id: 'recent:endedEarly',
        label: 'End of list: the last page added no new executions',
        icon: 'info',
        tooltip:
          'The server announced more executions, but its last page added none that can be shown (all repeated or unreadable), so the list stopped there instead of loading forever. Refresh to start again.',
      });
    }
    if (this.error) {
      nodes.push({
        kind: 'notice',
        id: 'recent:error',
        label: this.error,
        icon: 'warning',
        tooltip: this.error,
        command: { command: Commands.refreshRecent, title: 'Retry' },
      });
    } else if (this.items.length === 0 && this.cursor === null && this.unreadable.count === 0 && !this.endedEarly) {
      nodes.push({
        kind: 'notice',
        id: 'recent:empty',
        label: this.description ? 'No executions match the filter' : 'No executions yet',
        icon: 'info',
      });
    } else if (this.items.length === 0 && this.loading) {
      nodes.push({ kind: 'notice', id: 'recent:loading', label: 'Loading executions…', icon: 'loading~spin' });
    }
    if (this.cursor && !this.error) nodes.push({ kind: 'loadMore', cursor: this.cursor });
    return nodes;
  }

  private noteUnreadable(count: number, problems: readonly string[]): void {
    if (count === 0) return;
    this.unreadable = {
      count: this.unreadable.count + count,
      problems: [...this.unreadable.problems, ...problems].slice(0, 5),
    };
  }

  private unreadableNotice(): TreeNode {
    const { count, problems } = this.unreadable;
    const label = count === 1 ? '1 item could not be read' : `${count.toLocaleString('en-US')} items could not be read`;
    const tooltip =
      `The server sent ${count === 1 ? 'an execution' : `${count} executions`} this version cannot read; ` +
      `${count === 1 ? 'it is' : 'they are'} left out of the list. ${problems.join('; ')}. Details are in the Velt output log.`;
    return { kind: 'notice', id: 'recent:unreadable', label, icon: 'warning', tooltip };
  }

  override dispose(): void {
    this.generation++;
    clearInterval(this.ticker);
    super.dispose();
  }
}
