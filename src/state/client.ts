// The extension's WorkflowApi: the shared request module bound to the active environment, the
// configured timeout and the log. Every feature calls the API through this one instance.
import * as vscode from 'vscode';
import { createWorkflowApi, userAgent, type WorkflowApi } from '../api';
import type { Environments } from '../auth/environments';
import type { Config } from '../config';
import { logger } from '../log';

export type ExtensionApi = WorkflowApi & { close(): Promise<void> };

export function createExtensionApi(environments: Environments, config: Config, onAttempt?: (path: string) => void): ExtensionApi {
  const log = logger('http');
  return createWorkflowApi({
    getBaseUrl: () => environments.baseUrl(),
    getCredentials: () => environments.activeCredentials(),
    userAgent: userAgent('vscode', `vscode/${vscode.version}`),
    timeoutMs: () => config.requestTimeoutMs,
    log: (level, message) => log[level === 'error' ? 'warn' : level](message),
    onAttempt,
  });
}
