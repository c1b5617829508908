// Opt-in notifications (setting velt.notifications) when a pinned execution completes, fails, or
// starts waiting for approval. Compares each fresh copy with the last one seen; remembers pinned
// executions only, and forgets one as soon as it is unpinned.
import * as vscode from 'vscode';
import type { ExecutionView } from '../api';
import type { Environments } from '../auth/environments';
import type { ExecutionStore } from '../state/executionStore';
import type { PinnedExecutions } from '../state/pins';
import { Commands } from '../ids';
import { logger, runInBackground } from '../log';
import { isAwaitingApproval } from '../util/format';
import { inertMessage } from '../util/inertText';
import { Disposable } from '../util/lifecycle';

const log = logger('notifier');

export class ExecutionNotifier extends Disposable implements vscode.Disposable {
  /** The last copy seen of each pinned execution, by environment and id. */
  private readonly last = new Map<string, Map<string, { status: string; waiting: Set<string> }>>();

  constructor(
    private readonly pins: PinnedExecutions,
    store: ExecutionStore,
    private readonly environments: Environments,
    private readonly enabled: () => boolean,
  ) {
    super();
    this.registerAll(
      store.onDidChange((change) => this.check(change.environment, change.execution)),
      pins.onDidChange((environment) => this.forgetUnpinned(environment)),
    );
  }

  /** Executions remembered (tests). */
  get remembered(): number {
    let count = 0;
    for (const seen of this.last.values()) count += seen.size;
    return count;
  }

  private forgetUnpinned(environment: string): void {
    const seen = this.last.get(environment);
    if (!seen) return;
    const pinned = new Set(this.pins.list(environment));
    for (const executionId of seen.keys()) if (!pinned.has(executionId)) seen.delete(executionId);
    if (seen.size === 0) this.last.delete(environment);
  }

  private check(environment: string, execution: ExecutionView): void {
    if (!this.pins.isPinned(environment, execution.executionId)) {
      this.last.get(environment)?.delete(execution.executionId);
      return;
    }
    let seen = this.last.get(environment);
    if (!seen) this.last.set(environment, (seen = new Map()));
    const previous = seen.get(execution.executionId);
    const waiting = new Set(execution.steps.filter(isAwaitingApproval).map((s) => s.stepId));
    seen.set(execution.executionId, { status: execution.status, waiting });
    if (!previous || !this.enabled() || environment !== this.environments.active.name) return;
    const name = `${inertMessage(execution.definitionId, 120)} (${inertMessage(execution.executionId, 80)})`;
    if (previous.status !== execution.status && (execution.status === 'completed' || execution.status === 'failed')) {
      const show =
        execution.status === 'failed' ? vscode.window.showErrorMessage : vscode.window.showInformationMessage;
      const reason = execution.failureReason ? `: ${inertMessage(execution.failureReason.message)}` : '';
      void show(`Velt: ${name} ${execution.status}${reason}`, 'Open').then((c) => this.open(c, execution.executionId));
      return;
    }
    const newlyWaiting = execution.steps.filter((s) => waiting.has(s.stepId) && !previous.waiting.has(s.stepId));
    if (newlyWaiting.length > 0) {
      void vscode.window
        .showInformationMessage(
          `Velt: ${name} is waiting for approval at ${newlyWaiting
            .slice(0, 5)
            .map((s) => inertMessage(s.nodeId, 80))
            .join(', ')}${newlyWaiting.length > 5 ? ', …' : ''}`,
          'Open',
        )
        .then((c) => this.open(c, execution.executionId));
    }
  }

  private open(choice: string | undefined, executionId: string): void {
    if (choice === 'Open')
      runInBackground(
        log,
        'Opening the execution',
        vscode.commands.executeCommand(Commands.openExecution, { executionId }),
      );
  }

  override dispose(): void {
    super.dispose();
    this.last.clear();
  }
}
