// Which executions a reconciliation covers: an explicit list, or every run executions/list returns whose
// startedAt falls in a time window (filtered by definition and status). The list is paged by its startedAt
// cursor, newest first; every loop is bounded (a page that adds nothing new ends it, as `list` does).
import { DEFAULT_LIST_PAGE_SIZE, type ExecutionView, type ListStatusFilter, type WorkflowApi } from '../api';

export type ReconcileScope =
  | { kind: 'executions'; executionIds: readonly string[] }
  | {
      kind: 'window';
      /** Epoch ms, inclusive. */
      since: number;
      /** Epoch ms, inclusive; undefined: up to now. */
      until: number | undefined;
      definitionId: string | undefined;
      status: ListStatusFilter | undefined;
    };

/** Runs looked at in one window before giving up: far above any real window, and it ends an endless list. */
export const MAX_WINDOW_SCAN = 100_000;

export interface ScopeOptions {
  signal?: AbortSignal;
  pageSize?: number;
  /** Something the user should know about the scan (skipped items, a stop at a bound). */
  warn?: (message: string) => void;
}

/** Yields the executions in scope. An unknown explicit id fails (notFound) before anything is yielded. */
export async function* executionsInScope(
  api: WorkflowApi,
  scope: ReconcileScope,
  options: ScopeOptions = {},
): AsyncGenerator<ExecutionView> {
  if (scope.kind === 'executions') {
    const views: ExecutionView[] = [];
    for (const executionId of new Set(scope.executionIds))
      views.push(await api.getExecution(executionId, { signal: options.signal }));
    yield* views;
    return;
  }
  yield* windowExecutions(api, scope, options);
}

async function* windowExecutions(
  api: WorkflowApi,
  scope: Extract<ReconcileScope, { kind: 'window' }>,
  { signal, pageSize = DEFAULT_LIST_PAGE_SIZE, warn }: ScopeOptions,
): AsyncGenerator<ExecutionView> {
  const seen = new Set<string>();
  let cursor: string | undefined;
  let skipped = 0;
  for (;;) {
    const page = await api.listExecutions(
      { definitionId: scope.definitionId, status: scope.status, pageSize, cursor },
      { signal },
    );
    skipped += page.skipped;
    let fresh = 0;
    let newestFirst = true;
    let previous = Number.POSITIVE_INFINITY;
    for (const item of page.items) {
      const startedAt = item.startedAt ?? Number.NaN;
      if (!(startedAt <= previous)) newestFirst = false;
      if (!Number.isNaN(startedAt)) previous = startedAt;
      // A startedAt cursor can repeat runs that share a millisecond at a page boundary.
      if (seen.has(item.executionId)) continue;
      seen.add(item.executionId);
      fresh++;
      if (startedAt >= scope.since && (scope.until === undefined || startedAt <= scope.until)) yield item;
    }
    if (page.nextCursor === null) break;
    if (fresh === 0) {
      warn?.(
        'the server announced more executions, but its last page added none (all repeated or unreadable); stopped there.',
      );
      break;
    }
    // Newest first (the documented cursor): once a page ends before the window, the rest is older still.
    if (newestFirst && previous < scope.since) break;
    if (seen.size >= MAX_WINDOW_SCAN) {
      warn?.(
        `looked at ${MAX_WINDOW_SCAN.toLocaleString('en-US')} executions without reaching the start of the window; stopped there. Narrow it with --since/--until or --definition.`,
      );
      break;
    }
    cursor = page.nextCursor;
  }
  if (skipped > 0)
    warn?.(
      `${skipped} execution${skipped === 1 ? '' : 's'} in the list could not be read and ${skipped === 1 ? 'was' : 'were'} left out of the reconciliation.`,
    );
}

/** `--since`/`--until`: ISO 8601 (a date, or a date and time) or epoch milliseconds. */
export function parseTimeBound(raw: string): number | undefined {
  const text = raw.trim();
  if (/^\d{1,16}$/.test(text)) return Number(text);
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}
