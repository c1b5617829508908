// Which write actions a step or an execution offers, from the action matrix of steps/resolve and the
// preconditions of the other write endpoints (velt-api.md §1.3, §1.4). An action that is not valid is
// absent, never greyed out. vscode-free, so the tree, panel, hover and commands share one answer.
import { isTerminalStatus } from '../api';

export const STEP_ACTIONS = [
  'approve',
  'reject',
  'forceApprove',
  'forceReject',
  'forceComplete',
  'forceFail',
  'cancelStep',
] as const;
export type StepAction = (typeof STEP_ACTIONS)[number];
export type WriteAction = StepAction | 'cancelExecution';

/** What the user reads on a button or in a dialog. */
export const ACTION_LABELS: Record<WriteAction, string> = {
  approve: 'Approve',
  reject: 'Reject',
  forceApprove: 'Force Approve',
  forceReject: 'Force Reject',
  forceComplete: 'Force Complete',
  forceFail: 'Force Fail',
  cancelStep: 'Cancel Step',
  cancelExecution: 'Cancel Execution',
};

/** The steps/resolve `action` each override sends. */
export const RESOLVE_ACTION_OF = {
  forceApprove: 'force-approve',
  forceReject: 'force-reject',
  forceComplete: 'force-complete',
  forceFail: 'force-fail',
} as const;
export type OverrideAction = keyof typeof RESOLVE_ACTION_OF;

export function isOverride(action: WriteAction): action is OverrideAction {
  return action in RESOLVE_ACTION_OF;
}

/** Actions that cannot be undone and, outside the sandbox, need the execution's short id typed. */
export const TYPED_CONFIRMATION_ACTIONS: readonly WriteAction[] = ['cancelExecution', 'forceFail', 'cancelStep'];

export interface StepState {
  nodeType: string;
  status: string;
}

/**
 * The actions valid for a step of a run in `executionStatus`, in menu order. A finished run takes no step
 * action; unknown statuses and node types get only what the docs allow for any type.
 */
export function validStepActions(step: StepState, executionStatus: string): StepAction[] {
  if (isTerminalStatus(executionStatus)) return [];
  const actions: StepAction[] = [];
  if (step.status === 'waiting') {
    if (step.nodeType === 'human') actions.push('approve', 'reject');
    actions.push('forceApprove', 'forceReject', 'forceComplete', 'forceFail');
  } else if (step.status === 'running') {
    actions.push('forceComplete', 'forceFail');
  }
  // steps/cancel refuses only terminal steps; a pending step can be cancelled before it starts.
  if (step.status === 'pending' || step.status === 'running' || step.status === 'waiting') actions.push('cancelStep');
  return actions;
}

/** executions/cancel is offered only while the run can still change (cancelling a finished run is a no-op). */
export function canCancelExecution(executionStatus: string): boolean {
  return executionStatus === 'pending' || executionStatus === 'running';
}

/** The contextValue tokens (without brackets) the tree adds for the valid actions; menus match on them. */
export function stepActionTokens(actions: readonly StepAction[]): string[] {
  const tokens: string[] = [];
  if (actions.includes('approve')) tokens.push('approvable');
  if (actions.some((a) => a === 'forceApprove' || a === 'forceReject')) tokens.push('forceDecidable');
  if (actions.includes('forceComplete')) tokens.push('forceable');
  if (actions.includes('cancelStep')) tokens.push('cancellableStep');
  return tokens;
}
