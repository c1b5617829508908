// What a panel needs from the rest of the extension, passed in by the registry (no ExtensionContext).
import type * as vscode from 'vscode';
import type { WorkflowApi } from '../api';
import type { Environments } from '../auth/environments';
import type { Config } from '../config';
import type { ExecutionStore } from '../state/executionStore';
import type { PinnedExecutions } from '../state/pins';
import type { PanelPrefs } from './panelPrefs';
import type { EventDocuments } from './payloadDocuments';

export interface PanelServices {
  api: WorkflowApi;
  store: ExecutionStore;
  pins: PinnedExecutions;
  environments: Environments;
  config: Config;
  extensionUri: vscode.Uri;
  /** Per-workspace memory of the filters and time format. */
  prefs: PanelPrefs;
  documents: EventDocuments;
  /** Whether write actions are on for the active environment, and when that may have changed. */
  actions: { isEnabled(): boolean; onDidChange: vscode.Event<void> };
}
