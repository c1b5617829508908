// The WorkflowApi: one method per endpoint the inspector reads. Built on the one request function in
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
import { ENDPOINTS } from './constants';
import { createRequester, type LogLevel, type RequesterOptions, type RequestOptions } from './http';

export interface CallOptions {
  signal?: AbortSignal;
  /** Skip automatic retries (e.g. a credentials check that should answer at once). */
  noRetry?: boolean;
  /** Refuse (ApiError 'environmentChanged') unless this environment is still the active one. */
  environment?: string;
}

export interface WorkflowApi {
  getExecution(executionId: string, options?: CallOptions): Promise<ExecutionView>;
  getEvents(request: GetEventsRequest, options?: CallOptions): Promise<EventsPage>;
  listExecutions(request: ListExecutionsRequest, options?: CallOptions): Promise<ExecutionListPage>;
  /** The definition's current version (no endpoint reads older ones); NOT_FOUND once tombstoned. */
  getDefinition(definitionId: string, options?: CallOptions): Promise<DefinitionView>;
  listDefinitions(request: ListDefinitionsRequest, options?: CallOptions): Promise<DefinitionListPage>;
}

export function createWorkflowApi(options: RequesterOptions): WorkflowApi & { close(): Promise<void> } {
  const requester = createRequester(options);
  const log = options.log ?? ((): void => undefined);
  const call = (opts?: CallOptions): RequestOptions => ({
    signal: opts?.signal,
    retry: !opts?.noRetry,
    environment: opts?.environment,
  });
  return {
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
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export { pinnedToEnvironment } from './pinned';
