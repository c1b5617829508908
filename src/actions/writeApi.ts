// The four write endpoints the operator actions call (velt-api.md §1.3, §1.4), as the slice of the
// request module's WorkflowApi they need. Structural, so the extension's client satisfies it and tests
// pass a fake.
import type { CallOptions } from '../api';

export interface ReviewerDecisionOutcome {
  recorded: boolean;
  aggregatorStatus?: string | null;
  /** With recorded: false — idempotent | already-terminal | unknown-responder | aggregator-missing (open). */
  rejectionReason?: string | null;
}

export interface WriteApi {
  cancelExecution(request: { executionId: string; reason?: string }, options?: CallOptions): Promise<unknown>;
  recordReviewerDecision(
    request: {
      executionId: string;
      stepId: string;
      reviewerId: string;
      decision: 'approve' | 'reject';
      reason?: string;
    },
    options?: CallOptions,
  ): Promise<ReviewerDecisionOutcome>;
  resolveStep(
    request: {
      executionId: string;
      stepId: string;
      action: 'force-approve' | 'force-reject' | 'force-complete' | 'force-fail';
      actorId: string;
      output?: Record<string, unknown>;
      reason?: string;
    },
    options?: CallOptions,
  ): Promise<unknown>;
  cancelStep(
    request: { executionId: string; stepId: string; actorId: string; reason?: string },
    options?: CallOptions,
  ): Promise<unknown>;
}
