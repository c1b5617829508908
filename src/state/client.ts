// The extension's WorkflowApi: the shared request module bound to the active environment, the
// configured timeout and the log. Every feature calls the API through this one instance; any other
// requester of the extension (the credentials check) shares its per-origin retry budget (`budgets`).
// The request module itself (undici + zod, dist/api.js) is loaded on the first request, not at activation.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { OriginBudgets, userAgent, type WorkflowApi } from '../api';
import type * as RequestModule from '../api/request';
import type { Environments } from '../auth/environments';
import type { Config } from '../config';
import { logger } from '../log';

export type ExtensionApi = WorkflowApi & { close(): Promise<void>; readonly budgets: OriginBudgets };
export type LoadRequestModule = () => typeof RequestModule;

let loaded: typeof RequestModule | undefined;

/** The request module from dist/api.js, next to the extension's bundle; required once, on first use. */
export function requestModule(): typeof RequestModule {
  if (loaded) return loaded;
  // A computed path: esbuild leaves it alone, so undici and zod stay out of dist/extension.js.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the lazy load is the point
  const module: unknown = require(path.join(__dirname, 'api.js'));
  if (typeof (module as { createWorkflowApi?: unknown } | undefined)?.createWorkflowApi !== 'function') {
    throw new Error(
      'The request module (dist/api.js) is missing or damaged. Reinstall the Velt Workflow Inspector extension.',
    );
  }
  loaded = module as typeof RequestModule;
  return loaded;
}

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
