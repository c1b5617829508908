// Webview entry point: acquires the VS Code API, hands every host message of a known type to the App
// (others are ignored, see hostMessage.ts) and says `ready` so the host sends the current state.
import { LOG_MESSAGE_MAX, PROTOCOL_VERSION, type PersistedViewState, type WebviewToHost } from '../panel/protocol';
import { App } from './app';
import { readHostMessage } from './hostMessage';
import { readViewSources } from './lazyViews';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const post = (message: WebviewToHost): void => vscode.postMessage(message);
const root = document.getElementById('app');
// Only while this script first runs does document.currentScript name it (its nonce, the lazy bundles' URIs).
const viewSources = readViewSources(document.currentScript);

if (root) {
  const app = new App(
    root,
    {
      post,
      getState: () => vscode.getState(),
      setState: (state: PersistedViewState) => vscode.setState(state),
    },
    viewSources,
  );
  let ignored = 0;
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = readHostMessage(event.data);
    if (!message) {
      if (ignored++ < 20) console.warn('Velt panel: ignored a message of an unknown type', describe(event.data));
      return;
    }
    try {
      app.receive(message);
    } catch (error) {
      post({
        type: 'log',
        level: 'error',
        message:
          `webview failed to apply ${message.type}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`.slice(
            0,
            LOG_MESSAGE_MAX,
          ),
      });
    }
  });
  window.addEventListener('error', (event) =>
    post({ type: 'log', level: 'error', message: `webview error: ${event.message}`.slice(0, LOG_MESSAGE_MAX) }),
  );
  post({ type: 'ready', protocol: PROTOCOL_VERSION });
}

/** A short description of an unexpected message for the console (its type, never its whole content). */
function describe(data: unknown): string {
  if (typeof data !== 'object' || data === null) return typeof data;
  const type = (data as { type?: unknown }).type;
  return typeof type === 'string' ? `type ${JSON.stringify(type.slice(0, 100))}` : `type of type ${typeof type}`;
}
