// Fixed data for the human-format snapshots: a run with a parallel group, a loop and a waiting human step,
// and hostile strings (escape sequences, bidi overrides, zero-width characters, wide characters) in every
// piece of API text a format prints.
import type { DefinitionView, ExecutionEvent, ExecutionView, StepView } from '../../../../src/api';

export const NOW = Date.UTC(2026, 10, 2, 12, 0, 0);
const T = NOW - 3_600_000;

export const HOSTILE = 'evil\u001b[31mRED\u001b[0m\u202egpj.exe\u202c\u200b\u0007bell';
export const WIDE_TEXT = '承認フロー📄';

const step = (over: Partial<StepView> & Pick<StepView, 'stepId' | 'nodeId'>): StepView => ({
  nodeType: 'human',
  status: 'completed',
  groupId: null,
  startedAt: T,
  completedAt: T + 60_000,
  output: {},
  error: null,
  ...over,
});

export const RUN: ExecutionView = {
  executionId: 'exec_1793516400117_lwofay3k',
  status: 'running',
  startedAt: T,
  completedAt: null,
  cancelledAt: null,
  definitionId: 'doc-signoff',
  definitionVersion: 2,
  correlationId: HOSTILE,
  idempotencyKey: null,
  failureReason: null,
  steps: [
    step({ stepId: 's1', nodeId: 'agent-draft', nodeType: 'agent', output: { decision: 'approve' } }),
    step({
      stepId: 's2',
      nodeId: 'human-legal',
      groupId: 'review',
      startedAt: T + 60_000,
      completedAt: T + 120_000,
      output: { decision: 'approve' },
    }),
    step({
      stepId: 's3',
      nodeId: 'human-brand',
      groupId: 'review',
      startedAt: T + 60_000,
      status: 'cancelled',
      completedAt: T + 120_000,
    }),
    step({
      stepId: 's4',
      nodeId: 'human-manager',
      startedAt: T + 130_000,
      completedAt: T + 200_000,
      output: { decision: 'reject' },
    }),
    step({
      stepId: 's5',
      nodeId: 'human-manager',
      status: 'waiting',
      startedAt: T + 300_000,
      completedAt: null,
      output: { reviewers: [{ userId: 'u_ana', mandatory: true }, { userId: 'u_bo' }], totalResponses: 0 },
    }),
    step({
      stepId: 's6',
      nodeId: HOSTILE,
      nodeType: 'webhook',
      status: 'failed',
      startedAt: T + 310_000,
      completedAt: T + 310_300,
      error: { code: 'http-500', message: `bad ${HOSTILE}` },
    }),
  ],
};

export const FAILED: ExecutionView = {
  ...RUN,
  executionId: 'exec_1793530800244_f41l3dkc',
  status: 'failed',
  definitionId: WIDE_TEXT,
  completedAt: T + 400_000,
  correlationId: null,
  failureReason: { code: 'webhook-http-error', message: HOSTILE },
  steps: [],
};

export const LIST: ExecutionView[] = [
  RUN,
  FAILED,
  { ...RUN, executionId: 'exec_1', status: 'completed', completedAt: T + 1_000, steps: [], definitionId: HOSTILE },
];

const event = (
  seq: number,
  type: string,
  data: ExecutionEvent['data'],
  stepId: string | null = null,
): ExecutionEvent => ({
  eventId: `evt_${seq}`,
  seq,
  type,
  stepId,
  timestamp: T + seq * 1000,
  correlationId: null,
  data,
});

export const EVENTS: ExecutionEvent[] = [
  event(1, 'execution.dispatched', { definitionId: 'doc-signoff', definitionVersion: 2, rootStepIds: ['s1'] }),
  event(
    4,
    'step.awaiting-approval',
    { waitingForReviewers: ['u_ana', 'u_bo'], mandatoryCount: 1 },
    'step_human-manager_1793516400117_abc123',
  ),
  event(6, 'step.failed', { reason: HOSTILE, httpStatus: 500 }, 'step_webhook-crm_1793516400117_abc123'),
  event(7, HOSTILE, { anything: HOSTILE }),
  {
    ...event(8, 'unreadable', null),
    unreadable: { problem: `timestamp: expected number ${HOSTILE}`, raw: '{}' },
  },
];

export const DEFINITIONS: DefinitionView[] = [
  {
    definitionId: 'doc-signoff',
    name: 'Document sign-off',
    description: HOSTILE,
    version: 2,
    status: 'active',
    createdAt: T,
    updatedAt: T,
    tags: ['legal', HOSTILE],
    nodes: [
      { nodeId: 'agent-draft', type: 'agent', name: null, description: null, slaMs: null, config: {}, reviewers: [] },
      {
        nodeId: 'human-manager',
        type: 'human',
        name: null,
        description: null,
        slaMs: null,
        config: {},
        reviewers: [{ userId: HOSTILE, mandatory: true }],
      },
    ],
    edges: [],
    groups: [],
    compiled: null,
    problems: [],
    skipped: 0,
  },
  {
    definitionId: HOSTILE,
    name: WIDE_TEXT,
    description: null,
    version: 11,
    status: 'draft',
    createdAt: null,
    updatedAt: null,
    tags: [],
    nodes: [],
    edges: [],
    groups: [],
    compiled: null,
    problems: [],
    skipped: 1,
  },
];
