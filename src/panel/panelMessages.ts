// Everything the webview can ask of the host, validated before anything happens, then handed to the
// panel through a small port (what the panel offers its webview), so this file depends on no panel
// internals and is unit-tested with a fake. Invalid messages are counted and logged, never acted on.
import type { PanelAction, PanelWriteAction, Prefs, ProbeStats, WebviewToHost } from './protocol';
import { parseWebviewMessage } from './webviewInput';

/** What a panel offers its webview. Loads answer with a status for `requestId`. */
export interface PanelPort {
  readonly executionId: string;
  /** The panel's environment is not the active one: loads wait (the header says why). */
  readonly wrongEnvironment: boolean;
  /** The header failed to load, so Retry reloads it (with the events) rather than only the events. */
  readonly headerFailed: boolean;
  /** A message failed validation; returns how many have so far. */
  rejected(): number;
  noteRequest(requestId: number): void;
  ready(): void;
  postExecution(): void;
  loadMore(requestId: number): Promise<unknown>;
  loadAll(requestId: number): Promise<unknown>;
  cancelLoad(requestId: number): void;
  retryEvents(requestId: number): Promise<unknown>;
  refresh(): Promise<unknown>;
  setTailPaused(paused: boolean): void;
  action(action: PanelAction): Promise<unknown>;
  /** A write from the header: runs the action's command, which confirms and re-checks everything. */
  writeAction(action: PanelWriteAction, stepId: string | null): Promise<unknown>;
  copyEvent(seq: number): Promise<unknown>;
  openEvent(seq: number): Promise<unknown>;
  savePrefs(prefs: Prefs): void;
  probeResult(requestId: number, stats: ProbeStats): void;
  /** The Graph tab is shown: send the laid-out graph, then keep its status current. */
  loadGraph(requestId: number): Promise<unknown>;
  /** A graph node was chosen: send its steps (with output), then keep them current. */
  loadNodeDetail(requestId: number, nodeId: string): void;
  log(level: 'info' | 'warn', message: string, error?: unknown): void;
}

const LOAD_TYPES = new Set<WebviewToHost['type']>(['loadMore', 'loadAll', 'retry', 'refresh']);
/** Invalid messages logged per panel at most (a broken webview could send thousands). */
const MAX_LOGGED_REJECTIONS = 20;

export function handleWebviewMessage(port: PanelPort, raw: unknown): void {
  const parsed = parseWebviewMessage(raw);
  if (!parsed.ok) {
    if (port.rejected() <= MAX_LOGGED_REJECTIONS)
      port.log('warn', `Dropped an invalid message from the panel of ${port.executionId}: ${parsed.reason}`);
    return;
  }
  const m = parsed.message;
  if ('requestId' in m && m.type !== 'probeResult') port.noteRequest(m.requestId);
  if (LOAD_TYPES.has(m.type) && port.wrongEnvironment) {
    port.postExecution();
    return;
  }
  const run = (work: Promise<unknown>): void => {
    work.catch((error: unknown) => port.log('warn', `Panel request ${m.type} failed`, error));
  };
  switch (m.type) {
    case 'ready':
      return port.ready();
    case 'loadMore':
      return run(port.loadMore(m.requestId));
    case 'loadAll':
      return run(port.loadAll(m.requestId));
    case 'cancelLoad':
      return port.cancelLoad(m.requestId);
    case 'retry':
      return run(port.headerFailed ? port.refresh() : port.retryEvents(m.requestId));
    case 'refresh':
      return run(port.refresh());
    case 'setTail':
      return port.setTailPaused(m.paused);
    case 'action':
      return run(port.action(m.action));
    case 'writeAction':
      return run(port.writeAction(m.action, m.stepId));
    case 'copyEvent':
      return run(port.copyEvent(m.seq));
    case 'openPayload':
      return run(port.openEvent(m.seq));
    case 'savePrefs':
      return port.savePrefs(m.prefs);
    case 'probeResult':
      return port.probeResult(m.requestId, m.stats);
    case 'loadGraph':
      return run(port.loadGraph(m.requestId));
    case 'loadNodeDetail':
      return port.loadNodeDetail(m.requestId, m.nodeId);
    case 'log':
      return port.log(m.level === 'info' ? 'info' : 'warn', `webview: ${m.message}`);
  }
}
