// Read-only editors for single events (large payloads open here instead of in the panel):
// velt-event:/<environment>/<executionId>/<seq>.json, content kept for the most recent documents.
import * as vscode from 'vscode';
import type { ExecutionEvent } from '../api';
import { EVENT_DOCUMENT_SCHEME } from '../ids';
import { prettyJson } from './payload';

const MAX_DOCUMENTS = 20;

export class EventDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(EVENT_DOCUMENT_SCHEME, this);
  }

  static uri(environment: string, executionId: string, seq: number): vscode.Uri {
    return vscode.Uri.from({
      scheme: EVENT_DOCUMENT_SCHEME,
      path: `/${encodeURIComponent(environment)}/${encodeURIComponent(executionId)}/${seq}.json`,
    });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '// This event is no longer loaded. Open it again from the execution panel.\n';
  }

  async open(environment: string, executionId: string, event: ExecutionEvent): Promise<vscode.Uri> {
    const uri = EventDocuments.uri(environment, executionId, event.seq);
    const key = uri.toString();
    this.contents.delete(key);
    this.contents.set(key, prettyJson({ executionId, ...event }) + '\n');
    while (this.contents.size > MAX_DOCUMENTS) this.contents.delete(this.contents.keys().next().value!);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(document, 'json');
    await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    return uri;
  }

  dispose(): void {
    this.registration.dispose();
    this.contents.clear();
  }
}
