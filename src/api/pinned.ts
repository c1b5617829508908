// Binds a WorkflowApi to one environment: a panel or an export keeps reading from the environment it
// was opened in. Plain code (types only from client.ts), so the activation path can use it without
// loading the request module.
import type { WorkflowApi } from './client';

/**
 * The same API with every call pinned to one environment: once another environment is active, calls fail
 * with 'environmentChanged' instead of fetching from it (a panel never mixes two environments' data).
 */
export function pinnedToEnvironment(api: WorkflowApi, environment: string): WorkflowApi {
  return {
    getExecution: (executionId, opts) => api.getExecution(executionId, { ...opts, environment }),
    getEvents: (request, opts) => api.getEvents(request, { ...opts, environment }),
    listExecutions: (request, opts) => api.listExecutions(request, { ...opts, environment }),
    getDefinition: (definitionId, opts) => api.getDefinition(definitionId, { ...opts, environment }),
    listDefinitions: (request, opts) => api.listDefinitions(request, { ...opts, environment }),
    // A panel's action acts on the panel's environment, or not at all.
    dispatchExecution: (request, opts) => api.dispatchExecution(request, { ...opts, environment }),
    cancelExecution: (request, opts) => api.cancelExecution(request, { ...opts, environment }),
    recordReviewerDecision: (request, opts) => api.recordReviewerDecision(request, { ...opts, environment }),
    resolveStep: (request, opts) => api.resolveStep(request, { ...opts, environment }),
    cancelStep: (request, opts) => api.cancelStep(request, { ...opts, environment }),
  };
}
