// Open Execution: resolves an id from a command argument, the editor selection or an input box,
// and opens its panel (which shows loading, not-found and credential problems itself).
import * as vscode from 'vscode';
import { extractExecutionId, parseExecutionId } from '../api';
import { rawExecutionUri } from '../documents/rawExecution';
import { Commands } from '../ids';
import type { PanelTab } from '../panel/protocol';
import { inertMessage } from '../util/inertText';
import type { CommandDeps } from './deps';
import { noteOpened, openSource, pickExecutionId } from './executionPicker';

/** Arguments accepted from tree nodes, hover links, deep links and tests. */
export type ExecutionArg = string | { executionId: string } | undefined;

export function executionIdFromArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'object' && arg !== null && typeof (arg as { executionId?: unknown }).executionId === 'string') {
    return (arg as { executionId: string }).executionId;
  }
  return undefined;
}

/** Open Execution, or with `tab` (Show Graph) the same on one of the panel's views. */
export function openExecution(deps: CommandDeps, tab?: PanelTab) {
  return async (arg?: unknown): Promise<string | undefined> => {
    const given = executionIdFromArg(arg);
    const executionId = given !== undefined ? validated(given) : await pickExecutionId(deps);
    if (!executionId) return undefined;
    if (!(await ensureSignedIn(deps))) return undefined;
    // The panel shows loading, not-found and credential problems itself, each with a retry.
    const stepId =
      typeof arg === 'object' && arg !== null && typeof (arg as { stepId?: unknown }).stepId === 'string'
        ? (arg as { stepId: string }).stepId
        : undefined;
    // A seq (a missing event in the Webhook Reconciliation view) selects that event.
    const seq =
      typeof arg === 'object' && arg !== null && Number.isSafeInteger((arg as { seq?: unknown }).seq)
        ? (arg as { seq: number }).seq
        : undefined;
    deps.panels.createOrShow(deps.environments.active.name, executionId, {
      ...(stepId !== undefined ? { stepId } : {}),
      ...(seq !== undefined ? { seq } : {}),
      ...(tab !== undefined ? { tab } : {}),
    });
    noteOpened(deps, executionId, given !== undefined ? openSource(arg) : 'picker');
    return executionId;
  };
}

export function openRawJson(deps: CommandDeps) {
  return async (arg?: unknown): Promise<void> => {
    const executionId = validated(executionIdFromArg(arg) ?? '') ?? (await askForExecutionId());
    if (executionId) await openRawJsonDocument(deps.environments.active.name, executionId);
  };
}

async function openRawJsonDocument(environment: string, executionId: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument(rawExecutionUri(environment, executionId));
  await vscode.languages.setTextDocumentLanguage(document, 'json');
  await vscode.window.showTextDocument(document, { preview: true });
}

function validated(value: string): string | undefined {
  const parsed = parseExecutionId(value);
  if (parsed.ok) return parsed.executionId;
  const extracted = extractExecutionId(value);
  if (extracted) return extracted;
  void vscode.window.showErrorMessage(`${parsed.reason}`);
  return undefined;
}

function initialValue(): string {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return '';
  const selected = editor.document.getText(editor.selection);
  if (selected) return extractExecutionId(selected) ?? '';
  const line = editor.document.lineAt(editor.selection.active.line).text;
  return extractExecutionId(line.length > 10_000 ? '' : line) ?? '';
}

async function askForExecutionId(): Promise<string | undefined> {
  const value = await vscode.window.showInputBox({
    title: 'Velt: Open Execution',
    prompt: 'Paste an execution ID, or any text that contains one (a URL, a log line, JSON)',
    placeHolder: 'exec_1777374504255_xzy43k9q',
    value: initialValue(),
    ignoreFocusOut: true,
    validateInput: (text) => {
      if (!text.trim()) return undefined;
      return extractExecutionId(text)
        ? undefined
        : parseExecutionId(text).ok
          ? undefined
          : 'No execution ID found: it looks like exec_ + 13 digits + _ + letters/digits.';
    },
  });
  if (!value) return undefined;
  return extractExecutionId(value) ?? undefined;
}

export async function ensureSignedIn(deps: CommandDeps): Promise<boolean> {
  await deps.environments.whenSettled(); // a command run right after start waits for the first sign-in read
  if (deps.environments.isSignedIn) return true;
  const problem = deps.environments.credentialsProblem;
  const choice = await vscode.window.showWarningMessage(
    problem
      ? inertMessage(problem.message)
      : `You are not signed in to ${inertMessage(deps.environments.active.name, 60)}.`,
    'Set Credentials',
    'Try the Sandbox',
  );
  if (choice === 'Set Credentials') await vscode.commands.executeCommand(Commands.setCredentials);
  if (choice === 'Try the Sandbox') await vscode.commands.executeCommand(Commands.trySandbox);
  return deps.environments.isSignedIn;
}
