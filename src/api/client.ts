// The WorkflowApi: one method per endpoint the inspector reads or writes. Built on the one request function in
// http.ts, so credentials, retries, in-flight sharing and validation are the same for every caller.
import {
  EventsPageReader,
  ExecutionListPageSchema,
  ExecutionViewSchema,
  type EventsPage,
  type ExecutionListPage,
  type ExecutionView,
  type GetEventsRequest,
  type ListExecutionsRequest,
} from './schemas';
import {
  DefinitionListPageSchema,
  DefinitionViewSchema,
  type DefinitionListPage,
  type DefinitionView,
  type ListDefinitionsRequest,
} from './definitionSchemas';
import {
  CancelExecutionResultSchema,
  CancelStepResultSchema,
  DispatchResultSchema,
  ResolveStepResultSchema,
  ReviewerDecisionResultSchema,
  type CancelExecutionRequest,
  type CancelExecutionResult,
  type CancelStepRequest,
  type CancelStepResult,
  type DispatchRequest,
  type DispatchResult,
  type ResolveStepRequest,
  type ResolveStepResult,
  type ReviewerDecisionRequest,
  type ReviewerDecisionResult,
} from './writeSchemas';
import { ENDPOINTS } from './constants';
import { createRequester, type LogLevel, type RequesterOptions, type RequestOptions } from './http';
import { mayRetryWrite, newIdempotencyKey, type WriteEndpointName } from './writes';
import type { WireReader } from './schemas';

export interface CallOptions {
  signal?: AbortSignal;
  /** Skip automatic retries (e.g. a credentials check that should answer at once). */
  noRetry?: boolean;
  /** Refuse (ApiError 'environmentChanged') unless this environment is still the active one. */
  environment?: string;
}

/** The reads: what the panel, trees, paging and export need (fakes in tests implement just these). */
export interface WorkflowReadApi {
  getExecution(executionId: string, options?: CallOptions): Promise<ExecutionView>;
  getEvents(request: GetEventsRequest, options?: CallOptions): Promise<EventsPage>;
  listExecutions(request: ListExecutionsRequest, options?: CallOptions): Promise<ExecutionListPage>;
  /** The definition's current version (no endpoint reads older ones); NOT_FOUND once tombstoned. */
  getDefinition(definitionId: string, options?: CallOptions): Promise<DefinitionView>;
  listDefinitions(request: ListDefinitionsRequest, options?: CallOptions): Promise<DefinitionListPage>;
}

/** The writes. Each is sent once per call (never shared with an identical call in flight). */
export interface WorkflowWriteApi {
  /**
   * Starts a run. Without an idempotencyKey one is generated (and returned), so the automatic retry of a
   * lost answer replays the same dispatch instead of starting a second run.
   */
  dispatchExecution(request: DispatchRequest, options?: CallOptions): Promise<DispatchResult>;
  cancelExecution(request: CancelExecutionRequest, options?: CallOptions): Promise<CancelExecutionResult>;
  recordReviewerDecision(request: ReviewerDecisionRequest, options?: CallOptions): Promise<ReviewerDecisionResult>;
  /** Never retried automatically (see WRITE_RETRY in writes.ts). */
  resolveStep(request: ResolveStepRequest, options?: CallOptions): Promise<ResolveStepResult>;
  /** Never retried automatically (see WRITE_RETRY in writes.ts). */
  cancelStep(request: CancelStepRequest, options?: CallOptions): Promise<CancelStepResult>;
}

export interface WorkflowApi extends WorkflowReadApi, WorkflowWriteApi {}

