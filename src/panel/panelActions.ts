// What the panel's buttons do on the host: copy, pin, open raw JSON or one event, export, the fixes
// offered by error states (environment, credentials, log), and the remembered filters.
import * as vscode from 'vscode';
import { Commands } from '../ids';
import { inertLabel } from '../util/inertText';
import type { ExecutionPanel } from './executionPanel';
import { shortId } from '../util/format';
import { prettyJson } from './payload';
import { DEFAULT_PREFS, type PanelAction, type Prefs } from './protocol';
import { parsePrefs } from './webviewInput';

/** Filters and time format, remembered per workspace. */
export const PREFS_KEY = 'velt.panel.prefs.v1';

export function readPrefs(memento: vscode.Memento): Prefs {
  return parsePrefs(memento.get(PREFS_KEY)) ?? DEFAULT_PREFS;
}

export function savePrefs(memento: vscode.Memento, prefs: Prefs): void {
  void memento.update(PREFS_KEY, prefs);
}

export async function copyEvent(panel: ExecutionPanel, seq: number): Promise<void> {
  const event = panel.loader.find(seq);
  if (!event) return;
  await vscode.env.clipboard.writeText(prettyJson({ executionId: panel.executionId, ...event }));
  vscode.window.setStatusBarMessage(`Copied event ${seq} of ${inertLabel(shortId(panel.executionId))}`, 3000);
}

/** Opens the whole event (untrimmed) in a read-only JSON editor. */
export async function openEvent(panel: ExecutionPanel, seq: number): Promise<void> {
  const event = panel.loader.find(seq);
  if (event) await panel.services.documents.open(panel.environment, panel.executionId, event);
}

export async function runAction(panel: ExecutionPanel, action: PanelAction): Promise<void> {
  const { pins } = panel.services;
  const { environment, executionId } = panel;
  switch (action) {
    case 'copyId':
      await vscode.env.clipboard.writeText(executionId);
      vscode.window.setStatusBarMessage(`Copied ${inertLabel(executionId)}`, 3000);
      return;
    case 'pin':
      await pins.pin(environment, executionId);
      return;
    case 'unpin':
      await pins.unpin(environment, executionId);
      return;
    case 'openRawJson':
      await vscode.commands.executeCommand(Commands.openRawJson, { executionId });
      return;
    case 'export':
      await panel.export();
      return;
    case 'selectEnvironment':
      await vscode.commands.executeCommand(
        Commands.selectEnvironment,
        panel.wrongEnvironment ? environment : undefined,
      );
      return;
    case 'setCredentials':
      await vscode.commands.executeCommand(Commands.setCredentials);
      return;
    case 'showLog':
      await vscode.commands.executeCommand(Commands.showLog);
      return;
  }
}
