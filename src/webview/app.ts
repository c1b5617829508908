// The panel's controller: holds the model (events, filters, loader and tail status, selection), applies
// host messages (already validated) and re-renders the views once per animation frame.
import type {
  FilterState,
  HostToWebview,
  LoaderStatus,
  PanelAction,
  PanelError,
  PanelExecution,
  PersistedViewState,
  Prefs,
  ProbeStats,
  TailStatus,
  TimeFormat,
  WebviewToHost,
} from '../panel/protocol';
import { DEFAULT_PREFS } from '../panel/protocol';
import { button, h, isTyping, setText, show } from './dom';
import { EventStore } from './eventStore';
import { FilteredView, SearchIndex } from './filters';
import { DetailView } from './renderDetail';
import { HeaderView } from './renderHeader';
import { ListView } from './renderList';
import { EmptyStateView, FooterView } from './renderStatus';
import { ToolbarView } from './renderToolbar';
import { probeStats } from './probe';
import { cloneFilters, readPersisted, RequestTracker } from './state';
import { stepLabel } from './summaries';
import { formatCount } from './text';

export interface HostChannel {
  post(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: PersistedViewState): void;
}

const IDLE: LoaderStatus = {
  phase: 'loading',
  loaded: 0,
  hasMore: true,
  cursor: 0,
  emptyPages: 0,
  terminal: false,
  error: null,
};

export class App {
  private readonly store = new EventStore();
  private nodeIds: ReadonlyMap<string, string> = new Map();
  private readonly search = new SearchIndex((id) => stepLabel(id, this.nodeIds));
  private readonly view: FilteredView;
  private readonly tracker = new RequestTracker();
  private filters: FilterState = cloneFilters(DEFAULT_PREFS.filters);
  private timeFormat: TimeFormat = DEFAULT_PREFS.timeFormat;
  private identity: { environment: string; executionId: string } | undefined;
  private activeEnvironment = '';
  private pinned = false;
  private execution: PanelExecution | null = null;
  private executionError: PanelError | null = null;
  private loader: LoaderStatus = IDLE;
  private tail: TailStatus = { state: 'off', intervalMs: 0 };
  private selectedSeq: number | null = null;
  private detailSeq: number | null = null;
  private newEvents = 0;
  /** When the loader retries by itself (this webview's clock), for the countdown. */
  private retryAt: number | null = null;
  private restore: PersistedViewState | undefined;
  private frame = 0;
  private persistTimer: ReturnType<typeof setTimeout> | undefined;
  private prefsTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly header: HeaderView;
  private readonly toolbar: ToolbarView;
  private readonly list: ListView;
  private readonly footer: FooterView;
  private readonly empty: EmptyStateView;
  private readonly detail: DetailView;
  private readonly pill = button('', () => this.jumpToEnd(), { class: 'pill', glyph: '↓' });

  constructor(
    private readonly root: HTMLElement,
    private readonly host: HostChannel,
  ) {
    this.view = new FilteredView(this.store, this.search, this.filters);
    const status = {
      loadMore: () => this.request('loadMore'),
      loadAll: () => this.request('loadAll'),
      cancel: () => this.request('cancelLoad'),
      retry: () => this.request('retry'),
      action: (a: PanelAction) => this.action(a),
    };
    this.header = new HeaderView({
      action: (a) => this.action(a),
      refresh: () => this.request('refresh'),
      filterStep: (step) => this.setFilters({ ...this.filters, step }),
    });
    this.toolbar = new ToolbarView({
      setFilters: (f) => this.setFilters(f),
      setTimeFormat: (t) => this.setTimeFormat(t),
      setTailPaused: (paused) => this.host.post({ type: 'setTail', requestId: this.tracker.next(), paused }),
    });
    this.list = new ListView({
      select: (seq, open) => this.select(seq, open),
      toggleDetail: () => this.openDetail(this.detailSeq === null ? this.selectedSeq : null),
      closeDetail: () => this.openDetail(null),
      nearEnd: () => this.nearEnd(),
      scrolled: () => this.onScroll(),
    });
    this.footer = new FooterView(status);
    this.empty = new EmptyStateView(status);
    this.detail = new DetailView({
      copy: (seq) => this.host.post({ type: 'copyEvent', requestId: this.tracker.next(), seq }),
      openInEditor: (seq) => this.host.post({ type: 'openPayload', requestId: this.tracker.next(), seq }),
      close: () => this.openDetail(null),
    });
    this.list.setSource(this.view);
    show(this.pill, false);
    const columns = h(
      'div',
      { class: 'columns', attrs: { 'aria-hidden': 'true' } },
      ['Seq', 'Time', 'Type', 'Step', 'Summary'].map((label) => h('span', { text: label })),
    );
    const body = h('div', { class: 'list-wrap' }, [columns, this.list.el, this.empty.el, this.pill]);
    root.replaceChildren(this.header.el, this.toolbar.el, body, this.footer.el, this.detail.el);
    document.addEventListener('keydown', (e) => this.onGlobalKey(e));
    setInterval(() => this.tick(), 1000);
  }

