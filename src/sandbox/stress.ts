// The "internalFirst" run: its first 3,000 seq numbers are internal events (a storm of suppressed
// duplicate dispatches and retries), so paging with pageSize 100 yields 30 empty pages with
// hasMore true before the first external event. The order is artificial on purpose: it exercises
// clients that would stop on an empty page.
// Scripted, not an engine run: no run writes events before its execution.dispatched.
import type { ExecutionModel } from './types';
import type { ScriptTime } from './timeline';
import { hashString, rngFrom } from './random';
import { SANDBOX_EXECUTIONS, idTimestamp } from './roles';
import { Story, fanOutStepId, rootStepId, webhookOutput, type StepInit } from './story';

export const INTERNAL_FIRST_COUNT = 3000;

export function internalFirst(time: ScriptTime): ExecutionModel {
  const id = SANDBOX_EXECUTIONS['internalFirst']!;
  const rng = rngFrom(hashString(id));
  const s = new Story({
    executionId: id,
    definitionId: 'inventory-poll',
    definitionVersion: 12,
    correlationId: 'corr_inventory_poll',
    idempotencyKey: 'trig:inventory-cron:2026-11-01T05:00',
  });
  const poll: StepInit = {
    stepId: rootStepId('webhook-inventory', idTimestamp(id), rng),
    nodeId: 'webhook-inventory',
    nodeType: 'webhook',
  };
  const notify: StepInit = {
    stepId: fanOutStepId(poll.stepId, 'notify-ops'),
    nodeId: 'notify-ops',
    nodeType: 'notification',
  };
  for (let i = 0; i < INTERNAL_FIRST_COUNT; i++) {
    s.internal(i % 2 === 0 ? 'idempotency.suppressed' : 'step.retried', i % 2 === 0 ? null : poll.stepId).after(20);
  }
  s.dispatch([poll.stepId])
    .after(200)
    .start(poll)
    .after(800)
    .complete(poll.stepId, { nodeType: 'webhook', httpStatus: 200 }, webhookOutput(200, { skus: 1834, changed: 12 }))
    .after(300)
    .start(notify)
    .after(700)
    .complete(notify.stepId, { nodeType: 'notification', channel: 'slack' }, { channel: 'slack', slackTarget: '#ops' })
    .after(100)
    .completeRun();
  return s.builder.build(time);
}
