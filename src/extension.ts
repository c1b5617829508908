// Composition root: builds services in dependency order, registers features, surfaces failures.
import * as vscode from 'vscode';
import { OperatorActions } from './actions/operatorActions';
import { originOf, userAgent } from './api';
import { CredentialStore } from './auth/credentials';
import { Environments } from './auth/environments';
import type { CommandDeps } from './commands/deps';
import { registerCommands } from './commands/register';
import { registerNavigation, type NavigationFeature } from './commands/navigation';
import { Config } from './config';
import { DefinitionDocuments } from './documents/definitionDocument';
import { DispatchCodeLens } from './documents/dispatchDocuments';
import { RawExecutionDocuments } from './documents/rawExecution';
import { DEFINITION_DOCUMENT_SCHEME, RAW_JSON_SCHEME, SANDBOX_ENVIRONMENT, Settings } from './ids';
import { LazyExecutionPanels } from './panel/lazyPanels';
import { createBuiltInSandbox } from './sandboxHost/builtInSandbox';
import type { SandboxHost } from './sandboxHost/sandboxHost';
import { describeError, initLog, logger, runInBackground } from './log';
import { createExtensionApi, requestModule, type ExtensionApi } from './state/client';
import { EnvironmentStatus } from './status/environmentStatus';
import { BreachNotifier } from './status/breachNotifier';
import { ExecutionNotifier } from './status/notifier';
import { DefinitionCache } from './state/definitionCache';
import { createDispatchGuard } from './state/dispatchGuard';
import { DispatchInputs } from './state/dispatchInputs';
import { WaitingApprovals } from './state/waitingApprovals';
import { ExecutionStore } from './state/executionStore';
import { PinnedExecutions } from './state/pins';
import { RecentlyOpened } from './state/recentlyOpened';
import { ExecutionWatcher } from './state/executionWatcher';
import { registerTrees, type TreeFeature } from './tree/register';
import { registerWorkflowViews, type WorkflowViewsFeature } from './tree/registerWorkflowViews';
import { WebhookSecrets } from './auth/webhookSecrets';
import { registerWebhooks, type WebhooksFeature } from './deliveries/register';
import { readDeliveryLog } from './sandboxHost/deliveryControl';
import { inertMessage } from './util/inertText';

/** What activate returns in test mode: the integration tests reach the running services through it. */
export interface InspectorTestApi {
  environments: Environments;
  credentials: CredentialStore;
  api: ExtensionApi;
  sandbox: SandboxHost;
  store: ExecutionStore;
  pins: PinnedExecutions;
  watcher: ExecutionWatcher;
  trees: TreeFeature;
  workflowViews: WorkflowViewsFeature;
  waitingApprovals: WaitingApprovals;
  globalState: vscode.Memento;
  requestCounts: Map<string, number>;
  navigation: NavigationFeature;
  panels: LazyExecutionPanels;
  actions: OperatorActions;
  webhooks: WebhooksFeature;
}

/**
 * Set by activate: what cannot stop synchronously (the sandbox's child process, the request module's
 * connections). deactivate waits for it; VS Code does not await the disposal of context.subscriptions.
 * The one module-level variable besides the logger.
 */
let stopping: (() => Promise<void>) | undefined;

