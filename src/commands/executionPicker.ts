// "Velt: Open Execution…" input: a quick pick that extracts and validates ids as you type, pre-filled
// from the selection or the id under the cursor, listing pinned and recently opened executions. Also
// what happens after an open: remember it, and offer Pin when it is not pinned.
import * as vscode from 'vscode';
import { findExecutionIds, isApiError, isTerminalStatus, type ExecutionView } from '../api';
import { Commands } from '../ids';
import { logger, runInBackground } from '../log';
import { runStatus, statusWord } from '../util/format';
import { inertLabel, inertMessage } from '../util/inertText';
import type { CommandDeps } from './deps';
import { acceptedExecutionId, pickerEntries, type PickEntry } from './pickerItems';
import { DisposableStore } from '../util/lifecycle';

const log = logger('open');

interface Item extends vscode.QuickPickItem {
  executionId?: string;
}

/** Opens the picker; resolves with the chosen id, or undefined when dismissed. */
/** `action`: what the picked id is for, named in the picker's title ("Open Execution", "Copy Link"). */
export function pickExecutionId(
  deps: CommandDeps,
  initial = initialValue(),
  action = 'Open Execution',
): Promise<string | undefined> {
  const environment = deps.environments.active.name;
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = `Velt: ${action} (${inertLabel(environment, 60)})`;
  pick.placeholder = 'Paste an execution ID, or any text that contains one (a URL, a log line, JSON)';
  pick.matchOnDescription = true;
  pick.ignoreFocusOut = true;
  pick.value = initial;

  const update = (): void => {
    const entries = pickerEntries(pick.value, {
      pinned: deps.pins.list(environment),
      recent: deps.recentlyOpened.list(environment),
      known: (id) => {
        const execution = deps.store.peek(id);
        return execution && { definitionId: execution.definitionId, status: runStatus(execution) };
      },
      now: Date.now(),
    });
    pick.items = entries.map(toItem);
    const first = pick.items.find((i) => i.executionId && i.alwaysShow);
    if (first) pick.activeItems = [first];
  };
  update();

  return new Promise<string | undefined>((resolve) => {
    const subscriptions = new DisposableStore();
    const finish = (value: string | undefined): void => {
      subscriptions.dispose();
      pick.dispose();
      resolve(value);
    };
    subscriptions.addAll(
      pick.onDidChangeValue(update),
      pick.onDidAccept(() => {
        const chosen = pick.selectedItems[0] ?? pick.activeItems[0];
        const id = acceptedExecutionId(pick.value, chosen?.executionId);
        if (id) finish(id); // accepting a hint keeps the picker open
      }),
      pick.onDidHide(() => finish(undefined)),
    );
    pick.show();
  });
}

function toItem(entry: PickEntry): Item {
  if (entry.kind === 'separator') return { label: entry.label, kind: vscode.QuickPickItemKind.Separator };
  const item: Item = { label: entry.label };
  if (entry.description !== undefined) item.description = entry.description;
  if (entry.detail !== undefined) item.detail = entry.detail;
  if (entry.executionId !== undefined) item.executionId = entry.executionId;
  if (entry.alwaysShow) item.alwaysShow = true;
  return item;
}

/** The selection's first id, else the id under the cursor (read from a bounded window of the line). */
export function initialValue(editor = vscode.window.activeTextEditor): string {
  if (!editor) return '';
  const { document, selection } = editor;
  if (!selection.isEmpty) {
    const selected = document.getText(selection);
    return findExecutionIds(selected.length > 100_000 ? selected.slice(0, 100_000) : selected)[0] ?? '';
  }
  const at = selection.active;
  const from = Math.max(0, at.character - 80);
  const window = document.getText(new vscode.Range(at.line, from, at.line, at.character + 80));
  const offset = at.character - from;
  for (const match of window.matchAll(/exec_\d{13}_[a-z0-9]{4,32}/g)) {
    if (match.index <= offset && offset <= match.index + match[0].length) return findExecutionIds(match[0])[0] ?? '';
  }
  return '';
}

export type OpenSource = 'picker' | 'hover' | 'link' | 'terminal' | 'uri';

/** Where an Open Execution argument came from, when it says (hover, links and deep links tag it). */
export function openSource(arg: unknown): OpenSource | undefined {
  const source = typeof arg === 'object' && arg !== null ? (arg as { source?: unknown }).source : undefined;
  return source === 'hover' || source === 'link' || source === 'terminal' || source === 'uri' ? source : undefined;
}

/**
 * After an open: looks the execution up in the background (through the store, so it shares the panel's
 * request), remembers it for the picker unless it does not exist, and, when it came from the picker, a
 * hover, a link or a deep link (not from the views), is still running and not pinned, offers Pin once
 * per execution without blocking (the panel header has Pin for everything else). Load errors are not
 * shown here: the panel shows each kind with its action.
 */
export function noteOpened(deps: CommandDeps, executionId: string, source: OpenSource | undefined): void {
  const environment = deps.environments.active.name;
  void deps.store
    .get(executionId)
    .then(
      async (execution) => {
        await deps.recentlyOpened.record(environment, executionId, execution);
        if (
          source !== undefined &&
          !isTerminalStatus(execution.status) &&
          !deps.pins.isPinned(environment, executionId) &&
          (await deps.recentlyOpened.claimPinOffer(environment, executionId))
        )
          offerPin(executionId, execution);
      },
      async (error: unknown) => {
        if (isApiError(error) && error.kind === 'notFound') await deps.recentlyOpened.remove(environment, executionId);
        else await deps.recentlyOpened.record(environment, executionId, deps.store.peek(executionId));
      },
    )
    .then(undefined, (error: unknown) => log.warn('Could not remember the opened execution', error));
}

function offerPin(executionId: string, execution: ExecutionView): void {
  const pinning = vscode.window
    .showInformationMessage(
      `${inertMessage(execution.definitionId, 120)} is ${inertMessage(statusWord(runStatus(execution)).toLowerCase(), 40)}. Pin it to be told when it needs you or ends?`,
      'Pin',
    )
    .then((choice) =>
      choice === 'Pin' ? vscode.commands.executeCommand(Commands.pinExecution, { executionId }) : undefined,
    );
  runInBackground(log, 'Pinning the execution', pinning);
}
