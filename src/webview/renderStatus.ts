// Loading states: the footer under the list (load more / load all / scanning / countdown / error / end
// of stream) and the message shown in place of the list when there is nothing to list yet.
import type { LoaderStatus, PanelAction, PanelError, TailStatus } from '../panel/protocol';
import { h, setClass, setText, show } from './dom';
import { Deps, syncButtons, type ButtonSpec } from './keyed';
import type { ViewState } from './viewState';
import { formatCount, plural } from './text';
import { formatDuration } from '../util/format';

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

/** "retrying in 27s" (the shared duration words) from the moment the status arrived. */
export function countdownText(deadline: number | null, now: number): string {
  if (deadline === null) return '';
  const seconds = Math.max(0, Math.ceil((deadline - now) / 1000));
  return seconds > 0 ? `retrying in ${formatDuration(seconds * 1000)}` : 'retrying…';
}

function fixAction(kind: string): { label: string; action: PanelAction } {
  if (kind === 'unauthenticated' || kind === 'missingCredentials' || kind === 'credentialsOriginMismatch')
    return { label: 'Set Credentials', action: 'setCredentials' };
  if (kind === 'notFound') return { label: 'Select Environment', action: 'selectEnvironment' };
  return { label: 'Show Log', action: 'showLog' };
}

interface FooterContent {
  phase: string;
  base: string;
  buttons: ButtonSpec[];
}

export class FooterView {
  readonly el = h('div', { class: 'footer', attrs: { role: 'status', 'aria-live': 'polite' } });
  private readonly text = h('span', { class: 'footer-text' });
  private readonly buttons = h('span', { class: 'footer-buttons' });
  private readonly deps = new Deps();
  private content: FooterContent = { phase: '', base: '', buttons: [] };

  constructor(private readonly handlers: StatusHandlers) {
    this.el.append(this.text, this.buttons);
  }

  render(state: ViewState, received: number): void {
    if (this.deps.changed(state.loader, state.tail.state, received)) {
      this.content = this.describe(state.loader, state.tail, received);
      setClass(this.el, `footer phase-${this.content.phase}`);
      syncButtons(this.buttons, this.content.buttons);
    }
    const countdown = countdownText(state.retryAt, state.now);
    setText(this.text, countdown ? `${this.content.base} — ${countdown}` : this.content.base);
  }

  private describe(loader: LoaderStatus, tail: TailStatus, received: number): FooterContent {
    const h = this.handlers;
    const cancel: ButtonSpec = { key: 'cancel', label: 'Cancel', run: () => h.cancel(), class: 'subtle' };
    const scanned = loader.emptyPages > 0 ? ` · ${plural(loader.emptyPages, 'empty page')} skipped` : '';
    const phase = loader.phase;
    switch (phase) {
      case 'loading':
        return { phase, base: 'Loading events…', buttons: [] };
      case 'scanning':
        return {
          phase,
          base: `Scanning… no events yet after seq ${formatCount(loader.cursor)}${scanned}`,
          buttons: [cancel],
        };
      case 'loadingAll':
        return {
          phase,
          base: `Loading all events… ${formatCount(received)} loaded (seq ${formatCount(loader.cursor)})${scanned}`,
          buttons: [cancel],
        };
      case 'waiting':
      case 'error': {
        const error = loader.error;
        return {
          phase,
          base: `${errorTitle(error?.kind ?? '')}: ${error?.message ?? 'loading failed'}${received > 0 ? ` · ${formatCount(received)} events kept` : ''}`,
          buttons: [
            {
              key: 'retry',
              label: phase === 'waiting' ? 'Retry now' : 'Retry',
              run: () => h.retry(),
              class: 'primary',
            },
          ],
        };
      }
      default:
        if (loader.hasMore)
          return {
            phase,
            base: `${formatCount(received)} events loaded · more available`,
            buttons: [
              { key: 'more', label: 'Load more', run: () => h.loadMore(), class: 'primary' },
              { key: 'all', label: 'Load all', run: () => h.loadAll(), class: 'subtle' },
            ],
          };
        return {
          phase,
          base: `End of stream · ${plural(received, 'event')}${
            tail.state === 'live' || tail.state === 'slow'
              ? ' · watching for new events'
              : tail.state === 'paused'
                ? ' · live tail paused'
                : ''
          }`,
          buttons: [],
        };
    }
  }
}

interface EmptyContent {
  title: string;
  detail: string;
  error: PanelError | null;
}

/** What to show instead of the list, or undefined when the list has something to show. */
function emptyContent(state: ViewState, received: number, shown: number): EmptyContent | undefined {
  const { executionError, loader } = state;
  // The loader's error wins while it counts down to a retry (the header's own error has no countdown).
  let error: PanelError | null = null;
  if (
    received === 0 &&
    loader.error &&
    (loader.phase === 'waiting' || !executionError || executionError.kind === 'wrongEnvironment')
  )
    error = loader.error;
  else if (received === 0 && executionError && executionError.kind !== 'wrongEnvironment') error = executionError;
  if (error) {
    const countdown =
      error === loader.error && state.retryAt !== null ? ` (${countdownText(state.retryAt, state.now)})` : '';
    return { title: errorTitle(error.kind), detail: error.message + countdown, error };
  }
  if (received === 0 && (loader.phase === 'loading' || loader.phase === 'scanning' || loader.phase === 'loadingAll'))
    return loader.phase === 'scanning'
      ? {
          title: 'Scanning…',
          detail: `Pages up to seq ${formatCount(loader.cursor)} held only internal events; following the cursor.`,
          error: null,
        }
      : { title: 'Loading events…', detail: '', error: null };
  if (received === 0 && !loader.hasMore)
    return {
      title: 'No events yet',
      detail:
        state.tail.state === 'live' || state.tail.state === 'slow'
          ? 'New events appear here as the execution runs.'
          : 'This execution has no external events.',
      error: null,
    };
  if (shown === 0 && received > 0)
    return {
      title: 'No events match the filters',
      detail: `${formatCount(received)} events are loaded; clear the filters to see them.`,
      error: null,
    };
  return undefined;
}

/** The message shown in place of the list. Its nodes stay across renders, so focus on Retry survives the countdown. */
export class EmptyStateView {
  readonly el = h('div', { class: 'empty-state', attrs: { role: 'status' } });
  private readonly title = h('h2');
  private readonly detail = h('p');
  private readonly actions = h('div', { class: 'empty-actions' });

  constructor(private readonly handlers: StatusHandlers) {
    this.el.append(this.title, this.detail, this.actions);
    show(this.el, false);
  }

  /** Shows a message instead of the list; returns whether it is shown. */
  render(state: ViewState, received: number, shown: number): boolean {
    const content = emptyContent(state, received, shown);
    show(this.el, content !== undefined);
    if (!content) return false;
    setText(this.title, content.title);
    setText(this.detail, content.detail);
    const buttons: ButtonSpec[] = [];
    if (content.error) {
      const fix = fixAction(content.error.kind);
      buttons.push({ key: 'retry', label: 'Retry', run: () => this.handlers.retry(), class: 'primary' });
      buttons.push({
        key: `fix-${fix.action}`,
        label: fix.label,
        run: () => this.handlers.action(fix.action),
        class: 'subtle',
      });
    }
    syncButtons(this.actions, buttons);
    show(this.actions, buttons.length > 0);
    return true;
  }
}
