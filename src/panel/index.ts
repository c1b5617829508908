// The entry of dist/panels.js: the execution panels' registry and everything a panel runs (the panel,
// the graph and timeline models, export, the webview's protocol checks, the definition graphs). Required
// when the first panel opens or a panel is restored after a reload (lazyPanels.ts).
export { ExecutionPanels } from './panels';
