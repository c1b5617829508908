// Read-only virtual documents holding an execution's raw JSON (velt-execution:/<env>/<id>.json).
import * as vscode from 'vscode';
import { RAW_JSON_SCHEME } from '../ids';
import type { WorkflowApi } from '../api';
import { describeError } from '../log';
import { toJsonText } from '../util/json';

export function rawExecutionUri(environment: string, executionId: string): vscode.Uri {
  return vscode.Uri.from({
    scheme: RAW_JSON_SCHEME,
    path: `/${encodeURIComponent(environment)}/${executionId}.json`,
  });
}

export class RawExecutionDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly api: WorkflowApi,
    private readonly activeEnvironment: () => string,
  ) {}

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const [, env, file] = uri.path.split('/');
    const executionId = (file ?? '').replace(/\.json$/, '');
    const environment = decodeURIComponent(env ?? '');
    if (environment !== this.activeEnvironment()) {
      return `// This document belongs to environment "${environment}", but "${this.activeEnvironment()}" is active.\n// Switch with "Velt: Select Environment" and reopen it.\n`;
    }
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    try {
      const execution = await this.api.getExecution(executionId, { signal: controller.signal });
      // The recursion-free writer the payload documents use: a 5,000-deep step output prints instead of overflowing.
      return toJsonText(execution, 2) + '\n';
    } catch (error) {
      return `// Could not load ${executionId}: ${error instanceof Error ? error.message : describeError(error)}\n`;
    } finally {
      subscription.dispose();
    }
  }

  refresh(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
