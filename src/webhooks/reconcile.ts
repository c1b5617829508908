// A reconciliation from the consumer's side (velt-api.md §6.3: there is no delivery-log API): every
// execution in scope is paged to the end of its stream and compared with the ledger; the missing events
// are handed to the caller page by page (the CLI prints and may re-deliver them, the editor lists them).
import { MAX_PAGE_SIZE, iterateEvents, type ExecutionEvent, type ExecutionView, type WorkflowApi } from '../api';
import { ExecutionComparison, type ExecutionReconciliation } from './compare';
import type { Ledger } from './ledger';
import { executionsInScope, type ReconcileScope } from './scope';

export interface ReconcileOptions {
  /** Subscribed event types; undefined compares every type. */
  types?: ReadonlySet<string>;
  signal?: AbortSignal;
  /** Missing events of one execution, in stream order; awaited before the next page is read. */
  onMissing: (events: ExecutionEvent[], execution: ExecutionView) => Promise<void>;
  /** One execution done, with its counts. */
  onExecution?: (summary: ExecutionReconciliation, execution: ExecutionView) => void;
  /** Each page as read (the CLI warns about unreadable events by their seq). */
  onPage?: (events: readonly ExecutionEvent[], unplaceable: number) => void;
  warn?: (message: string) => void;
}

export interface ReconcileTotals {
  executions: number;
  inStream: number;
  received: number;
  missing: number;
  duplicates: number;
  /** Ledger lines naming an execution in scope that match none of its events. */
  unmatched: number;
  /** Ledger lines left uncompared: they name executions outside the scope, or an eventId no execution had. */
  outsideScope: number;
}

export async function reconcile(
  api: WorkflowApi,
  ledger: Ledger,
  scope: ReconcileScope,
  options: ReconcileOptions,
): Promise<ReconcileTotals> {
  const totals: ReconcileTotals = {
    executions: 0,
    inStream: 0,
    received: 0,
    missing: 0,
    duplicates: 0,
    unmatched: 0,
    outsideScope: 0,
  };
  const { signal } = options;
  for await (const execution of executionsInScope(api, scope, {
    signal,
    pageSize: MAX_PAGE_SIZE,
    warn: options.warn,
  })) {
    const comparison = new ExecutionComparison(ledger, execution.executionId, options.types);
    // Bounded: iterateEvents stops with pagingStalled after too many empty pages in a row.
    for await (const page of iterateEvents(api, execution.executionId, { pageSize: MAX_PAGE_SIZE, signal })) {
      options.onPage?.(page.events, page.unplaceable);
      const missing = comparison.add(page.events);
      if (missing.length > 0) await options.onMissing(missing, execution);
    }
    const summary = comparison.finish();
    options.onExecution?.(summary, execution);
    totals.executions++;
    totals.inStream += summary.inStream;
    totals.received += summary.received;
    totals.missing += summary.missing;
    totals.duplicates += summary.duplicates;
    totals.unmatched += summary.unmatched;
  }
  totals.outsideScope = ledger.left - totals.unmatched;
  return totals;
}
