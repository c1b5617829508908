// The event summaries live in src/util/eventSummary.ts, shared with the CLI; the webview keeps this name.
export * from '../util/eventSummary';
