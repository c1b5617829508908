// Commands of the execution panel that also make sense outside it (palette, tests).
import * as vscode from 'vscode';
import type { ExportResult } from '../panel/export';
import type { CommandDeps } from './deps';
import { executionIdFromArg } from './openExecution';

/** `velt.exportEvents` arguments: an execution (default: the active panel's) and optionally the file. */
export interface ExportEventsArgs {
  executionId?: string;
  environment?: string;
  /** Skip the save dialog (tests, scripts). */
  uri?: vscode.Uri | string;
}

export function exportEvents(deps: CommandDeps) {
  return async (arg?: unknown): Promise<ExportResult | undefined> => {
    const args = (typeof arg === 'object' && arg !== null ? arg : {}) as ExportEventsArgs;
    const active = deps.panels.active;
    const executionId = executionIdFromArg(arg) ?? active?.executionId;
    if (!executionId) {
      void vscode.window.showInformationMessage(
        'Open an execution first: run "Velt: Open Execution…", then export its events from the panel.',
      );
      return undefined;
    }
    const environment =
      typeof args.environment === 'string'
        ? args.environment
        : active?.executionId === executionId
          ? active.environment
          : deps.environments.active.name;
    const uri = typeof args.uri === 'string' ? vscode.Uri.parse(args.uri) : args.uri;
    const panel = deps.panels.find(environment, executionId) ?? deps.panels.createOrShow(environment, executionId);
    return panel.export(uri);
  };
}
