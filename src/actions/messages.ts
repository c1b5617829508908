// What a user reads after a write that did not go through: what happened and what to do. Plain text
// (callers pass it through the sink's inert-text gate). vscode-free and unit-tested.
import { isApiError } from '../api';

/** The error of a failed write, with the next step for the user. */
export function writeErrorMessage(error: unknown): string {
  if (!isApiError(error)) return `The write failed: ${error instanceof Error ? error.message : String(error)}`;
  switch (error.status) {
    case 'FAILED_PRECONDITION':
      return `The engine did not apply it: ${error.serverMessage ?? error.message}. The step or execution changed meanwhile; refresh it and check its status.`;
    case 'PERMISSION_DENIED':
      return 'The engine refused permission (PERMISSION_DENIED): the reviewer or actor is not declared for this step, or the credentials lack access. Pick a declared reviewer, or run "Velt: Set Credentials".';
  }
  switch (error.kind) {
    case 'network':
    case 'timeout':
    case 'unavailable':
    case 'deadlineExceeded':
      return `${error.message} The write may or may not have taken effect: refresh the execution and check before trying again.`;
    case 'environmentChanged':
      return 'The active environment changed before the write was sent; nothing was sent. Switch back and try again.';
    default:
      return error.message;
  }
}

/** Why recordReviewerDecision answered `recorded: false`, for `reviewerId`. */
export function notRecordedMessage(reviewerId: string, rejectionReason: string | null | undefined): string {
  switch (rejectionReason) {
    case 'idempotent':
      return `${reviewerId} had already decided this step; nothing changed.`;
    case 'already-terminal':
      return 'The step had already finished; nothing was recorded.';
    case 'unknown-responder':
      return `${reviewerId} is not a declared reviewer of this step; nothing was counted. Pick a declared reviewer.`;
    case 'aggregator-missing':
      return 'The engine has no aggregator for this step; nothing was recorded. Force Approve or Force Reject can still resolve it.';
    default:
      return `The decision of ${reviewerId} was not recorded (${rejectionReason ?? 'no reason given'}).`;
  }
}
