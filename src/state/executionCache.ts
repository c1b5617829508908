// The logic behind ExecutionStore, free of `vscode` so it is unit-tested and benchmarked directly:
// an LRU of ExecutionViews per environment with a TTL (terminal executions long, running ones briefly),
// bounded by entries and by estimated bytes, a short negative cache for NOT_FOUND (agent runs share the id
// prefix; a hover must not ask again on every mouse move) whose entries expire and are bounded too, and
// one shared request per id in flight. A caller that aborts stops waiting; the request itself is aborted
// only when nobody waits for it any more. Deep or huge executions are measured and compared with bounded
// walks that cannot throw.
import {
  InFlightRequests,
  cancelledError,
  isApiError,
  isTerminalStatus,
  type ApiError,
  type ExecutionView,
} from '../api';
import { jsonEqual, measureJson } from '../util/json';

export interface CacheOptions {
  maxEntries?: number;
  /** Estimated bytes (UTF-16 JSON) of all cached executions; the newest entry is kept even if larger. */
  maxBytes?: number;
  runningTtlMs?: number;
  terminalTtlMs?: number;
  notFoundTtlMs?: number;
  now?: () => number;
}

export interface ExecutionChange {
  environment: string;
  executionId: string;
  execution: ExecutionView;
}

export interface GetOptions {
  signal?: AbortSignal;
  /** Skip the cache (a fresh copy is still shared with an identical request in flight). */
  force?: boolean;
}

export type FetchExecution = (executionId: string, signal: AbortSignal) => Promise<ExecutionView>;

interface Entry {
  execution: ExecutionView;
  fetchedAt: number;
  bytes: number;
}

/** Values compared at most when a fresh copy arrives; larger executions count as changed. */
const MAX_COMPARED_VALUES = 1_000_000;
interface Miss {
  error: ApiError;
  at: number;
}

export class ExecutionCache {
  private readonly entries = new Map<string, Entry>();
  private readonly misses = new Map<string, Miss>();
  private readonly inFlight = new InFlightRequests<ExecutionView>();
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private bytes = 0;
  private readonly runningTtlMs: number;
  private readonly terminalTtlMs: number;
  private readonly notFoundTtlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly fetch: FetchExecution,
    private readonly environment: () => string,
    options: CacheOptions = {},
    private readonly onChange: (change: ExecutionChange) => void = () => undefined,
  ) {
    this.maxEntries = Math.max(1, options.maxEntries ?? 500);
    this.maxBytes = Math.max(0, options.maxBytes ?? 64 * 1024 * 1024);
    this.runningTtlMs = options.runningTtlMs ?? 3_000;
    this.terminalTtlMs = options.terminalTtlMs ?? 10 * 60_000;
    this.notFoundTtlMs = options.notFoundTtlMs ?? 30_000;
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
    return entry !== undefined && this.fresh(entry);
  }

  private fresh(entry: Entry): boolean {
    const ttl = isTerminalStatus(entry.execution.status) ? this.terminalTtlMs : this.runningTtlMs;
    return this.now() - entry.fetchedAt < ttl;
  }

  /** The cached copy while fresh, otherwise one request shared by every caller that asks meanwhile. */
  get(executionId: string, options: GetOptions = {}): Promise<ExecutionView> {
    if (options.signal?.aborted) return Promise.reject(cancelledError());
    const environment = this.environment();
    const key = this.key(executionId, environment);
    if (!options.force) {
      const entry = this.entries.get(key);
      if (entry && this.fresh(entry)) {
        this.entries.delete(key); // LRU: a hit moves the entry to the young end
        this.entries.set(key, entry);
        return Promise.resolve(entry.execution);
      }
      const miss = this.misses.get(key);
      if (miss && this.now() - miss.at < this.notFoundTtlMs) return Promise.reject(miss.error);
      if (miss) this.misses.delete(key);
    }
    return this.inFlight.run(
      key,
      (signal) =>
        this.fetch(executionId, signal).then(
          (execution) => {
            this.put(environment, execution);
            return execution;
          },
          (error: unknown) => {
            if (isApiError(error) && error.kind === 'notFound') this.remember(key, error);
            throw error;
          },
        ),
      options.signal,
    );
  }

  put(environment: string, execution: ExecutionView): void {
    const key = this.key(execution.executionId, environment);
    const previous = this.entries.get(key);
    if (previous) this.drop(key, previous);
    // UTF-16 JSON as a size estimate; measuring stops once the entry alone is over the budget.
    const bytes = 2 * measureJson(execution, this.maxBytes / 2).chars;
    this.entries.set(key, { execution, fetchedAt: this.now(), bytes });
    this.bytes += bytes;
    this.misses.delete(key);
    for (const [oldest, entry] of this.entries) {
      if (oldest === key || (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes)) break;
      this.drop(oldest, entry);
    }
    if (!previous || !jsonEqual(previous.execution, execution, MAX_COMPARED_VALUES)) {
      this.onChange({ environment, executionId: execution.executionId, execution });
    }
  }

  private drop(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }

  /** NOT_FOUND for a while; expired misses are swept as new ones arrive, and there are never more than maxEntries. */
  private remember(key: string, error: ApiError): void {
    const now = this.now();
    this.misses.delete(key);
    this.misses.set(key, { error, at: now });
    for (const [old, miss] of this.misses) {
      if (old === key || (this.misses.size <= this.maxEntries && now - miss.at < this.notFoundTtlMs)) break;
      this.misses.delete(old);
    }
  }

  /**
   * Marks every copy from `environment` stale and drops its NOT_FOUND answers (its server restarted, so the
   * same ids may now be other runs). Copies stay visible (peek) until a fresh one replaces them. Returns the
   * ids that had a copy, most recently used first.
   */
  expire(environment: string): string[] {
    const prefix = `${environment}\u0000`;
    const ids: string[] = [];
    for (const [key, entry] of this.entries) {
      if (!key.startsWith(prefix)) continue;
      entry.fetchedAt = Number.NEGATIVE_INFINITY;
      ids.unshift(entry.execution.executionId);
    }
    for (const key of this.misses.keys()) if (key.startsWith(prefix)) this.misses.delete(key);
    return ids;
  }

  /** Requests currently in flight (tests and the benchmark). */
  get pending(): number {
    return this.inFlight.size;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Estimated bytes of the cached executions (tests and the benchmark). */
  get byteSize(): number {
    return this.bytes;
  }

  /** NOT_FOUND answers remembered (tests). */
  get missCount(): number {
    return this.misses.size;
  }

  clear(): void {
    this.inFlight.abortAll();
    this.entries.clear();
    this.bytes = 0;
    this.misses.clear();
  }
}
