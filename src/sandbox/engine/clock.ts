// The engine's sense of time: every delay in a definition (agent runtime, slaMs, reviewer delays,
// webhook retries) is in "workflow ms" and runs `timeScale` times faster on the sandbox clock.
// Timers only fire when someone calls `advance(now)` (the server does before each request and on a
// real-time tick), so a fake clock in tests gives fully deterministic runs.

export interface Clock {
  /** Sandbox time, epoch ms. */
  now(): number;
}

interface Timer {
  id: number;
  dueAt: number;
  order: number;
  run: (at: number) => void;
}

export class TimerQueue {
  private readonly timers = new Map<number, Timer>();
  private nextId = 1;
  private order = 0;
  private running = false;
  /** The moment the engine is "at" while timers run, so their events get their due time, not the poll time. */
  private current: number;

  constructor(
    private readonly clock: Clock,
    readonly timeScale: number,
  ) {
    if (!Number.isFinite(timeScale) || timeScale <= 0) throw new Error('timeScale must be a positive number');
    this.current = clock.now();
  }

  /** Engine time: the due time of the timer being run, else the clock (never going backwards). */
  now(): number {
    if (this.running) return this.current;
    this.current = Math.max(this.current, this.clock.now());
    return this.current;
  }

  /** Schedules `run` after `workflowMs` of workflow time (scaled by timeScale); returns a handle. */
  after(workflowMs: number, run: (at: number) => void): number {
    return this.at(this.now() + Math.max(0, Math.round(workflowMs / this.timeScale)), run);
  }

  at(dueAt: number, run: (at: number) => void): number {
    const id = this.nextId++;
    this.timers.set(id, { id, dueAt, order: this.order++, run });
    return id;
  }

  cancel(id: number | undefined): void {
    if (id !== undefined) this.timers.delete(id);
  }

  get size(): number {
    return this.timers.size;
  }

  /** When the next timer is due (undefined when none is pending): lets a private clock jump timer to timer. */
  nextDueAt(): number | undefined {
    return this.earliest()?.dueAt;
  }

  /** Runs every timer due by `now` in (dueAt, creation) order, including ones they schedule. Bounded. */
  advance(now = this.clock.now()): number {
    if (this.running) return 0;
    this.running = true;
    let ran = 0;
    try {
      for (; ran < 1_000_000; ran++) {
        const next = this.earliest();
        if (!next || next.dueAt > now) break;
        this.timers.delete(next.id);
        this.current = Math.max(this.current, next.dueAt);
        next.run(this.current);
      }
      this.current = Math.max(this.current, now);
    } finally {
      this.running = false;
    }
    return ran;
  }

  private earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const timer of this.timers.values()) {
      if (!best || timer.dueAt < best.dueAt || (timer.dueAt === best.dueAt && timer.order < best.order)) best = timer;
    }
    return best;
  }
}
