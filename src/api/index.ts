// The request module's public surface: everything outside src/api imports from here.
export * from './schemas';
export * from './errors';
export * from './executionId';
export * from './baseUrl';
export { createWorkflowApi, ENDPOINTS, type WorkflowApi, type CallOptions } from './client';
export { type Credentials, type LogLevel, type RequesterOptions, DEFAULT_TIMEOUT_MS } from './http';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
export { EventCursor, iterateEvents, clampPageSize, type EventPageResult, type EventCursorState, type LoadOptions } from './paging';
export { CLIENT_VERSION, userAgent } from './version';
