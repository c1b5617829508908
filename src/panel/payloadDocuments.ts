// Read-only editors for single events (large or deep payloads and shortened fields open here in full):
// velt-event:/<environment>/<executionId>/<seq>.json, content kept for the most recent documents, bounded
// by count and by characters (the newest always stays).
import * as vscode from 'vscode';
import type { ExecutionEvent } from '../api';
import { EVENT_DOCUMENT_SCHEME } from '../ids';
import { prettyJson } from './payload';

const MAX_DOCUMENTS = 20;
const MAX_CHARS = 64 * 1024 * 1024;

export class EventDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private chars = 0;
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
    return (
      this.contents.get(uri.toString()) ??
      '// This event is no longer loaded. Open it again from the execution panel.\n'
    );
  }

  async open(environment: string, executionId: string, event: ExecutionEvent): Promise<vscode.Uri> {
    const uri = EventDocuments.uri(environment, executionId, event.seq);
    const key = uri.toString();
    this.forget(key);
    const text = prettyJson({ executionId, ...event }) + '\n';
    this.contents.set(key, text);
    this.chars += text.length;
    for (const oldest of this.contents.keys()) {
      if (oldest === key || (this.contents.size <= MAX_DOCUMENTS && this.chars <= MAX_CHARS)) break;
      this.forget(oldest);
    }
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(document, 'json');
    await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    return uri;
  }

  private forget(key: string): void {
    this.chars -= this.contents.get(key)?.length ?? 0;
    this.contents.delete(key);
  }

  dispose(): void {
    this.registration.dispose();
    this.contents.clear();
    this.chars = 0;
  }
}
