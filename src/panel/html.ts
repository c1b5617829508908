// The panel's HTML shell: a strict CSP (nothing by default, the bundled scripts by nonce, styles from the
// extension only) and the local asset URIs. Everything else is built by dist/webview.js, which loads the
// Graph and Timeline tabs' bundles (named in data-graph, data-timeline) with the same nonce on first use.
import type * as Crypto from 'node:crypto';
import * as vscode from 'vscode';

export function makeNonce(): string {
  // Required on first use: evaluating node:crypto costs a few ms at every VS Code start otherwise.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the lazy load is the point
  const { randomBytes } = require('node:crypto') as typeof Crypto;
  return randomBytes(18).toString('base64');
}

/** The only folders the webview may load from. */
export function localResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    enableForms: false,
    localResourceRoots: localResourceRoots(extensionUri),
    retainContextWhenHidden: false,
    enableFindWidget: false,
  };
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** For double-quoted attribute values and text (the CSP's single quotes stay as they are). */
const escapeAttribute = (text: string): string => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderPanelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  const nonce = makeNonce();
  const bundle = (name: string) =>
    escapeAttribute(webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', name)).toString());
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'panel.css'));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(contentSecurityPolicy(webview.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(style.toString())}">
<title>${escapeAttribute(title)}</title>
</head>
<body>
<main id="app" class="app" aria-busy="true"><p class="boot">Loading…</p></main>
<script nonce="${nonce}" src="${bundle('webview.js')}" data-graph="${bundle('webviewGraph.js')}" data-timeline="${bundle('webviewTimeline.js')}"></script>
</body>
</html>`;
}
