// The API's vocabulary as plain values: status and event-type lists, page sizes, endpoints and
// defaults. No zod and no undici, so the activation path can use them without loading the request
// module (schemas.ts and http.ts re-export them).

export const KNOWN_EXECUTION_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled'] as const;
export const TERMINAL_EXECUTION_STATUSES = ['completed', 'failed', 'cancelled'] as const;
export const KNOWN_STEP_STATUSES = [
  'pending',
  'running',
  'waiting',
  'completed',
  'failed',
  'skipped',
  'cancelled',
  'breached',
] as const;
export const KNOWN_NODE_TYPES = ['agent', 'human', 'notification', 'webhook'] as const;
export const KNOWN_EVENT_TYPES = [
  'execution.dispatched',
  'execution.completed',
  'execution.failed',
  'execution.cancelled',
  'step.awaiting-approval',
  'step.completed',
  'step.failed',
  'step.breached',
  'step.cancelled',
  'group.quorum-met',
  'loop.iteration-started',
  'loop.exhausted',
] as const;
/** Event types that end an execution; the docs name the first two, cancellation ends it too. */
export const TERMINAL_EVENT_TYPES = ['execution.completed', 'execution.failed', 'execution.cancelled'] as const;
export { FAILURE_EVENT_TYPES } from './eventTypes';

export type KnownExecutionStatus = (typeof KNOWN_EXECUTION_STATUSES)[number];
export type KnownStepStatus = (typeof KNOWN_STEP_STATUSES)[number];
export type KnownNodeType = (typeof KNOWN_NODE_TYPES)[number];
export type KnownEventType = (typeof KNOWN_EVENT_TYPES)[number];
export type ListStatusFilter = KnownExecutionStatus;

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_EVENTS_PAGE_SIZE = 100;
export const DEFAULT_LIST_PAGE_SIZE = 50;

export function isTerminalStatus(status: string): boolean {
  return (TERMINAL_EXECUTION_STATUSES as readonly string[]).includes(status);
}
export function isTerminalEventType(type: string): boolean {
  return (TERMINAL_EVENT_TYPES as readonly string[]).includes(type);
}
export function isKnown<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

export const DEFAULT_TIMEOUT_MS = 15_000;

export const ENDPOINTS = {
  getExecution: '/v2/workflow/executions/get',
  getEvents: '/v2/workflow/executions/getEvents',
  listExecutions: '/v2/workflow/executions/list',
  getDefinition: '/v2/workflow/definitions/get',
  listDefinitions: '/v2/workflow/definitions/list',
  dispatchExecution: '/v2/workflow/executions/dispatch',
  cancelExecution: '/v2/workflow/executions/cancel',
  recordReviewerDecision: '/v2/workflow/steps/recordReviewerDecision',
  resolveStep: '/v2/workflow/steps/resolve',
  cancelStep: '/v2/workflow/steps/cancel',
} as const;

/** steps/resolve actions (velt-api.md §1.4): operator overrides, then a declared reviewer acting through resolve. */
export const RESOLVE_ACTIONS = [
  'force-approve',
  'force-reject',
  'force-complete',
  'force-fail',
  'reviewer-approve',
  'reviewer-reject',
] as const;
export type ResolveAction = (typeof RESOLVE_ACTIONS)[number];
export const REVIEWER_DECISIONS = ['approve', 'reject'] as const;
export type ReviewerDecision = (typeof REVIEWER_DECISIONS)[number];

/** idempotencyKey and correlationId of executions/dispatch. */
export const DISPATCH_KEY_PATTERN = /^[A-Za-z0-9:_\-.]{1,200}$/;
/** definitions' ids (definitions/create), also what executions/dispatch accepts. */
export const DEFINITION_ID_PATTERN = /^[a-z0-9][a-z0-9-]{2,63}$/;
/** Documented length limits of the write bodies (velt-api.md §1.3, §1.4). */
export const WRITE_LIMITS = {
  /** executions/cancel and steps/cancel. */
  cancelReason: 500,
  /** recordReviewerDecision and steps/resolve. */
  decisionReason: 2000,
  actorId: 256,
  webhookSecretMin: 16,
  webhookSecretMax: 512,
} as const;
export const DEFAULT_DEFINITIONS_PAGE_SIZE = 50;
