// The write verbs for people: one sentence of what happened, from the API's answer. What did not happen
// (not recorded, deduplicated) is said here too; the advice on what to do next stays on stderr.
import type {
  CancelExecutionResult,
  CancelStepResult,
  DispatchResult,
  ResolveStepResult,
  ReviewerDecisionResult,
} from '../../api';
import type { WriteInvocation } from '../writeArgs';
import { inert } from './terminal';

export type WriteAnswer =
  | { command: 'dispatch'; result: DispatchResult }
  | { command: 'cancel'; result: CancelExecutionResult }
  | { command: 'approve' | 'reject'; result: ReviewerDecisionResult }
  | { command: 'resolve'; result: ResolveStepResult }
  | { command: 'cancel-step'; result: CancelStepResult };

export function writeSentence(invocation: WriteInvocation, answer: WriteAnswer): string {
  const step = 'stepId' in invocation ? `step ${inert(invocation.stepId)}` : '';
  const execution = invocation.command === 'dispatch' ? '' : inert(invocation.executionId);
  switch (answer.command) {
    case 'dispatch': {
      const r = answer.result;
      return r.deduplicated
        ? `No new run started: idempotency key ${inert(r.idempotencyKey)} was used before; ${inert(r.executionId)} is that run.`
        : `Started ${inert(r.executionId)} (definition ${inert(invocation.command === 'dispatch' ? invocation.definitionId : '')}, idempotency key ${inert(r.idempotencyKey)}).`;
    }
    case 'cancel':
      return answer.result.cancelled ? `Cancelled ${execution}.` : `Execution ${execution} was not cancelled.`;
    case 'approve':
    case 'reject': {
      const r = answer.result;
      const reviewer = 'reviewerId' in invocation ? inert(invocation.reviewerId) : '';
      const word = answer.command === 'approve' ? 'approval' : 'rejection';
      if (!r.recorded) return `The ${word} by ${reviewer} of ${step} was not recorded.`;
      const aggregate = r.aggregatorStatus ? `; the step's decision is ${inert(r.aggregatorStatus)}` : '';
      return `Recorded the ${word} by ${reviewer} of ${step} in ${execution}${aggregate}.`;
    }
    case 'resolve': {
      const action = invocation.command === 'resolve' ? invocation.action : '';
      return answer.result.resolved
        ? `Resolved ${step} of ${execution} with ${action}.`
        : `The ${step} of ${execution} was not resolved.`;
    }
    case 'cancel-step':
      return answer.result.cancelled
        ? `Cancelled ${step} of ${execution}.`
        : `The ${step} of ${execution} was not cancelled.`;
  }
}
