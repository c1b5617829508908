// `reconcile` for people: one row per execution compared (in stream, received, missing, duplicates,
// unmatched ledger lines) and a totals row; missing counts are coloured so a gap stands out.
import type { ExecutionReconciliation, ReconcileTotals } from '../../webhooks';
import { renderTable, type Cell, type Column } from './table';
import type { TerminalStyle } from './terminal';
import { inert } from './terminal';

const COLUMNS: readonly Column[] = [
  { header: 'EXECUTION', flexible: true },
  { header: 'IN STREAM', align: 'right' },
  { header: 'RECEIVED', align: 'right' },
  { header: 'MISSING', align: 'right' },
  { header: 'DUPLICATES', align: 'right' },
  { header: 'UNMATCHED', align: 'right' },
];

export function reconcileTable(
  rows: readonly ExecutionReconciliation[],
  totals: ReconcileTotals,
  style: TerminalStyle,
): string {
  const cells = (label: string, r: Omit<ExecutionReconciliation, 'executionId'>): Cell[] => [
    { text: label },
    { text: r.inStream.toLocaleString('en-US') },
    { text: r.received.toLocaleString('en-US') },
    { text: r.missing.toLocaleString('en-US'), tone: r.missing > 0 ? 'bad' : 'good' },
    { text: r.duplicates.toLocaleString('en-US'), tone: r.duplicates > 0 ? 'warn' : undefined },
    { text: r.unmatched.toLocaleString('en-US'), tone: r.unmatched > 0 ? 'warn' : undefined },
  ];
  return renderTable(
    COLUMNS,
    [
      ...rows.map((r) => cells(inert(r.executionId), r)),
      cells(`total (${totals.executions} execution${totals.executions === 1 ? '' : 's'})`, totals),
    ],
    style,
  );
}
