// ~120 older runs of the five seeded definitions in every status, so `list` has several pages to walk
// and the filters have something to filter. Each is an engine run of its pinned definition version
// (engine/seededRun.ts) with simulated people: reviewers who decide after a delay (approve, or reject
// one time in three), an operator who force-fails a review or cancels a duplicate, a partner webhook
// that breaks. Running and pending ones stop where the sandbox finds them (a review waiting, or just
// dispatched) and stay that way. Deterministic (fixed seed, same ids on every start), all before the
// other seeded runs.
import { randomAlnum, rngFrom } from '../random';
import { cancelExecution, resolveStep } from './actions';
import type { Engine } from './engine';
import type { Decision } from './liveSeeds';
import type { Run } from './run';
import { activeStep, simulateSeededRun, type Act, type SeededRunPlan, type StopAt } from './seededRun';

export const HISTORY_COUNT = 120;
/** 2026-11-01T00:00:00Z: history runs all start before this. */
export const HISTORY_END = 1793491200000;
const SPACING_MS = 2 * 60 * 60 * 1000;
const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** Mostly completed, like real traffic, but every status appears for every definition. */
const STATUS_CYCLE = [
  'completed',
  'completed',
  'failed',
  'completed',
  'cancelled',
  'completed',
  'running',
  'completed',
  'failed',
  'pending',
] as const;
type HistoryStatus = (typeof STATUS_CYCLE)[number];

interface Situation {
  index: number;
  status: HistoryStatus;
  /** When the people act, ms after dispatch (after the agents and lookups are done). */
  delayMs: number;
  reject: boolean;
}

/** What one definition's run looks like for each outcome: who decides, what breaks, who cancels. */
interface HistoryDefinition {
  definitionId: string;
  version: number;
  triggerContext: (index: number) => Record<string, string | number>;
  /** The human node a reviewer acts on, and that reviewer. */
  review: (index: number) => { nodeId: string; reviewerId: string };
  /** Decisions that lead to `completed` (a reject takes the definition's reject route to its end). */
  complete: (s: Situation) => Decision[];
  /** How the run fails: by default an operator force-fails the waiting review. */
  fail?: (s: Situation) => Pick<SeededRunPlan, 'decisions' | 'dispatch'>;
  /** Reviews with an SLA must be decided before it (vendor-onboarding's is 60 s). */
  maxDelayMs?: number;
}

const docUrl = (kind: string) => (index: number) => ({
  documentUrl: `https://app.acme.example/${kind}/${1000 + index}`,
});
const unavailable = { ok: true as const, status: 503, headers: { 'content-type': 'text/plain' }, text: 'Unavailable' };

function invoiceReview(index: number): { nodeId: string; reviewerId: string } {
  return index % 4 === 0
    ? { nodeId: 'human-cfo', reviewerId: 'u_cfo' }
    : { nodeId: 'human-controller', reviewerId: 'u_controller' };
}

const DEFINITIONS: readonly HistoryDefinition[] = [
  {
    definitionId: 'marketing-copy-approval',
    version: 3,
    triggerContext: docUrl('campaigns'),
    review: () => ({ nodeId: 'human-legal', reviewerId: 'u_legal' }),
    complete: ({ delayMs, reject }) => [
      ...(reject ? [at(delayMs / 2, 'human-exec', 'u_exec', 'reject', 'Tone is off-brand')] : []),
      at(delayMs, 'human-legal', 'u_legal', 'approve'),
      at(delayMs + 5 * MINUTE, 'human-brand', 'u_brand', 'approve'),
    ],
    // Approved, but the CRM webhook keeps answering 503: retries, then the run fails.
    fail: ({ delayMs }) => ({
      dispatch: { simulation: { webhookReplies: { 'webhook-crm': unavailable } } },
      decisions: [
        at(delayMs, 'human-legal', 'u_legal', 'approve'),
        at(delayMs + 5 * MINUTE, 'human-brand', 'u_brand', 'approve'),
      ],
    }),
  },
  {
    definitionId: 'doc-signoff',
    version: 2,
    triggerContext: docUrl('docs'),
    review: () => ({ nodeId: 'human-manager', reviewerId: 'u_manager_ana' }),
    // A reject loops back to a new draft, which the manager approves.
    complete: ({ delayMs, reject }) =>
      reject
        ? [
            at(delayMs, 'human-manager', 'u_manager_ana', 'reject', 'Needs sources'),
            at(delayMs + 10 * MINUTE, 'human-manager', 'u_manager_ana', 'approve'),
          ]
        : [at(delayMs, 'human-manager', 'u_manager_ana', 'approve')],
  },
  {
    definitionId: 'vendor-onboarding',
    version: 4,
    triggerContext: (index) => ({ vendorId: `V-${9000 + index}` }),
    review: () => ({ nodeId: 'human-compliance', reviewerId: 'u_compliance_lee' }),
    complete: ({ delayMs, reject }) => [
      at(delayMs, 'human-compliance', 'u_compliance_lee', reject ? 'reject' : 'approve'),
    ],
    // The KYC check answers 422: a terminal failure with no route, so the run fails.
    fail: () => ({
      dispatch: {
        simulation: {
          webhookReplies: {
            'webhook-kyc': {
              ok: true,
              status: 422,
              headers: { 'content-type': 'application/json' },
              text: '{"error":"tax id does not match"}',
            },
          },
        },
      },
    }),
    maxDelayMs: 50 * SECOND,
  },
  {
    definitionId: 'contract-review',
    version: 1,
    triggerContext: docUrl('contracts'),
    review: () => ({ nodeId: 'human-legal', reviewerId: 'u_legal_ng' }),
    complete: ({ delayMs, reject }) =>
      reject
        ? [at(delayMs, 'human-legal', 'u_legal_ng', 'reject', 'Liability clause missing')]
        : [
            at(delayMs, 'human-legal', 'u_legal_ng', 'approve'),
            at(delayMs + 3 * MINUTE, 'human-legal', 'u_legal_ortiz', 'approve'),
          ],
  },
  {
    definitionId: 'invoice-approval',
    version: 1,
    // One invoice in four is large and goes to the CFO (the custom predicates on execution.input.amount).
    triggerContext: (index) => ({ invoiceId: `INV-2026-${1000 + index}`, amount: index % 4 === 0 ? 18_500 : 1250 }),
    review: invoiceReview,
    complete: (s) => {
      const { nodeId, reviewerId } = invoiceReview(s.index);
      return [at(s.delayMs, nodeId, reviewerId, s.reject ? 'reject' : 'approve')];
    },
  },
];

