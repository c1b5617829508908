// The live-tail schedule for one panel: ticks every `visibleMs` while the panel is visible, every
// `hiddenMs` while hidden, not at all while paused or suspended, and never again once a
// tick reports that the execution is over. One tick at a time. vscode-free (injected clock).
import type { TailState, TailStatus } from './protocol';
import { systemClock, type Clock } from '../util/clock';

export interface LiveTailOptions {
  intervals: () => { visibleMs: number; hiddenMs: number };
  /** Resolves true when the execution is terminal: the tail then stops for good. */
  tick: () => Promise<boolean>;
  onChange: () => void;
  clock?: Clock;
}

export class LiveTail {
  private started = false;
  private stopped = false;
  private paused = false;
  private suspended = false;
  private visible = true;
  private running = false;
  private timer: unknown;
  private readonly clock: Clock;

  constructor(private readonly options: LiveTailOptions) {
    this.clock = options.clock ?? systemClock;
  }

  get state(): TailState {
    if (this.stopped) return 'stopped';
    if (!this.started || this.suspended) return 'off';
    if (this.paused) return 'paused';
    return this.visible ? 'live' : 'slow';
  }

  get intervalMs(): number {
    const { visibleMs, hiddenMs } = this.options.intervals();
    const visible = Math.max(500, visibleMs);
    return this.visible ? visible : Math.max(visible, hiddenMs);
  }

  status(): TailStatus {
    return { state: this.state, intervalMs: this.intervalMs };
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Begins polling (first tick after one interval). */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.schedule(this.intervalMs);
    this.options.onChange();
  }

  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    // Becoming visible catches up at once; becoming hidden just stretches the next wait.
    this.schedule(visible ? 0 : this.intervalMs);
    this.options.onChange();
  }

  setPaused(paused: boolean): void {
    if (paused === this.paused) return;
    this.paused = paused;
    this.schedule(0);
    this.options.onChange();
  }

  /** Stops ticking without the user's pause (e.g. another environment is active). */
  setSuspended(suspended: boolean): void {
    if (suspended === this.suspended) return;
    this.suspended = suspended;
    this.schedule(0);
    this.options.onChange();
  }

  /** Ends the tail for good (terminal execution). */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.clear();
    this.options.onChange();
  }

  dispose(): void {
    this.stopped = true;
    this.clear();
  }

  private get active(): boolean {
    return this.started && !this.stopped && !this.paused && !this.suspended;
  }

  private clear(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(delay: number): void {
    this.clear();
    if (!this.active) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      void this.fire(); // Deliberate: fire() catches a failed tick and plans the next one.
    }, delay);
  }

  private async fire(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    let over = false;
    try {
      over = await this.options.tick();
    } catch {
      over = false;
    } finally {
      this.running = false;
    }
    if (over) this.stop();
    else this.schedule(this.intervalMs);
  }
}
