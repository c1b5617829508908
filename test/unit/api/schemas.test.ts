// Wire schemas: the docs' examples parse; drift (unknown enum values, extra fields, explicit nulls, the
// old list cursor) is tolerated; malformed payloads are rejected naming the field.
import { strict as assert } from 'node:assert';
import type * as z from 'zod';
import {
  ErrorEnvelopeSchema,
  EventsPageSchema,
  ExecutionEventSchema,
  ExecutionListPageSchema,
  ExecutionViewSchema,
  KNOWN_EVENT_TYPES,
  KNOWN_EXECUTION_STATUSES,
  StepViewSchema,
  TERMINAL_EVENT_TYPES,
  FAILURE_EVENT_TYPES,
  isKnown,
  isTerminalEventType,
  isTerminalStatus,
} from '../../../src/api/schemas';

/** executions/get example (E-get): a completed run with one agent step. */
const DOC_EXECUTION = {
  executionId: 'exec_1777374504255_xzy43k9q',
  status: 'completed',
  startedAt: 1777374504364,
  completedAt: 1777374531000,
  cancelledAt: null,
  definitionId: 'marketing-copy-approval',
  definitionVersion: 1,
  correlationId: 'corr_campaign_42',
  idempotencyKey: 'campaign-42-dispatch',
  failureReason: null,
  steps: [
    {
      stepId: 'group_parallel-review__to__agent-publish',
      nodeId: 'agent-publish',
      nodeType: 'agent',
      status: 'completed',
      groupId: null,
      startedAt: 1777374529000,
      completedAt: 1777374531000,
      output: { agentId: 'publisher', summary: 'Published', generatedAt: 1777374530900 },
      error: null,
    },
  ],
};

/** executions/getEvents example (E-events): sinceSeq 5 → one event with seq 7, nextCursor 12. */
const DOC_EVENTS_PAGE = {
  executionId: 'exec_1777374504255_xzy43k9q',
  events: [
    {
      eventId: 'evt_abc123',
      seq: 7,
      type: 'step.awaiting-approval',
      stepId: 'step_agent-draft_1777374504300_lwofay__to__human-legal',
      timestamp: 1777374510000,
      correlationId: 'corr_campaign_42',
      data: { waitingForReviewers: ['u1', 'u2'], mandatoryCount: 1, resumeKey: 'human:abc' },
    },
  ],
  nextCursor: 12,
  hasMore: false,
};

const DOC_LIST_PAGE = {
  items: [{ ...DOC_EXECUTION, steps: [] }],
  nextCursor: '1777374504364',
};

type Schema = z.ZodType;

function rejects(schema: Schema, value: unknown, field: string): void {
  const result = schema.safeParse(value);
  assert.equal(result.success, false, `expected the payload to be rejected at ${field}`);
  if (result.success) return;
  const paths = result.error.issues.map((issue) => issue.path.join('.'));
  assert.ok(paths.includes(field), `expected an issue at "${field}", got ${JSON.stringify(paths)}`);
}

function parse<S extends Schema>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) assert.fail(`expected success, got ${JSON.stringify(result.error.issues)}`);
  return result.data;
}