function at(
  atMs: number,
  nodeId: string,
  reviewerId: string,
  decision: Decision['decision'],
  reason?: string,
): Decision {
  return { atMs, nodeId, reviewerId, decision, ...(reason ? { reason } : {}) };
}

/** An operator acting on the waiting review (force-fail) or on the run (cancel). */
function operator(atMs: number, action: 'force-fail' | 'cancel', nodeId: string): Act {
  return {
    atMs,
    act: (engine: Engine, run: Run) => {
      if (action === 'cancel') {
        cancelExecution(engine, { executionId: run.executionId, reason: 'Duplicate request' });
        return;
      }
      const stepId = activeStep(run, nodeId);
      if (stepId)
        resolveStep(engine, {
          executionId: run.executionId,
          stepId,
          action: 'force-fail',
          actorId: 'ops@acme.example',
          reason: 'Reviewer list resolved to no mandatory reviewers',
        });
    },
  };
}

function historyPlan(executionId: string, d: HistoryDefinition, s: Situation): SeededRunPlan {
  const base: SeededRunPlan = {
    executionId,
    definitionId: d.definitionId,
    version: d.version,
    dispatch: {
      correlationId: `corr_${d.definitionId}_${1000 + s.index}`,
      idempotencyKey: `${d.definitionId}-run-${1000 + s.index}`,
      triggerContext: d.triggerContext(s.index),
    },
  };
  const review = d.review(s.index);
  const stops: Record<HistoryStatus, StopAt> = {
    completed: 'terminal',
    failed: 'terminal',
    cancelled: 'terminal',
    running: 'waiting',
    pending: 'dispatched',
  };
  const plan: SeededRunPlan = { ...base, stopAt: stops[s.status] };
  switch (s.status) {
    case 'completed':
      return { ...plan, decisions: d.complete(s) };
    case 'failed': {
      if (!d.fail) return { ...plan, acts: [operator(s.delayMs, 'force-fail', review.nodeId)] };
      const failure = d.fail(s);
      return {
        ...plan,
        dispatch: { ...plan.dispatch, ...failure.dispatch },
        ...(failure.decisions ? { decisions: failure.decisions } : {}),
      };
    }
    case 'cancelled':
      return { ...plan, acts: [operator(s.delayMs, 'cancel', review.nodeId)] };
    default:
      return plan;
  }
}

/** Simulated once per process (a few ms per run); the same runs on every start. */
let cache: Run[] | undefined;
export function historyRuns(): readonly Run[] {
  if (cache) return cache;
  const rng = rngFrom(20260401);
  const runs: Run[] = [];
  for (let index = 0; index < HISTORY_COUNT; index++) {
    const d = DEFINITIONS[index % DEFINITIONS.length]!;
    const status = STATUS_CYCLE[Math.floor(index / DEFINITIONS.length) % STATUS_CYCLE.length]!;
    // Distinct start times (jitter stays inside the 2 h slot), so the startedAt cursor never ties.
    const startedAt = HISTORY_END - (index + 1) * SPACING_MS + Math.floor(rng() * (SPACING_MS / 2));
    const executionId = `exec_${startedAt - 109}_${randomAlnum(rng, 8)}`;
    // People act after the agents and lookups (≤ 14 s) are done, and before an SLA runs out.
    const delayMs = 30 * SECOND + Math.floor(rng() * ((d.maxDelayMs ?? 60 * MINUTE) - 30 * SECOND));
    runs.push(simulateSeededRun(historyPlan(executionId, d, { index, status, delayMs, reject: index % 3 === 0 })));
  }
  cache = runs;
  return cache;
}
