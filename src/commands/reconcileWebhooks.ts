// Velt: Reconcile Webhook Deliveries…: a ledger file, a scope (pinned executions, one execution, or a time
// window with an optional definition), then the reconciliation with progress and cancel; the result goes to
// the Webhook Reconciliation view. What the user entered is kept for the next run in this window, so a step
// that fails (a bad window, an unknown id) is retried without typing everything again.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { isApiError, pinnedToEnvironment } from '../api';
import { ReconcileReport } from '../deliveries/reconcileReport';
import { Views } from '../ids';
import { logger } from '../log';
import { formatAbsolute } from '../util/format';
import { inertLabel, inertMessage } from '../util/inertText';
import { parseTimeBound, readLedger, reconcile, type Ledger, type ReconcileScope } from '../webhooks';
import type { CommandDeps } from './deps';
import { pickExecutionId } from './executionPicker';
import { ensureSignedIn } from './openExecution';

const log = logger('reconcile');
const TITLE = 'Velt: Reconcile Webhook Deliveries';

type ScopeKind = 'pinned' | 'one' | 'window';

/** What the user entered last, offered again (this window only; nothing is stored). */
export interface ReconcileInputs {
  ledger?: vscode.Uri;
  scopeKind?: ScopeKind;
  since?: string;
  until?: string;
  definitionId?: string;
}

interface ChosenScope {
  scope: ReconcileScope;
  label: string;
}

export function reconcileWebhooks(deps: CommandDeps, inputs: ReconcileInputs = {}) {
  return async (): Promise<ReconcileReport | undefined> => {
    if (!(await ensureSignedIn(deps))) return undefined;
    const environment = deps.environments.active.name;
    const ledgerUri = await pickLedger(inputs);
    if (!ledgerUri) return undefined;
    const chosen = await pickScope(deps, environment, inputs);
    if (!chosen) return undefined;
    let ledger: Ledger;
    try {
      ledger = await readLedgerUri(ledgerUri);
    } catch (error) {
      void vscode.window.showErrorMessage(
        `Could not read the ledger ${inertMessage(ledgerUri.fsPath || ledgerUri.toString())}: ${inertMessage(error instanceof Error ? error.message : String(error))}. Choose another file.`,
      );
      return undefined;
    }
    const report = new ReconcileReport(environment, chosen.label, baseName(ledgerUri), ledger);
    if (ledger.badLines > 0) {
      const first = ledger.problems[0];
      report.warnings.push(
        `${ledger.badLines} ledger line${ledger.badLines === 1 ? '' : 's'} skipped` +
          (first ? ` (line ${first.line}: ${first.problem})` : '') +
          '.',
      );
    }
    await run(deps, report, ledger, chosen.scope);
    deps.webhooks.reconciliation.show(report);
    await vscode.commands.executeCommand(`${Views.webhookReconciliation}.focus`);
    return report;
  };
}

async function run(deps: CommandDeps, report: ReconcileReport, ledger: Ledger, scope: ReconcileScope): Promise<void> {
  const api = pinnedToEnvironment(deps.api, report.environment);
  const controller = new AbortController();
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Reconciling webhook deliveries', cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        let done = 0;
        report.totals = await reconcile(api, ledger, scope, {
          signal: controller.signal,
          onMissing: async (events, execution) => report.addMissing(events, execution),
          onExecution: (summary, execution) => {
            report.finishExecution(summary, execution);
            progress.report({ message: `${++done} execution${done === 1 ? '' : 's'} compared` });
          },
          warn: (message) => report.warnings.push(message),
        });
      },
    );
    const t = report.totals;
    if (t) log.info(`Reconciled ${t.executions} executions: ${t.missing} missing, ${t.duplicates} duplicates`);
    if (!report.complete)
      report.warnings.push(
        `Only the first ${report.missingKept.toLocaleString('en-US')} missing events are listed; use the CLI (velt-executions reconcile) to export or re-deliver all of them.`,
      );
  } catch (error) {
    const cancelled = controller.signal.aborted || (isApiError(error) && error.kind === 'cancelled');
    const reason = cancelled ? 'cancelled' : error instanceof Error ? error.message : String(error);
    report.warnings.push(`Stopped: ${reason}. The counts below cover what was compared before that.`);
    if (!cancelled) {
      log.warn('Reconciliation failed', error);
      void vscode.window.showErrorMessage(
        `The reconciliation stopped: ${inertMessage(reason)} Fix the cause and run it again (your choices are kept).`,
      );
    }
  }
}

async function pickLedger(inputs: ReconcileInputs): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: `${TITLE}: the receiver's ledger (JSON Lines, one delivery per line)`,
    openLabel: 'Use Ledger',
    canSelectMany: false,
    canSelectFolders: false,
    ...(inputs.ledger ? { defaultUri: inputs.ledger } : {}),
    filters: { 'JSON Lines': ['jsonl', 'ndjson', 'log', 'txt'], 'All files': ['*'] },
  });
  const uri = picked?.[0];
  if (uri) inputs.ledger = uri;
  return uri;
}

