// The panel's controller: owns the one view state (viewState.ts) and the loaded events, applies host
// messages (already validated) and user intents to them, and renders the views from them once per
// animation frame. Views keep no copies of the state; each re-renders only what changed.
import type {
  FilterState,
  HostToWebview,
  PanelAction,
  PanelTab,
  PersistedViewState,
  Prefs,
  ProbeStats,
  TimeFormat,
  WebviewToHost,
} from '../panel/protocol';
import { button, h, isTyping, setText, show } from './dom';
import { fromEventColumns } from './eventColumns';
import { EventStore } from './eventStore';
import { FilteredView, SearchIndex } from './filters';
import { DefinitionHeaderView } from './renderDefinition';
import { DetailView } from './renderDetail';
import { HeaderView } from './renderHeader';
import { columnHeadings, ListView, ROW_HEIGHT } from './renderList';
import { EmptyStateView, FooterView } from './renderStatus';
import { ToolbarView } from './renderToolbar';
import type { GraphHandlers, GraphView } from './graph';
import { ViewLoader, type ViewSources } from './lazyViews';
import { TabStrip } from './tabs';
import type { TimelineView } from './timeline';
import { probeStats } from './probe';
import { cloneFilters, readPersisted, RequestTracker, sameFilters, toggleType } from './state';
import { stepLabel } from './summaries';
import { formatCount } from './text';
import { initialViewState, nodeIdsOf, type ViewState } from './viewState';

export interface HostChannel {
  post(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: PersistedViewState): void;
}

