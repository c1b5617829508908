// The execution panels as activation sees them: the serializer and the event documents' provider are
// registered at once (restored tabs and editors need them), the registry and everything a panel runs
// (dist/panels.js) load when the first panel opens or a restored one is shown. Until then there are no
// panels to find.
import * as vscode from 'vscode';
import { PANEL_VIEW_TYPE } from '../ids';
import { bundleLoader } from '../util/bundle';
import type { ExecutionPanel } from './executionPanel';
import type * as PanelsModule from './index';
import type { ExecutionPanels, ExecutionPanelsServices } from './panels';
import { EventDocuments } from './payloadDocuments';

export type LoadPanelsModule = () => typeof PanelsModule;

export const panelsModule: LoadPanelsModule = bundleLoader('panels.js', 'ExecutionPanels', 'The panel module');

export class LazyExecutionPanels implements vscode.Disposable {
  private loaded: ExecutionPanels | undefined;
  private readonly documents = new EventDocuments();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a panel opens or closes. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly services: Omit<ExecutionPanelsServices, 'documents'>,
    private readonly load: LoadPanelsModule = panelsModule,
  ) {}

  /** The registry, required and built on first use. */
  private get registry(): ExecutionPanels {
    if (!this.loaded) {
      this.loaded = new (this.load().ExecutionPanels)({ ...this.services, documents: this.documents });
      this.loaded.onDidChange(() => this.changed.fire());
    }
    return this.loaded;
  }

  find(environment: string, executionId: string): ExecutionPanel | undefined {
    return this.loaded?.find(environment, executionId);
  }

  get all(): ExecutionPanel[] {
    return this.loaded?.all ?? [];
  }

  /** The panel the user is looking at, if any. */
  get active(): ExecutionPanel | undefined {
    return this.loaded?.active;
  }

  createOrShow(...args: Parameters<ExecutionPanels['createOrShow']>): ExecutionPanel {
    return this.registry.createOrShow(...args);
  }

  /** The graphs of definitions, drawn without a run (Show Definition Graph). */
  get definitionGraphs(): ExecutionPanels['definitionGraphs'] {
    return this.registry.definitionGraphs;
  }

  /** Serializer entry: rebuilds a panel from the state its webview saved. */
  revive(panel: vscode.WebviewPanel, state: unknown): void {
    this.registry.revive(panel, state);
  }

  registerSerializer(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => this.revive(panel, state),
    });
  }

  dispose(): void {
    this.loaded?.dispose();
    this.documents.dispose();
    this.changed.dispose();
  }
}
