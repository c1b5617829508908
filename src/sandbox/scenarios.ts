// The hand-written seeded runs behind the per-execution faults (rateLimited, flaky, slow). The other
// seeded runs are engine runs: engine/fixtureSeeds.ts (finished) and engine/liveSeeds.ts (live).
// Offsets are ms since the run started at timeScale 1.
import type { ExecutionMeta, ExecutionModel } from './types';
import type { ScriptTime } from './timeline';
import { hashString, rngFrom } from './random';
import { SANDBOX_EXECUTIONS, idTimestamp } from './roles';
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

const SECOND = 1000;
const MINUTE = 60 * SECOND;

function meta(
  executionId: string,
  definitionId: string,
  definitionVersion: number,
  correlationId: string,
): ExecutionMeta {
  return {
    executionId,
    definitionId,
    definitionVersion,
    correlationId,
    idempotencyKey: `${definitionId}:${executionId.slice(-8)}`,
  };
}

function reviewer(userId: string, mandatory = true): Reviewer {
  return { userId, mandatory, email: `${userId.replace(/^u_/, '')}@acme.example` };
}

/** A plain completed run: the body behind the per-execution fault roles (rateLimited, flaky, slow). */
export function plainCompleted(role: string, time: ScriptTime): ExecutionModel {
  const id = SANDBOX_EXECUTIONS[role]!;
  const rng = rngFrom(hashString(id));
  const s = new Story(meta(id, 'invoice-approval', 1, `corr_${role}`));
  const lookup: StepInit = {
    stepId: rootStepId('webhook-erp-lookup', idTimestamp(id), rng),
    nodeId: 'webhook-erp-lookup',
    nodeType: 'webhook',
  };
  const controller = reviewer('u_controller');
  const approve: StepInit = {
    stepId: fanOutStepId(lookup.stepId, 'human-controller'),
    nodeId: 'human-controller',
    nodeType: 'human',
  };
  s.dispatch([lookup.stepId])
    .after(300)
    .start(lookup)
    .after(700)
    .complete(
      lookup.stepId,
      { nodeType: 'webhook', httpStatus: 200 },
      webhookOutput(200, { invoice: 'INV-2026-0042', amount: 1250 }),
    )
    .after(300)
    .start(approve, humanWaitingOutput([controller]))
    .awaiting(approve.stepId, humanAwaitingData(approve.stepId, [controller]))
    .after(4 * MINUTE)
    .internal('step.response-recorded', approve.stepId)
    .complete(
      approve.stepId,
      humanCompletedData('approve'),
      humanDecidedOutput(approve.stepId, [controller], 'approve'),
    )
    .after(200)
    .completeRun();
  return s.builder.build(time);
}
