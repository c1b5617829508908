// `reconcile`: reads the ledger, compares it with the stream of every execution in scope, prints the
// missing events as NDJSON on stdout and the counts on stderr, and optionally re-delivers the missing
// events to a receiver. Exit 9 when anything is missing (EXIT.missingEvents).
import { createReadStream } from 'node:fs';
import { eventRecord, type ExecutionEvent, type ExecutionView } from '../api';
import {
  REDELIVER_ATTEMPTS,
  deliveryLine,
  readLedger,
  reconcile,
  redeliverEvents,
  type ExecutionReconciliation,
  type Ledger,
  type ReconcileTotals,
  type RedeliveryCounts,
} from '../webhooks';
import { UsageError, quote } from './args';
import type { CommandContext } from './commands';
import { EXIT } from './exitCodes';
import { eventHeader, eventLine } from './human/events';
import { reconcileTable } from './human/reconcile';
import { Progress, type Output } from './output';
import { DataWarnings } from './warnings';
import type { ReconcileCommand } from './webhookArgs';

/** Bad ledger lines named one by one on stderr; past this only the total. */
const MAX_NAMED_BAD_LINES = 10;

export interface WebhookTimingOverrides {
  deliveryTimeoutMs?: number;
  deliveryBaseMs?: number;
  deliveryMaxMs?: number;
}

export async function runReconcile(
  command: ReconcileCommand,
  context: CommandContext & { userAgent: string; timings?: WebhookTimingOverrides },
): Promise<number> {
  const { api, output, signal } = context;
  const ledger = await readLedgerFile(command.ledger);
  reportBadLines(ledger, output);
  const warnings = new DataWarnings(output);
  const redelivery: RedeliveryCounts = { delivered: 0, failed: 0, skipped: 0 };
  const redeliver = async (events: ExecutionEvent[], execution: ExecutionView): Promise<void> => {
    if (!command.redeliver) return;
    await redeliverEvents(command.redeliver, events, execution, redelivery, {
      userAgent: context.userAgent,
      signal,
      timeoutMs: context.timings?.deliveryTimeoutMs,
      baseMs: context.timings?.deliveryBaseMs,
      maxMs: context.timings?.deliveryMaxMs,
      onAttempt: (result) => output.message(`redeliver: ${deliveryLine(result)}`),
      onSkipped: (event) =>
        output.message(
          `redeliver: event seq ${event.seq} of ${execution.executionId} could not be read; not re-delivered.`,
        ),
    });
  };
  // For people: the missing events as lines under a header, progress on stderr, then the per-execution
  // table with totals on stdout (in place of the per-execution and totals lines on stderr).
  const human = output.human;
  // On a terminal stderr: events read so far, pages, rate and executions compared.
  const progress = new Progress(output);
  const compared: ExecutionReconciliation[] = [];
  let headerShown = false;
  let executionsDone = 0;
  let totals: ReconcileTotals;
  try {
    totals = await reconcile(api, ledger, command.scope, {
      types: command.types,
      signal,
      onPage: (events, unplaceable) => {
        warnings.events(events, unplaceable);
        progress.add(events.length, `${executionsDone} execution${executionsDone === 1 ? '' : 's'} compared`);
      },
      onMissing: async (events, execution) => {
        if (human) {
          if (!headerShown && events.length > 0) await output.text(`Missing events\n${eventHeader(human)}`);
          headerShown ||= events.length > 0;
          await output.text(events.map((event) => eventLine(event, human)).join(''));
        } else await output.lines(events.map(eventRecord));
        await redeliver(events, execution);
      },
      onExecution: (summary) => {
        executionsDone++;
        if (!human) return output.message(executionLine(summary));
        compared.push(summary);
      },
      warn: (message) => output.message(`warning: ${message}`),
    });
  } finally {
    warnings.finish();
    progress.done();
  }
  if (human) {
    await output.text(`${headerShown ? '\n' : ''}${reconcileTable(compared, totals, human)}`);
    const extra = outsideScopeNote(totals, ledger);
    if (extra) await output.text(`Not compared: ${extra}.\n`);
  } else output.message(totalsLine(totals, ledger));
  if (command.redeliver) {
    const skipped = redelivery.skipped > 0 ? `, ${redelivery.skipped} unreadable not sent` : '';
    output.message(
      `redeliver: ${redelivery.delivered} of ${totals.missing} missing event${totals.missing === 1 ? '' : 's'} delivered to ${command.redeliver.url}` +
        (redelivery.failed > 0 ? `; ${redelivery.failed} failed after ${REDELIVER_ATTEMPTS} attempts each` : '') +
        `${skipped}.`,
    );
  }
  return totals.missing > 0 ? EXIT.missingEvents : EXIT.ok;
}

async function readLedgerFile(file: string): Promise<Ledger> {
  try {
    return await readLedger(createReadStream(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : (code ?? 'unreadable');
    throw new UsageError(
      `cannot read the ledger ${quote(file)}: ${why}. Check the path given to --ledger.`,
      'reconcile',
    );
  }
}

function reportBadLines(ledger: Ledger, output: Output): void {
  for (const { line, problem } of ledger.problems.slice(0, MAX_NAMED_BAD_LINES))
    output.message(`warning: ledger line ${line}: ${problem}; skipped.`);
  if (ledger.badLines > MAX_NAMED_BAD_LINES)
    output.message(
      `warning: ${ledger.badLines} ledger lines in all could not be used (the first ${MAX_NAMED_BAD_LINES} are named above).`,
    );
}

function executionLine(s: ExecutionReconciliation): string {
  return `${s.executionId}: ${s.inStream} in stream, ${s.received} received, ${s.missing} missing, ${plural(s.duplicates, 'duplicate')}, ${plural(s.unmatched, 'unmatched ledger line')}.`;
}

/** Ledger lines that were not compared, for people (the table holds the rest). */
function outsideScopeNote(t: ReconcileTotals, ledger: Ledger): string {
  return totalsExtra(t, ledger).join('; ');
}

function totalsExtra(t: ReconcileTotals, ledger: Ledger): string[] {
  return [
    t.outsideScope > 0 ? `${plural(t.outsideScope, 'ledger line')} for other executions or unknown event ids` : '',
    ledger.badLines > 0 ? `${plural(ledger.badLines, 'bad ledger line')} skipped` : '',
  ].filter(Boolean);
}

function totalsLine(t: ReconcileTotals, ledger: Ledger): string {
  const extra = totalsExtra(t, ledger);
  return (
    `reconciled ${plural(t.executions, 'execution')}: ${t.inStream} events in stream, ${t.received} received, ${t.missing} missing, ` +
    `${plural(t.duplicates, 'duplicate')}, ${plural(t.unmatched, 'unmatched ledger line')}` +
    (extra.length > 0 ? `; ${extra.join('; ')}.` : '.')
  );
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
