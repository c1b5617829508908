// One-line summaries per event type, the kind (icon/colour), node ids from step ids, and text safety.
import { strict as assert } from 'node:assert';
import { eventKind, isKnownType, nodeIdFromStepId, stepLabel, summarize } from '../../../src/webview/summaries';
import { compact, oneLine, visibleControls } from '../../../src/webview/text';

const s = (type: string, data: unknown): string => summarize({ type, data });

describe('summaries', () => {
  it('summarises every documented event type from its data', () => {
    assert.equal(
      s('execution.dispatched', { definitionId: 'doc-signoff', definitionVersion: 3, rootStepIds: ['a'] }),
      'dispatched doc-signoff v3 · 1 root step',
    );
    assert.equal(s('execution.completed', null), 'execution completed');
    assert.equal(s('execution.failed', null), 'execution failed');
    assert.equal(s('execution.cancelled', { reason: 'operator stop' }), 'execution cancelled: operator stop');
    assert.equal(
      s('step.awaiting-approval', { waitingForReviewers: ['alice', 'bob'], mandatoryCount: 1, resumeKey: 'human:x' }),
      'waiting for 2 reviewers, 1 mandatory',
    );
    assert.equal(
      s('step.awaiting-approval', { agentId: 'summariser', agentExecutionId: 'exec_x', pollIntervalMs: 15000 }),
      'waiting for agent summariser (polled every 15 s)',
    );
    assert.equal(
      s('step.completed', { aggregatorStatus: 'resolved', nodeType: 'human', decision: 'approve' }),
      'decision: approve · resolved',
    );
    assert.equal(
      s('step.completed', {
        agentExecutionId: 'e',
        agentExecutionStatus: 'completed',
        decision: 'approve',
        source: 'poll',
      }),
      'decision: approve · agent completed',
    );
    assert.equal(
      s('step.failed', { httpStatus: 500, latencyMs: 120, retryClass: 'server-error' }),
      'HTTP 500 · 120 ms · server-error',
    );
    assert.equal(s('step.failed', { reason: 'no-reviewers' }), 'no-reviewers');
    assert.equal(s('step.failed', { channel: 'email', retryClass: 'exhausted' }), 'email delivery failed · exhausted');
    assert.equal(s('step.failed', { error: { code: 'E1', message: 'boom' } }), 'E1: boom');
    assert.equal(s('step.breached', { reason: 'sla' }), 'SLA breached: sla');
    assert.equal(
      s('step.cancelled', { actorId: 'system:group-quorum', reason: 'group-quorum-met' }),
      'cancelled: group quorum met (by system:group-quorum)',
    );
    assert.equal(
      s('step.cancelled', { actorId: 'system:loop-restart', reason: 'loop-restart' }),
      'cancelled: loop restarted (by system:loop-restart)',
    );
    assert.equal(
      s('group.quorum-met', { groupId: 'review', total: 3, quorum: 2, completedTotal: 2, expectedSteps: 3 }),
      'quorum met 2/2 in review (3 members)',
    );
    assert.equal(
      s('loop.iteration-started', { loopId: 'l1', iteration: 2, triggeredBy: 'rejection' }),
      'loop iteration 2 of l1 (after rejection)',
    );
    assert.equal(
      s('loop.exhausted', { loopId: 'l1', iteration: 3, lastRejectedBy: 'alice', lastRejectionReason: 'typos' }),
      'loop l1 exhausted after 3 iterations; last rejected by alice: typos',
    );
  });

  it('never throws and never returns an empty summary, whatever the data', () => {
    for (const data of [
      null,
      undefined,
      42,
      'text',
      [],
      [1, 2],
      { waitingForReviewers: 'x' },
      { decision: { nested: true } },
      { reason: 7 },
    ]) {
      for (const type of [
        'step.completed',
        'step.failed',
        'step.awaiting-approval',
        'group.quorum-met',
        'loop.exhausted',
        'x.unknown',
      ]) {
        const text = s(type, data);
        assert.equal(typeof text, 'string');
        assert.ok(text.length > 0, `${type} with ${JSON.stringify(data)}`);
      }
    }
  });

  it('shows unknown event types with a compact view of their data', () => {
    assert.equal(s('step.teleported', { from: 'here', to: 'there' }), '{"from":"here","to":"there"}');
    assert.equal(s('step.teleported', null), '(no data)');
    assert.equal(eventKind('step.teleported'), 'unknown');
    assert.equal(isKnownType('step.teleported'), false);
    assert.ok(s('x', { long: 'y'.repeat(5000) }).length <= 161);
  });

  it('gives each type a kind', () => {
    assert.equal(eventKind('step.completed'), 'success');
    assert.equal(eventKind('step.failed'), 'failure');
    assert.equal(eventKind('step.breached'), 'warning');
    assert.equal(eventKind('step.cancelled'), 'cancel');
    assert.equal(eventKind('group.quorum-met'), 'group');
    assert.equal(eventKind('loop.iteration-started'), 'loop');
  });

  it('derives node ids from step ids', () => {
    assert.equal(nodeIdFromStepId('step_manager-approval_1777374504255_lwofay'), 'manager-approval');
    assert.equal(nodeIdFromStepId('step_agent-draft_1777374504255_lwofay__to__human-legal'), 'human-legal');
    assert.equal(nodeIdFromStepId('group_parallel-review__to__agent-publish'), 'agent-publish');
    assert.equal(nodeIdFromStepId('step_a_b_1777374504255_xyzxyz'), 'a_b');
    assert.equal(nodeIdFromStepId('weird'), 'weird');
    assert.equal(stepLabel('s1', new Map([['s1', 'from-view']])), 'from-view');
    assert.equal(stepLabel(null, new Map()), '');
  });

  it('makes control and bidi characters visible and keeps markup as text', () => {
    assert.equal(
      visibleControls('bell\u0007 nul\u0000 esc\u001b[31m del\u007f'),
      'bell\\x07 nul\\x00 esc\\x1b[31m del\\x7f',
    );
    assert.equal(visibleControls('a\nb\tc\r\n'), 'a⏎b→c⏎');
    assert.equal(visibleControls('a\nb\r\nc\rd', true), 'a\nb\nc\\rd');
    assert.equal(visibleControls('invoice_\u202egpj.exe\u202c'), 'invoice_\\u202egpj.exe\\u202c');
    assert.equal(visibleControls('x\u0085y\u2066z'), 'x\\x85y\\u2066z');
    assert.equal(oneLine('<script>alert(1)</script>'), '<script>alert(1)</script>');
    assert.equal(oneLine('abcdef', 3), 'abc…');
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    assert.equal(compact(cyclic), '[unserialisable]');
  });
});
