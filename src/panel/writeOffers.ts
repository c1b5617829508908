// The write actions the panel header offers: Approve… / Reject… per waiting approval the user can decide
// as a declared reviewer, and Cancel Execution while the run can change; none while actions are off or
// the panel shows another environment than the active one. The commands behind them confirm and
// re-check everything. vscode-free and unit-tested.
import { canCancelExecution, validStepActions } from '../actions/matrix';
import type { ExecutionView } from '../api';
import { inertLabel } from '../util/inertText';
import type { PanelWriteOffer } from './protocol';

/** Waiting approvals offered at most (the rest are in the tree and the Waiting view). */
const MAX_DECISIONS = 10;

export function panelWriteOffers(execution: ExecutionView | undefined, actionsEnabled: boolean): PanelWriteOffer[] {
  if (!execution || !actionsEnabled) return [];
  const offers: PanelWriteOffer[] = [];
  const deciding = execution.steps
    .filter((s) => validStepActions(s, execution.status).includes('approve'))
    .slice(0, MAX_DECISIONS);
  for (const step of deciding) {
    const node = inertLabel(step.nodeId, 60);
    offers.push({ action: 'approve', stepId: step.stepId, label: `Approve ${node}…` });
    offers.push({ action: 'reject', stepId: step.stepId, label: `Reject ${node}…` });
  }
  if (canCancelExecution(execution.status))
    offers.push({ action: 'cancelExecution', stepId: null, label: 'Cancel Execution…' });
  return offers;
}
