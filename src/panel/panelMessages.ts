// Everything the webview can ask of the host, validated before anything happens. Invalid messages are
// counted and logged, never acted on.
import type { ExecutionPanel } from './executionPanel';
import { copyEvent, openEvent, runAction, savePrefs } from './panelActions';
import { parseWebviewMessage } from './webviewInput';

const LOAD_TYPES = new Set(['loadMore', 'loadAll', 'retry', 'refresh']);

export function handleWebviewMessage(panel: ExecutionPanel, raw: unknown): void {
  const parsed = parseWebviewMessage(raw);
  if (!parsed.ok) {
    panel.rejectedMessages++;
    if (panel.rejectedMessages <= 20)
      panel.log.warn(`Dropped an invalid message from the panel of ${panel.executionId}: ${parsed.reason}`);
    return;
  }
  const m = parsed.message;
  if ('requestId' in m && m.type !== 'probeResult') panel.noteRequest(m.requestId);
  if (LOAD_TYPES.has(m.type) && panel.wrongEnvironment) {
    panel.postExecution();
    return;
  }
  const run = (work: Promise<unknown>): void => {
    work.catch((error: unknown) => panel.log.warn(`Panel request ${m.type} failed`, error));
  };
  switch (m.type) {
    case 'ready':
      return panel.onReady();
    case 'loadMore':
      run(panel.loader.loadMore(m.requestId).then((started) => started || panel.postStatus(m.requestId)));
      return;
    case 'loadAll':
      run(panel.loader.loadAll(m.requestId).then((started) => started || panel.postStatus(m.requestId)));
      return;
    case 'cancelLoad':
      return panel.loader.cancel(m.requestId);
    case 'retry':
      run(panel.executionError ? panel.tick(true) : panel.loader.retry(m.requestId));
      return;
    case 'refresh':
      run(panel.tick(true));
      return;
    case 'setTail':
      return panel.tail.setPaused(m.paused);
    case 'action':
      run(runAction(panel, m.action));
      return;
    case 'copyEvent':
      run(copyEvent(panel, m.seq));
      return;
    case 'openPayload':
      run(openEvent(panel, m.seq));
      return;
    case 'savePrefs':
      return savePrefs(panel.services.workspaceState, m.prefs);
    case 'probeResult':
      panel.probes.get(m.requestId)?.(m.stats);
      return;
    case 'log':
      panel.log[m.level === 'info' ? 'info' : 'warn'](`webview: ${m.message}`);
      return;
  }
}
