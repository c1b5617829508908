// The hand-written seeded runs: one completed with a parallel review group, one failed, one cancelled,
// and the plain runs behind the per-execution faults. (The live ones are engine runs: engine/liveSeeds.ts.)
// Offsets are ms since the run started at timeScale 1.
import type { ExecutionMeta, ExecutionModel } from './types';
import type { ScriptTime } from './timeline';
import { hashString, randomAlnum, rngFrom } from './random';
import { SANDBOX_EXECUTIONS, idTimestamp } from './roles';
import {
  Story, agentAwaitingData, agentCompletedData, agentOutput, fanOutStepId, groupSuccessorStepId,
  humanAwaitingData, humanCompletedData, humanDecidedOutput, humanWaitingOutput, rootStepId, webhookOutput,
  type Reviewer, type StepInit,
} from './story';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

function meta(executionId: string, definitionId: string, definitionVersion: number, correlationId: string): ExecutionMeta {
  return { executionId, definitionId, definitionVersion, correlationId, idempotencyKey: `${definitionId}:${executionId.slice(-8)}` };
}

function reviewer(userId: string, mandatory = true): Reviewer {
  return { userId, mandatory, email: `${userId.replace(/^u_/, '')}@acme.example` };
}

/** An Agents-API style execution id, as carried in agent step outputs. */
function agentExecutionId(seed: string): string {
  const rng = rngFrom(hashString(seed));
  return `exec_${1793400000000 + Math.floor(rng() * 1e8)}_${randomAlnum(rng, 12)}`;
}

export function completedParallel(time: ScriptTime): ExecutionModel {
  const id = SANDBOX_EXECUTIONS['completedParallel']!;
  const rng = rngFrom(hashString(id));
  const s = new Story(meta(id, 'marketing-copy-approval', 3, 'corr_campaign_42'));
  const draft: StepInit = { stepId: rootStepId('agent-draft', idTimestamp(id), rng), nodeId: 'agent-draft', nodeType: 'agent' };
  const agentRun = agentExecutionId(`${id}:draft`);
  const members = [
    { node: 'human-legal', who: reviewer('u_legal') },
    { node: 'human-brand', who: reviewer('u_brand') },
    { node: 'human-exec', who: reviewer('u_exec') },
  ].map((m) => ({ ...m, step: { stepId: fanOutStepId(draft.stepId, m.node), nodeId: m.node, nodeType: 'human', groupId: 'parallel-review' } }));
  const publish: StepInit = { stepId: groupSuccessorStepId('parallel-review', 'agent-publish'), nodeId: 'agent-publish', nodeType: 'agent' };
  const notify: StepInit = { stepId: fanOutStepId(publish.stepId, 'notify-team'), nodeId: 'notify-team', nodeType: 'notification' };
  const crm: StepInit = { stepId: fanOutStepId(publish.stepId, 'webhook-crm'), nodeId: 'webhook-crm', nodeType: 'webhook' };

  s.dispatch([draft.stepId]).after(400).start(draft)
    .after(500).awaiting(draft.stepId, agentAwaitingData('copy-drafter', agentRun))
    .after(30 * SECOND).internal('step.resumed', draft.stepId)
    .complete(draft.stepId, agentCompletedData(agentRun), agentOutput('Three headline variants drafted', 30500))
    .after(500);
  for (const m of members) {
    s.start(m.step, humanWaitingOutput([m.who])).awaiting(m.step.stepId, humanAwaitingData(m.step.stepId, [m.who]));
  }
  const [legal, brand, exec] = members as [typeof members[0], typeof members[0], typeof members[0]];
  s.at(10 * MINUTE).internal('step.response-recorded', legal.step.stepId)
    .complete(legal.step.stepId, humanCompletedData('approve'), humanDecidedOutput(legal.step.stepId, [legal.who], 'approve'))
    .at(25 * MINUTE).internal('step.response-recorded', brand.step.stepId)
    .complete(brand.step.stepId, humanCompletedData('approve'), humanDecidedOutput(brand.step.stepId, [brand.who], 'approve'))
    .emit('group.quorum-met', null, { groupId: 'parallel-review', total: 3, quorum: 2, completedTotal: 2, expectedSteps: 3 })
    .cancelStep(exec.step.stepId, 'system:group-quorum', 'group-quorum-met')
    .internal('parallel-group.completed')
    .after(500).start(publish)
    .after(1500).complete(publish.stepId, { agentId: 'publisher', synthetic: false, decision: 'approve' },
      (ts) => ({ agentId: 'publisher', summary: 'Published "Spring launch" to the CMS', generatedAt: ts }))
    .after(500).start(notify).start(crm)
    .after(1000).complete(notify.stepId, { nodeType: 'notification', channel: 'slack' },
      (ts) => ({ channel: 'slack', slackTarget: '#launches', deliveredAt: ts }))
    .after(500).complete(crm.stepId, { nodeType: 'webhook', httpStatus: 200 }, webhookOutput(200, { ok: true, id: 'crm_8812' }))
    .after(500).completeRun();
  return s.builder.build(time);
}