/** Returns the running services only to the integration tests (ExtensionMode.Test); other extensions get nothing. */
export async function activate(context: vscode.ExtensionContext): Promise<InspectorTestApi | undefined> {
  context.subscriptions.push(initLog('Velt Workflow Inspector'));
  const log = logger('main');
  try {
    const config = new Config();
    log.info(
      `Velt Workflow Inspector ${String(context.extension.packageJSON.version)} on VS Code ${vscode.version} (${vscode.env.appName})`,
    );
    log.info(`Settings: ${config.describe()}`);

    const { host: sandbox, disposable: sandboxFeature } = createBuiltInSandbox(context);
    stopping = () => sandbox.dispose();
    const credentials = new CredentialStore(context.secrets, config);
    const environments = new Environments(config, credentials, sandbox);
    const requestCounts = new Map<string, number>();
    const api = createExtensionApi(environments, config, (path) =>
      requestCounts.set(path, (requestCounts.get(path) ?? 0) + 1),
    );
    const store = new ExecutionStore(api, () => environments.active.name);
    // A restarted sandbox re-runs its seeded ids: the copies of the old process's runs must go.
    context.subscriptions.push(sandbox.onDidRestart(() => store.reload(SANDBOX_ENVIRONMENT)));
    const pins = new PinnedExecutions(context.globalState);
    const pollIntervals = (): { visibleMs: number; hiddenMs: number } => ({
      visibleMs: config.pollIntervalMs,
      hiddenMs: config.hiddenPollIntervalMs,
    });
    const watcher = new ExecutionWatcher(pins, store, environments, pollIntervals);
    const trees = registerTrees({ api, store, pins, watcher, environments, globalState: context.globalState });
    const definitionCache = new DefinitionCache(api);
    const waitingApprovals = new WaitingApprovals(
      api,
      pins,
      store,
      watcher,
      environments,
      definitionCache,
      pollIntervals,
    );
    const workflowViews = registerWorkflowViews({ api, environments, definitionCache, waitingApprovals });
    const breachNotifier = new BreachNotifier(waitingApprovals, () => config.breachWarningMs);
    const rawDocuments = new RawExecutionDocuments(api, () => environments.active.name);
    const definitionDocuments = new DefinitionDocuments(api, () => environments.active.name);
    const actions = new OperatorActions({
      globalState: context.globalState,
      globalStorageUri: context.globalStorageUri,
      environments,
      credentials,
      api,
      store,
      watcher,
    });
    const panels = new LazyExecutionPanels({
      api,
      store,
      pins,
      environments,
      config,
      extensionUri: context.extensionUri,
      workspaceState: context.workspaceState,
      actions,
    });

    const webhooks = registerWebhooks({
      api,
      environments,
      userAgent: userAgent('vscode', `vscode/${vscode.version}`),
      // The log of the sandbox in use; none while another environment is active or the sandbox is not running.
      readDeliveryLog: async () => {
        const running = environments.active.isSandbox ? sandbox.current : undefined;
        return running ? readDeliveryLog(running) : undefined;
      },
    });

    const deps: CommandDeps = {
      config,
      environments,
      credentials,
      api,
      store,
      pins,
      recentlyOpened: new RecentlyOpened(context.globalState),
      extensionUri: context.extensionUri,
      workspaceState: context.workspaceState,
      watcher,
      trees,
      workflowViews,
      waitingApprovals,
      dispatchInputs: new DispatchInputs(context.globalState),
      // The operator actions' guard rail (the environment's actions mode) and action history.
      dispatchGuard: createDispatchGuard({
        isEnabled: (name) => {
          const environment = environments.list().find((e) => e.name === name);
          return environment !== undefined && actions.isEnabled(environment);
        },
        origin: (name) => {
          const environment = environments.list().find((e) => e.name === name);
          return environment ? actions.target(environment).origin : null;
        },
        send: (environment, request) => api.dispatchExecution(request, { environment }),
        record: (entry) => actions.recordWrite(JSON.stringify(entry)),
      }),
      globalStorageUri: context.globalStorageUri,
      panels,
      actions,
      webhooks,
      webhookSecrets: new WebhookSecrets(context.secrets),
      sandbox,
      verifyCredentials: async (baseUrl, apiKey, authToken) => {
        const probe = requestModule().createWorkflowApi({
          // The pair goes only to the host it is being checked against (and is stored for that origin).
          getTarget: () => ({ baseUrl, credentials: { apiKey, authToken, origin: originOf(baseUrl) } }),
          userAgent: userAgent('vscode', `vscode/${vscode.version}`),
          timeoutMs: config.requestTimeoutMs,
          budgets: api.budgets,
        });
        try {
          await probe.listExecutions({ pageSize: 1 }, { noRetry: true });
        } finally {
          await probe.close();
        }
      },
    };

    context.subscriptions.push(
      config,
      credentials,
      environments,
      store,
      pins,
      watcher,
      trees,
      waitingApprovals,
      workflowViews,
      breachNotifier,
      config.onDidChange((affects) => {
        if (affects(Settings.breachWarningMinutes)) breachNotifier.check();
      }),
      sandboxFeature,
      rawDocuments,
      vscode.workspace.registerTextDocumentContentProvider(RAW_JSON_SCHEME, rawDocuments),
      definitionDocuments,
      vscode.workspace.registerTextDocumentContentProvider(DEFINITION_DOCUMENT_SCHEME, definitionDocuments),
      vscode.languages.registerCodeLensProvider(
        { scheme: 'file', pattern: '**/*.velt-dispatch.json' },
        new DispatchCodeLens(),
      ),
      new EnvironmentStatus(environments, pins, store),
      new ExecutionNotifier(pins, store, environments, () => config.notifications),
      panels,
      actions,
      panels.registerSerializer(),
      webhooks,
      ...registerCommands(deps),
    );
    stopping = async () => {
      watcher.dispose(); // no new polls once requests are being closed
      const results = await Promise.allSettled([api.close(), sandbox.dispose()]);
      for (const r of results) if (r.status === 'rejected') log.warn('Stopping failed', r.reason);
    };
    const navigation = registerNavigation(deps);
    context.subscriptions.push(navigation);
    // Not awaited: the keychain read behind it is the slowest part of a start, and nothing here needs its
    // answer. Views show their welcome content when the context keys arrive; the hover and the commands
    // that need the answer wait for it (environments.whenSettled()).
    runInBackground(log, 'Reading the sign-in state', environments.refreshSignedIn(true));
    if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
    return {
      environments,
      credentials,
      api,
      sandbox,
      store,
      pins,
      watcher,
      trees,
      workflowViews,
      waitingApprovals,
      globalState: context.globalState,
      requestCounts,
      navigation,
      panels,
      actions,
      webhooks,
    };
  } catch (error) {
    log.error('Activation failed', error);
    void vscode.window.showErrorMessage(
      `Velt Workflow Inspector could not start: ${inertMessage(describeError(error).split('\n')[0]!)}`,
    );
    throw error;
  }
}

/** Waits for the asynchronous teardown; everything else is owned by context.subscriptions. */
export async function deactivate(): Promise<void> {
  await stopping?.();
  stopping = undefined;
}
