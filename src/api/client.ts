// The WorkflowApi: one method per endpoint the inspector reads. Built on the one request function in
// http.ts, so credentials, retries, in-flight sharing and validation are the same for every caller.
import {
  EventsPageSchema, ExecutionListPageSchema, ExecutionViewSchema,
  type EventsPage, type ExecutionListPage, type ExecutionView,
  type GetEventsRequest, type ListExecutionsRequest,
} from './schemas';
import { createRequester, type RequesterOptions, type RequestOptions } from './http';

export interface CallOptions {
  signal?: AbortSignal;
  /** Skip automatic retries (e.g. a credentials check that should answer at once). */
  noRetry?: boolean;
}

export interface WorkflowApi {
  getExecution(executionId: string, options?: CallOptions): Promise<ExecutionView>;
  getEvents(request: GetEventsRequest, options?: CallOptions): Promise<EventsPage>;
  listExecutions(request: ListExecutionsRequest, options?: CallOptions): Promise<ExecutionListPage>;
}

export const ENDPOINTS = {
  getExecution: '/v2/workflow/executions/get',
  getEvents: '/v2/workflow/executions/getEvents',
  listExecutions: '/v2/workflow/executions/list',
} as const;

export function createWorkflowApi(options: RequesterOptions): WorkflowApi & { close(): Promise<void> } {
  const requester = createRequester(options);
  const call = (opts?: CallOptions): RequestOptions => ({ signal: opts?.signal, retry: !opts?.noRetry });
  return {
    getExecution: (executionId, opts) =>
      requester.request(ExecutionViewSchema, ENDPOINTS.getExecution, { executionId }, call(opts)),
    getEvents: (request, opts) =>
      requester.request(EventsPageSchema, ENDPOINTS.getEvents, stripUndefined(request), call(opts)),
    listExecutions: (request, opts) =>
      requester.request(ExecutionListPageSchema, ENDPOINTS.listExecutions, stripUndefined(request), call(opts)),
    close: () => requester.close(),
  };
}

/** Request schemas are strict server-side: never send keys whose value is undefined. */
function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
