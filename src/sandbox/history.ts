// ~120 older runs of five definitions in every status, so `list` has several pages to walk and the
// filters have something to filter. Deterministic (fixed seed), all before the hand-written seeds.
import type { ExecutionModel } from './types';
import type { ScriptTime } from './timeline';
import { randomAlnum, rngFrom } from './random';
import {
  Story,
  fanOutStepId,
  humanAwaitingData,
  humanCompletedData,
  humanDecidedOutput,
  humanWaitingOutput,
  rootStepId,
  webhookOutput,
  type Reviewer,
  type StepInit,
} from './story';

export const HISTORY_COUNT = 120;
/** 2026-11-01T00:00:00Z: history runs all start before this. */
export const HISTORY_END = 1793491200000;
const SPACING_MS = 2 * 60 * 60 * 1000;

interface DefinitionSketch {
  definitionId: string;
  version: number;
  root: string;
  rootType: string;
  human: string;
  reviewer: string;
}

export const HISTORY_DEFINITIONS: readonly DefinitionSketch[] = [
  {
    definitionId: 'marketing-copy-approval',
    version: 3,
    root: 'agent-draft',
    rootType: 'agent',
    human: 'human-legal',
    reviewer: 'u_legal',
  },
  {
    definitionId: 'doc-signoff',
    version: 2,
    root: 'agent-draft',
    rootType: 'agent',
    human: 'human-manager',
    reviewer: 'u_manager_ana',
  },
  {
    definitionId: 'vendor-onboarding',
    version: 4,
    root: 'webhook-kyc',
    rootType: 'webhook',
    human: 'human-compliance',
    reviewer: 'u_compliance_lee',
  },
  {
    definitionId: 'contract-review',
    version: 1,
    root: 'agent-summarize',
    rootType: 'agent',
    human: 'human-legal',
    reviewer: 'u_legal_ng',
  },
  {
    definitionId: 'invoice-approval',
    version: 1,
    root: 'webhook-erp-lookup',
    rootType: 'webhook',
    human: 'human-controller',
    reviewer: 'u_controller',
  },
];

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

export function historyRuns(): ExecutionModel[] {
  const rng = rngFrom(20260401);
  const runs: ExecutionModel[] = [];
  for (let i = 0; i < HISTORY_COUNT; i++) {
    const definition = HISTORY_DEFINITIONS[i % HISTORY_DEFINITIONS.length]!;
    const status = STATUS_CYCLE[Math.floor(i / HISTORY_DEFINITIONS.length) % STATUS_CYCLE.length]!;
    // Distinct start times (jitter stays inside the 2 h slot), so the startedAt cursor never ties.
    const startedAt = HISTORY_END - (i + 1) * SPACING_MS + Math.floor(rng() * (SPACING_MS / 2));
    const executionId = `exec_${startedAt - 109}_${randomAlnum(rng, 8)}`;
    const time: ScriptTime = { origin: startedAt, timeScale: 1, live: false };
    runs.push(historyRun(executionId, definition, status, Math.floor(rng() * 3_600_000), time, i));
  }
  return runs;
}

function historyRun(
  executionId: string,
  d: DefinitionSketch,
  status: (typeof STATUS_CYCLE)[number],
  reviewDelayMs: number,
  time: ScriptTime,
  index: number,
): ExecutionModel {
  const rng = rngFrom(index + 1);
  const s = new Story({
    executionId,
    definitionId: d.definitionId,
    definitionVersion: d.version,
    correlationId: `corr_${d.definitionId}_${1000 + index}`,
    idempotencyKey: `${d.definitionId}-run-${1000 + index}`,
  });
  const root: StepInit = { stepId: rootStepId(d.root, time.origin - 109, rng), nodeId: d.root, nodeType: d.rootType };
  const human: StepInit = { stepId: fanOutStepId(root.stepId, d.human), nodeId: d.human, nodeType: 'human' };
  const who: Reviewer = { userId: d.reviewer, mandatory: true, email: `${d.reviewer.slice(2)}@acme.example` };
  s.dispatch([root.stepId], { stayPending: status === 'pending' });
  if (status === 'pending') return s.builder.build(time);

  s.after(300).start(root).after(1500);
  if (d.rootType === 'webhook')
    s.complete(root.stepId, { nodeType: 'webhook', httpStatus: 200 }, webhookOutput(200, { ok: true }));
  else
    s.complete(
      root.stepId,
      { agentId: '__mock__', synthetic: true, decision: 'approve' },
      { agentId: '__mock__', synthetic: true, decision: 'approve' },
    );
  s.after(300)
    .start(human, humanWaitingOutput([who]))
    .awaiting(human.stepId, humanAwaitingData(human.stepId, [who]))
    .after(reviewDelayMs);
  switch (status) {
    case 'running':
      break;
    case 'completed': {
      const decision = index % 3 === 0 ? 'reject' : 'approve';
      s.internal('step.response-recorded', human.stepId)
        .complete(
          human.stepId,
          humanCompletedData(decision),
          humanDecidedOutput(human.stepId, [who], decision, decision === 'reject' ? who : undefined),
        )
        .after(200)
        .completeRun();
      break;
    }
    case 'failed':
      s.fail(
        human.stepId,
        { reason: 'no-mandatory-reviewers' },
        { code: 'no-mandatory-reviewers', message: 'Reviewer list resolved to no mandatory reviewers' },
      )
        .after(200)
        .failRun({ code: 'step-failed', message: `Step ${human.stepId} failed with no recovery edge` });
      break;
    case 'cancelled':
      s.cancelStep(human.stepId, 'ops@acme.example', 'Duplicate request').cancelRun('Duplicate request');
      break;
  }
  return s.builder.build(time);
}
