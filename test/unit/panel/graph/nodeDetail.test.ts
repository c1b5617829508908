// The detail of a chosen graph node: its steps with output (trimmed like event payloads), the latest
// MAX_NODE_DETAIL_STEPS only, cut to the protocol's bounds, and the feed posts it again only when the
// node's steps changed.
import { strict as assert } from 'node:assert';
import type { ExecutionView } from '../../../../src/api';
import { boundMessage } from '../../../../src/panel/bounds';
import { GraphFeed } from '../../../../src/panel/graph/graphFeed';
import { nodeDetailMessage } from '../../../../src/panel/graph/nodeDetail';
import { PAYLOAD_LIMIT } from '../../../../src/panel/payload';
import { MAX_NODE_DETAIL_STEPS, type HostToWebview } from '../../../../src/panel/protocol';
import { parseHostMessage } from '../../../../src/panel/protocolSchemas';

type Step = ExecutionView['steps'][number];
const step = (stepId: string, nodeId: string, extra: Partial<Step> = {}): Step => ({
  stepId,
  nodeId,
  nodeType: 'agent',
  status: 'completed',
  groupId: null,
  startedAt: 1000,
  completedAt: 4000,
  output: { decision: 'approve' },
  error: null,
  ...extra,
});
const execution = (steps: Step[]): ExecutionView => ({
  executionId: 'exec_1793516400117_lwofay3k',
  status: 'running',
  startedAt: 1000,
  completedAt: null,
  cancelledAt: null,
  definitionId: 'flow',
  definitionVersion: 1,
  correlationId: null,
  idempotencyKey: null,
  failureReason: null,
  steps,
});

describe('graph node detail', () => {
  it("sends the node's steps with times, error and output; a huge output as a preview with its size", () => {
    const big = { text: 'x'.repeat(PAYLOAD_LIMIT + 10) };
    const run = execution([
      step('s1', 'draft'),
      step('s2', 'review', { status: 'failed', error: { code: 'no-reviewers', message: 'nobody' }, output: big }),
      step('s3', 'draft', { completedAt: null, status: 'running', output: {} }),
    ]);
    const message = nodeDetailMessage(run, 'review', 4);
    assert.equal(message.requestId, 4);
    assert.equal(message.moreSteps, 0);
    assert.equal(message.steps.length, 1);
    const [review] = message.steps;
    assert.deepEqual(review!.error, { code: 'no-reviewers', message: 'nobody' });
    assert.deepEqual(review!.output, { text: `${'x'.repeat(300)}…` });
    assert.ok(review!.oversize! > PAYLOAD_LIMIT);
    const draft = nodeDetailMessage(run, 'draft', null);
    assert.deepEqual(
      draft.steps.map((s) => [s.stepId, s.status, s.startedAt, s.completedAt, s.output, s.oversize]),
      [
        ['s1', 'completed', 1000, 4000, { decision: 'approve' }, undefined],
        ['s3', 'running', 1000, null, {}, undefined],
      ],
    );
    assert.deepEqual(nodeDetailMessage(run, 'gone', null).steps, []);
  });

  it('keeps the latest steps of a node that ran many times, within the protocol bounds', () => {
    const hostile = '<img src=x onerror=alert(1)>'.repeat(1000);
    const steps = Array.from({ length: MAX_NODE_DETAIL_STEPS + 5 }, (_, i) =>
      step(`loop__${i}__${hostile}`, 'loop', { error: { code: hostile, message: hostile.repeat(10) } }),
    );
    const message = nodeDetailMessage(execution(steps), 'loop', 1);
    assert.equal(message.moreSteps, 5);
    assert.equal(message.steps.length, MAX_NODE_DETAIL_STEPS);
    assert.ok(message.steps[0]!.stepId.startsWith('loop__5__'));
    const bounded = boundMessage(message);
    const parsed = parseHostMessage(bounded);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
    assert.ok(!parseHostMessage(message).ok, 'the unbounded message would be rejected');
  });

  it('posts the detail again only when the chosen node’s steps changed', () => {
    const posted: HostToWebview[] = [];
    const feed = new GraphFeed(
      { getDefinition: () => Promise.reject(new Error('unused')) },
      (m) => posted.push(m),
      () => {
        throw new Error('unused');
      },
    );
    const waiting = execution([step('s1', 'draft'), step('s2', 'review', { status: 'waiting', completedAt: null })]);
    feed.selectNode(7, 'review', waiting);
    feed.update(waiting);
    feed.update(execution([step('s1', 'draft', { output: { other: 1 } }), ...waiting.steps.slice(1)]));
    // The same size, other content (a reviewer's answer counted while the step waits): posted.
    const counted = (n: number) =>
      execution([step('s2', 'review', { status: 'waiting', completedAt: null, output: { approveCount: n } })]);
    feed.update(counted(1));
    feed.update(counted(1));
    feed.update(counted(2));
    const done = execution([step('s1', 'draft'), step('s2', 'review')]);
    feed.update(done);
    assert.deepEqual(
      posted.map((m) => (m.type === 'nodeDetail' ? [m.requestId, m.steps.map((s) => s.status)] : m.type)),
      [
        [7, ['waiting']],
        [null, ['waiting']],
        [null, ['waiting']],
        [null, ['completed']],
      ],
    );
  });
});