export class App {
  private readonly state: ViewState = initialViewState();
  private readonly store = new EventStore();
  private readonly search = new SearchIndex((id) => stepLabel(id, this.state.nodeIds));
  private readonly view: FilteredView;
  private readonly tracker = new RequestTracker();
  /** Saved scroll and selection, applied once the first load settles. */
  private restore: PersistedViewState | undefined;
  /** A live batch arrived while following: the next render scrolls to the new end. */
  private scrollToEnd = false;
  private frame = 0;
  private persistTimer: ReturnType<typeof setTimeout> | undefined;
  private prefsTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly header: HeaderView;
  private readonly toolbar: ToolbarView;
  private readonly list: ListView;
  private readonly footer: FooterView;
  private readonly empty: EmptyStateView;
  private readonly detail: DetailView;
  private readonly tabs = new TabStrip((tab) => this.setTab(tab));
  /** The Graph and Timeline views, made the first time their tab is shown (their code is loaded then). */
  private readonly views: ViewLoader;
  private timeline: TimelineView | undefined;
  private graph: GraphView | undefined;
  /** A node the host asked to choose before the Graph view's code had loaded. */
  private pendingNode: string | null = null;
  private readonly pill = button('', () => this.onPill(), { class: 'pill', glyph: '↓' });
  /** Created by the first `definition` message, which turns this webview into a definition's graph. */
  private definitionHeader: DefinitionHeaderView | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly host: HostChannel,
    sources: ViewSources,
  ) {
    this.views = new ViewLoader(
      sources,
      () => this.schedule(),
      (message) => this.host.post({ type: 'log', level: 'error', message }),
    );
    this.view = new FilteredView(this.store, this.search, this.state.filters);
    const status = {
      loadMore: () => this.request('loadMore'),
      loadAll: () => this.request('loadAll'),
      cancel: () => this.request('cancelLoad'),
      retry: () => this.request('retry'),
      action: (a: PanelAction) => this.action(a),
    };
    this.header = new HeaderView({
      action: (a) => this.action(a),
      writeAction: (action, stepId) =>
        this.host.post({ type: 'writeAction', requestId: this.tracker.next(), action, stepId }),
      refresh: () => this.request('refresh'),
      togglePin: () => this.action(this.state.pinned ? 'unpin' : 'pin'),
      toggleStep: (step) => this.setFilters({ step: this.state.filters.step === step ? null : step }),
      toggleStepsExpanded: () => this.set({ stepsExpanded: !this.state.stepsExpanded }),
    });
    this.toolbar = new ToolbarView({
      setFilters: (change) => this.setFilters(change),
      toggleType: (type) => this.setFilters(toggleType(this.state.filters, type)),
      setTimeFormat: (t) => this.setTimeFormat(t),
      setTailPaused: (paused) => this.setTailPaused(paused),
      leaveFilter: () => this.list.el.focus(),
      redraw: () => this.schedule(),
    });
    this.list = new ListView(
      {
        select: (seq, open) => this.select(seq, open),
        toggleDetail: () => this.openDetail(this.state.detailSeq === null ? this.state.selectedSeq : null),
        closeDetail: () => this.openDetail(null),
        nearEnd: () => this.nearEnd(),
        scrolled: () => this.onScroll(),
        redraw: () => this.schedule(),
      },
      this.state,
    );
    this.footer = new FooterView(status);
    this.empty = new EmptyStateView(status);
    this.detail = new DetailView({
      copy: (seq) => this.host.post({ type: 'copyEvent', requestId: this.tracker.next(), seq }),
      openInEditor: (seq) => this.host.post({ type: 'openPayload', requestId: this.tracker.next(), seq }),
      close: () => this.openDetail(null),
    });
    this.list.setSource(this.view);
    show(this.pill, false);
    const body = h('div', { class: 'list-wrap' }, [columnHeadings(), this.list.el, this.empty.el, this.pill]);
    const views = this.tabs.panels;
    views.events.append(this.toolbar.el, body, this.footer.el);
    root.replaceChildren(this.header.el, this.tabs.el, views.events, views.graph, views.timeline, this.detail.el);
    document.addEventListener('keydown', (e) => this.onGlobalKey(e));
    setInterval(() => this.tick(), 1000);
  }

  /** What the Graph view asks of the App (the view itself is made when its code has arrived). */
  private readonly graphHandlers: GraphHandlers = {
    selectNode: (_node, stepIds) => this.setFilters({ step: stepIds.at(-1) ?? null }),
    loadNodeDetail: (nodeId) => this.host.post({ type: 'loadNodeDetail', requestId: this.tracker.next(), nodeId }),
    writeAction: (action, stepId) =>
      this.host.post({ type: 'writeAction', requestId: this.tracker.next(), action, stepId }),
    load: () => {
      this.state.graph.requested = true;
      this.host.post({ type: 'loadGraph', requestId: this.tracker.next() });
    },
  };

  /** The Graph view, once its code has loaded (until then the tab says it is loading). */
  private graphView(): GraphView | undefined {
    if (this.graph) return this.graph;
    const container = this.tabs.panels.graph;
    return (this.graph = this.views.mount('graph', container)?.(container, this.graphHandlers));
  }

  private timelineView(): TimelineView | undefined {
    if (this.timeline) return this.timeline;
    const container = this.tabs.panels.timeline;
    return (this.timeline = this.views.mount('timeline', container)?.(container, {
      selectStep: (step) => this.setFilters({ step }),
    }));
  }

  receive(message: HostToWebview): void {
    switch (message.type) {
      case 'init':
        return this.init(message);
      case 'execution':
        return this.set({
          execution: message.execution,
          executionError: message.executionError,
          pinned: message.pinned,
          writeActions: message.writeActions ?? [],
          activeEnvironment: message.activeEnvironment,
          nodeIds: nodeIdsOf(message.execution),
        });
      case 'events':
        return this.events(message);
      case 'status': {
        if (!this.tracker.acceptStatus(message.generation, message.requestId)) return;
        const retryInMs = message.loader.error?.retryInMs;
        this.set({
          loader: message.loader,
          tail: message.tail,
          retryAt: retryInMs !== null && retryInMs !== undefined ? Date.now() + retryInMs : null,
        });
        if (this.restore && message.loader.phase !== 'loading') this.applyRestore();
        return;
      }
      case 'probe':
        return this.host.post({ type: 'probeResult', requestId: message.requestId, stats: this.probe() });
      case 'focusStep':
        return this.setFilters({ step: message.stepId });
      case 'showTab':
        return this.setTab(message.tab);
      case 'timeline':
        return this.set({ timeline: message.timeline });
      case 'graph':
        return this.set({
          graph: { requested: true, layout: message.layout, status: message.status, error: message.error },
        });
      case 'graphStatus':
        return this.set({ graph: { ...this.state.graph, status: message.status } });
      case 'nodeDetail':
        return this.set({ nodeDetail: { nodeId: message.nodeId, steps: message.steps, moreSteps: message.moreSteps } });
      case 'selectNode':
        this.setTab('graph');
        this.render(); // the graph must be drawn before a node of it can be chosen
        // Its code may still be loading: the node is chosen once the view is mounted and drawn.
        if (this.graph) return this.graph.choose(message.nodeId);
        this.pendingNode = message.nodeId;
        return;
      case 'focusEvent':
        return this.select(message.seq, true);
      case 'definition':
        return this.showDefinition(message);
    }
  }

  /** Definition mode: the definition's header over the Graph view, and nothing of a run. */
  private showDefinition(m: Extract<HostToWebview, { type: 'definition' }>): void {
    if (!this.definitionHeader) {
      this.definitionHeader = new DefinitionHeaderView();
      const graph = this.tabs.panels.graph;
      // No tab strip labels it here.
      graph.removeAttribute('aria-labelledby');
      graph.setAttribute('aria-label', 'Definition graph');
      this.root.classList.add('definition-mode');
      this.root.replaceChildren(this.definitionHeader.el, graph);
    }
    this.set({ definition: { environment: m.environment, definition: m.definition, error: m.error }, tab: 'graph' });
  }

  /** Changes the view state and schedules a render. */
  private set(change: Partial<ViewState>): void {
    Object.assign(this.state, change);
    this.schedule();
  }

  private init(m: Extract<HostToWebview, { type: 'init' }>): void {
    if (!this.tracker.adopt(m.generation)) return;
    this.store.clear();
    const saved = readPersisted(this.host.getState());
    const mine =
      saved && saved.environment === m.environment && saved.executionId === m.executionId ? saved : undefined;
    const filters = cloneFilters(mine?.filters ?? m.prefs.filters);
    this.view.setFilter(filters);
    this.restore = mine;
    this.set({
      identity: { environment: m.environment, executionId: m.executionId },
      activeEnvironment: m.activeEnvironment,
      pinned: m.pinned,
      writeActions: m.writeActions ?? [],
      execution: m.execution,
      executionError: m.executionError,
      nodeIds: nodeIdsOf(m.execution),
      filters,
      timeFormat: mine?.timeFormat ?? m.prefs.timeFormat,
      tab: mine?.tab ?? m.prefs.tab ?? this.state.tab,
      graph: { requested: false, layout: null, status: null, error: null },
      nodeDetail: null,
      selectedSeq: null,
      detailSeq: null,
      newEvents: 0,
      eventsVersion: this.state.eventsVersion + 1,
    });
    this.persist();
  }

  private events(m: Extract<HostToWebview, { type: 'events' }>): void {
    if (!this.tracker.acceptEvents(m.generation)) return;
    // Measured before the batch lands (the DOM still shows the previous render).
    const atEnd = this.state.following || this.list.atBottom;
    const passed = this.view.onAdded(this.store.add(fromEventColumns(m.events)));
    this.state.eventsVersion++;
    if (m.live && passed > 0) {
      // Paused means the view holds still: new events are counted, never scrolled to.
      if (this.state.tail.state === 'paused' || !atEnd) this.state.newEvents += passed;
      else {
        this.state.following = true;
        this.scrollToEnd = true;
      }
    }
    this.schedule();
  }

  private applyRestore(): void {
    const r = this.restore;
    this.restore = undefined;
    if (!r) return;
    const detailSeq = r.detailSeq ?? null;
    this.state.selectedSeq = r.selectedSeq ?? null;
    this.state.detailSeq = detailSeq !== null && this.store.indexOfSeq(detailSeq) >= 0 ? detailSeq : null;
    this.render();
    this.list.scrollTop = r.scrollTop ?? 0;
  }

  private request(type: 'loadMore' | 'loadAll' | 'cancelLoad' | 'retry' | 'refresh'): void {
    this.host.post({ type, requestId: this.tracker.next() });
  }

  private action(action: PanelAction): void {
    this.host.post({ type: 'action', requestId: this.tracker.next(), action });
  }

  private setTailPaused(paused: boolean): void {
    this.host.post({ type: 'setTail', requestId: this.tracker.next(), paused });
  }

  private setFilters(change: Partial<FilterState>): void {
    const filters = cloneFilters({ ...this.state.filters, ...change });
    if (sameFilters(filters, this.state.filters)) return;
    const s = this.state;
    const anchor = s.selectedSeq ?? this.view.at(Math.floor(this.list.scrollTop / ROW_HEIGHT))?.seq;
    this.view.setFilter(filters);
    Object.assign(s, { filters, newEvents: 0, eventsVersion: s.eventsVersion + 1 });
    this.render();
    if (anchor !== undefined)
      this.list.scrollToPosition(this.view.positionAtOrAfterSeq(anchor), s.selectedSeq !== null ? 'nearest' : 'start');
    this.persist();
    this.savePrefs();
  }

  private setTab(tab: PanelTab): void {
    if (tab === this.state.tab) return;
    // A view whose code failed to load is tried again each time its tab comes back.
    if (tab !== 'events') this.views.retry(tab);
    // A graph that failed to load is asked for again each time its tab comes back.
    if (tab === 'graph' && this.state.graph.error)
      this.state.graph = { ...this.state.graph, requested: false, error: null };
    this.set({ tab });
    this.persist();
    this.savePrefs();
  }

  private setTimeFormat(timeFormat: TimeFormat): void {
    this.set({ timeFormat });
    this.persist();
    this.savePrefs();
  }

  private select(seq: number, openDetail: boolean): void {
    this.set({ selectedSeq: seq, detailSeq: openDetail || this.state.detailSeq !== null ? seq : null });
    this.persist();
  }

  private openDetail(seq: number | null): void {
    this.set({ detailSeq: seq });
    if (seq === null) this.list.el.focus();
    this.persist();
  }

  private nearEnd(): void {
    const loader = this.state.loader;
    if (loader.phase === 'idle' && loader.hasMore) this.request('loadMore');
  }

  private onScroll(): void {
    const atBottom = this.list.atBottom;
    this.state.following = atBottom;
    if (atBottom && this.state.newEvents > 0) this.set({ newEvents: 0 });
    clearTimeout(this.persistTimer);
    this.persistTimer = setTimeout(() => this.persist(), 250);
  }

  /** The pill: jump to the new events; while paused, also resume the live tail. */
  private onPill(): void {
    if (this.state.tail.state === 'paused') this.setTailPaused(false);
    this.set({ newEvents: 0, following: true });
    this.list.scrollToBottom();
  }

  private onGlobalKey(e: KeyboardEvent): void {
    if (this.state.definition) return; // no filter box, no types menu
    if (e.key === 'Escape' && this.toolbar.typesOpen) {
      e.preventDefault();
      this.toolbar.closeTypes();
    } else if (e.key === '/' && !isTyping(e)) {
      e.preventDefault();
      if (this.state.tab !== 'events') {
        this.setTab('events');
        this.render(); // the filter box must be shown before it can take focus
      }
      this.toolbar.input.focus();
      this.toolbar.input.select();
    }
  }

  private persist(): void {
    const s = this.state;
    if (!s.identity) return;
    this.host.setState({
      ...s.identity,
      scrollTop: this.list.scrollTop,
      selectedSeq: s.selectedSeq,
      detailSeq: s.detailSeq,
      filters: s.filters,
      timeFormat: s.timeFormat,
      tab: s.tab,
    });
  }

  private savePrefs(): void {
    clearTimeout(this.prefsTimer);
    const s = this.state;
    const prefs: Prefs = { timeFormat: s.timeFormat, filters: { ...s.filters, step: null }, tab: s.tab };
    this.prefsTimer = setTimeout(() => this.host.post({ type: 'savePrefs', prefs }), 400);
  }

  /** Every second: durations, countdowns and relative times move on (unchanged parts cost nothing). */
  private tick(): void {
    this.schedule();
  }

  private schedule(): void {
    if (this.frame === 0)
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.render();
      });
  }

  private render(): void {
    const s = this.state;
    s.now = Date.now();
    s.startedAt = s.execution?.startedAt ?? this.store.at(0)?.timestamp ?? null;
    if (s.definition) {
      this.definitionHeader?.render(s.definition);
      this.tabs.render('graph');
      show(this.tabs.panels.graph, s.definition.error === null);
      if (s.definition.error === null) this.graphView()?.render(s, null);
      return;
    }
    this.header.render(s);
    this.tabs.render(s.tab);
    if (s.tab === 'timeline') this.timelineView()?.render(s);
    const graph = s.tab === 'graph' ? this.graphView() : undefined;
    if (graph) {
      const index = s.selectedSeq === null ? -1 : this.store.indexOfSeq(s.selectedSeq);
      graph.render(s, index >= 0 ? (this.store.at(index)?.stepId ?? null) : null);
      if (this.pendingNode !== null) {
        graph.choose(this.pendingNode);
        this.pendingNode = null;
      }
    }
    this.toolbar.render(s, this.store, this.view);
    this.list.render();
    if (this.scrollToEnd) {
      this.scrollToEnd = false;
      this.list.scrollToBottom();
    }
    const emptyShown = this.empty.render(s, this.store.size, this.view.count);
    this.list.el.classList.toggle('covered', emptyShown);
    this.footer.render(s, this.store.size);
    show(this.footer.el, this.store.size > 0 || !emptyShown);
    const detailIndex = s.detailSeq === null ? -1 : this.store.indexOfSeq(s.detailSeq);
    this.detail.render(detailIndex >= 0 ? this.store.at(detailIndex) : undefined, s, {
      now: s.now,
      startedAt: s.startedAt,
    });
    this.renderPill();
    this.root.classList.toggle('has-detail', s.detailSeq !== null);
  }

  private renderPill(): void {
    const n = this.state.newEvents;
    show(this.pill, n > 0);
    if (n === 0) return;
    const paused = this.state.tail.state === 'paused';
    this.pill.classList.toggle('paused', paused);
    setText(this.pill.firstChild as Element, paused ? '▶' : '↓');
    setText(
      this.pill.lastChild as Element,
      `${formatCount(n)} new event${n === 1 ? '' : 's'}${paused ? ' — Resume' : ''}`,
    );
    this.pill.title = paused ? 'Resume the live tail and go to the newest events' : 'Go to the newest events';
  }

  private probe(): ProbeStats {
    return probeStats({
      received: this.store.size,
      filtered: this.view.count,
      rowCount: this.list.rowCount,
      list: this.list.el,
      detailText: this.detail.text,
      graphText: this.graph?.text ?? null,
      empty: this.empty.el,
      footer: this.footer.el,
      mountedViews: [...(this.graph ? (['graph'] as const) : []), ...(this.timeline ? (['timeline'] as const) : [])],
    });
  }
}
