// The registry: one panel per environment + execution id. createOrShow reveals an existing panel before
// it creates one; a disposed panel leaves the registry; revive rebuilds a panel after a reload from the
// identity the webview stored with setState (the serializer is registered at activation, lazyPanels.ts).
import * as vscode from 'vscode';
import type { PanelTab } from './protocol';
import { PANEL_VIEW_TYPE } from '../ids';
import { logger } from '../log';
import { DefinitionGraphPanels } from './definitionGraphPanels';
import { ExecutionPanel } from './executionPanel';
import { graphLayoutModule } from './graph/loader';
import { webviewOptions } from './html';
import { isPanelTitleOf, panelTitle } from './payload';
import { PanelPrefs, type PrefsMemento } from './panelPrefs';
import type { PanelServices } from './services';
import { parsePersistedIdentity } from './webviewInput';

const log = logger('panels');

export function panelKey(environment: string, executionId: string): string {
  return `${environment}\u0000${executionId}`;
}

export type ExecutionPanelsServices = Omit<PanelServices, 'prefs'> & { workspaceState: PrefsMemento };

export class ExecutionPanels implements vscode.Disposable {
  private readonly panels = new Map<string, ExecutionPanel>();
  private readonly services: PanelServices;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a panel opens or closes. */
  readonly onDidChange = this.changed.event;
  /** The graphs of definitions, drawn without a run (Show Definition Graph). */
  readonly definitionGraphs: DefinitionGraphPanels;

  /** `documents` belongs to the caller (lazyPanels.ts registers it at activation, for restored editors). */
  constructor(services: ExecutionPanelsServices) {
    const { workspaceState, ...rest } = services;
    this.services = { ...rest, prefs: new PanelPrefs(workspaceState) };
    this.definitionGraphs = new DefinitionGraphPanels({
      api: rest.api,
      extensionUri: rest.extensionUri,
      loadLayout: graphLayoutModule,
    });
  }

  find(environment: string, executionId: string): ExecutionPanel | undefined {
    return this.panels.get(panelKey(environment, executionId));
  }

  get all(): ExecutionPanel[] {
    return [...this.panels.values()];
  }

  /** The panel the user is looking at, if any. */
  get active(): ExecutionPanel | undefined {
    return this.all.find((p) => p.panel.active);
  }

  createOrShow(
    environment: string,
    executionId: string,
    options: { stepId?: string; seq?: number; viewColumn?: vscode.ViewColumn; tab?: PanelTab } = {},
  ): ExecutionPanel {
    let execution = this.find(environment, executionId);
    if (execution) {
      execution.reveal();
    } else {
      // A tab restored after a reload but not shown since is not revived yet: take its place, not a second tab.
      const restored = this.unrevivedTab(executionId);
      const panel = vscode.window.createWebviewPanel(
        PANEL_VIEW_TYPE,
        panelTitle(executionId, undefined),
        restored?.group.viewColumn ?? options.viewColumn ?? vscode.ViewColumn.Active,
        webviewOptions(this.services.extensionUri),
      );
      execution = this.adopt(panel, environment, executionId);
      if (restored)
        vscode.window.tabGroups.close(restored).then(undefined, (error: unknown) => {
          log.debug(`Could not close the restored tab of ${executionId}: ${String(error)}`);
        });
    }
    if (options.stepId !== undefined) execution.focusStep(options.stepId);
    if (options.tab !== undefined) execution.showTab(options.tab);
    if (options.seq !== undefined) execution.focusEvent(options.seq);
    return execution;
  }

  /** A panel tab of this execution that no registered panel owns (restored, not revived yet). */
  private unrevivedTab(executionId: string): vscode.Tab | undefined {
    const owned = new Set(this.all.map((p) => p.panel.title));
    return vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .find(
        (tab) =>
          tab.input instanceof vscode.TabInputWebview &&
          tab.input.viewType.endsWith(PANEL_VIEW_TYPE) &&
          isPanelTitleOf(tab.label, executionId) &&
          !owned.has(tab.label),
      );
  }

  /** Serializer entry: rebuilds a panel from the state its webview saved. */
  revive(panel: vscode.WebviewPanel, state: unknown): void {
    const identity = parsePersistedIdentity(state);
    if (!identity) {
      log.warn('Could not restore an execution panel: its saved state is missing or invalid.');
      panel.dispose();
      return;
    }
    const { environment, executionId } = identity;
    if (this.find(environment, executionId)) {
      panel.dispose();
      return;
    }
    this.adopt(panel, environment, executionId);
  }

  private adopt(panel: vscode.WebviewPanel, environment: string, executionId: string): ExecutionPanel {
    const key = panelKey(environment, executionId);
    const execution = new ExecutionPanel(panel, environment, executionId, this.services);
    this.panels.set(key, execution);
    panel.onDidDispose(() => {
      if (this.panels.get(key) === execution) this.panels.delete(key);
      execution.dispose();
      this.changed.fire();
    });
    this.changed.fire();
    log.info(`Opened the panel of ${executionId} (${environment})`);
    return execution;
  }

  dispose(): void {
    for (const panel of this.all) panel.dispose();
    this.panels.clear();
    this.definitionGraphs.dispose();
    this.changed.dispose();
  }
}
