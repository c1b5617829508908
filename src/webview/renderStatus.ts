// Loading states: the footer under the list (load more / load all / scanning / countdown / error / end
// of stream) and the message shown in place of the list when there is nothing to list yet.
import type { LoaderStatus, PanelAction, PanelError, TailStatus } from '../panel/protocol';
import { button, clear, h, setText, show } from './dom';
import { formatCount, plural } from './text';

export interface StatusHandlers {
  loadMore(): void;
  loadAll(): void;
  cancel(): void;
  retry(): void;
  action(action: PanelAction): void;
}

const ERROR_TITLES: Readonly<Record<string, string>> = {
  notFound: 'Not found',
  unauthenticated: 'Credentials rejected',
  missingCredentials: 'Not signed in',
  credentialsOriginMismatch: 'Credentials are for another host',
  rateLimited: 'Rate limited',
  network: 'Offline',
  timeout: 'Timed out',
  unavailable: 'Service unavailable',
  deadlineExceeded: 'Service timed out',
  invalidResponse: 'Invalid response',
  invalidArgument: 'Request rejected',
  wrongEnvironment: 'Other environment',
};

export function errorTitle(kind: string): string {
  return ERROR_TITLES[kind] ?? 'Could not load';
}

/** "Retrying in 27 s" from the moment the status arrived. */
export function countdownText(deadline: number | null, now: number): string {
  if (deadline === null) return '';
  const seconds = Math.max(0, Math.ceil((deadline - now) / 1000));
  return seconds > 0 ? `retrying in ${seconds} s` : 'retrying…';
}

function fixAction(kind: string): { label: string; action: PanelAction } | undefined {
  if (kind === 'unauthenticated' || kind === 'missingCredentials' || kind === 'credentialsOriginMismatch')
    return { label: 'Set Credentials', action: 'setCredentials' };
  if (kind === 'notFound') return { label: 'Select Environment', action: 'selectEnvironment' };
  return { label: 'Show Log', action: 'showLog' };
}

export class FooterView {
  readonly el = h('div', { class: 'footer', attrs: { role: 'status', 'aria-live': 'polite' } });
  private readonly text = h('span', { class: 'footer-text' });
  private readonly buttons = h('span', { class: 'footer-buttons' });
  private deadline: number | null = null;
  private base = '';
  private key = '';

  constructor(private readonly handlers: StatusHandlers) {
    this.el.append(this.text, this.buttons);
  }

  /** `retryAt`: when the automatic retry happens (webview clock), or null. */
  update(loader: LoaderStatus, tail: TailStatus, received: number, retryAt: number | null, now: number): void {
    const error = loader.error;
    this.deadline = retryAt;
    const key = JSON.stringify([loader, tail.state, received]);
    if (key === this.key) return this.tick(now);
    this.key = key;
    clear(this.buttons);
    const b = (label: string, fn: () => void, cls = 'primary'): void => {
      this.buttons.append(button(label, fn, { class: cls }));
    };
    const scanned = loader.emptyPages > 0 ? ` · ${plural(loader.emptyPages, 'empty page')} skipped` : '';
    this.el.className = `footer phase-${loader.phase}`;
    switch (loader.phase) {
      case 'loading':
        this.base = `Loading events…`;
        break;
      case 'scanning':
        this.base = `Scanning… no events yet after seq ${formatCount(loader.cursor)}${scanned}`;
        b('Cancel', () => this.handlers.cancel(), 'subtle');
        break;
      case 'loadingAll':
        this.base = `Loading all events… ${formatCount(received)} loaded (seq ${formatCount(loader.cursor)})${scanned}`;
        b('Cancel', () => this.handlers.cancel(), 'subtle');
        break;
      case 'waiting':
      case 'error': {
        this.base = `${errorTitle(error?.kind ?? '')}: ${error?.message ?? 'loading failed'}${received > 0 ? ` · ${formatCount(received)} events kept` : ''}`;
        b(loader.phase === 'waiting' ? 'Retry now' : 'Retry', () => this.handlers.retry());
        break;
      }
      default:
        if (loader.hasMore) {
          this.base = `${formatCount(received)} events loaded · more available`;
          b('Load more', () => this.handlers.loadMore());
          b('Load all', () => this.handlers.loadAll(), 'subtle');
        } else {
          const live =
            tail.state === 'live' || tail.state === 'slow'
              ? ' · watching for new events'
              : tail.state === 'paused'
                ? ' · live tail paused'
                : '';
          this.base = `End of stream · ${plural(received, 'event')}${live}`;
        }
    }
    this.tick(now);
  }

  /** Refreshes the countdown text. */
  tick(now: number): void {
    const countdown = countdownText(this.deadline, now);
    setText(this.text, countdown ? `${this.base} — ${countdown}` : this.base);
  }
}

export class EmptyStateView {
  readonly el = h('div', { class: 'empty-state', attrs: { role: 'status' } });

  constructor(private readonly handlers: StatusHandlers) {
    show(this.el, false);
  }

  /** Shows a message instead of the list; returns whether it is shown. */
  update(options: {
    executionError: PanelError | null;
    loader: LoaderStatus;
    received: number;
    filteredOut: boolean;
    tail: TailStatus;
    retryAt: number | null;
    now: number;
  }): boolean {
    const { executionError, loader, received } = options;
    clear(this.el);
    let title: string | undefined;
    let detail = '';
    let error: PanelError | null = null;
    // The loader's error wins while it counts down to a retry (the header's own error has no countdown).
    if (
      received === 0 &&
      loader.error &&
      (loader.phase === 'waiting' || !executionError || executionError.kind === 'wrongEnvironment')
    ) {
      error = loader.error;
    } else if (received === 0 && executionError && executionError.kind !== 'wrongEnvironment') {
      error = executionError;
    } else if (
      received === 0 &&
      (loader.phase === 'loading' || loader.phase === 'scanning' || loader.phase === 'loadingAll')
    ) {
      title = loader.phase === 'scanning' ? 'Scanning…' : 'Loading events…';
      detail =
        loader.phase === 'scanning'
          ? `Pages up to seq ${formatCount(loader.cursor)} held only internal events; following the cursor.`
          : '';
    } else if (received === 0 && !loader.hasMore) {
      title = 'No events yet';
      detail =
        options.tail.state === 'live' || options.tail.state === 'slow'
          ? 'New events appear here as the execution runs.'
          : 'This execution has no external events.';
    } else if (options.filteredOut) {
      title = 'No events match the filters';
      detail = `${formatCount(received)} events are loaded; clear the filters to see them.`;
    }
    if (error) {
      title = errorTitle(error.kind);
      detail = error.message;
      if (error === loader.error && options.retryAt !== null)
        detail += ` (${countdownText(options.retryAt, options.now)})`;
    }
    show(this.el, title !== undefined);
    if (title === undefined) return false;
    this.el.append(h('h2', { text: title }), h('p', { text: detail }));
    if (error) {
      const fix = fixAction(error.kind);
      this.el.append(
        h('div', { class: 'empty-actions' }, [
          button('Retry', () => this.handlers.retry(), { class: 'primary' }),
          fix ? button(fix.label, () => this.handlers.action(fix.action), { class: 'subtle' }) : null,
        ]),
      );
    }
    return true;
  }
}
