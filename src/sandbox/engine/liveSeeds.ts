// The three live seeded runs (ids in SANDBOX_EXECUTIONS), now executed by the engine from the seeded
// definitions with scripted people, dispatched when the sandbox starts:
// - runningLoop (doc-signoff): the manager rejects draft 1 at 40 s (the still-running fact-check is
//   cancelled with loop-restart), approves draft 2 at 85 s; completes at ~85 s.
// - runningSla (vendor-onboarding): nobody reviews; the 60 s SLA breaches, the escalation is sent, the
//   ERP webhook answers 503 three times; execution.failed at ~67 s.
// - runningLongWait (contract-review): two mandatory reviewers approve at 15 and 30 minutes.
// Offsets are workflow ms since dispatch (divided by --time-scale on the clock).
import { SANDBOX_EXECUTIONS } from '../roles';
import { recordReviewerDecision } from './actions';
import type { Engine, DispatchInput } from './engine';
import { TERMINAL_STEP } from './model';
import type { Run } from './run';

export interface Decision {
  atMs: number;
  nodeId: string;
  reviewerId: string;
  decision: 'approve' | 'reject';
  reason?: string;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

const LIVE: readonly { role: string; dispatch: Omit<DispatchInput, 'executionId'>; decisions: Decision[] }[] = [
  {
    role: 'runningLoop',
    dispatch: {
      definitionId: 'doc-signoff',
      correlationId: 'corr_doc_777',
      idempotencyKey: 'doc-777-signoff',
      triggerContext: { documentUrl: 'https://app.acme.example/docs/777' },
      simulation: {
        agentMs: (step, attempt) =>
          step.nodeId === 'agent-factcheck'
            ? attempt === 1
              ? 60 * SECOND
              : 6 * SECOND
            : attempt === 1
              ? 10 * SECOND
              : 12 * SECOND,
      },
    },
    decisions: [
      {
        atMs: 40 * SECOND,
        nodeId: 'human-manager',
        reviewerId: 'u_manager_ana',
        decision: 'reject',
        reason: 'Cite the Q3 numbers',
      },
      { atMs: 85 * SECOND, nodeId: 'human-manager', reviewerId: 'u_manager_ana', decision: 'approve' },
    ],
  },
  {
    role: 'runningSla',
    dispatch: {
      definitionId: 'vendor-onboarding',
      correlationId: 'corr_vendor_4410',
      idempotencyKey: 'vendor-4410-onboarding',
      simulation: {
        webhookReplies: {
          'webhook-erp': {
            ok: true,
            status: 503,
            headers: { 'content-type': 'text/plain' },
            text: 'Service Unavailable',
          },
        },
      },
    },
    decisions: [],
  },
  {
    role: 'runningLongWait',
    dispatch: {
      definitionId: 'contract-review',
      correlationId: 'corr_contract_2026_118',
      idempotencyKey: 'contract-2026-118',
      simulation: { agentMs: () => 20 * SECOND },
    },
    decisions: [
      { atMs: 15 * MINUTE, nodeId: 'human-legal', reviewerId: 'u_legal_ng', decision: 'approve' },
      { atMs: 30 * MINUTE, nodeId: 'human-legal', reviewerId: 'u_legal_ortiz', decision: 'approve' },
    ],
  },
];

/** Dispatches the live runs (needs the seeded definitions); a definition that is missing skips its run. */
export function seedLiveRuns(engine: Engine): void {
  for (const live of LIVE) {
    const result = engine.dispatch({ ...live.dispatch, executionId: SANDBOX_EXECUTIONS[live.role]! });
    if (!result.ok) continue;
    for (const decision of live.decisions) {
      result.run.timers.push(engine.timers.after(decision.atMs, () => decide(engine, result.run, decision)));
    }
  }
}

/** The decision goes to the newest waiting step of the node (a loop makes several). */
export function decide(engine: Engine, run: Run, decision: Decision): void {
  const step = [...run.steps.values()]
    .reverse()
    .find((s) => s.nodeId === decision.nodeId && !TERMINAL_STEP.has(s.status));
  if (!step) return;
  recordReviewerDecision(engine, {
    executionId: run.executionId,
    stepId: step.stepId,
    reviewerId: decision.reviewerId,
    decision: decision.decision,
    ...(decision.reason ? { reason: decision.reason } : {}),
  });
}
