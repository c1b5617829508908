// A small cache of ExecutionViews per environment, shared by the tree, the hover and the panel, so one
// execution is fetched once however many places show it. LRU with a TTL: terminal executions stay
// longer, running ones briefly; NOT_FOUND is remembered briefly; one request per id in flight. The
// logic lives in the vscode-free ExecutionCache; this adds the onDidChange event.
import * as vscode from 'vscode';
import type { CallOptions, ExecutionView, WorkflowApi } from '../api';
import { ExecutionCache, type CacheOptions, type ExecutionChange } from './executionCache';

export type StoreOptions = CacheOptions;
export type { ExecutionChange } from './executionCache';

/** Copies fetched again after a restart; the rest are fetched when something shows them. */
const MAX_RELOADED = 50;

export class ExecutionStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExecutionChange>();
  /** Fires with the id whenever a copy that differs from the cached one arrives. */
  readonly onDidChange = this.changed.event;
  private readonly cache: ExecutionCache;

  constructor(
    api: WorkflowApi,
    private readonly environment: () => string,
    options: StoreOptions = {},
  ) {
    this.cache = new ExecutionCache(
      (executionId, signal) => api.getExecution(executionId, { signal }),
      environment,
      options,
      (change) => this.changed.fire(change),
    );
  }

  /** A cached copy, however old; undefined when never fetched in this environment. */
  peek(executionId: string): ExecutionView | undefined {
    return this.cache.peek(executionId);
  }

  isFresh(executionId: string): boolean {
    return this.cache.isFresh(executionId);
  }

  /** The cached copy while fresh, otherwise one request (shared with identical ones in flight). */
  get(executionId: string, options: Pick<CallOptions, 'signal'> & { force?: boolean } = {}): Promise<ExecutionView> {
    return this.cache.get(executionId, options);
  }

  /**
   * `environment`'s server restarted (the built-in sandbox re-runs its seeded ids from the start): its copies
   * turn stale and, when it is the active one, the most recent are fetched again at once, so every view moves to
   * the new runs. What is shown stays until the fresh copy arrives.
   */
  reload(environment: string): void {
    const ids = this.cache.expire(environment);
    if (environment !== this.environment()) return;
    for (const id of ids.slice(0, MAX_RELOADED)) this.cache.get(id).catch(() => undefined); // a failure shows on the next poll
  }

  put(environment: string, execution: ExecutionView): void {
    this.cache.put(environment, execution);
  }

  get size(): number {
    return this.cache.size;
  }

  dispose(): void {
    this.changed.dispose();
    this.cache.clear();
  }
}