describe('api/schemas', () => {
  describe('the documented examples', () => {
    it('parse ExecutionView from executions/get', () => {
      const view = parse(ExecutionViewSchema, DOC_EXECUTION);
      assert.equal(view.executionId, DOC_EXECUTION.executionId);
      assert.equal(view.steps.length, 1);
      assert.equal(view.steps[0]!.groupId, null);
      assert.deepEqual(view.steps[0]!.output, DOC_EXECUTION.steps[0]!.output);
      assert.equal(view.failureReason, null);
    });

    it('parse an events page from executions/getEvents', () => {
      const page = parse(EventsPageSchema, DOC_EVENTS_PAGE);
      assert.equal(page.nextCursor, 12);
      assert.equal(page.hasMore, false);
      assert.equal(page.events[0]!.seq, 7);
      assert.deepEqual(page.events[0]!.data, DOC_EVENTS_PAGE.events[0]!.data);
    });

    it('parse the empty-events example (nextCursor 12, no events)', () => {
      const page = parse(EventsPageSchema, { ...DOC_EVENTS_PAGE, events: [] });
      assert.deepEqual(page.events, []);
      assert.equal(page.nextCursor, 12);
    });

    it('parse an executions/list page with the decimal-string cursor', () => {
      const page = parse(ExecutionListPageSchema, DOC_LIST_PAGE);
      assert.equal(page.nextCursor, '1777374504364');
      assert.equal(page.items.length, 1);
      assert.deepEqual(page.items[0]!.steps, []);
    });

    it('parse execution-level events with a null stepId and null data', () => {
      const event = parse(ExecutionEventSchema, {
        eventId: 'evt_1',
        seq: 40,
        type: 'execution.completed',
        stepId: null,
        timestamp: 1777374531000,
        correlationId: 'corr_campaign_42',
        data: null,
      });
      assert.equal(event.stepId, null);
      assert.equal(event.data, null);
    });
  });

  describe('drift tolerated', () => {
    it('keeps an unknown execution status, step status, node type and event type', () => {
      const view = parse(ExecutionViewSchema, {
        ...DOC_EXECUTION,
        status: 'paused',
        steps: [{ ...DOC_EXECUTION.steps[0], nodeType: 'llm-judge', status: 'escalated' }],
      });
      assert.equal(view.status, 'paused');
      assert.equal(view.steps[0]!.nodeType, 'llm-judge');
      assert.equal(view.steps[0]!.status, 'escalated');
      assert.equal(isKnown(KNOWN_EXECUTION_STATUSES, view.status), false);
      const event = parse(ExecutionEventSchema, { ...DOC_EVENTS_PAGE.events[0], type: 'step.escalated' });
      assert.equal(event.type, 'step.escalated');
      assert.equal(isKnown(KNOWN_EVENT_TYPES, event.type), false);
    });

    it('ignores extra fields at every level', () => {
      const view = parse(ExecutionViewSchema, {
        ...DOC_EXECUTION,
        organizationId: 'org-1',
        triggerContext: { a: 1 },
        steps: [{ ...DOC_EXECUTION.steps[0], retryCount: 2, slaDeadline: 5 }],
      });
      assert.equal('organizationId' in view, false);
      assert.equal('retryCount' in view.steps[0]!, false);
      const page = parse(EventsPageSchema, {
        ...DOC_EVENTS_PAGE,
        etag: 'x',
        events: [{ ...DOC_EVENTS_PAGE.events[0], executionId: 'exec_x' }],
      });
      assert.equal(page.events.length, 1);
    });

    it('reads explicit nulls and missing optional keys as null (undefined is encoded as null)', () => {
      const minimal = parse(ExecutionViewSchema, {
        executionId: 'exec_1777374504255_xzy43k9q',
        status: 'running',
        definitionId: 'd',
        startedAt: null,
        completedAt: null,
        cancelledAt: null,
        definitionVersion: null,
        correlationId: null,
        idempotencyKey: null,
        failureReason: null,
        steps: null,
      });
      assert.equal(minimal.startedAt, null);
      assert.equal(minimal.definitionVersion, null);
      assert.deepEqual(minimal.steps, []);
      const bare = parse(ExecutionViewSchema, { executionId: 'exec_1', status: 'pending', definitionId: 'd' });
      assert.equal(bare.completedAt, null);
      assert.equal(bare.correlationId, null);
      const step = parse(StepViewSchema, {
        stepId: 's',
        nodeId: 'n',
        nodeType: 'human',
        status: 'waiting',
        groupId: null,
        startedAt: null,
        completedAt: null,
        output: null,
        error: null,
      });
      assert.deepEqual(step.output, {});
      assert.equal(step.error, null);
    });

    it('fills failureReason and step error fields the backend left null', () => {
      const view = parse(ExecutionViewSchema, {
        ...DOC_EXECUTION,
        status: 'failed',
        failureReason: { code: null, message: null },
      });
      assert.deepEqual(view.failureReason, { code: 'unknown', message: '' });
      const step = parse(StepViewSchema, {
        ...DOC_EXECUTION.steps[0],
        status: 'failed',
        error: { code: 'agent-url-unresolved' },
      });
      assert.deepEqual(step.error, { code: 'agent-url-unresolved', message: '' });
    });

    it('accepts an event without a data key (docs: data?: object) and reads it as null', () => {
      const { data: _omitted, ...withoutData } = DOC_EVENTS_PAGE.events[0]!;
      void _omitted;
      const event = parse(ExecutionEventSchema, withoutData);
      assert.equal(event.data, null);
      const page = parse(EventsPageSchema, { ...DOC_EVENTS_PAGE, events: [withoutData] });
      assert.equal(page.events[0]!.data, null);
    });

    it('accepts an event whose correlationId is null or missing', () => {
      const { correlationId: _c, ...rest } = DOC_EVENTS_PAGE.events[0]!;
      void _c;
      assert.equal(parse(ExecutionEventSchema, rest).correlationId, null);
    });

    it('reads a missing or null hasMore as false and a null nextCursor as null', () => {
      const page = parse(EventsPageSchema, { executionId: null, events: [], nextCursor: null });
      assert.equal(page.hasMore, false);
      assert.equal(page.nextCursor, null);
      assert.equal(page.executionId, null);
    });

    it('reads the old base64 list cursor with hasMore: true', () => {
      const page = parse(ExecutionListPageSchema, { items: [], nextCursor: 'eyJvZmZzZXQiOjEwMH0=', hasMore: true });
      assert.equal(page.nextCursor, 'eyJvZmZzZXQiOjEwMH0=');
    });

    it('ends list paging on hasMore: false even when a cursor is present', () => {
      const page = parse(ExecutionListPageSchema, { items: [], nextCursor: 'eyJvZmZzZXQiOjEwMH0=', hasMore: false });
      assert.equal(page.nextCursor, null);
    });

    it('reads a numeric list cursor as its decimal string', () => {
      assert.equal(
        parse(ExecutionListPageSchema, { items: [], nextCursor: 1777374504364 }).nextCursor,
        '1777374504364',
      );
    });

    it('ends list paging on a null, missing or empty cursor', () => {
      assert.equal(parse(ExecutionListPageSchema, { items: [], nextCursor: null }).nextCursor, null);
      assert.equal(parse(ExecutionListPageSchema, { items: [] }).nextCursor, null);
      assert.equal(parse(ExecutionListPageSchema, { items: [], nextCursor: '' }).nextCursor, null);
    });

    it('parses an error envelope with and without details', () => {
      const env = parse(ErrorEnvelopeSchema, {
        error: { message: 'Required', status: 'INVALID_ARGUMENT', details: { issues: [] } },
      });
      assert.equal(env.error.status, 'INVALID_ARGUMENT');
      const bare = parse(ErrorEnvelopeSchema, { error: { message: null } });
      assert.equal(bare.error.status, 'UNKNOWN');
      assert.equal(bare.error.message, '');
    });
  });

  describe('malformed payloads rejected, naming the field', () => {
    it('ExecutionView', () => {
      rejects(ExecutionViewSchema, { ...DOC_EXECUTION, executionId: '' }, 'executionId');
      rejects(ExecutionViewSchema, { ...DOC_EXECUTION, executionId: 12 }, 'executionId');
      rejects(ExecutionViewSchema, { ...DOC_EXECUTION, status: '' }, 'status');
      rejects(ExecutionViewSchema, { ...DOC_EXECUTION, status: null }, 'status');
      rejects(ExecutionViewSchema, { ...DOC_EXECUTION, definitionId: undefined }, 'definitionId');
      rejects(ExecutionViewSchema, { ...DOC_EXECUTION, startedAt: '2026-04-28T11:08:24Z' }, 'startedAt');
      rejects(ExecutionViewSchema, { ...DOC_EXECUTION, startedAt: -1 }, 'startedAt');
      rejects(ExecutionViewSchema, { ...DOC_EXECUTION, completedAt: Number.NaN }, 'completedAt');
      rejects(ExecutionViewSchema, { ...DOC_EXECUTION, definitionVersion: 1.5 }, 'definitionVersion');
      rejects(ExecutionViewSchema, { ...DOC_EXECUTION, steps: {} }, 'steps');
      rejects(ExecutionViewSchema, { ...DOC_EXECUTION, failureReason: 'boom' }, 'failureReason');
    });

    it('StepView inside an execution (path includes the index)', () => {
      const step = DOC_EXECUTION.steps[0]!;
      rejects(ExecutionViewSchema, { ...DOC_EXECUTION, steps: [step, { ...step, stepId: '' }] }, 'steps.1.stepId');
      rejects(ExecutionViewSchema, { ...DOC_EXECUTION, steps: [{ ...step, nodeId: null }] }, 'steps.0.nodeId');
      rejects(ExecutionViewSchema, { ...DOC_EXECUTION, steps: [{ ...step, output: [1, 2] }] }, 'steps.0.output');
      rejects(ExecutionViewSchema, { ...DOC_EXECUTION, steps: [{ ...step, startedAt: '1' }] }, 'steps.0.startedAt');
      rejects(ExecutionViewSchema, { ...DOC_EXECUTION, steps: ['step'] }, 'steps.0');
    });

    it('events page envelope (items are read one by one: see unreadableItems.test.ts)', () => {
      rejects(EventsPageSchema, { ...DOC_EVENTS_PAGE, events: null }, 'events');
      rejects(EventsPageSchema, { ...DOC_EVENTS_PAGE, events: { 0: DOC_EVENTS_PAGE.events[0] } }, 'events');
      rejects(EventsPageSchema, { ...DOC_EVENTS_PAGE, nextCursor: '12' }, 'nextCursor');
      rejects(EventsPageSchema, { ...DOC_EVENTS_PAGE, nextCursor: -3 }, 'nextCursor');
      rejects(EventsPageSchema, { ...DOC_EVENTS_PAGE, hasMore: 'yes' }, 'hasMore');
    });

    it('list page envelope (items are read one by one: see unreadableItems.test.ts)', () => {
      rejects(ExecutionListPageSchema, { nextCursor: null }, 'items');
      rejects(ExecutionListPageSchema, { items: 'nope' }, 'items');
      rejects(ExecutionListPageSchema, { items: [], nextCursor: { offset: 100 } }, 'nextCursor');
      rejects(ExecutionListPageSchema, { items: [], hasMore: 1 }, 'hasMore');
    });
  });

  describe('helpers', () => {
    it('classifies terminal statuses and event types', () => {
      for (const s of ['completed', 'failed', 'cancelled']) assert.equal(isTerminalStatus(s), true, s);
      for (const s of ['pending', 'running', 'paused', '']) assert.equal(isTerminalStatus(s), false, s);
      for (const t of TERMINAL_EVENT_TYPES) assert.equal(isTerminalEventType(t), true, t);
      for (const t of ['step.completed', 'execution.dispatched', 'execution.completedX'])
        assert.equal(isTerminalEventType(t), false, t);
    });

    it('keeps the failure filter within the known event types', () => {
      for (const t of FAILURE_EVENT_TYPES) assert.ok(isKnown(KNOWN_EVENT_TYPES, t), t);
      assert.equal(KNOWN_EVENT_TYPES.length, 12);
    });
  });
});
