// Opt-in notifications (setting velt.notifications) when a pinned execution completes, fails, or
// starts waiting for approval. Compares each fresh copy with the last one seen.
import * as vscode from 'vscode';
import type { ExecutionView } from '../api';
import type { Environments } from '../auth/environments';
import type { ExecutionStore } from '../state/executionStore';
import type { PinnedExecutions } from '../state/pins';
import { Commands } from '../ids';
import { inertMessage } from '../util/inertText';

export class ExecutionNotifier implements vscode.Disposable {
  private readonly last = new Map<string, { status: string; waiting: Set<string> }>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly pins: PinnedExecutions,
    store: ExecutionStore,
    private readonly environments: Environments,
    private readonly enabled: () => boolean,
  ) {
    this.subscription = store.onDidChange((change) => this.check(change.environment, change.execution));
  }

  private check(environment: string, execution: ExecutionView): void {
    const key = `${environment}\u0000${execution.executionId}`;
    const previous = this.last.get(key);
    const waiting = new Set(execution.steps.filter((s) => s.status === 'waiting').map((s) => s.stepId));
    this.last.set(key, { status: execution.status, waiting });
    if (!previous || !this.enabled() || environment !== this.environments.active.name) return;
    if (!this.pins.isPinned(environment, execution.executionId)) return;
    const name = `${inertMessage(execution.definitionId, 120)} (${inertMessage(execution.executionId, 80)})`;
    if (previous.status !== execution.status && (execution.status === 'completed' || execution.status === 'failed')) {
      const show = execution.status === 'failed' ? vscode.window.showErrorMessage : vscode.window.showInformationMessage;
      const reason = execution.failureReason ? `: ${inertMessage(execution.failureReason.message)}` : '';
      void show(`Velt: ${name} ${execution.status}${reason}`, 'Open').then((c) => this.open(c, execution.executionId));
      return;
    }
    const newlyWaiting = execution.steps.filter((s) => waiting.has(s.stepId) && !previous.waiting.has(s.stepId));
    if (newlyWaiting.length > 0) {
      void vscode.window.showInformationMessage(
        `Velt: ${name} is waiting for approval at ${newlyWaiting.slice(0, 5).map((s) => inertMessage(s.nodeId, 80)).join(', ')}${newlyWaiting.length > 5 ? ', …' : ''}`, 'Open',
      ).then((c) => this.open(c, execution.executionId));
    }
  }

  private open(choice: string | undefined, executionId: string): void {
    if (choice === 'Open') void vscode.commands.executeCommand(Commands.openExecution, { executionId });
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
