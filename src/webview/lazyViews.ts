// The Graph and Timeline tabs ship as their own bundles (dist/webviewGraph.js, dist/webviewTimeline.js),
// loaded the first time their tab is shown, so opening a panel loads only the event stream's code (issue 11:
// dist/webview.js ≤ 60 KiB). The host names their URIs on the main script tag (data-graph, data-timeline);
// the loader adds a <script> carrying the main script's nonce, so the strict CSP needs no new allowance, and
// the bundle registers its mount function on window.__veltViews (no eval, no module loader).
import type { PanelTab } from '../panel/protocol';
import { h } from './dom';
import type { GraphHandlers, GraphView } from './graph';
import type { StepSelection, TimelineView } from './timeline';

/** The tabs whose code is loaded on first use (the event stream is always there). */
export type LazyTab = Exclude<PanelTab, 'events'>;

export interface LazyViewMounts {
  graph(container: HTMLElement, handlers: GraphHandlers): GraphView;
  timeline(container: HTMLElement, handlers: StepSelection): TimelineView;
}

declare global {
  interface Window {
    __veltViews?: Partial<LazyViewMounts>;
  }
}

/** Called once by a lazy bundle when it runs. */
export function registerView<K extends LazyTab>(tab: K, mount: LazyViewMounts[K]): void {
  (window.__veltViews ??= {})[tab] = mount;
}

/** Where a lazy bundle comes from: the main script's nonce and the URIs the host put on it. */
export interface ViewSources {
  nonce: string;
  urls: Partial<Record<LazyTab, string>>;
}

/** Read while the main bundle runs for the first time (document.currentScript is null in any later callback). */
export function readViewSources(script: HTMLOrSVGScriptElement | null): ViewSources {
  const data = script instanceof HTMLScriptElement ? script.dataset : {};
  return { nonce: script?.nonce ?? '', urls: { graph: data['graph'], timeline: data['timeline'] } };
}

const LABELS: Record<LazyTab, string> = { graph: 'Graph', timeline: 'Timeline' };

/** Loads each lazy bundle at most once at a time; a failed load is tried again the next time it is asked for. */
export class ViewLoader {
  private readonly pending = new Set<LazyTab>();
  private readonly failed = new Map<LazyTab, string>();

  constructor(
    private readonly sources: ViewSources,
    /** A bundle arrived (or failed): the App renders again. */
    private readonly settled: () => void,
    private readonly logError: (message: string) => void,
  ) {}

  /**
   * The tab's mount function once its bundle has run; until then starts loading it (once) and shows in
   * `container` that it is loading, or why it could not be loaded.
   */
  mount<K extends LazyTab>(tab: K, container: HTMLElement): LazyViewMounts[K] | undefined {
    const mount = window.__veltViews?.[tab] as LazyViewMounts[K] | undefined;
    if (mount) {
      container.removeAttribute('aria-busy');
      container.querySelector(':scope > .lazy-note')?.remove();
      return mount;
    }
    const error = this.failed.get(tab);
    if (error !== undefined) {
      this.note(container, error);
      container.removeAttribute('aria-busy');
      return undefined;
    }
    if (this.pending.has(tab)) return undefined;
    this.pending.add(tab);
    container.setAttribute('aria-busy', 'true');
    this.note(container, 'Loading…');
    this.load(tab);
    return undefined;
  }

  /** Forgets a failure, so showing the tab again retries the load. */
  retry(tab: LazyTab): void {
    this.failed.delete(tab);
  }

  private load(tab: LazyTab): void {
    const url = this.sources.urls[tab];
    const fail = (why: string): void => {
      this.pending.delete(tab);
      this.failed.set(
        tab,
        `The ${LABELS[tab]} view could not be loaded (${why}). Open the tab again to retry; if it keeps failing, reinstall the extension.`,
      );
      this.logError(`webview: the ${tab} bundle could not be loaded (${why})`);
      this.settled();
    };
    if (!url) return fail('the panel did not name its script');
    const script = document.createElement('script');
    // The main script's nonce is what lets this script run under the panel's CSP ('nonce-…' only). `src` is
    // set as a property: dom.ts's setAttr refuses it on purpose, for data; this URI comes from the host's HTML.
    script.nonce = this.sources.nonce;
    script.src = url;
    script.addEventListener('load', () => {
      if (!window.__veltViews?.[tab]) return fail('its script ran but registered nothing');
      this.pending.delete(tab);
      this.settled();
    });
    script.addEventListener('error', () => fail('its script did not load'));
    document.head.append(script);
  }

  private note(container: HTMLElement, text: string): void {
    const note = container.querySelector(':scope > .lazy-note');
    if (note) note.textContent = text;
    else container.replaceChildren(h('p', { class: 'view-note muted lazy-note', text }));
  }
}
