// The fixed seeded executions the engine produces once per process (engine/seededRun.ts): finished
// runs at the ids and times SANDBOX_EXECUTIONS names, pinned to the definition versions they show.
// - completedParallel (marketing-copy-approval v3): two of three reviewers approve; joinOnQuorum.
// - failed (vendor-onboarding v4): the KYC webhook answers 204 with no body and v4 requires one.
// - cancelled (doc-signoff v2): an operator cancels while the manager's review waits.
// - rateLimited, flaky, slow (invoice-approval v1): a plain completed run each; their faults are
//   HTTP-level behaviours the server adds on top (faults.ts), the data is an ordinary engine run.
import { SANDBOX_EXECUTIONS } from '../roles';
import { cancelExecution } from './actions';
import type { Run } from './run';
import { simulateSeededRun, type SeededRunPlan } from './seededRun';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

type Fixture = Omit<SeededRunPlan, 'executionId'> & { role: string };

/** An ERP lookup that finds the invoice, then the controller approves after 4 minutes. */
function plainCompleted(role: string): Fixture {
  return {
    role,
    definitionId: 'invoice-approval',
    version: 1,
    dispatch: {
      correlationId: `corr_${role}`,
      idempotencyKey: `invoice-approval:${SANDBOX_EXECUTIONS[role]!.slice(-8)}`,
      triggerContext: { invoiceId: 'INV-2026-0042', amount: 1250 },
      simulation: {
        webhookReplies: {
          'webhook-erp-lookup': {
            ok: true,
            status: 200,
            headers: { 'content-type': 'application/json' },
            text: '{"invoice":"INV-2026-0042","amount":1250}',
          },
        },
      },
    },
    decisions: [{ atMs: 4 * MINUTE, nodeId: 'human-controller', reviewerId: 'u_controller', decision: 'approve' }],
  };
}

const FIXTURES: readonly Fixture[] = [
  {
    role: 'completedParallel',
    definitionId: 'marketing-copy-approval',
    version: 3,
    dispatch: {
      correlationId: 'corr_campaign_42',
      idempotencyKey: 'campaign-42-dispatch',
      triggerContext: { documentUrl: 'https://app.acme.example/campaigns/42' },
      simulation: { agentMs: (step) => (step.nodeId === 'agent-draft' ? 30 * SECOND : 1500) },
    },
    decisions: [
      { atMs: 10 * MINUTE, nodeId: 'human-legal', reviewerId: 'u_legal', decision: 'approve' },
      { atMs: 25 * MINUTE, nodeId: 'human-brand', reviewerId: 'u_brand', decision: 'approve' },
    ],
  },
  {
    role: 'failed',
    definitionId: 'vendor-onboarding',
    version: 4,
    dispatch: {
      correlationId: 'corr_vendor_9917',
      idempotencyKey: 'vendor-9917-onboarding',
      simulation: {
        webhookReplies: { 'webhook-kyc': { ok: true, status: 204, headers: { 'content-length': '0' }, text: '' } },
      },
    },
  },
  {
    role: 'cancelled',
    definitionId: 'doc-signoff',
    version: 2,
    dispatch: {
      correlationId: 'corr_doc_123',
      idempotencyKey: 'doc-123-signoff',
      simulation: { agentMs: () => 20 * SECOND },
    },
    acts: [
      {
        atMs: 2 * 60 * MINUTE,
        act: (engine, run) =>
          cancelExecution(engine, {
            executionId: run.executionId,
            reason: 'Superseded by a newer draft of the document',
          }),
      },
    ],
  },
  plainCompleted('rateLimited'),
  plainCompleted('flaky'),
  plainCompleted('slow'),
];

/** Simulated once per process: the runs never change, so sandboxes share them. */
let cache: Run[] | undefined;
export function engineFixtures(): readonly Run[] {
  cache ??= FIXTURES.map(({ role, ...plan }) => simulateSeededRun({ ...plan, executionId: SANDBOX_EXECUTIONS[role]! }));
  return cache;
}
