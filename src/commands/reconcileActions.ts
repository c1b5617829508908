// The Webhook Reconciliation view's actions on the missing events: Export Missing as JSON Lines (the records
// the CLI prints) and Re-deliver Missing to a receiver, signed with the secret kept for its URL. A
// re-delivery writes to the user's receiver, so it is confirmed in a modal that names the URL and the count.
import * as vscode from 'vscode';
import { logger } from '../log';
import { inertLabel, inertMessage } from '../util/inertText';
import { chooseJsonLinesTarget } from '../util/jsonLinesTarget';
import { deliveryLine, redeliverEvents, REDELIVER_ATTEMPTS, type RedeliveryCounts } from '../webhooks';
import { userAgent } from '../api';
import type { ReconcileReport } from '../deliveries/reconcileReport';
import type { CommandDeps } from './deps';
import { askReceiver, type ReceiverMemory } from './receiverPrompt';

const log = logger('reconcile');
const REDELIVER = 'Re-deliver';

export function exportMissing(deps: CommandDeps) {
  return async (target?: vscode.Uri): Promise<vscode.Uri | undefined> => {
    const report = usableReport(deps);
    if (!report) return undefined;
    const uri = target ?? (await chooseJsonLinesTarget('Export missing events as JSON Lines', 'missing-events.jsonl'));
    if (!uri) return undefined;
    // At most MAX_MISSING_KEPT events: small enough to write in one go.
    const text = [...report.jsonLines()].join('');
    try {
      await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
    } catch (error) {
      void vscode.window.showErrorMessage(
        `Could not write ${inertMessage(uri.fsPath || uri.toString())}: ${inertMessage(error instanceof Error ? error.message : String(error))}. Choose another place.`,
      );
      return undefined;
    }
    const count = report.missingKept;
    log.info(`Exported ${count} missing events to ${uri.toString()}`);
    void vscode.window.showInformationMessage(
      `Exported ${count.toLocaleString('en-US')} missing event${count === 1 ? '' : 's'} to ${inertMessage(uri.fsPath || uri.toString())}.`,
    );
    return uri;
  };
}

export function redeliverMissing(deps: CommandDeps, memory: ReceiverMemory = { lastUrl: undefined }) {
  return async (): Promise<RedeliveryCounts | undefined> => {
    const report = usableReport(deps);
    if (!report) return undefined;
    const readable = report.executions.reduce((n, e) => n + e.missing.filter((m) => !m.unreadable).length, 0);
    if (readable === 0) {
      void vscode.window.showInformationMessage(
        'No missing event can be re-delivered (none is missing, or none could be read).',
      );
      return undefined;
    }
    const receiver = await askReceiver(deps, 'Velt: Re-deliver Missing Events', memory);
    if (!receiver) return undefined;
    const confirm = await vscode.window.showWarningMessage(
      `Re-deliver ${readable.toLocaleString('en-US')} missing event${readable === 1 ? '' : 's'} to ${inertMessage(receiver.url)}?`,
      {
        modal: true,
        detail: `Each is POSTed as a signed webhook, as Velt would send it (up to ${REDELIVER_ATTEMPTS} attempts each). Your receiver will process them.`,
      },
      REDELIVER,
    );
    if (confirm !== REDELIVER) return undefined;
    const counts: RedeliveryCounts = { delivered: 0, failed: 0, skipped: 0 };
    const controller = new AbortController();
    let cancelled = false;
    try {
      await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Re-delivering to ${inertLabel(receiver.url)}`,
          cancellable: true,
        },
        async (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          for (const result of report.executions) {
            await redeliverEvents(receiver, result.missing, result, counts, {
              userAgent: userAgent('vscode', `vscode/${vscode.version}`),
              signal: controller.signal,
              onAttempt: (attempt) => log.info(`redeliver: ${deliveryLine(attempt)}`),
            });
            progress.report({ message: `${counts.delivered + counts.failed} of ${readable}` });
          }
        },
      );
    } catch (error) {
      if (!controller.signal.aborted) throw error;
      cancelled = true;
    }
    const parts = [`${counts.delivered} of ${readable} delivered to ${inertMessage(receiver.url)}`];
    if (counts.failed > 0) parts.push(`${counts.failed} failed after ${REDELIVER_ATTEMPTS} attempts each`);
    if (counts.skipped > 0) parts.push(`${counts.skipped} unreadable not sent`);
    const text = `Re-delivery ${cancelled ? 'cancelled' : 'done'}: ${parts.join('; ')}.`;
    log.info(text);
    if (counts.failed > 0 || cancelled)
      void vscode.window.showWarningMessage(`${text} Check that the receiver is running, then re-deliver again.`);
    else void vscode.window.showInformationMessage(text);
    return counts;
  };
}

function usableReport(deps: CommandDeps): ReconcileReport | undefined {
  const report = deps.webhooks.reconciliation.report;
  if (!report) {
    void vscode.window.showInformationMessage('Nothing to act on yet: run Velt: Reconcile Webhook Deliveries first.');
    return undefined;
  }
  if (!report.complete) {
    void vscode.window.showErrorMessage(
      `This reconciliation found more missing events than the editor keeps (${report.missingKept.toLocaleString('en-US')}). Use the CLI, which streams them: velt-executions reconcile --ledger <file> … [--redeliver <url> --secret <secret>].`,
    );
    return undefined;
  }
  return report;
}
