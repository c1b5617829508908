// What one reconciliation in the editor found, kept for the view and its actions (export, re-deliver):
// per execution its counts and its missing events, in stream order. vscode-free. The missing events held are
// capped: past the cap the counts stay exact, and the actions say to use the CLI, which streams them.
import { eventRecord, type ExecutionEvent, type ExecutionView } from '../api';
import type { ExecutionReconciliation, Ledger, ReconcileTotals } from '../webhooks';

/** Missing events kept for the view and its actions; the CLI streams any number. */
export const MAX_MISSING_KEPT = 50_000;

export interface ExecutionResult {
  executionId: string;
  definitionId: string;
  /** Undefined until the stream of this execution has been read to its end. */
  summary: ExecutionReconciliation | undefined;
  missing: ExecutionEvent[];
}

export class ReconcileReport {
  readonly executions: ExecutionResult[] = [];
  totals: ReconcileTotals | undefined;
  /** Missing events not kept (past MAX_MISSING_KEPT). */
  notKept = 0;
  readonly warnings: string[] = [];

  constructor(
    readonly environment: string,
    /** What was reconciled, for the view's title row ("3 pinned executions", "since …"). */
    readonly scopeLabel: string,
    readonly ledgerName: string,
    readonly ledger: Pick<Ledger, 'lines' | 'badLines' | 'problems'>,
    private readonly maxKept = MAX_MISSING_KEPT,
  ) {}

  get missingKept(): number {
    return this.executions.reduce((n, e) => n + e.missing.length, 0);
  }

  /** Every missing event is held (the actions can work on all of them). */
  get complete(): boolean {
    return this.notKept === 0;
  }

  addMissing(events: readonly ExecutionEvent[], execution: ExecutionView): void {
    const result = this.resultFor(execution);
    const room = Math.max(0, this.maxKept - this.missingKept);
    result.missing.push(...events.slice(0, room));
    this.notKept += Math.max(0, events.length - room);
  }

  finishExecution(summary: ExecutionReconciliation, execution: ExecutionView): void {
    this.resultFor(execution).summary = summary;
  }

  /** The missing events as JSON Lines, the same records the CLI prints on stdout. */
  *jsonLines(): Generator<string> {
    for (const result of this.executions)
      for (const event of result.missing) yield `${JSON.stringify(eventRecord(event))}\n`;
  }

  private resultFor(execution: ExecutionView): ExecutionResult {
    let result = this.executions.find((e) => e.executionId === execution.executionId);
    if (!result) {
      result = {
        executionId: execution.executionId,
        definitionId: execution.definitionId,
        summary: undefined,
        missing: [],
      };
      this.executions.push(result);
    }
    return result;
  }
}
