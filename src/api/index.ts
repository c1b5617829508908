// The request module's light public surface: everything outside src/api imports from here. It holds
// no zod and no undici at run time (only types from schemas.ts, http.ts and client.ts), so the
// extension's activation path can import it; the heavy part (createWorkflowApi, the schemas) is
// src/api/request.ts, a bundle of its own that the extension loads on first use (src/state/client.ts).
export * from './constants';
export * from './errors';
export * from './executionId';
export * from './baseUrl';
export type {
  ErrorInfo,
  StepView,
  ExecutionView,
  ExecutionEvent,
  UnreadableEvent,
  EventField,
  EventsPage,
  ExecutionListPage,
  ErrorEnvelope,
  GetExecutionRequest,
  GetEventsRequest,
  ListExecutionsRequest,
} from './schemas';
export type {
  DefinitionView,
  DefinitionNode,
  DefinitionEdge,
  DeclaredReviewer,
  EdgeEndpoint,
  ParallelGroup,
  CompiledGraph,
  CompiledEdge,
  CompiledLoop,
  DefinitionListPage,
  GetDefinitionRequest,
  ListDefinitionsRequest,
} from './definitionSchemas';
export type {
  DispatchRequest,
  DispatchResult,
  CancelExecutionRequest,
  CancelExecutionResult,
  ReviewerDecisionRequest,
  ReviewerDecisionResult,
  ResolveStepRequest,
  ResolveStepResult,
  CancelStepRequest,
  CancelStepResult,
} from './writeSchemas';
export {
  WRITE_RETRY,
  mayRetryWrite,
  newIdempotencyKey,
  isDispatchKey,
  type WriteEndpointName,
  type WriteRetry,
} from './writes';
export type { WorkflowApi, WorkflowReadApi, WorkflowWriteApi, CallOptions } from './client';
export { pinnedToEnvironment } from './pinned';
export type { Credentials, BoundCredentials, RequestTarget, LogLevel, RequesterOptions } from './http';
export {
  DEFAULT_RETRY_POLICY,
  MAX_RETRY_AFTER_MS,
  backoffDelay,
  cancelledError,
  sleep,
  type Backoff,
  type RetryPolicy,
} from './retry';
export { InFlightRequests } from './inFlight';
export { OriginBudgets, RETRY_BUDGET_DEFAULTS, type OriginBudgetsOptions } from './retryBudget';
export {
  EventCursor,
  iterateEvents,
  clampPageSize,
  MAX_EMPTY_PAGES_PER_CALL,
  MAX_CONSECUTIVE_EMPTY_PAGES,
  type EventPageResult,
  type EventCursorState,
  type LoadOptions,
  type IterateOptions,
} from './paging';
export { eventRecord, type EventRecord, type UnreadableEventRecord } from './eventRecord';
export { CLIENT_VERSION, userAgent } from './version';
