// A small cache of ExecutionViews per environment, shared by the tree, the hover and the panel, so one
// execution is fetched once however many places show it. LRU with a TTL: terminal executions stay
// longer, running ones briefly. Fires onDidChange with the id whenever a fresh copy arrives.
import * as vscode from 'vscode';
import { isTerminalStatus, type CallOptions, type ExecutionView, type WorkflowApi } from '../api';

export interface StoreOptions {
  maxEntries?: number;
  runningTtlMs?: number;
  terminalTtlMs?: number;
  now?: () => number;
}

interface Entry {
  execution: ExecutionView;
  fetchedAt: number;
}

export interface ExecutionChange {
  environment: string;
  executionId: string;
  execution: ExecutionView;
}

export class ExecutionStore implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly changed = new vscode.EventEmitter<ExecutionChange>();
  readonly onDidChange = this.changed.event;
  private readonly maxEntries: number;
  private readonly runningTtlMs: number;
  private readonly terminalTtlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly api: WorkflowApi,
    private readonly environment: () => string,
    options: StoreOptions = {},
  ) {
    this.maxEntries = options.maxEntries ?? 500;
    this.runningTtlMs = options.runningTtlMs ?? 3_000;
    this.terminalTtlMs = options.terminalTtlMs ?? 10 * 60_000;
    this.now = options.now ?? Date.now;
  }

  private key(executionId: string, environment = this.environment()): string {
    return `${environment}\u0000${executionId}`;
  }

  /** A cached copy, however old; undefined when never fetched in this environment. */
  peek(executionId: string): ExecutionView | undefined {
    return this.entries.get(this.key(executionId))?.execution;
  }

  isFresh(executionId: string): boolean {
    const entry = this.entries.get(this.key(executionId));
    if (!entry) return false;
    const ttl = isTerminalStatus(entry.execution.status) ? this.terminalTtlMs : this.runningTtlMs;
    return this.now() - entry.fetchedAt < ttl;
  }

  /** The cached copy while fresh, otherwise one request (shared with identical ones in flight). */
  async get(executionId: string, options: CallOptions & { force?: boolean } = {}): Promise<ExecutionView> {
    if (!options.force && this.isFresh(executionId)) return this.peek(executionId)!;
    const environment = this.environment();
    const execution = await this.api.getExecution(executionId, options);
    this.put(environment, execution);
    return execution;
  }

  put(environment: string, execution: ExecutionView): void {
    const key = this.key(execution.executionId, environment);
    const previous = this.entries.get(key);
    this.entries.delete(key);
    this.entries.set(key, { execution, fetchedAt: this.now() });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    if (!previous || JSON.stringify(previous.execution) !== JSON.stringify(execution)) {
      this.changed.fire({ environment, executionId: execution.executionId, execution });
    }
  }

  get size(): number {
    return this.entries.size;
  }

  dispose(): void {
    this.changed.dispose();
    this.entries.clear();
  }
}
