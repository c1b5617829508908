// The "Webhook Reconciliation" view: the last reconciliation's result, inert by construction (tree labels).
// Roots: a summary row, warnings, then one row per execution (received / missing / duplicates); children of
// an execution are its missing events, each opening the execution panel at that event.
import * as vscode from 'vscode';
import type { ExecutionEvent } from '../api';
import { Commands, ContextKeys } from '../ids';
import { formatAbsolute } from '../util/format';
import { inertLabel } from '../util/inertText';
import { Disposable } from '../util/lifecycle';
import type { ExecutionResult, ReconcileReport } from './reconcileReport';

/** Missing events listed under one execution; the rest are counted in a last row (export has them all). */
export const MAX_ROWS_PER_EXECUTION = 500;

export type ReconcileNode =
  | { kind: 'summary'; text: string; tooltip: string }
  | { kind: 'warning'; text: string }
  | { kind: 'execution'; result: ExecutionResult }
  | { kind: 'missing'; executionId: string; event: ExecutionEvent }
  | { kind: 'more'; executionId: string; count: number };

/** The arguments a missing event row passes to Open Execution: the panel opens with that event selected. */
export interface MissingEventArg {
  executionId: string;
  seq: number;
}

export class ReconcileTree extends Disposable implements vscode.TreeDataProvider<ReconcileNode> {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this.changed.event;
  private current: ReconcileReport | undefined;

  get report(): ReconcileReport | undefined {
    return this.current;
  }

  show(report: ReconcileReport | undefined): void {
    this.current = report;
    this.changed.fire();
    void vscode.commands.executeCommand('setContext', ContextKeys.hasReconciliation, report !== undefined);
  }

  getChildren(node?: ReconcileNode): ReconcileNode[] {
    const report = this.current;
    if (!report) return [];
    if (!node) return rootNodes(report);
    if (node.kind !== 'execution') return [];
    const rows: ReconcileNode[] = node.result.missing
      .slice(0, MAX_ROWS_PER_EXECUTION)
      .map((event) => ({ kind: 'missing', executionId: node.result.executionId, event }));
    const more = (node.result.summary?.missing ?? node.result.missing.length) - MAX_ROWS_PER_EXECUTION;
    if (more > 0) rows.push({ kind: 'more', executionId: node.result.executionId, count: more });
    return rows;
  }

  getTreeItem(node: ReconcileNode): vscode.TreeItem {
    switch (node.kind) {
      case 'summary': {
        const item = new vscode.TreeItem(inertLabel(node.text, 200));
        item.iconPath = new vscode.ThemeIcon('checklist');
        item.tooltip = inertLabel(node.tooltip, 600);
        item.contextValue = 'reconcileSummary';
        return item;
      }
      case 'warning': {
        const item = new vscode.TreeItem(inertLabel(node.text, 300));
        item.iconPath = new vscode.ThemeIcon('warning');
        item.tooltip = inertLabel(node.text, 600);
        item.contextValue = 'notice';
        return item;
      }
      case 'execution':
        return executionItem(node.result);
      case 'missing':
        return missingItem(node.executionId, node.event);
      case 'more': {
        const item = new vscode.TreeItem(
          `${node.count.toLocaleString('en-US')} more missing events (Export Missing lists them all)`,
        );
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.contextValue = 'notice';
        return item;
      }
    }
  }
}

function rootNodes(report: ReconcileReport): ReconcileNode[] {
  const t = report.totals;
  const summary: ReconcileNode = t
    ? {
        kind: 'summary',
        text: `${plural(t.executions, 'execution')}: ${t.received} received, ${t.missing} missing, ${plural(t.duplicates, 'duplicate')}`,
        tooltip:
          `${report.environment} · ${report.scopeLabel} · ledger ${report.ledgerName} (${plural(report.ledger.lines, 'line')})\n` +
          `${t.inStream} events in the streams, ${t.received} received, ${t.missing} missing, ${plural(t.duplicates, 'duplicate')}, ` +
          `${plural(t.unmatched, 'ledger line')} matching no event, ${plural(t.outsideScope, 'ledger line')} for other executions.`,
      }
    : { kind: 'summary', text: 'Reconciliation stopped before the end', tooltip: report.scopeLabel };
  const warnings: ReconcileNode[] = report.warnings.map((text) => ({ kind: 'warning', text }));
  return [summary, ...warnings, ...report.executions.map((result): ReconcileNode => ({ kind: 'execution', result }))];
}

function executionItem(result: ExecutionResult): vscode.TreeItem {
  const s = result.summary;
  const missing = s?.missing ?? result.missing.length;
  const item = new vscode.TreeItem(
    inertLabel(result.executionId),
    missing > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
  );
  item.id = `reconcile:${result.executionId}`;
  item.description = s
    ? `${s.received} received · ${s.missing} missing · ${plural(s.duplicates, 'duplicate')}`
    : `${missing} missing so far (stopped)`;
  item.iconPath = new vscode.ThemeIcon(
    missing > 0 ? 'warning' : 'pass',
    new vscode.ThemeColor(missing > 0 ? 'problemsWarningIcon.foreground' : 'testing.iconPassed'),
  );
  item.tooltip = inertLabel(
    `${result.executionId} (${result.definitionId})` +
      (s
        ? `\n${s.inStream} events in the stream, ${s.received} received, ${s.missing} missing, ${plural(s.duplicates, 'duplicate')}, ${plural(s.unmatched, 'ledger line')} matching no event.`
        : ''),
    600,
  );
  item.contextValue = 'reconcileExecution';
  item.command = { command: Commands.openExecution, title: 'Open Execution', arguments: [result.executionId] };
  return item;
}

function missingItem(executionId: string, event: ExecutionEvent): vscode.TreeItem {
  const typeKnown = !event.unreadable?.placeholders?.includes('type');
  const item = new vscode.TreeItem(inertLabel(`seq ${event.seq} · ${typeKnown ? event.type : 'unreadable event'}`));
  item.id = `reconcile:${executionId}:${event.seq}`;
  item.description = inertLabel(
    [event.stepId ?? '', Number.isFinite(event.timestamp) ? formatAbsolute(event.timestamp) : '']
      .filter(Boolean)
      .join(' · '),
  );
  item.iconPath = new vscode.ThemeIcon(event.unreadable ? 'question' : 'circle-slash');
  item.tooltip = inertLabel(
    `Missing from the ledger: ${typeKnown ? event.type : 'unreadable event'} (seq ${event.seq}) of ${executionId}` +
      (event.unreadable
        ? `\nThe event could not be read (${event.unreadable.problem}); it cannot be re-delivered.`
        : ''),
    600,
  );
  item.contextValue = 'reconcileMissing';
  const arg: MissingEventArg = { executionId, seq: event.seq };
  item.command = { command: Commands.openExecution, title: 'Open Execution at This Event', arguments: [arg] };
  return item;
}

function plural(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}
