// Keeps the pinned executions of the active environment fresh, and the running rows other views list
// (the Executions view): feeds the poll scheduler with both, fetches through the shared store, and remembers the health of each (ok, stale after an error, not
// found, rejected credentials) so views can keep the last good data on screen and say what is wrong.
import * as vscode from 'vscode';
import { isApiError, isCredentialsError, isTerminalStatus, type ApiErrorKind } from '../api';
import type { Environments } from '../auth/environments';
import { logger } from '../log';
import type { ExecutionStore } from './executionStore';
import type { PinnedExecutions } from './pins';
import { PollScheduler } from './pollScheduler';
import { systemClock, type Clock } from '../util/clock';
import { Disposable } from '../util/lifecycle';

export type ExecutionHealth =
  | { state: 'ok' }
  | { state: 'loading' }
  | { state: 'error'; kind: ApiErrorKind; message: string; retryAt: number | undefined };

export interface WatcherIntervals {
  visibleMs: number;
  hiddenMs: number;
}

const log = logger('watcher');
/** How long an execution is polled in a burst after a write (the scheduler's burst length). */
const FOLLOW_AFTER_WRITE_MS = 10_000;

export class ExecutionWatcher extends Disposable implements vscode.Disposable {
  private readonly health = new Map<string, ExecutionHealth>();
  private readonly failures = new Map<string, { kind: ApiErrorKind; message: string }>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with an execution id whose health changed. */
  readonly onDidChangeHealth = this.changed.event;
  private readonly scheduler: PollScheduler;
  /** Running executions other views list, by view; polled like pins until they end (terminal ones never are). */
  private readonly listed = new Map<string, readonly string[]>();
  /** Which views are on screen (in a focused window): any one keeps the visible pace. */
  private readonly visibleViews = new Map<string, boolean>();
  /** Executions written to a moment ago: polled in a burst until the timer ends, listed or not. */
  private readonly following = new Map<string, unknown>();
  private readonly clock: Clock;

  constructor(
    private readonly pins: PinnedExecutions,
    private readonly store: ExecutionStore,
    private readonly environments: Environments,
    intervals: () => WatcherIntervals,
    timers?: Clock,
  ) {
    super();
    this.clock = timers ?? systemClock;
    this.scheduler = new PollScheduler({
      fetch: (id, signal) => this.fetch(id, signal),
      onRescheduled: (id, nextDueAt) => this.onRescheduled(id, nextDueAt),
      intervals,
      timers,
    });
    this.registerAll(
      this.changed,
      pins.onDidChange(() => this.syncTargets()),
      environments.onDidChange(() => {
        this.health.clear();
        this.failures.clear();
        this.listed.clear();
        this.stopFollowing();
        this.scheduler.setTargets([]);
        this.syncTargets();
      }),
    );
    this.syncTargets();
  }

  healthOf(executionId: string): ExecutionHealth {
    return this.health.get(executionId) ?? (this.store.peek(executionId) ? { state: 'ok' } : { state: 'loading' });
  }

  /** `source` names the view(s) reporting; polling keeps the visible pace while any source is visible. */
  setVisible(visible: boolean, source = 'trees'): void {
    this.visibleViews.set(source, visible);
    this.scheduler.setVisible([...this.visibleViews.values()].some(Boolean));
  }

  refresh(executionId?: string): void {
    if (executionId) this.scheduler.refresh(executionId);
    else this.scheduler.refreshAll();
  }

  burst(executionId: string): void {
    this.scheduler.burst(executionId);
  }

  /**
   * After a write: fetch the execution now and poll it in a burst for `forMs`, even when no view lists it
   * (an execution acted on from a hover or the Waiting view), so every view shows the outcome quickly.
   */
  followAfterWrite(executionId: string, forMs = FOLLOW_AFTER_WRITE_MS): void {
    const previous = this.following.get(executionId);
    if (previous !== undefined) this.clock.clearTimeout(previous);
    this.following.set(
      executionId,
      this.clock.setTimeout(() => {
        this.following.delete(executionId);
        this.syncTargets();
      }, forMs),
    );
    this.syncTargets();
    this.scheduler.burst(executionId);
  }

  private stopFollowing(): void {
    for (const timer of this.following.values()) this.clock.clearTimeout(timer);
    this.following.clear();
  }

  get pollingIds(): string[] {
    return this.scheduler.activeIds;
  }

  /**
   * The running executions a list shows, so their rows tick with fresh data through the same store and
   * scheduler as pins. Pass only non-terminal ids: a terminal row never changes, so it is never requested.
   * Each view (`owner`) replaces only its own list.
   */
  setListed(executionIds: readonly string[], owner = 'recent'): void {
    this.listed.set(owner, executionIds);
    this.syncTargets();
  }

  private syncTargets(): void {
    const ids = this.environments.isSignedIn
      ? new Set([
          ...this.pins.list(this.environments.active.name),
          ...[...this.listed.values()].flat(),
          ...this.following.keys(),
        ])
      : [];
    this.scheduler.setTargets([...ids]);
  }

  private async fetch(
    executionId: string,
    signal: AbortSignal,
  ): Promise<{ terminal?: boolean; failed?: { retryAfterMs?: number; permanent?: boolean } }> {
    try {
      const execution = await this.store.get(executionId, { signal, force: true });
      this.setHealth(executionId, { state: 'ok' });
      return { terminal: isTerminalStatus(execution.status) };
    } catch (error) {
      if (isApiError(error) && error.kind === 'cancelled') return { failed: {} };
      const kind: ApiErrorKind = isApiError(error) ? error.kind : 'other';
      const message = error instanceof Error ? error.message : String(error);
      // Not found, bad credentials and bad responses do not fix themselves: wait for the user.
      const permanent =
        isCredentialsError(error) || kind === 'notFound' || kind === 'invalidArgument' || kind === 'insecureUrl';
      const retryAfterMs = isApiError(error) ? error.retryAfterMs : undefined;
      log.warn(`Refreshing ${executionId} failed (${kind})`);
      // Shown once the scheduler has planned the retry (onRescheduled), so the node can count down to it.
      this.failures.set(executionId, { kind, message });
      return { failed: { retryAfterMs, permanent } };
    }
  }

  private onRescheduled(executionId: string, nextDueAt: number | undefined): void {
    const failure = this.failures.get(executionId);
    if (!failure) return;
    this.failures.delete(executionId);
    this.setHealth(executionId, { state: 'error', ...failure, retryAt: nextDueAt });
  }

  private setHealth(executionId: string, next: ExecutionHealth): void {
    const previous = this.health.get(executionId);
    this.health.set(executionId, next);
    if (JSON.stringify(previous) !== JSON.stringify(next)) this.changed.fire(executionId);
  }

  override dispose(): void {
    this.stopFollowing();
    this.scheduler.dispose();
    super.dispose();
  }
}
