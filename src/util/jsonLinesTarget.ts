// The save dialog every JSON Lines export asks with (the panel's events, the reconciliation's missing events),
// so they offer the same label, filters and default folder.
import * as vscode from 'vscode';

/** Asks where to save a JSON Lines file, proposing `fileName` in the first workspace folder; undefined if cancelled. */
export function chooseJsonLinesTarget(title: string, fileName: string): Thenable<vscode.Uri | undefined> {
  return vscode.window.showSaveDialog({
    title,
    saveLabel: 'Export',
    // With no folder open, the extension host's working directory is the only sensible place left.
    defaultUri: vscode.Uri.joinPath(
      vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(process.cwd()),
      fileName,
    ),
    filters: { 'JSON Lines': ['jsonl'], 'All files': ['*'] },
  });
}