  receive(message: HostToWebview): void {
    switch (message.type) {
      case 'init':
        return this.init(message);
      case 'execution':
        this.execution = message.execution;
        this.executionError = message.executionError;
        this.pinned = message.pinned;
        this.activeEnvironment = message.activeEnvironment;
        this.nodeIds = new Map((message.execution?.steps ?? []).map((s) => [s.stepId, s.nodeId]));
        return this.schedule();
      case 'events':
        return this.events(message);
      case 'status':
        if (!this.tracker.acceptStatus(message.generation, message.requestId)) return;
        this.loader = message.loader;
        this.tail = message.tail;
        this.retryAt =
          message.loader.error?.retryInMs !== null && message.loader.error?.retryInMs !== undefined
            ? Date.now() + message.loader.error.retryInMs
            : null;
        if (this.restore && message.loader.phase !== 'loading') this.applyRestore();
        return this.schedule();
      case 'probe':
        return this.host.post({ type: 'probeResult', requestId: message.requestId, stats: this.probe() });
      case 'focusStep':
        return this.setFilters({ ...this.filters, step: message.stepId });
    }
  }

  private init(m: Extract<HostToWebview, { type: 'init' }>): void {
    if (!this.tracker.adopt(m.generation)) return;
    this.store.clear();
    this.view.setFilter(this.filters);
    this.identity = { environment: m.environment, executionId: m.executionId };
    this.activeEnvironment = m.activeEnvironment;
    this.pinned = m.pinned;
    this.execution = m.execution;
    this.executionError = m.executionError;
    this.nodeIds = new Map((m.execution?.steps ?? []).map((s) => [s.stepId, s.nodeId]));
    const saved = readPersisted(this.host.getState());
    const mine =
      saved && saved.environment === m.environment && saved.executionId === m.executionId ? saved : undefined;
    this.filters = cloneFilters(mine?.filters ?? m.prefs.filters);
    this.timeFormat = mine?.timeFormat ?? m.prefs.timeFormat;
    this.view.setFilter(this.filters);
    this.restore = mine;
    this.selectedSeq = null;
    this.detailSeq = null;
    this.persist();
    this.schedule();
  }

  private events(m: Extract<HostToWebview, { type: 'events' }>): void {
    if (!this.tracker.acceptEvents(m.generation)) return;
    const wasAtBottom = this.list.atBottom && this.store.size > 0;
    const added = this.store.add(m.events);
    const passed = this.view.onAdded(added);
    if (m.live && passed > 0) {
      if (wasAtBottom) requestAnimationFrame(() => this.list.scrollToBottom());
      else this.newEvents += passed;
    }
    this.schedule();
  }

  private applyRestore(): void {
    const r = this.restore;
    this.restore = undefined;
    if (!r) return;
    this.selectedSeq = r.selectedSeq ?? null;
    this.detailSeq =
      r.detailSeq !== null && r.detailSeq !== undefined && this.store.indexOfSeq(r.detailSeq) >= 0 ? r.detailSeq : null;
    this.list.setSelected(this.selectedSeq);
    this.render();
    this.list.scrollTop = r.scrollTop ?? 0;
  }

  private request(type: 'loadMore' | 'loadAll' | 'cancelLoad' | 'retry' | 'refresh'): void {
    this.host.post({ type, requestId: this.tracker.next() });
  }

  private action(action: PanelAction): void {
    this.host.post({ type: 'action', requestId: this.tracker.next(), action });
  }

  private setFilters(filters: FilterState): void {
    const anchor = this.selectedSeq ?? this.view.at(Math.floor(this.list.scrollTop / 22))?.seq;
    this.filters = cloneFilters(filters);
    this.view.setFilter(this.filters);
    this.newEvents = 0;
    this.render();
    if (anchor !== undefined)
      this.list.scrollToPosition(
        this.view.positionAtOrAfterSeq(anchor),
        this.selectedSeq !== null ? 'nearest' : 'start',
      );
    this.persist();
    this.savePrefs();
  }

