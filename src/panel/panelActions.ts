// What the panel's buttons do on the host: copy, pin, open raw JSON or one event, export, and the fixes
// offered by error states (environment, credentials, log). They see only the ActionTarget they are given.
import * as vscode from 'vscode';
import type { ExecutionEvent } from '../api';
import { Commands } from '../ids';
import { shortId } from '../util/format';
import { inertLabel } from '../util/inertText';
import { prettyJson } from './payload';
import type { PanelAction } from './protocol';

/** The one execution the actions act on, and the few things they need from its panel. */
export interface ActionTarget {
  readonly environment: string;
  readonly executionId: string;
  readonly wrongEnvironment: boolean;
  findEvent(seq: number): ExecutionEvent | undefined;
  /** Opens the whole event (untrimmed) in a read-only JSON editor. */
  openDocument(event: ExecutionEvent): Promise<unknown>;
  pin(): Promise<unknown>;
  unpin(): Promise<unknown>;
  export(): Promise<unknown>;
}

export async function copyEvent(target: ActionTarget, seq: number): Promise<void> {
  const event = target.findEvent(seq);
  if (!event) return;
  await vscode.env.clipboard.writeText(prettyJson({ executionId: target.executionId, ...event }));
  vscode.window.setStatusBarMessage(`Copied event ${seq} of ${inertLabel(shortId(target.executionId))}`, 3000);
}

export async function openEvent(target: ActionTarget, seq: number): Promise<void> {
  const event = target.findEvent(seq);
  if (event) await target.openDocument(event);
}

export async function runAction(target: ActionTarget, action: PanelAction): Promise<void> {
  const { environment, executionId } = target;
  switch (action) {
    case 'copyId':
      await vscode.env.clipboard.writeText(executionId);
      vscode.window.setStatusBarMessage(`Copied ${inertLabel(executionId)}`, 3000);
      return;
    case 'pin':
      await target.pin();
      return;
    case 'unpin':
      await target.unpin();
      return;
    case 'openRawJson':
      await vscode.commands.executeCommand(Commands.openRawJson, { executionId });
      return;
    case 'export':
      await target.export();
      return;
    case 'selectEnvironment':
      await vscode.commands.executeCommand(
        Commands.selectEnvironment,
        target.wrongEnvironment ? environment : undefined,
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
