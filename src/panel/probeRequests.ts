// Asking a panel's webview what it shows (tests and diagnostics): each probe has a request id, is answered by
// the webview's probeResult, and resolves undefined if no answer comes in time. One per panel.
import type { HostToWebview, ProbeStats } from './protocol';

export class ProbeRequests {
  private readonly waiting = new Map<number, (stats: ProbeStats) => void>();
  private lastId = 0;

  /** Posts a probe and waits for its answer (undefined after `timeoutMs`). */
  ask(post: (message: HostToWebview) => void, timeoutMs: number): Promise<ProbeStats | undefined> {
    const requestId = ++this.lastId;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(requestId);
        resolve(undefined);
      }, timeoutMs);
      this.waiting.set(requestId, (stats) => {
        clearTimeout(timer);
        this.waiting.delete(requestId);
        resolve(stats);
      });
      post({ type: 'probe', requestId });
    });
  }

  /** The webview's answer; one nobody waits for any more is dropped. */
  answer(requestId: number, stats: ProbeStats): void {
    this.waiting.get(requestId)?.(stats);
  }
}
