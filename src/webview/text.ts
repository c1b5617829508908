// Visible-control text lives in src/util/visibleText.ts, shared with the CLI; the webview keeps this name.
export * from '../util/visibleText';
