// One execution panel: owns its WebviewPanel, the event loader and the live tail. The host keeps every
// loaded event once (in the loader, as the API sent it), so a hidden panel (its webview is discarded:
// retainContextWhenHidden is off) loses nothing: on `ready` the new webview gets the header, a replay of
// the events (converted again, batch by batch) and the status. Every message leaves through post(), which
// cuts it to the protocol's bounds.
import * as vscode from 'vscode';
import { isTerminalStatus, pinnedToEnvironment, type ExecutionEvent, type ExecutionView } from '../api';
import { logger, runInBackground } from '../log';
import { Disposable, toDisposable } from '../util/lifecycle';
import { EventLoader } from './eventLoader';
import { exportEvents, type ExportResult } from './export';
import { renderPanelHtml, webviewOptions } from './html';
import { LiveTail } from './liveTail';
import { boundMessage } from './bounds';
import { eventsMessages } from './eventColumns';
import { panelTitle, toPanelError, toPanelExecution } from './payload';
import { GraphFeed } from './graph/graphFeed';
import { graphLayoutModule } from './graph/loader';
import { copyEvent, openEvent, runAction, type ActionTarget } from './panelActions';
import { handleWebviewMessage, type PanelPort } from './panelMessages';
import type { PanelServices } from './services';
import {
  PROTOCOL_VERSION,
  type HostToWebview,
  type PanelError,
  type PanelWriteAction,
  type PanelWriteOffer,
  type PanelTab,
  type ProbeStats,
  type TimelineModel,
} from './protocol';
import { ProbeRequests } from './probeRequests';
import { TimelineFeed } from './timeline/feed';
import { panelWriteOffers } from './writeOffers';
import { Commands } from '../ids';

/** Pages fetched per live-tail tick at most, when events arrive faster than one page per interval. */
const TAIL_PAGES_PER_TICK = 5;