async function pickScope(
  deps: CommandDeps,
  environment: string,
  inputs: ReconcileInputs,
): Promise<ChosenScope | undefined> {
  const pinned = deps.pins.list(environment);
  const items: (vscode.QuickPickItem & { kind_: ScopeKind })[] = [
    {
      kind_: 'pinned',
      label: '$(pinned) Pinned executions',
      description: `${pinned.length} in ${inertLabel(environment, 60)}`,
    },
    { kind_: 'one', label: '$(symbol-event) One execution…' },
    {
      kind_: 'window',
      label: '$(calendar) A time window…',
      description: 'every run started in it, optionally of one definition',
    },
  ];
  // The last choice first, so Enter repeats it.
  items.sort((a, b) => Number(b.kind_ === inputs.scopeKind) - Number(a.kind_ === inputs.scopeKind));
  const choice = await vscode.window.showQuickPick(items, {
    title: `${TITLE}: which executions?`,
    placeHolder: 'The event streams of these executions are compared with the ledger',
    ignoreFocusOut: true,
  });
  if (!choice) return undefined;
  inputs.scopeKind = choice.kind_;
  switch (choice.kind_) {
    case 'pinned':
      if (pinned.length === 0) {
        void vscode.window.showErrorMessage(
          `No executions are pinned in ${inertMessage(environment, 60)}. Pin the executions to check, or choose one execution or a time window.`,
        );
        return undefined;
      }
      return {
        scope: { kind: 'executions', executionIds: pinned },
        label: `${pinned.length} pinned execution${pinned.length === 1 ? '' : 's'}`,
      };
    case 'one': {
      const executionId = await pickExecutionId(deps, '', 'Reconcile Webhook Deliveries');
      return executionId
        ? { scope: { kind: 'executions', executionIds: [executionId] }, label: executionId }
        : undefined;
    }
    case 'window':
      return pickWindow(inputs);
  }
}

async function pickWindow(inputs: ReconcileInputs): Promise<ChosenScope | undefined> {
  const timeHint = 'ISO 8601 (2026-12-01T09:00Z, 2026-12-01) or epoch milliseconds';
  const since = await vscode.window.showInputBox({
    title: `${TITLE}: runs started since`,
    prompt: timeHint,
    value: inputs.since ?? new Date(Date.now() - 24 * 60 * 60 * 1000).toISOString(),
    ignoreFocusOut: true,
    validateInput: (text) => (parseTimeBound(text) === undefined ? `Not a time: use ${timeHint}.` : undefined),
  });
  if (since === undefined) return undefined;
  inputs.since = since;
  const until = await vscode.window.showInputBox({
    title: `${TITLE}: … and until (optional)`,
    prompt: `${timeHint}; leave empty for "until now"`,
    value: inputs.until ?? '',
    ignoreFocusOut: true,
    validateInput: (text) => {
      if (text.trim() === '') return undefined;
      const end = parseTimeBound(text);
      if (end === undefined) return `Not a time: use ${timeHint}, or leave it empty.`;
      return end < (parseTimeBound(since) ?? 0) ? 'The end is before the start of the window.' : undefined;
    },
  });
  if (until === undefined) return undefined;
  inputs.until = until;
  const definitionId = await vscode.window.showInputBox({
    title: `${TITLE}: of one definition (optional)`,
    prompt: 'A definition id; leave empty for runs of every definition',
    value: inputs.definitionId ?? '',
    ignoreFocusOut: true,
    validateInput: (text) =>
      text.trim() === '' || /^[\w.:-]{1,200}$/.test(text.trim())
        ? undefined
        : 'A definition id is letters, digits, and . _ : - only.',
  });
  if (definitionId === undefined) return undefined;
  inputs.definitionId = definitionId;
  const start = parseTimeBound(since)!;
  const end = until.trim() === '' ? undefined : parseTimeBound(until);
  const definition = definitionId.trim() || undefined;
  return {
    scope: { kind: 'window', since: start, until: end, definitionId: definition, status: undefined },
    label:
      `runs started ${formatAbsolute(start)} – ${end === undefined ? 'now' : formatAbsolute(end)}` +
      (definition ? ` of ${definition}` : ''),
  };
}

/** A file on disk is streamed (a ledger can be large); other file systems are read through VS Code. */
async function readLedgerUri(uri: vscode.Uri): Promise<Ledger> {
  if (uri.scheme === 'file') return readLedger(fs.createReadStream(uri.fsPath));
  const bytes = await vscode.workspace.fs.readFile(uri);
  return readLedger(
    (async function* () {
      yield bytes;
    })(),
  );
}

function baseName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.toString();
}
