// Show Definition Graph: a definition's graph without a run, in the execution panel's webview (same bundle,
// same graph drawing) switched to its definition mode by a `definition` message: only the graph, under the
// definition's name, version and node count. One panel per environment + definition id; opening it again
// reveals it and reads the definition again (it may have a new version). Nothing is revived after a reload
// (no serializer): the panel is one click away in the Definitions view.
import * as vscode from 'vscode';
import { pinnedToEnvironment, type WorkflowApi } from '../api';
import { DEFINITION_GRAPH_VIEW_TYPE } from '../ids';
import { logger, runInBackground } from '../log';
import { inertTitle } from '../util/inertText';
import { Disposable } from '../util/lifecycle';
import { boundMessage } from './bounds';
import { definitionGraph, type DefinitionGraph } from './graph/definitionGraph';
import type { LoadLayoutModule } from './graph/loader';
import { renderPanelHtml, webviewOptions } from './html';
import { toPanelError } from './payload';
import type { HostToWebview, PanelError, ProbeStats } from './protocol';
import { parseWebviewMessage } from './webviewInput';
import { ProbeRequests } from './probeRequests';

const log = logger('definitionGraph');

const keyOf = (environment: string, definitionId: string): string => `${environment}\u0000${definitionId}`;

export interface DefinitionGraphServices {
  api: WorkflowApi;
  extensionUri: vscode.Uri;
  loadLayout: LoadLayoutModule;
}

export class DefinitionGraphPanel extends Disposable {
  private graph: DefinitionGraph | undefined;
  private error: PanelError | null = null;
  private ready = false;
  private loads = 0;
  private readonly probes = new ProbeRequests();
  private readonly api: Pick<WorkflowApi, 'getDefinition'>;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly environment: string,
    readonly definitionId: string,
    private readonly services: DefinitionGraphServices,
  ) {
    super();
    this.api = pinnedToEnvironment(services.api, environment);
    panel.iconPath = vscode.Uri.joinPath(services.extensionUri, 'media', 'velt.svg');
    this.register(panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)));
    this.register(
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false; // the hidden webview is discarded; it says `ready` again
      }),
    );
    panel.webview.html = renderPanelHtml(panel.webview, services.extensionUri, panel.title);
    this.reload();
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** The definition as last read (tests and diagnostics); undefined while loading or after an error. */
  get current(): DefinitionGraph | undefined {
    return this.graph;
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  /** Reads the definition (again) and draws it; a failure is shown in the panel with what to do. */
  reload(): void {
    runInBackground(log, `Drawing ${this.definitionId}`, this.load(++this.loads));
  }

  private async load(load: number): Promise<void> {
    let graph: DefinitionGraph | undefined;
    let error: PanelError | null = null;
    try {
      const definition = await this.api.getDefinition(this.definitionId);
      graph = definitionGraph(definition, (shape) => this.services.loadLayout().layoutGraph(shape));
    } catch (problem) {
      log.warn(`Drawing the graph of ${this.definitionId} failed`, problem);
      const shown = toPanelError(problem);
      error = { ...shown, message: `${shown.message} Run Show Definition Graph again to retry.` };
    }
    if (load !== this.loads || this.isDisposed) return; // a newer load (or none) is what the panel shows
    this.graph = graph;
    this.error = error;
    this.send();
  }

  private receive(raw: unknown): void {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      log.warn(`Dropped an invalid message from the graph of ${this.definitionId}: ${parsed.reason}`);
      return;
    }
    const m = parsed.message;
    if (m.type === 'ready') {
      this.ready = true;
      this.send();
    } else if (m.type === 'probeResult') this.probes.answer(m.requestId, m.stats);
    else if (m.type === 'log') log.warn(`webview: ${m.message}`);
    // Anything else belongs to a run's panel; this webview has no run to act on.
  }

  /** The header, then the graph once the definition has been read. */
  private send(): void {
    const header = this.graph?.header ?? { definitionId: this.definitionId, name: '', version: null, nodes: null };
    this.post({ type: 'definition', environment: this.environment, definition: header, error: this.error });
    if (this.graph)
      this.post({ type: 'graph', requestId: null, layout: this.graph.layout, status: this.graph.status, error: null });
  }

  private post(message: HostToWebview): void {
    if (!this.ready || this.isDisposed) return;
    this.panel.webview.postMessage(boundMessage(message)).then(undefined, (error: unknown) => {
      log.debug(`A message to the closed graph of ${this.definitionId} was dropped: ${String(error)}`);
    });
  }

  /** Asks the webview what it shows (tests and diagnostics). */
  probe(timeoutMs = 5000): Promise<ProbeStats | undefined> {
    return this.probes.ask((message) => this.post(message), timeoutMs);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    super.dispose();
    this.panel.dispose();
  }
}

/** The registry: one definition graph per environment + definition id. */
export class DefinitionGraphPanels implements vscode.Disposable {
  private readonly panels = new Map<string, DefinitionGraphPanel>();

  constructor(private readonly services: DefinitionGraphServices) {}

  find(environment: string, definitionId: string): DefinitionGraphPanel | undefined {
    return this.panels.get(keyOf(environment, definitionId));
  }

  createOrShow(environment: string, definitionId: string): DefinitionGraphPanel {
    const existing = this.find(environment, definitionId);
    if (existing) {
      existing.reveal();
      existing.reload();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      DEFINITION_GRAPH_VIEW_TYPE,
      `${inertTitle(definitionId)} · graph`,
      vscode.ViewColumn.Active,
      webviewOptions(this.services.extensionUri),
    );
    const key = keyOf(environment, definitionId);
    const graph = new DefinitionGraphPanel(panel, environment, definitionId, this.services);
    this.panels.set(key, graph);
    panel.onDidDispose(() => {
      if (this.panels.get(key) === graph) this.panels.delete(key);
      graph.dispose();
    });
    log.info(`Opened the graph of ${definitionId} (${environment})`);
    return graph;
  }

  dispose(): void {
    for (const panel of this.panels.values()) panel.dispose();
    this.panels.clear();
  }
}