export class ExecutionPanel extends Disposable {
  readonly loader: EventLoader;
  readonly tail: LiveTail;
  private readonly timeline: TimelineFeed;
  private execution: ExecutionView | undefined;
  executionError: PanelError | null = null;
  private ready = false;
  private pendingStep: string | undefined;
  private pendingTab: PanelTab | undefined;
  private pendingSeq: number | undefined;
  private ticking = false;
  private ticks = 0;
  private reachedEnd = false;
  private headerLoading = false;
  rejectedMessages = 0;
  private newestRequestId = 0;
  private readonly probes = new ProbeRequests();
  readonly log = logger('panel');
  private readonly port: PanelPort;
  /** Created when the Graph tab first asks; until then no definition is read and no layout loaded. */
  private graph: GraphFeed | undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly environment: string,
    readonly executionId: string,
    readonly services: PanelServices,
  ) {
    super();
    const { api, config, extensionUri, environments, pins, store } = services;
    panel.webview.options = webviewOptions(extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'velt.svg');
    // Pinned to the panel's environment: a page requested as the active environment changes fails
    // ('environmentChanged') instead of bringing another environment's events into this panel.
    const pinnedApi = pinnedToEnvironment(api, environment);
    this.loader = new EventLoader(
      pinnedApi,
      executionId,
      config.eventsPageSize,
      {
        onEvents: (events, requestId, live) => {
          this.timeline.addEvents(events);
          this.postEvents(events, requestId, live);
        },
        onStatus: (requestId) => {
          this.postStatus(requestId);
          this.recoverHeader();
        },
      },
      undefined,
      () => config.pollIntervalMs,
    );
    this.timeline = new TimelineFeed({
      api: pinnedApi,
      post: (timeline) => this.post({ type: 'timeline', timeline }),
      warn: (message, error) => this.log.warn(message, error),
    });
    this.tail = new LiveTail({
      intervals: () => ({ visibleMs: config.pollIntervalMs, hiddenMs: config.hiddenPollIntervalMs }),
      tick: () => this.tick(false),
      onChange: () => this.postStatus(null),
    });
    this.register(
      toDisposable(() => {
        this.loader.dispose();
        this.tail.dispose();
        this.timeline.dispose();
      }),
    );
    this.port = this.createPort();
    this.register(panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)));
    this.register(
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
        this.tail.setVisible(panel.visible);
      }),
    );
    this.register(environments.onDidChange(() => this.onEnvironmentChange()));
    this.register(
      pins.onDidChange((env) => {
        if (env === environment) this.postExecution();
      }),
    );
    this.register(this.services.actions.onDidChange(() => this.postExecution()));
    this.register(
      store.onDidChange((change) => {
        if (change.environment === environment && change.executionId === executionId)
          this.setExecution(change.execution);
      }),
    );
    this.register(
      config.onDidChange((affects) => {
        if (affects('eventsPageSize')) this.loader.setPageSize(config.eventsPageSize);
      }),
    );
    this.updateTitle();
    panel.webview.html = renderPanelHtml(panel.webview, extensionUri, panel.title);
    this.tail.setVisible(panel.visible);
    runInBackground(this.log, 'Loading the execution', this.start());
  }

  get wrongEnvironment(): boolean {
    return this.services.environments.active.name !== this.environment;
  }

  get events(): readonly ExecutionEvent[] {
    return this.loader.events;
  }

  get isReady(): boolean {
    return this.ready;
  }

  get executionView(): ExecutionView | undefined {
    return this.execution;
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  private async start(): Promise<void> {
    if (this.wrongEnvironment) {
      this.tail.setSuspended(true);
      return;
    }
    await Promise.all([this.loadHeader(false), this.loader.loadMore()]);
    if (!this.loader.hasMore) this.reachedEnd = true;
    this.updateTail();
  }

  private updateTail(): void {
    if (this.isTerminal()) this.tail.stop();
    else if (this.execution) this.tail.start();
  }

  isTerminal(): boolean {
    return this.loader.terminal || (this.execution !== undefined && isTerminalStatus(this.execution.status));
  }

  async loadHeader(force: boolean): Promise<void> {
    if (this.wrongEnvironment) return;
    try {
      this.setExecution(await this.services.store.get(this.executionId, { force }));
      this.executionError = null;
    } catch (error) {
      this.log.warn(`Loading ${this.executionId} failed`, error);
      this.executionError = toPanelError(error);
    }
    this.postExecution();
  }

  /** Once events load again after a failure, the header (which failed with them) is fetched again too. */
  private recoverHeader(): void {
    if (!this.executionError || this.headerLoading || this.loader.currentPhase !== 'idle' || this.wrongEnvironment)
      return;
    this.headerLoading = true;
    runInBackground(
      this.log,
      'Reloading the execution header',
      this.loadHeader(true).finally(() => {
        this.headerLoading = false;
        this.updateTail();
      }),
    );
  }

  private setExecution(view: ExecutionView): void {
    this.execution = view;
    this.executionError = null;
    this.timeline.setExecution(view);
    this.updateTitle();
    this.postExecution();
    if (this.ready) this.graph?.update(view);
  }

  private graphFeed(): GraphFeed {
    this.graph ??= new GraphFeed(
      pinnedToEnvironment(this.services.api, this.environment),
      (m) => this.post(m),
      graphLayoutModule,
    );
    return this.graph;
  }

  private loadGraph(requestId: number): Promise<void> {
    return this.graphFeed().load(requestId, this.execution);
  }

  /** One live-tail tick (or a manual refresh): new events from the cursor, then the header. */
  async tick(manual: boolean): Promise<boolean> {
    if (this.ticking || this.wrongEnvironment) return this.isTerminal();
    this.ticking = true;
    try {
      const before = this.loader.events.length;
      const phase = this.loader.currentPhase;
      if (manual && (phase === 'error' || phase === 'waiting')) await this.loader.retry();
      // The tail only fetches once the user has reached the end; before that, Load more pages the history.
      else if (
        !this.loader.busy &&
        phase !== 'waiting' &&
        phase !== 'error' &&
        (this.reachedEnd || !this.loader.hasMore || manual)
      ) {
        await this.loader.pollPages(TAIL_PAGES_PER_TICK);
      }
      if (!this.loader.hasMore) this.reachedEnd = true;
      this.ticks++;
      const gotNew = this.loader.events.length > before;
      if (manual || gotNew || this.ticks % 3 === 0 || !this.execution) await this.loadHeader(true);
      if (manual) this.updateTail();
      return this.isTerminal();
    } finally {
      this.ticking = false;
    }
  }

  private onEnvironmentChange(): void {
    const wrong = this.wrongEnvironment;
    if (wrong) this.loader.cancel();
    this.tail.setSuspended(wrong);
    this.postExecution();
    if (!wrong && (!this.execution || this.executionError))
      runInBackground(this.log, 'Loading the execution', this.start());
  }

  receive(raw: unknown): void {
    handleWebviewMessage(this.port, raw);
  }

  /** What the webview's messages may do to this panel (panelMessages.ts sees nothing else). */
  private createPort(): PanelPort {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the getters below read live panel state
    const panel = this;
    const target: ActionTarget = {
      environment: this.environment,
      executionId: this.executionId,
      get wrongEnvironment() {
        return panel.wrongEnvironment;
      },
      findEvent: (seq) => this.loader.find(seq),
      openDocument: (event) => this.services.documents.open(this.environment, this.executionId, event),
      pin: () => this.services.pins.pin(this.environment, this.executionId),
      unpin: () => this.services.pins.unpin(this.environment, this.executionId),
      export: () => this.export(),
    };
    const answered = (requestId: number) => (started: boolean) => started || this.postStatus(requestId);
    return {
      executionId: this.executionId,
      get wrongEnvironment() {
        return panel.wrongEnvironment;
      },
      get headerFailed() {
        return panel.executionError !== null;
      },
      rejected: () => ++this.rejectedMessages,
      noteRequest: (requestId) => this.noteRequest(requestId),
      ready: () => this.onReady(),
      postExecution: () => this.postExecution(),
      loadMore: (requestId) => this.loader.loadMore(requestId).then(answered(requestId)),
      loadAll: (requestId) => this.loader.loadAll(requestId).then(answered(requestId)),
      cancelLoad: (requestId) => this.loader.cancel(requestId),
      retryEvents: (requestId) => this.loader.retry(requestId),
      refresh: () => this.tick(true),
      setTailPaused: (paused) => this.tail.setPaused(paused),
      action: (action) => runAction(target, action),
      writeAction: (action, stepId) => Promise.resolve(this.writeAction(action, stepId)),
      copyEvent: (seq) => copyEvent(target, seq),
      openEvent: (seq) => openEvent(target, seq),
      savePrefs: (prefs) => {
        this.services.prefs
          .set(prefs)
          .then(undefined, (error: unknown) => this.log.warn('Could not save the panel filters', error));
      },
      probeResult: (requestId, stats) => this.probes.answer(requestId, stats),
      loadGraph: (requestId) => this.loadGraph(requestId),
      loadNodeDetail: (requestId, nodeId) => this.graphFeed().selectNode(requestId, nodeId, this.execution),
      log: (level, message, error) => this.log[level](message, error),
    };
  }

  /** The webview (re)loaded: send everything it needs. */
  onReady(): void {
    this.ready = true;
    this.newestRequestId = 0; // a new webview numbers its requests from 1 again
    this.post({
      type: 'init',
      protocol: PROTOCOL_VERSION,
      generation: this.loader.generation,
      environment: this.environment,
      activeEnvironment: this.services.environments.active.name,
      executionId: this.executionId,
      pinned: this.services.pins.isPinned(this.environment, this.executionId),
      prefs: this.services.prefs.get(),
      execution: this.panelExecution(),
      executionError: this.executionError,
      writeActions: this.writeOffers(),
    });
    this.postEvents(this.loader.events, null, false);
    this.postStatus(null);
    this.timeline.flush();
    if (this.pendingStep !== undefined) this.post({ type: 'focusStep', stepId: this.pendingStep });
    this.pendingStep = undefined;
    if (this.pendingTab !== undefined) this.post({ type: 'showTab', tab: this.pendingTab });
    this.pendingTab = undefined;
    if (this.pendingSeq !== undefined) this.post({ type: 'focusEvent', seq: this.pendingSeq });
    this.pendingSeq = undefined;
  }

  /** Brings a tab to the front, now or as soon as the webview is ready. */
  showTab(tab: PanelTab): void {
    if (this.ready) this.post({ type: 'showTab', tab });
    else this.pendingTab = tab;
  }

  /** Selects one event and opens its detail, now or as soon as the webview is ready. */
  focusEvent(seq: number): void {
    if (this.ready) this.post({ type: 'focusEvent', seq });
    else this.pendingSeq = seq;
  }

  /** Filters the stream to one step, now or as soon as the webview is ready. */
  focusStep(stepId: string): void {
    if (this.ready) this.post({ type: 'focusStep', stepId });
    else this.pendingStep = stepId;
  }

  private postEvents(events: readonly ExecutionEvent[], requestId: number | null, live: boolean): void {
    if (!this.ready || events.length === 0) return; // the replay on `ready` sends them
    for (const message of eventsMessages(events, this.loader.generation, requestId, live)) this.post(message);
  }

  post(message: HostToWebview): void {
    // A load that finishes after the user closed the panel has nowhere to go (the webview getter would throw).
    if (!this.ready || this.isDisposed) return;
    this.panel.webview.postMessage(boundMessage(message)).then(undefined, (error: unknown) => {
      this.log.debug(
        `A message to the closed webview of ${this.executionId} was dropped: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  }

  /**
   * Statuses are whole snapshots and answer the newest request seen so far, so the webview's rule
   * "drop a reply older than the newest answered" only ever drops messages that arrive out of order.
   */
  postStatus(requestId: number | null): void {
    const answers = requestId === null ? null : Math.max(requestId, this.newestRequestId);
    this.post({
      type: 'status',
      generation: this.loader.generation,
      requestId: answers,
      loader: this.loader.status(),
      tail: this.tail.status(),
    });
  }

  noteRequest(requestId: number): void {
    this.newestRequestId = Math.max(this.newestRequestId, requestId);
  }

  postExecution(): void {
    this.post({
      type: 'execution',
      execution: this.panelExecution(),
      executionError: this.wrongEnvironment
        ? { kind: 'wrongEnvironment', message: `This execution belongs to ${this.environment}.`, retryInMs: null }
        : this.executionError,
      pinned: this.services.pins.isPinned(this.environment, this.executionId),
      activeEnvironment: this.services.environments.active.name,
      writeActions: this.writeOffers(),
    });
  }

  /** None while the panel shows another environment than the active one (writes go to the active one). */
  private writeOffers(): PanelWriteOffer[] {
    return panelWriteOffers(this.wrongEnvironment ? undefined : this.execution, this.services.actions.isEnabled());
  }

  /** The header's write buttons run the same commands as the tree, with the plain argument object. */
  private writeAction(action: PanelWriteAction, stepId: string | null): Thenable<unknown> {
    const command =
      action === 'approve'
        ? Commands.approveStep
        : action === 'reject'
          ? Commands.rejectStep
          : Commands.cancelExecution;
    const arg = {
      environment: this.environment,
      executionId: this.executionId,
      ...(stepId !== null ? { stepId } : {}),
    };
    return vscode.commands.executeCommand(command, arg);
  }

  private panelExecution() {
    return this.execution ? toPanelExecution(this.execution) : null;
  }

  private updateTitle(): void {
    this.panel.title = panelTitle(this.executionId, this.execution?.definitionId);
  }

  /** The timeline as it is posted to the webview (tests and diagnostics). */
  timelineModel(): TimelineModel | null {
    return this.timeline.current();
  }

  /** Asks the webview what it shows (tests and diagnostics). */
  probe(timeoutMs = 5000): Promise<ProbeStats | undefined> {
    return this.probes.ask((message) => this.post(message), timeoutMs);
  }

  /** Export every event (loaded ones first, then the remaining pages) as JSON Lines. */
  export(target?: vscode.Uri): Promise<ExportResult> {
    return exportEvents(
      {
        executionId: this.executionId,
        environment: this.environment,
        activeEnvironment: () => this.services.environments.active.name,
        api: this.services.api,
        pageSize: this.services.config.eventsPageSize,
        loaded: this.loader.events.slice(),
        cursor: this.loader.cursorState,
      },
      target,
    );
  }

  snapshot() {
    return {
      environment: this.environment,
      executionId: this.executionId,
      title: this.panel.title,
      visible: this.panel.visible,
      ready: this.ready,
      loaded: this.loader.events.length,
      loader: this.loader.status(),
      tail: this.tail.status(),
      executionStatus: this.execution?.status ?? null,
      executionError: this.executionError,
      rejectedMessages: this.rejectedMessages,
    };
  }

  override dispose(): void {
    if (this.isDisposed) return;
    super.dispose();
    this.panel.dispose();
  }
}
