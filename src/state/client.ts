// The extension's WorkflowApi: the shared request module bound to the active environment, the
// configured timeout and the log. Every feature calls the API through this one instance; any other
// requester of the extension (the credentials check) shares its per-origin retry budget (`budgets`).
import * as vscode from 'vscode';
import { OriginBudgets, createWorkflowApi, userAgent, type WorkflowApi } from '../api';
import type { Environments } from '../auth/environments';
import type { Config } from '../config';
import { logger } from '../log';

export type ExtensionApi = WorkflowApi & { close(): Promise<void>; readonly budgets: OriginBudgets };

export function createExtensionApi(environments: Environments, config: Config, onAttempt?: (path: string) => void): ExtensionApi {
  const log = logger('http');
  const budgets = new OriginBudgets();
  const api = createWorkflowApi({
    getTarget: (environment) => environments.target(environment),
    userAgent: userAgent('vscode', `vscode/${vscode.version}`),
    timeoutMs: () => config.requestTimeoutMs,
    log: (level, message) => log[level === 'error' ? 'warn' : level](message),
    onAttempt,
    budgets,
  });
  return { ...api, budgets };
}
