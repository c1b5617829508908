// Simulated people and traffic for the living demo: reviewers who decide after a delay, an operator
// who cancels, runs that wait for the user; and a stream of new runs of the seeded definitions
// every 20–40 s, bounded in number, so something always happens. Seeded, so `--seed N` repeats it.
import { rngFrom, type Rng } from '../random';
import type { JsonObject } from '../types';
import { recordReviewerDecision, cancelExecution } from './actions';
import type { Engine } from './engine';
import type { LogEntry } from './model';
import { reviewersOf } from './nodes';
import type { Run } from './run';

/** What the simulated people do with one run. */
export type Plan = 'approve' | 'reject-once' | 'reject' | 'wait' | 'cancel';
const PLANS: readonly Plan[] = ['approve', 'approve', 'approve', 'reject-once', 'reject', 'wait', 'cancel'];

export interface TrafficOptions {
  minGapMs?: number;
  maxGapMs?: number;
  maxLive?: number;
  waitingRunTtlMs?: number;
}

const HEARTBEAT_MS = 5000;
const QUIET_MS = 15_000;
const DEFINITIONS = [
  'marketing-copy-approval',
  'doc-signoff',
  'vendor-onboarding',
  'contract-review',
  'invoice-approval',
];

export class Actors {
  private readonly plans = new Map<string, { plan: Plan; rejected: boolean }>();
  private readonly rng: Rng;
  private readonly live = new Set<string>();
  private stopped = false;
  private counter = 0;
  private lastEventAt = 0;

  constructor(
    private readonly engine: Engine,
    seed: number,
    private readonly options: TrafficOptions = {},
  ) {
    this.rng = rngFrom(seed ^ 0x5eed);
    engine.executor.onEvent((run, entry) => {
      this.lastEventAt = entry.timestamp;
      this.onEvent(run, entry);
    });
  }

  /** Puts simulated people on a run. */
  assign(run: Run, plan: Plan): void {
    this.plans.set(run.executionId, { plan, rejected: false });
    this.live.add(run.executionId);
    const ttl =
      plan === 'cancel' ? 45_000 : plan === 'wait' ? (this.options.waitingRunTtlMs ?? 10 * 60_000) : undefined;
    if (ttl !== undefined) {
      run.timers.push(
        this.engine.timers.after(ttl, () => {
          cancelExecution(this.engine, {
            executionId: run.executionId,
            reason:
              plan === 'cancel' ? 'Superseded by a newer request' : 'Nobody reviewed it in time (sandbox operator)',
          });
          // A run waiting for the user is always there: the next one replaces the one aged out.
          if (plan === 'wait' && !this.stopped) this.dispatchOne('wait');
        }),
      );
    }
  }

  /** Starts dispatching a new run every minGap–maxGap ms (workflow time), at most maxLive at once. */
  startTraffic(): void {
    for (let i = 0; i < 3; i++) this.dispatchOne(i === 0 ? 'wait' : undefined);
    this.scheduleNext();
    this.heartbeat();
  }

  /** Something changes at least every 20 s: after 15 quiet seconds a run is dispatched (hard cap maxLive + 4). */
  private heartbeat(): void {
    this.engine.timers.after(HEARTBEAT_MS, () => {
      if (this.stopped) return;
      this.prune();
      if (
        this.engine.now() - this.lastEventAt >= QUIET_MS / this.engine.timers.timeScale &&
        this.live.size < (this.options.maxLive ?? 12) + 4
      )
        this.dispatchOne();
      this.heartbeat();
    });
  }

  private prune(): void {
    for (const id of this.live) if (this.engine.get(id)?.terminal !== false) this.live.delete(id);
  }

  stop(): void {
    this.stopped = true;
  }

  private scheduleNext(): void {
    const min = this.options.minGapMs ?? 20_000;
    const max = this.options.maxGapMs ?? 40_000;
    this.engine.timers.after(min + Math.floor(this.rng() * (max - min)), () => {
      if (this.stopped) return;
      this.prune();
      const waiting = [...this.live].some((id) => this.plans.get(id)?.plan === 'wait');
      if (this.live.size < (this.options.maxLive ?? 12)) this.dispatchOne(waiting ? undefined : 'wait');
      this.scheduleNext();
    });
  }

  private dispatchOne(forced?: Plan): void {
    const definitionId = DEFINITIONS[Math.floor(this.rng() * DEFINITIONS.length)]!;
    const n = ++this.counter;
    const triggerContext: JsonObject = {
      documentUrl: `https://app.acme.example/docs/${1000 + n}`,
      title: n % 4 === 0 ? `URGENT: request ${n}` : `Request ${n}`,
      amount: Math.floor(this.rng() * 20_000),
    };
    const result = this.engine.dispatch({ definitionId, triggerContext, idempotencyKey: `sandbox-traffic-${n}` });
    if (result.ok && !result.deduplicated)
      this.assign(result.run, forced ?? PLANS[Math.floor(this.rng() * PLANS.length)]!);
  }

  private onEvent(run: Run, entry: LogEntry): void {
    const assigned = this.plans.get(run.executionId);
    if (!assigned || entry.type !== 'step.awaiting-approval' || entry.stepId === null) return;
    const step = run.steps.get(entry.stepId);
    if (!step || step.nodeType !== 'human' || assigned.plan === 'wait' || assigned.plan === 'cancel') return;
    const reviewers = reviewersOf(run.definition.runtime.nodes.get(step.nodeId)!);
    const rejectNow = assigned.plan === 'reject' || (assigned.plan === 'reject-once' && !assigned.rejected);
    if (rejectNow) assigned.rejected = true;
    const deciders = rejectNow
      ? reviewers.filter((r) => r.mandatory).slice(0, 1)
      : reviewers.filter((r) => r.mandatory);
    let delay = 0;
    for (const reviewer of deciders) {
      delay += 8000 + Math.floor(this.rng() * 20_000);
      step.timers.push(
        this.engine.timers.after(delay, () => {
          recordReviewerDecision(this.engine, {
            executionId: run.executionId,
            stepId: step.stepId,
            reviewerId: reviewer.userId,
            decision: rejectNow ? 'reject' : 'approve',
            ...(rejectNow ? { reason: 'Please tighten the wording' } : {}),
          });
        }),
      );
    }
  }
}