  private setTimeFormat(format: TimeFormat): void {
    this.timeFormat = format;
    this.persist();
    this.savePrefs();
    this.schedule();
  }

  private select(seq: number, openDetail: boolean): void {
    this.selectedSeq = seq;
    this.list.setSelected(seq);
    if (openDetail || this.detailSeq !== null) this.detailSeq = seq;
    this.persist();
    this.schedule();
  }

  private openDetail(seq: number | null): void {
    this.detailSeq = seq;
    if (seq === null) this.list.el.focus();
    this.persist();
    this.schedule();
  }

  private nearEnd(): void {
    if (this.loader.phase === 'idle' && this.loader.hasMore) this.request('loadMore');
  }

  private onScroll(): void {
    if (this.newEvents > 0 && this.list.atBottom) {
      this.newEvents = 0;
      this.schedule();
    }
    clearTimeout(this.persistTimer);
    this.persistTimer = setTimeout(() => this.persist(), 250);
  }

  private jumpToEnd(): void {
    this.newEvents = 0;
    this.list.scrollToBottom();
    this.schedule();
  }

  private onGlobalKey(e: KeyboardEvent): void {
    if (e.key === '/' && !isTyping(e)) {
      e.preventDefault();
      this.toolbar.input.focus();
      this.toolbar.input.select();
    } else if (e.key === 'Escape' && e.target === this.toolbar.input) {
      this.list.el.focus();
    }
  }

  private persist(): void {
    if (!this.identity) return;
    this.host.setState({
      ...this.identity,
      scrollTop: this.list.scrollTop,
      selectedSeq: this.selectedSeq,
      detailSeq: this.detailSeq,
      filters: this.filters,
      timeFormat: this.timeFormat,
    });
  }

  private savePrefs(): void {
    clearTimeout(this.prefsTimer);
    const prefs: Prefs = { timeFormat: this.timeFormat, filters: { ...this.filters, step: null } };
    this.prefsTimer = setTimeout(() => this.host.post({ type: 'savePrefs', prefs }), 400);
  }

  private tick(): void {
    const now = Date.now();
    this.header.tick(now, this.execution);
    this.footer.tick(now);
    if (this.retryAt !== null) this.schedule();
    if (this.timeFormat === 'relative' && now % 10_000 < 1000) this.schedule();
  }

  private schedule(): void {
    if (this.frame === 0)
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.render();
      });
  }

  private render(): void {
    const now = Date.now();
    const startedAt = this.execution?.startedAt ?? this.store.at(0)?.timestamp ?? null;
    this.header.update({
      environment: this.identity?.environment ?? '',
      activeEnvironment: this.activeEnvironment,
      executionId: this.identity?.executionId ?? '',
      execution: this.execution,
      executionError: this.executionError,
      pinned: this.pinned,
      stepFilter: this.filters.step,
      now,
    });
    this.toolbar.update({
      filters: this.filters,
      timeFormat: this.timeFormat,
      typeCounts: this.store.typeCounts,
      stepCounts: this.store.stepCounts,
      execution: this.execution,
      shown: this.view.count,
      total: this.store.size,
      tail: this.tail,
    });
    this.list.setPresentation(this.timeFormat, { now, startedAt }, this.nodeIds);
    this.list.render();
    const emptyShown = this.empty.update({
      executionError: this.executionError,
      loader: this.loader,
      received: this.store.size,
      filteredOut: this.view.count === 0 && this.store.size > 0,
      tail: this.tail,
      retryAt: this.retryAt,
      now,
    });
    this.list.el.classList.toggle('covered', emptyShown);
    this.footer.update(this.loader, this.tail, this.store.size, this.retryAt, now);
    show(this.footer.el, this.store.size > 0 || !emptyShown);
    const detailIndex = this.detailSeq === null ? -1 : this.store.indexOfSeq(this.detailSeq);
    this.detail.render(
      detailIndex >= 0 ? this.store.at(detailIndex) : undefined,
      this.timeFormat,
      { now, startedAt },
      this.nodeIds,
    );
    show(this.pill, this.newEvents > 0);
    setText(
      this.pill.lastChild as Element,
      `${formatCount(this.newEvents)} new event${this.newEvents === 1 ? '' : 's'}`,
    );
    this.root.classList.toggle('has-detail', this.detailSeq !== null);
  }

  private probe(): ProbeStats {
    return probeStats({
      received: this.store.size,
      filtered: this.view.count,
      rowCount: this.list.rowCount,
      list: this.list.el,
      detailText: this.detail.text,
      empty: this.empty.el,
      footer: this.footer.el,
    });
  }
}
