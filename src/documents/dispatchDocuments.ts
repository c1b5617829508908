// Where dispatch drafts live: real files in the extension's global storage, one per environment and
// definition (`<globalStorage>/dispatch/<environment>/<definitionId>.velt-dispatch.json`), so the user edits
// them in a normal JSON editor with undo, and an input survives a failed dispatch or a reload. The file
// name marks them for the editor title "Dispatch" action and the CodeLens.
import * as vscode from 'vscode';
import { Commands } from '../ids';
import { inertLabel } from '../util/inertText';
import { renderDispatchDraft, type DispatchDraft } from '../state/dispatchDraft';

export const DISPATCH_SUFFIX = '.velt-dispatch.json';

export function isDispatchDocument(uri: vscode.Uri): boolean {
  return uri.scheme === 'file' && uri.path.endsWith(DISPATCH_SUFFIX);
}

/** The environment a draft was created for: its folder name. */
export function draftEnvironment(uri: vscode.Uri): string {
  const parts = uri.path.split('/');
  return decodeURIComponent(parts[parts.length - 2] ?? '');
}

export async function writeDraft(storage: vscode.Uri, environment: string, draft: DispatchDraft): Promise<vscode.Uri> {
  const folder = vscode.Uri.joinPath(storage, 'dispatch', encodeURIComponent(environment));
  await vscode.workspace.fs.createDirectory(folder);
  const uri = vscode.Uri.joinPath(folder, `${encodeURIComponent(draft.definitionId)}${DISPATCH_SUFFIX}`);
  // An open, edited copy of the same draft is replaced in the editor too: its text is what gets dispatched.
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const text = renderDispatchDraft(draft);
  if (open) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(0, 0, open.lineCount, 0), text);
    await vscode.workspace.applyEdit(edit);
    await open.save();
  } else {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  }
  return uri;
}

/** "Dispatch to <environment>" above the first line of every dispatch draft. */
export class DispatchCodeLens implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!isDispatchDocument(document.uri)) return [];
    const range = new vscode.Range(0, 0, 0, 0);
    return [
      new vscode.CodeLens(range, {
        command: Commands.dispatchFromDocument,
        title: `$(rocket) Dispatch to ${inertLabel(draftEnvironment(document.uri), 60)}`,
        arguments: [document.uri],
      }),
    ];
  }
}
