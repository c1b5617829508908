// Decides when each watched execution is fetched: only non-terminal ones, every `visibleMs` while the
// view is visible and the window focused, every `hiddenMs` otherwise, in a short burst after a pin or
// open, with exponential backoff (or the server's Retry-After) after failures. One fetch per id at a
// time. Pure timing logic with injectable timers so it is unit-tested with a fake clock.
import { backoffDelay } from '../api';
import { systemClock, type Clock } from '../util/clock';

export interface PollOutcome {
  /** The execution reached a terminal status: stop polling it for good (until refresh). */
  terminal?: boolean;
  /** The fetch failed; `retryAfterMs` from the server wins over our own backoff. */
  failed?: { retryAfterMs?: number; permanent?: boolean };
}

export interface PollSchedulerOptions {
  fetch: (id: string, signal: AbortSignal) => Promise<PollOutcome>;
  intervals: () => { visibleMs: number; hiddenMs: number };
  timers?: Clock;
  random?: () => number;
  burstMs?: number;
  burstIntervalMs?: number;
  maxBackoffMs?: number;
  /** Called after each fetch once the next one is planned (undefined: no further fetch). */
  onRescheduled?: (id: string, nextDueAt: number | undefined) => void;
}

interface Target {
  nextDueAt: number;
  failures: number;
  terminal: boolean;
  permanentFailure: boolean;
  inFlight: AbortController | undefined;
  burstUntil: number;
}

export class PollScheduler {
  private readonly targets = new Map<string, Target>();
  private readonly timers: Clock;
  private readonly random: () => number;
  private timer: unknown;
  private visible = true;
  private disposed = false;

  constructor(private readonly options: PollSchedulerOptions) {
    this.timers = options.timers ?? systemClock;
    this.random = options.random ?? Math.random;
  }

  /** Replaces the watched set; new ids are fetched at once, removed ones are cancelled. */
  setTargets(ids: readonly string[]): void {
    const wanted = new Set(ids);
    for (const [id, target] of this.targets) {
      if (!wanted.has(id)) {
        target.inFlight?.abort();
        this.targets.delete(id);
      }
    }
    for (const id of ids) {
      if (!this.targets.has(id)) {
        this.targets.set(id, {
          nextDueAt: this.timers.now(),
          failures: 0,
          terminal: false,
          permanentFailure: false,
          inFlight: undefined,
          burstUntil: 0,
        });
      }
    }
    this.schedule();
  }

  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    // Coming back into view: everything still running is due now.
    if (visible)
      for (const target of this.targets.values())
        if (this.isActive(target)) target.nextDueAt = Math.min(target.nextDueAt, this.timers.now());
    this.schedule();
  }

  /** Fetch now, even a terminal or failed execution (the user asked). */
  refresh(id: string): void {
    const target = this.targets.get(id);
    if (!target) return;
    target.terminal = false;
    target.permanentFailure = false;
    target.failures = 0;
    target.nextDueAt = this.timers.now();
    this.schedule();
  }

  refreshAll(): void {
    for (const id of this.targets.keys()) this.refresh(id);
  }

  /** Poll quickly for a short while (after a pin or an open). */
  burst(id: string): void {
    const target = this.targets.get(id);
    if (!target) return;
    target.burstUntil = this.timers.now() + (this.options.burstMs ?? 10_000);
    this.refresh(id);
  }

  /** Ids still being polled (non-terminal and not permanently failed). */
  get activeIds(): string[] {
    return [...this.targets].filter(([, t]) => this.isActive(t)).map(([id]) => id);
  }

  isTerminal(id: string): boolean {
    return this.targets.get(id)?.terminal ?? false;
  }

  /** When the next fetch of `id` is due, for "retrying in N s" labels. */
  nextDueAt(id: string): number | undefined {
    const target = this.targets.get(id);
    return target && this.isActive(target) ? target.nextDueAt : undefined;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    for (const target of this.targets.values()) target.inFlight?.abort();
    this.targets.clear();
  }

  private isActive(target: Target): boolean {
    return !target.terminal && !target.permanentFailure;
  }

  private interval(target: Target): number {
    const now = this.timers.now();
    if (target.burstUntil > now) return this.options.burstIntervalMs ?? 1_000;
    const { visibleMs, hiddenMs } = this.options.intervals();
    return this.visible ? visibleMs : hiddenMs;
  }

  private schedule(): void {
    if (this.disposed) return;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    let earliest = Infinity;
    for (const target of this.targets.values()) {
      if (this.isActive(target) && !target.inFlight) earliest = Math.min(earliest, target.nextDueAt);
    }
    if (earliest === Infinity) return;
    const delay = Math.max(0, earliest - this.timers.now());
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.tick();
    }, delay);
  }

  private tick(): void {
    const now = this.timers.now();
    for (const [id, target] of this.targets) {
      if (this.isActive(target) && !target.inFlight && target.nextDueAt <= now) void this.run(id, target); // Deliberate: run() turns a failed fetch into backoff.
    }
    this.schedule();
  }

  private async run(id: string, target: Target): Promise<void> {
    const controller = new AbortController();
    target.inFlight = controller;
    let outcome: PollOutcome;
    try {
      outcome = await this.options.fetch(id, controller.signal);
    } catch {
      outcome = { failed: {} };
    }
    if (this.disposed || this.targets.get(id) !== target || controller.signal.aborted) return;
    target.inFlight = undefined;
    const now = this.timers.now();
    if (outcome.failed) {
      target.failures++;
      target.permanentFailure = outcome.failed.permanent ?? false;
      // Twice the interval after the first failure, doubling at most six times, ±25 % so pins spread out; the
      // server's Retry-After is a floor here, not a replacement: a poller never speeds up because a server asked.
      const backoff = backoffDelay(Math.min(target.failures, 6), {
        baseMs: this.interval(target) * 2,
        maxMs: this.options.maxBackoffMs ?? 5 * 60_000,
        jitter: 0.75 + this.random() * 0.5,
      });
      target.nextDueAt = now + Math.max(outcome.failed.retryAfterMs ?? 0, backoff);
    } else {
      target.failures = 0;
      target.terminal = outcome.terminal ?? false;
      target.nextDueAt = now + this.interval(target);
    }
    this.options.onRescheduled?.(id, this.isActive(target) ? target.nextDueAt : undefined);
    this.schedule();
  }
}