export function failed(time: ScriptTime): ExecutionModel {
  const id = SANDBOX_EXECUTIONS['failed']!;
  const rng = rngFrom(hashString(id));
  const s = new Story(meta(id, 'vendor-onboarding', 4, 'corr_vendor_9917'));
  const kyc: StepInit = { stepId: rootStepId('webhook-kyc', idTimestamp(id), rng), nodeId: 'webhook-kyc', nodeType: 'webhook' };
  const error = {
    code: 'webhook-node-empty-response',
    message: 'Webhook answered 204 with an empty body and requireNonEmptyOutput is set',
  };
  s.dispatch([kyc.stepId]).after(500).start(kyc)
    .after(1500).internal('step.retried', kyc.stepId)
    .after(10 * SECOND).internal('step.retried', kyc.stepId)
    .after(20 * SECOND).fail(kyc.stepId, { httpStatus: 204, latencyMs: 233, retryClass: 'terminal' }, error,
      { httpStatus: 204, responseHeaders: { 'content-length': '0' }, responseText: '' })
    .after(500).failRun({ code: 'webhook-node-empty-response', message: `Step ${kyc.stepId} failed with no recovery edge` });
  return s.builder.build(time);
}

export function cancelled(time: ScriptTime): ExecutionModel {
  const id = SANDBOX_EXECUTIONS['cancelled']!;
  const rng = rngFrom(hashString(id));
  const s = new Story(meta(id, 'doc-signoff', 2, 'corr_doc_123'));
  const draft: StepInit = { stepId: rootStepId('agent-draft', idTimestamp(id), rng), nodeId: 'agent-draft', nodeType: 'agent' };
  const manager = reviewer('u_manager_ana');
  const review: StepInit = { stepId: fanOutStepId(draft.stepId, 'human-manager'), nodeId: 'human-manager', nodeType: 'human' };
  const reason = 'Superseded by a newer draft of the document';
  s.dispatch([draft.stepId]).after(300).start(draft)
    .after(20 * SECOND).complete(draft.stepId, { agentId: '__mock__', synthetic: true, decision: 'approve' }, { agentId: '__mock__', synthetic: true, decision: 'approve' })
    .after(1000).start(review, humanWaitingOutput([manager])).awaiting(review.stepId, humanAwaitingData(review.stepId, [manager]))
    .at(2 * 60 * MINUTE).cancelStep(review.stepId, 'ops@acme.example', reason)
    .cancelRun(reason);
  return s.builder.build(time);
}

/** A plain completed run: the body behind the per-execution fault roles (rateLimited, flaky, slow). */
export function plainCompleted(role: string, time: ScriptTime): ExecutionModel {
  const id = SANDBOX_EXECUTIONS[role]!;
  const rng = rngFrom(hashString(id));
  const s = new Story(meta(id, 'invoice-approval', 1, `corr_${role}`));
  const lookup: StepInit = { stepId: rootStepId('webhook-erp-lookup', idTimestamp(id), rng), nodeId: 'webhook-erp-lookup', nodeType: 'webhook' };
  const controller = reviewer('u_controller');
  const approve: StepInit = { stepId: fanOutStepId(lookup.stepId, 'human-controller'), nodeId: 'human-controller', nodeType: 'human' };
  s.dispatch([lookup.stepId]).after(300).start(lookup)
    .after(700).complete(lookup.stepId, { nodeType: 'webhook', httpStatus: 200 }, webhookOutput(200, { invoice: 'INV-2026-0042', amount: 1250 }))
    .after(300).start(approve, humanWaitingOutput([controller])).awaiting(approve.stepId, humanAwaitingData(approve.stepId, [controller]))
    .after(4 * MINUTE).internal('step.response-recorded', approve.stepId)
    .complete(approve.stepId, humanCompletedData('approve'), humanDecidedOutput(approve.stepId, [controller], 'approve'))
    .after(200).completeRun();
  return s.builder.build(time);
}
