// The operator actions' state in the editor: the actions mode of each environment (published for the
// active one as the `velt.actionsEnabled` context key, which every write menu requires), the reviewers a
// user acts as, the audit file and the write service. Features only read isEnabled(); commands perform
// the writes through `writes`.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { originOf } from '../api';
import type { CredentialStore } from '../auth/credentials';
import type { Environment, Environments } from '../auth/environments';
import { ACTION_HISTORY_SCHEME, ContextKeys } from '../ids';
import { logger, runInBackground } from '../log';
import type { ExecutionStore } from '../state/executionStore';
import type { ExecutionWatcher } from '../state/executionWatcher';
import { Disposable } from '../util/lifecycle';
import { ReviewerMemory } from './actors';
import { AUDIT_FILE_NAME, AuditLog } from './auditLog';
import { ActionModes, type ActionsMode } from './modes';
import type { WriteApi } from './writeApi';
import { WriteService, type WriteTarget } from './writeService';

const log = logger('actions');

export interface OperatorActionsDeps {
  globalState: vscode.Memento;
  globalStorageUri: vscode.Uri;
  environments: Environments;
  credentials: CredentialStore;
  api: WriteApi;
  store: ExecutionStore;
  watcher: ExecutionWatcher;
}

export class OperatorActions extends Disposable {
  readonly modes: ActionModes;
  readonly reviewers: ReviewerMemory;
  readonly history: AuditLog;
  readonly writes: WriteService;
  /** The read-only document "Show Action History" opens. */
  readonly historyUri = vscode.Uri.from({ scheme: ACTION_HISTORY_SCHEME, path: '/Velt Action History.jsonl' });
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the active environment's actions mode may have changed. */
  readonly onDidChange = this.changed.event;
  private readonly historyChanged = new vscode.EventEmitter<vscode.Uri>();

  constructor(private readonly deps: OperatorActionsDeps) {
    super();
    this.modes = new ActionModes(deps.globalState);
    this.reviewers = new ReviewerMemory(deps.globalState);
    this.history = new AuditLog(path.join(deps.globalStorageUri.fsPath, AUDIT_FILE_NAME));
    this.writes = new WriteService({
      api: deps.api,
      appendAudit: async (line) => {
        await this.history.append(line);
        this.historyChanged.fire(this.historyUri);
      },
      log,
      knownSecrets: async (environment) => {
        const stored = await deps.credentials.get(environment);
        return stored ? [stored.apiKey, stored.authToken] : [];
      },
      afterWrite: (environment, executionId) => {
        if (environment !== deps.environments.active.name) return;
        deps.watcher.followAfterWrite(executionId);
        runInBackground(log, 'Refreshing after a write', deps.store.get(executionId, { force: true }));
      },
    });
    const unsubscribe = this.modes.onDidChange(() => this.publish());
    this.registerAll(
      this.changed,
      this.historyChanged,
      { dispose: unsubscribe },
      deps.environments.onDidChange(() => this.publish()),
      // A content-provider document is read-only: the history is shown, never edited in place.
      vscode.workspace.registerTextDocumentContentProvider(ACTION_HISTORY_SCHEME, {
        onDidChange: this.historyChanged.event,
        provideTextDocumentContent: () => this.history.read(),
      }),
    );
    this.publish();
  }

  /**
   * Appends a write performed outside the write service (a dispatch) to the action history and the log;
   * a history that cannot be written is logged, never thrown.
   */
  async recordWrite(line: string): Promise<void> {
    log.info(`Action ${line}`);
    try {
      await this.history.append(line);
      this.historyChanged.fire(this.historyUri);
    } catch (error) {
      log.warn(`Could not append to the action history: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Whether writes are on for the environment (the active one by default). */
  isEnabled(environment: Environment = this.deps.environments.active): boolean {
    return this.modes.isEnabled(environment);
  }

  modeOf(environment: Environment = this.deps.environments.active): ActionsMode {
    return this.modes.modeOf(environment);
  }

  setMode(environment: Environment, mode: ActionsMode): Promise<void> {
    return this.modes.setMode(environment, mode);
  }

  /** Where a write to the active environment goes, for the audit line. */
  target(environment: Environment = this.deps.environments.active): WriteTarget {
    let origin: string | null = null;
    try {
      origin = environment.baseUrl !== undefined ? originOf(environment.baseUrl) : null;
    } catch {
      origin = null;
    }
    return { environment: environment.name, origin };
  }

  private publish(): void {
    runInBackground(
      log,
      'Publishing the actions mode',
      vscode.commands.executeCommand('setContext', ContextKeys.actionsEnabled, this.isEnabled()),
    );
    this.changed.fire();
  }
}
