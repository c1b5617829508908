// Velt: Forward Events to Local URL… and Velt: Stop Forwarding Events: `listen` in the editor. The receiver
// and its secret come from the shared prompt; the session, its status bar item and its stops live in
// src/deliveries/forwarding.ts.
import * as vscode from 'vscode';
import { inertMessage } from '../util/inertText';
import type { CommandDeps } from './deps';
import { ensureSignedIn } from './openExecution';
import { askReceiver, type ReceiverMemory } from './receiverPrompt';

export function forwardEvents(deps: CommandDeps, memory: ReceiverMemory = { lastUrl: undefined }) {
  return async (): Promise<boolean> => {
    if (!(await ensureSignedIn(deps))) return false;
    const receiver = await askReceiver(deps, 'Velt: Forward Events to Local URL', memory);
    if (!receiver) return false;
    await deps.webhooks.forwarding.start(receiver);
    void vscode.window.showInformationMessage(
      `Forwarding new events of ${inertMessage(deps.environments.active.name, 60)} to ${inertMessage(receiver.url)}. Click the status bar item to stop.`,
    );
    return true;
  };
}

export function stopForwarding(deps: CommandDeps) {
  return async (): Promise<void> => {
    if (!deps.webhooks.forwarding.running) {
      void vscode.window.showInformationMessage('No events are being forwarded.');
      return;
    }
    await deps.webhooks.forwarding.stop();
  };
}
