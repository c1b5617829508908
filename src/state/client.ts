// The extension's WorkflowApi: the shared request module bound to the active environment, the
// configured timeout and the log. Every feature calls the API through this one instance; any other
// requester of the extension (the credentials check) shares its per-origin retry budget (`budgets`).
// The request module itself (undici + zod, dist/api.js) is loaded on the first request, not at activation.
import * as vscode from 'vscode';
import { OriginBudgets, userAgent, type WorkflowApi } from '../api';
import type * as RequestModule from '../api/request';
import type { Environments } from '../auth/environments';
import type { Config } from '../config';
import { logger } from '../log';
import { bundleLoader } from '../util/bundle';

export type ExtensionApi = WorkflowApi & { close(): Promise<void>; readonly budgets: OriginBudgets };
export type LoadRequestModule = () => typeof RequestModule;

/** The request module from dist/api.js, next to the extension's bundle; required once, on first use. */
export const requestModule: LoadRequestModule = bundleLoader('api.js', 'createWorkflowApi', 'The request module');

export function createExtensionApi(
  environments: Environments,
  config: Config,
  onAttempt?: (path: string) => void,
  load: LoadRequestModule = requestModule,
): ExtensionApi {
  const log = logger('http');
  const budgets = new OriginBudgets();
  let api: ReturnType<typeof RequestModule.createWorkflowApi> | undefined;
  const client = (): WorkflowApi =>
    (api ??= load().createWorkflowApi({
      getTarget: (environment) => environments.target(environment),
      userAgent: userAgent('vscode', `vscode/${vscode.version}`),
      timeoutMs: () => config.requestTimeoutMs,
      log: (level, message) => log[level === 'error' ? 'warn' : level](message),
      onAttempt,
      budgets,
    }));
  // Async methods: a missing bundle becomes a rejected call, handled like any other failed request.
  return {
    getExecution: async (executionId, options) => client().getExecution(executionId, options),
    getEvents: async (request, options) => client().getEvents(request, options),
    listExecutions: async (request, options) => client().listExecutions(request, options),
    getDefinition: async (definitionId, options) => client().getDefinition(definitionId, options),
    listDefinitions: async (request, options) => client().listDefinitions(request, options),
    dispatchExecution: async (request, options) => client().dispatchExecution(request, options),
    cancelExecution: async (request, options) => client().cancelExecution(request, options),
    recordReviewerDecision: async (request, options) => client().recordReviewerDecision(request, options),
    resolveStep: async (request, options) => client().resolveStep(request, options),
    cancelStep: async (request, options) => client().cancelStep(request, options),
    // Nothing to close when no request was ever made: closing must not load the module.
    close: async () => api?.close(),
    budgets,
  };
}
