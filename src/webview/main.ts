// Webview entry point: acquires the VS Code API, validates every message from the host, hands it to the
// App and says `ready` so the host sends the current state.
import { PROTOCOL_VERSION, parseHostMessage, type PersistedViewState, type WebviewToHost } from '../panel/protocol';
import { App } from './app';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const post = (message: WebviewToHost): void => vscode.postMessage(message);
const root = document.getElementById('app');

if (root) {
  const app = new App(root, {
    post,
    getState: () => vscode.getState(),
    setState: (state: PersistedViewState) => vscode.setState(state),
  });
  let rejected = 0;
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const parsed = parseHostMessage(event.data);
    if (!parsed.ok) {
      if (rejected++ < 20) post({ type: 'log', level: 'warn', message: `webview dropped an invalid message: ${parsed.reason}` });
      return;
    }
    try {
      app.receive(parsed.message);
    } catch (error) {
      post({ type: 'log', level: 'error', message: `webview failed to apply ${parsed.message.type}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`.slice(0, 4000) });
    }
  });
  window.addEventListener('error', (event) => post({ type: 'log', level: 'error', message: `webview error: ${event.message}`.slice(0, 4000) }));
  post({ type: 'ready', protocol: PROTOCOL_VERSION });
}
