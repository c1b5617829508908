// Every human step waiting for approval across the pinned executions and the first page of running
// executions of the active environment. Nothing here runs its own timer loop: the running list is one target
// of a PollScheduler (same pacing, backoff and Retry-After handling as the pins, through the one request
// module and its shared retry budget), and the listed runs are handed to the ExecutionWatcher, which polls
// them through the shared ExecutionStore like pins. Definitions (declared reviewers, SLAs) come from the
// DefinitionCache, once per id + version.
import * as vscode from 'vscode';
import { isApiError, isCredentialsError, type ExecutionView, type WorkflowApi } from '../api';
import type { Environments } from '../auth/environments';
import { logger } from '../log';
import type { DefinitionCache } from './definitionCache';
import type { ExecutionStore } from './executionStore';
import type { ExecutionWatcher, WatcherIntervals } from './executionWatcher';
import type { PinnedExecutions } from './pins';
import { PollScheduler, type PollOutcome } from './pollScheduler';
import { byUrgency, waitingApprovals, type WaitingApproval } from './waitingSteps';
import { Disposable } from '../util/lifecycle';

/** Running executions looked at besides the pins: the first page of executions/list status=running. */
export const RUNNING_PAGE_SIZE = 25;
/** A definition that could not be read is asked for again after this long, not on every poll. */
const DEFINITION_RETRY_MS = 60_000;
const RUNNING_LIST = 'executions/list:running';
const log = logger('waiting');

export class WaitingApprovals extends Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the approvals (or the list's problem) may have changed. */
  readonly onDidChange = this.changed.event;
  private readonly scheduler: PollScheduler;
  private running: readonly string[] = [];
  private listProblemText: string | undefined;
  private listLoaded = false;
  private readonly definitionFailures = new Map<string, number>();
  private computed: WaitingApproval[] | undefined;

  constructor(
    private readonly api: Pick<WorkflowApi, 'listExecutions'>,
    private readonly pins: PinnedExecutions,
    private readonly store: ExecutionStore,
    private readonly watcher: ExecutionWatcher,
    private readonly environments: Environments,
    private readonly definitions: DefinitionCache,
    intervals: () => WatcherIntervals,
  ) {
    super();
    this.scheduler = new PollScheduler({ fetch: (_id, signal) => this.listRunning(signal), intervals });
    this.registerAll(
      this.changed,
      store.onDidChange(() => this.invalidate()),
      pins.onDidChange(() => this.invalidate()),
      environments.onDidChange(() => this.restart()),
    );
    this.restart();
  }

  /** Waiting human steps, the most urgent first. */
  get approvals(): readonly WaitingApproval[] {
    this.computed ??= this.compute();
    return this.computed;
  }

  /** Why the running executions could not be listed (the pins are still shown). */
  get listProblem(): string | undefined {
    return this.listProblemText;
  }

  /** True once the running list answered (or failed) at least once in this environment. */
  get loaded(): boolean {
    return this.listLoaded;
  }

  setVisible(visible: boolean): void {
    this.scheduler.setVisible(visible);
    this.watcher.setVisible(visible, 'waiting');
  }

  /** List again now and refresh every execution looked at. */
  refresh(): void {
    this.scheduler.refresh(RUNNING_LIST);
    for (const id of this.executionIds()) this.watcher.refresh(id);
  }

  private restart(): void {
    this.running = [];
    this.listProblemText = undefined;
    this.listLoaded = false;
    this.definitionFailures.clear();
    this.watcher.setListed([], 'waiting');
    this.scheduler.setTargets([]);
    if (this.environments.isSignedIn) this.scheduler.setTargets([RUNNING_LIST]);
    this.invalidate();
  }

  private async listRunning(signal: AbortSignal): Promise<PollOutcome> {
    const environment = this.environments.active.name;
    try {
      const page = await this.api.listExecutions(
        { status: 'running', pageSize: RUNNING_PAGE_SIZE },
        { signal, environment },
      );
      if (signal.aborted) return {};
      this.running = page.items.map((item) => item.executionId);
      this.listProblemText = undefined;
      this.listLoaded = true;
      this.watcher.setListed(this.running, 'waiting');
      this.invalidate();
      return {};
    } catch (error) {
      if (signal.aborted || (isApiError(error) && error.kind === 'cancelled')) return { failed: {} };
      this.listProblemText = error instanceof Error ? error.message : String(error);
      this.listLoaded = true;
      log.warn(`Listing running executions failed (${isApiError(error) ? error.kind : 'other'})`);
      this.invalidate();
      const permanent = isCredentialsError(error);
      return { failed: { retryAfterMs: isApiError(error) ? error.retryAfterMs : undefined, permanent } };
    }
  }

  private executionIds(): string[] {
    if (!this.environments.isSignedIn) return [];
    return [...new Set([...this.pins.list(this.environments.active.name), ...this.running])];
  }

  private invalidate(): void {
    this.computed = undefined;
    this.changed.fire();
  }

  private compute(): WaitingApproval[] {
    const environment = this.environments.active.name;
    const all: WaitingApproval[] = [];
    for (const id of this.executionIds()) {
      const execution = this.store.peek(id);
      if (!execution) continue;
      // One bad execution never hides the others.
      try {
        all.push(...waitingApprovals(execution, this.definitionFor(environment, execution)));
      } catch (error) {
        log.warn(`Could not read the waiting steps of ${id}`, error);
      }
    }
    return all.sort(byUrgency);
  }

  /** The remembered definition, or undefined while one request (at most) fetches it. */
  private definitionFor(environment: string, execution: ExecutionView): ReturnType<DefinitionCache['peek']> {
    const { definitionId, definitionVersion } = execution;
    const known = this.definitions.peek(environment, definitionId, definitionVersion);
    if (known || !execution.steps.some((s) => s.nodeType === 'human' && s.status === 'waiting')) return known;
    const failureKey = `${definitionId}\n${definitionVersion}`;
    const failedAt = this.definitionFailures.get(failureKey);
    if (failedAt !== undefined && Date.now() - failedAt < DEFINITION_RETRY_MS) return undefined;
    this.definitions.get(environment, definitionId, definitionVersion).then(
      () => {
        if (environment === this.environments.active.name) this.invalidate();
      },
      (error: unknown) => {
        this.definitionFailures.set(failureKey, Date.now());
        log.warn(`Could not read definition ${definitionId} (${isApiError(error) ? error.kind : 'other'})`);
      },
    );
    return undefined;
  }

  override dispose(): void {
    this.scheduler.dispose();
    super.dispose();
  }
}
