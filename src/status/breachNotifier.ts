// Optional warning a configurable time before a waiting approval breaches its SLA
// (`velt.waiting.breachWarningMinutes`, 0 = off). One timeout, set for the next warning due; it requests
// nothing (the data comes from WaitingApprovals). Each step is warned about once per session.
import * as vscode from 'vscode';
import type { WaitingApprovals } from '../state/waitingApprovals';
import { breachWarningDue } from '../state/waitingSteps';
import { Commands } from '../ids';
import { formatDuration } from '../util/format';
import { inertMessage } from '../util/inertText';
import { Disposable } from '../util/lifecycle';

export class BreachNotifier extends Disposable {
  private readonly warned = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly waiting: WaitingApprovals,
    private readonly warnBeforeMs: () => number,
  ) {
    super();
    this.registerAll(waiting.onDidChange(() => this.check()));
    this.check();
  }

  /** Settings changed: look again. */
  check(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const warnMs = this.warnBeforeMs();
    if (warnMs <= 0 || this.isDisposed) return;
    const now = Date.now();
    let next = Infinity;
    for (const a of this.waiting.approvals) {
      const key = `${a.executionId}/${a.stepId}`;
      if (a.deadline === null || this.warned.has(key)) continue;
      if (breachWarningDue(a.deadline, now, warnMs)) {
        this.warned.add(key);
        void this.warn(a.executionId, a.stepId, a.nodeName ?? a.nodeId, a.definitionId, a.deadline - now); // Deliberate: a notification is not awaited.
      } else if (a.deadline - warnMs > now) next = Math.min(next, a.deadline - warnMs);
    }
    // setTimeout overflows above 2^31 ms; a far warning is looked at again when the data changes.
    if (next !== Infinity) this.timer = setTimeout(() => this.check(), Math.min(next - now + 50, 2 ** 31 - 1));
  }

  private async warn(
    executionId: string,
    stepId: string,
    step: string,
    definitionId: string,
    remainingMs: number,
  ): Promise<void> {
    const open = 'Open Step';
    const choice = await vscode.window.showWarningMessage(
      `"${inertMessage(step, 80)}" of ${inertMessage(definitionId, 80)} breaches its SLA in ${formatDuration(remainingMs)} unless its reviewers decide.`,
      open,
    );
    if (choice === open) await vscode.commands.executeCommand(Commands.openExecution, { executionId, stepId });
  }

  override dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    super.dispose();
  }
}