export function createWorkflowApi(options: RequesterOptions): WorkflowApi & { close(): Promise<void> } {
  const requester = createRequester(options);
  const log = options.log ?? ((): void => undefined);
  const call = (opts?: CallOptions): RequestOptions => ({
    signal: opts?.signal,
    retry: !opts?.noRetry,
    environment: opts?.environment,
  });
  // Writes: retried only as WRITE_RETRY allows, and never joined with an identical request in flight.
  const write = <T>(reader: WireReader<T>, endpoint: WriteEndpointName, body: object, opts?: CallOptions): Promise<T> =>
    requester.request(reader, ENDPOINTS[endpoint], stripUndefined(body), {
      signal: opts?.signal,
      retry: !opts?.noRetry && mayRetryWrite(endpoint, body),
      environment: opts?.environment,
      share: false,
    });
  return {
    dispatchExecution: async (request, opts) => {
      const idempotencyKey = request.idempotencyKey ?? newIdempotencyKey();
      const result = await write(DispatchResultSchema, 'dispatchExecution', { ...request, idempotencyKey }, opts);
      return { ...result, idempotencyKey };
    },
    cancelExecution: (request, opts) => write(CancelExecutionResultSchema, 'cancelExecution', request, opts),
    recordReviewerDecision: (request, opts) =>
      write(ReviewerDecisionResultSchema, 'recordReviewerDecision', request, opts),
    resolveStep: (request, opts) => write(ResolveStepResultSchema, 'resolveStep', request, opts),
    cancelStep: (request, opts) => write(CancelStepResultSchema, 'cancelStep', request, opts),
    getExecution: (executionId, opts) =>
      requester.request(ExecutionViewSchema, ENDPOINTS.getExecution, { executionId }, call(opts)),
    getEvents: async (request, opts) => {
      const page = await requester.request(EventsPageReader, ENDPOINTS.getEvents, stripUndefined(request), call(opts));
      warnAboutEvents(page, log);
      return page;
    },
    listExecutions: async (request, opts) => {
      const page = await requester.request(
        ExecutionListPageSchema,
        ENDPOINTS.listExecutions,
        stripUndefined(request),
        call(opts),
      );
      if (page.skipped > 0) {
        log(
          'warn',
          `POST ${ENDPOINTS.listExecutions}: skipped ${plural(page.skipped, 'item')} that could not be read (${page.skippedProblems.join('; ')})`,
        );
      }
      return page;
    },
    getDefinition: async (definitionId, opts) => {
      const view = await requester.request(DefinitionViewSchema, ENDPOINTS.getDefinition, { definitionId }, call(opts));
      if (view.skipped > 0) {
        log(
          'warn',
          `POST ${ENDPOINTS.getDefinition}: definition ${definitionId} has ${plural(view.skipped, 'item')} that could not be read (${view.problems.join('; ')})`,
        );
      }
      return view;
    },
    listDefinitions: async (request, opts) => {
      const page = await requester.request(
        DefinitionListPageSchema,
        ENDPOINTS.listDefinitions,
        stripUndefined(request),
        call(opts),
      );
      if (page.skipped > 0) {
        log(
          'warn',
          `POST ${ENDPOINTS.listDefinitions}: skipped ${plural(page.skipped, 'definition')} that could not be read (${page.skippedProblems.join('; ')})`,
        );
      }
      return page;
    },
    close: () => requester.close(),
  };
}

/** Names the seqs of unreadable events (kept, flagged) and counts items that could not be placed (dropped). */
function warnAboutEvents(page: EventsPage, log: (level: LogLevel, message: string) => void): void {
  const unreadable = page.events.filter((event) => event.unreadable !== undefined);
  if (unreadable.length > 0) {
    const shown = unreadable.slice(0, 5).map((event) => `seq ${event.seq}: ${event.unreadable!.problem}`);
    const more = unreadable.length > shown.length ? `; and ${unreadable.length - shown.length} more` : '';
    log(
      'warn',
      `POST ${ENDPOINTS.getEvents}: ${plural(unreadable.length, 'event')} could not be read and ${unreadable.length === 1 ? 'is' : 'are'} kept as unreadable (${shown.join('; ')}${more})`,
    );
  }
  if (page.unplaceable > 0) {
    log(
      'warn',
      `POST ${ENDPOINTS.getEvents}: dropped ${plural(page.unplaceable, 'item')} without a usable seq (cannot be placed in the stream)`,
    );
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Request schemas are strict server-side: never send keys whose value is undefined. */
function stripUndefined<T extends object>(value: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key in value) if (value[key] !== undefined) out[key] = value[key];
  return out;
}

export { pinnedToEnvironment } from './pinned';
