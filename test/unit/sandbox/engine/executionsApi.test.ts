// Contract tests of dispatch, cancel and the four step endpoints over HTTP, and the reads
// (get, getEvents, list) serving engine runs with the wire schemas the extension uses.
import * as assert from 'node:assert/strict';
import { EventsPageSchema, ExecutionListPageSchema, ExecutionViewSchema } from '../../../../src/api/schemas';
import { SANDBOX_EXECUTIONS, type Sandbox } from '../../../../src/sandbox/server';
import { REVIEW_DEFINITION, fakeClockSandbox, ok, refused } from './http';

interface StepLike {
  stepId: string;
  nodeId: string;
  status: string;
  output: Record<string, unknown>;
}

describe('sandbox engine API: executions and steps', function () {
  this.timeout(20_000);
  let sb: Sandbox;
  let tick: (ms: number) => void;
  beforeEach(async () => {
    ({ sb, tick } = await fakeClockSandbox());
    await ok(sb, 'definitions/create', REVIEW_DEFINITION);
  });
  afterEach(async () => {
    await sb.close();
  });

  async function started(extra: object = {}): Promise<{ executionId: string; review: StepLike; steps: StepLike[] }> {
    const { executionId } = (await ok(sb, 'executions/dispatch', { definitionId: 'contract-test', ...extra })) as {
      executionId: string;
    };
    tick(1000);
    const view = ExecutionViewSchema.parse(await ok(sb, 'executions/get', { executionId }));
    const steps = view.steps as StepLike[];
    return { executionId, steps, review: steps.find((s) => s.nodeId === 'human-review')! };
  }

  it('dispatch: generated ids, idempotency replay with deduplicated: true, documented errors', async () => {
    const first = await ok(sb, 'executions/dispatch', {
      definitionId: 'contract-test',
      idempotencyKey: 'doc-123-signoff',
      triggerContext: { documentUrl: 'https://docs.example/1' },
    });
    assert.match(String(first['executionId']), /^exec_\d{13}_[a-z0-9]{8}$/);
    assert.match(String(first['correlationId']), /^corr_/);
    assert.equal(first['deduplicated'], false);
    const replay = await ok(sb, 'executions/dispatch', {
      definitionId: 'contract-test',
      idempotencyKey: 'doc-123-signoff',
    });
    assert.deepEqual(replay, { ...first, deduplicated: true });
    const given = await ok(sb, 'executions/dispatch', {
      definitionId: 'contract-test',
      correlationId: 'corr_campaign_42',
    });
    assert.equal(given['correlationId'], 'corr_campaign_42');
    const view = await ok(sb, 'executions/get', { executionId: first['executionId'] });
    assert.deepEqual(
      [view['idempotencyKey'], view['status'], view['definitionVersion']],
      ['doc-123-signoff', 'pending', 1],
    );
    assert.ok(!('triggerContext' in view), 'triggerContext is write-only');
    await refused(sb, 'executions/dispatch', { definitionId: 'no-such-def' }, 404, 'NOT_FOUND');
    await refused(
      sb,
      'executions/dispatch',
      { definitionId: 'contract-test', idempotencyKey: 'has space' },
      400,
      'INVALID_ARGUMENT',
    );
    const pair = await refused(
      sb,
      'executions/dispatch',
      { definitionId: 'contract-test', webhookUrl: 'https://hooks.example/x' },
      400,
      'INVALID_ARGUMENT',
    );
    assert.equal(pair.message, 'webhookUrl and webhookSecret must be provided together');
    const scheme = await refused(
      sb,
      'executions/dispatch',
      { definitionId: 'contract-test', webhookUrl: 'http://hooks.example/x', webhookSecret: 's'.repeat(16) },
      400,
      'INVALID_ARGUMENT',
    );
    assert.equal(scheme.message, 'webhookUrl must use https scheme');
    await ok(sb, 'executions/dispatch', {
      definitionId: 'contract-test',
      webhookUrl: 'http://127.0.0.1:9/hook',
      webhookSecret: 's'.repeat(16),
    });
    await refused(
      sb,
      'executions/dispatch',
      { definitionId: 'contract-test', webhookSecret: 'short', webhookUrl: 'https://x.example' },
      400,
      'INVALID_ARGUMENT',
    );
  });

  it('get, getEvents and list serve engine runs (schemas parse; internal events leave seq gaps)', async () => {
    const { executionId, review } = await started();
    await ok(sb, 'steps/recordReviewerDecision', {
      executionId,
      stepId: review.stepId,
      reviewerId: 'u_ana',
      decision: 'approve',
    });
    const page = EventsPageSchema.parse(await ok(sb, 'executions/getEvents', { executionId, pageSize: 500 }));
    assert.deepEqual(
      page.events.map((e) => e.type),
      [
        'execution.dispatched',
        'step.completed',
        'step.awaiting-approval',
        'step.completed',
        'step.completed',
        'execution.completed',
      ],
    );
    assert.ok(page.events.at(-1)!.seq > page.events.length, 'internal events took seq numbers');
    assert.equal(page.hasMore, false);
    const small = EventsPageSchema.parse(
      await ok(sb, 'executions/getEvents', { executionId, sinceSeq: 1, pageSize: 2 }),
    );
    assert.equal(small.nextCursor, 3);
    const list = ExecutionListPageSchema.parse(
      await ok(sb, 'executions/list', { definitionId: 'contract-test', status: 'completed' }),
    );
    assert.deepEqual(
      list.items.map((e) => e.executionId),
      [executionId],
    );
    assert.deepEqual(list.items[0]!.steps, []);
  });

  it('recordReviewerDecision: aggregator results and documented errors', async () => {
    const { executionId, review, steps } = await started();
    const base = { executionId, stepId: review.stepId };
    assert.deepEqual(
      await ok(sb, 'steps/recordReviewerDecision', { ...base, reviewerId: 'u_zed', decision: 'approve' }),
      { recorded: false, aggregatorStatus: 'pending', resumeScheduled: false, rejectionReason: 'unknown-responder' },
    );
    assert.deepEqual(
      await ok(sb, 'steps/recordReviewerDecision', { ...base, reviewerId: 'u_bo', decision: 'approve' }),
      { recorded: true, aggregatorStatus: 'pending', resumeScheduled: false },
    );
    assert.deepEqual(
      await ok(sb, 'steps/recordReviewerDecision', { ...base, reviewerId: 'u_bo', decision: 'reject' }),
      { recorded: false, aggregatorStatus: 'pending', resumeScheduled: false, rejectionReason: 'idempotent' },
    );
    assert.deepEqual(
      await ok(sb, 'steps/recordReviewerDecision', {
        ...base,
        reviewerId: 'u_ana',
        decision: 'reject',
        reason: 'Wrong tone',
      }),
      { recorded: true, aggregatorStatus: 'rejected', resumeScheduled: true },
    );
    assert.equal(
      (await ok(sb, 'steps/recordReviewerDecision', { ...base, reviewerId: 'u_ana', decision: 'approve' }))[
        'rejectionReason'
      ],
      'already-terminal',
    );
    const agentStep = steps.find((s) => s.nodeId === 'agent-draft')!;
    await refused(
      sb,
      'steps/recordReviewerDecision',
      { executionId, stepId: agentStep.stepId, reviewerId: 'u_ana', decision: 'approve' },
      400,
      'FAILED_PRECONDITION',
    );
    await refused(
      sb,
      'steps/recordReviewerDecision',
      { ...base, stepId: 'step_nope', reviewerId: 'u_ana', decision: 'approve' },
      404,
      'NOT_FOUND',
    );
    await refused(
      sb,
      'steps/recordReviewerDecision',
      { ...base, executionId: SANDBOX_EXECUTIONS['notFound'], reviewerId: 'u_ana', decision: 'approve' },
      404,
      'NOT_FOUND',
    );
    await refused(
      sb,
      'steps/recordReviewerDecision',
      { ...base, reviewerId: 'u_ana', decision: 'maybe' },
      400,
      'INVALID_ARGUMENT',
    );
    await refused(
      sb,
      'steps/recordReviewerDecision',
      { executionId: SANDBOX_EXECUTIONS['completedParallel'], stepId: 'x', reviewerId: 'u', decision: 'approve' },
      400,
      'FAILED_PRECONDITION',
    );
  });

  it('recordAgentResolution: no step parks for it in beta', async () => {
    const { executionId, review, steps } = await started();
    const body = { executionId, responseId: 'resp_42', resolution: 'resolved', actorId: 'ops' };
    await refused(
      sb,
      'steps/recordAgentResolution',
      { ...body, stepId: steps.find((s) => s.nodeId === 'agent-draft')!.stepId },
      400,
      'FAILED_PRECONDITION',
    );
    await refused(sb, 'steps/recordAgentResolution', { ...body, stepId: review.stepId }, 400, 'FAILED_PRECONDITION');
    await refused(sb, 'steps/recordAgentResolution', { ...body, stepId: 'step_missing' }, 404, 'NOT_FOUND');
    await refused(
      sb,
      'steps/recordAgentResolution',
      { executionId, stepId: review.stepId, responseId: 'r', resolution: 'resolved' },
      400,
      'INVALID_ARGUMENT',
    );
  });

  it('steps/cancel cancels with the actor on step.cancelled, no downstream edges; terminal steps are FAILED_PRECONDITION', async () => {
    const { executionId, review } = await started();
    assert.deepEqual(
      await ok(sb, 'steps/cancel', {
        executionId,
        stepId: review.stepId,
        actorId: 'ops@acme.example',
        reason: 'Duplicate',
      }),
      { cancelled: true, executionId, stepId: review.stepId },
    );
    const view = ExecutionViewSchema.parse(await ok(sb, 'executions/get', { executionId }));
    assert.equal(view.steps.find((s) => s.stepId === review.stepId)?.status, 'cancelled');
    assert.ok(!view.steps.some((s) => s.nodeId.startsWith('notify')));
    const events = EventsPageSchema.parse(await ok(sb, 'executions/getEvents', { executionId }));
    assert.deepEqual(events.events.find((e) => e.type === 'step.cancelled')?.data, {
      actorId: 'ops@acme.example',
      reason: 'Duplicate',
    });
    await refused(
      sb,
      'steps/cancel',
      { executionId, stepId: review.stepId, actorId: 'ops' },
      400,
      'FAILED_PRECONDITION',
    );
    await refused(sb, 'steps/cancel', { executionId, stepId: 'step_missing', actorId: 'ops' }, 404, 'NOT_FOUND');
    await refused(sb, 'steps/cancel', { executionId, stepId: review.stepId, actorId: '' }, 400, 'INVALID_ARGUMENT');
  });

  it('steps/resolve: the action matrix, PERMISSION_DENIED for undeclared reviewers, documented FAILED_PRECONDITION cases', async () => {
    const { executionId, review, steps } = await started();
    const agentStep = steps.find((s) => s.nodeId === 'agent-draft')!;
    const resolve = (extra: object): object => ({
      executionId,
      stepId: review.stepId,
      actorId: 'ops@acme.example',
      ...extra,
    });
    const missing = await refused(
      sb,
      'steps/resolve',
      resolve({ stepId: 'step_missing', action: 'force-approve' }),
      400,
      'FAILED_PRECONDITION',
    );
    assert.equal(missing.message, 'resolveStep not applied: step-not-found');
    await refused(
      sb,
      'steps/resolve',
      resolve({ stepId: 'step_missing', action: 'reviewer-approve' }),
      404,
      'NOT_FOUND',
    );
    await refused(sb, 'steps/resolve', resolve({ action: 'reviewer-approve' }), 403, 'PERMISSION_DENIED');
    await refused(
      sb,
      'steps/resolve',
      resolve({ action: 'force-approve', stepId: agentStep.stepId }),
      400,
      'FAILED_PRECONDITION',
    );
    await refused(sb, 'steps/resolve', resolve({ action: 'approve' }), 400, 'INVALID_ARGUMENT');
    const done = await ok(
      sb,
      'steps/resolve',
      resolve({
        action: 'reviewer-reject',
        actorId: 'u_bo',
        reason: 'Off brand',
        output: { decision: 'approve', note: 'kept' },
      }),
    );
    assert.deepEqual(done, { resolved: true, executionId, stepId: review.stepId, action: 'reviewer-reject' });
    const view = ExecutionViewSchema.parse(await ok(sb, 'executions/get', { executionId }));
    const output = view.steps.find((s) => s.stepId === review.stepId)!.output;
    assert.deepEqual(
      [output['decision'], output['approved'], output['note'], typeof output['overriddenAt']],
      ['reject', false, 'kept', 'number'],
      'engine-owned keys win over the caller',
    );
    assert.ok(!('rejectedBy' in output), 'override rejects set no rejectedBy');
    assert.ok(view.steps.some((s) => s.nodeId === 'notify-rework'));
    await refused(sb, 'steps/resolve', resolve({ action: 'force-complete' }), 400, 'FAILED_PRECONDITION');
    const events = EventsPageSchema.parse(await ok(sb, 'executions/getEvents', { executionId, pageSize: 500 }));
    assert.ok(!events.events.some((e) => e.type === 'step.overridden'), 'the audit event is internal');

    const second = await started();
    await ok(sb, 'steps/resolve', {
      executionId: second.executionId,
      stepId: second.review.stepId,
      action: 'force-fail',
      actorId: 'ops',
    });
    const failed = ExecutionViewSchema.parse(await ok(sb, 'executions/get', { executionId: second.executionId }));
    assert.deepEqual(
      [failed.status, failed.failureReason?.code],
      ['failed', 'force-fail'],
      'a forced failure with no recovery edge fails the run',
    );
  });

  it('executions/cancel cancels with the reason; terminal runs are a no-op; fixtures are read-only', async () => {
    const { executionId } = await started();
    assert.deepEqual(await ok(sb, 'executions/cancel', { executionId, reason: 'Superseded' }), {
      cancelled: true,
      executionId,
    });
    const view = ExecutionViewSchema.parse(await ok(sb, 'executions/get', { executionId }));
    assert.equal(view.status, 'cancelled');
    assert.equal(typeof view.cancelledAt, 'number');
    const events = EventsPageSchema.parse(await ok(sb, 'executions/getEvents', { executionId, pageSize: 500 }));
    assert.deepEqual(events.events.at(-1)?.data, { reason: 'Superseded' });
    const count = events.events.length;
    assert.deepEqual(await ok(sb, 'executions/cancel', { executionId }), { cancelled: true, executionId });
    assert.equal(
      EventsPageSchema.parse(await ok(sb, 'executions/getEvents', { executionId, pageSize: 500 })).events.length,
      count,
      'no-op on a terminal run',
    );
    assert.deepEqual(await ok(sb, 'executions/cancel', { executionId: SANDBOX_EXECUTIONS['failed'] }), {
      cancelled: true,
      executionId: SANDBOX_EXECUTIONS['failed'],
    });
    const scriptedRunning = (
      (await ok(sb, 'executions/list', { status: 'running', pageSize: 500 })) as { items: { executionId: string }[] }
    ).items.find((e) => !sb.engine.get(e.executionId));
    assert.ok(scriptedRunning, 'a scripted history run that is running');
    await refused(sb, 'executions/cancel', { executionId: scriptedRunning.executionId }, 400, 'FAILED_PRECONDITION');
    await refused(sb, 'executions/cancel', { executionId: SANDBOX_EXECUTIONS['notFound'] }, 404, 'NOT_FOUND');
    await refused(sb, 'executions/cancel', { executionId, reason: 'x'.repeat(501) }, 400, 'INVALID_ARGUMENT');
  });
});
