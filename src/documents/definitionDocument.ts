// Read-only virtual documents holding a definition as JSON (velt-definition:/<env>/<id>.json): what the
// extension read from definitions/get (current version), in the same recursion-free writer as raw executions.
import * as vscode from 'vscode';
import { DEFINITION_DOCUMENT_SCHEME } from '../ids';
import type { WorkflowApi } from '../api';
import { describeError } from '../log';
import { toJsonText } from '../util/json';

export function definitionUri(environment: string, definitionId: string): vscode.Uri {
  return vscode.Uri.from({
    scheme: DEFINITION_DOCUMENT_SCHEME,
    path: `/${encodeURIComponent(environment)}/${encodeURIComponent(definitionId)}.json`,
  });
}

export class DefinitionDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly api: Pick<WorkflowApi, 'getDefinition'>,
    private readonly activeEnvironment: () => string,
  ) {}

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const [, env, file] = uri.path.split('/');
    const definitionId = decodeURIComponent((file ?? '').replace(/\.json$/, ''));
    const environment = decodeURIComponent(env ?? '');
    if (environment !== this.activeEnvironment()) {
      return `// This document belongs to environment "${environment}", but "${this.activeEnvironment()}" is active.\n// Switch with "Velt: Select Environment" and reopen it.\n`;
    }
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    try {
      const definition = await this.api.getDefinition(definitionId, { signal: controller.signal, environment });
      return toJsonText(definition, 2) + '\n';
    } catch (error) {
      return `// Could not load definition ${definitionId}: ${error instanceof Error ? error.message : describeError(error)}\n`;
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
