// The request module's public surface: everything outside src/api imports from here.
export * from './schemas';
export * from './errors';
export * from './executionId';
export * from './baseUrl';
export { createWorkflowApi, pinnedToEnvironment, ENDPOINTS, type WorkflowApi, type CallOptions } from './client';
export { type Credentials, type BoundCredentials, type RequestTarget, type LogLevel, type RequesterOptions, DEFAULT_TIMEOUT_MS } from './http';
export { DEFAULT_RETRY_POLICY, MAX_RETRY_AFTER_MS, type RetryPolicy } from './retry';
export { OriginBudgets, RETRY_BUDGET_DEFAULTS, type OriginBudgetsOptions } from './retryBudget';
export {
  EventCursor, iterateEvents, clampPageSize, MAX_EMPTY_PAGES_PER_CALL, MAX_CONSECUTIVE_EMPTY_PAGES,
  type EventPageResult, type EventCursorState, type LoadOptions, type IterateOptions,
} from './paging';
export { eventRecord, type EventRecord, type UnreadableEventRecord } from './eventRecord';
export { CLIENT_VERSION, userAgent } from './version';
