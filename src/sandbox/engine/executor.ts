// The step lifecycle and routing of one execution (velt-api.md §2.2, §3.2, docs "Edge model"):
// schedule → start → (waiting) → terminal, each change writing the documented external event and
// the internal ones that take seq numbers; terminal steps fire their outgoing edges, failures and
// breaches without a recovery edge fail the run, and a run whose steps are all terminal completes.
import type { ErrorInfo } from '../../api/schemas';
import type { Json, JsonObject } from '../types';
import type { Rng } from '../random';
import type { TimerQueue } from './clock';
import { FAN_OUT_ELIGIBLE, TERMINAL_STEP, type CompiledEdge, type Step, type StepStatus, type LogEntry } from './model';
import { holds } from './predicate';
import { fanOutStepId } from './ids';
import type { Run } from './run';

export type EventListener = (run: Run, entry: LogEntry) => void;

/** Node behaviours and group/loop rules plug in here, so this file stays about the lifecycle. */
export interface NodeRunner {
  start(run: Run, step: Step): void;
}
export interface FlowRules {
  /** True when a loop took the rejection (next iteration or exhausted), so normal edges do not fire. */
  loopHandled(run: Run, step: Step): boolean;
  /** Group bookkeeping for a terminal member; true when the node belongs to a group. */
  groupSettle(run: Run, step: Step): boolean;
  /** The scheduling key for a member's group state (fresh per loop iteration). */
  groupKey(run: Run, nodeId: string): string | null;
}

export interface StepOptions {
  input?: JsonObject;
  groupId?: string | null;
}

export class Executor {
  nodes!: NodeRunner;
  flow!: FlowRules;
  private readonly listeners: EventListener[] = [];
  private routing = 0;

  constructor(
    readonly timers: TimerQueue,
    readonly rng: Rng,
  ) {}

  onEvent(listener: EventListener): void {
    this.listeners.push(listener);
  }

  now(): number {
    return this.timers.now();
  }

  emit(run: Run, type: string, stepId: string | null, data: Json = null): void {
    const entry = run.append(type, stepId, this.now(), data);
    for (const listener of this.listeners) listener(run, entry);
  }

  /** Creates and starts a step; an id that already exists is the same step (deterministic ids dedupe). */
  schedule(run: Run, nodeId: string, stepId: string, options: StepOptions = {}): Step | undefined {
    if (run.terminal || run.steps.has(stepId)) return run.steps.get(stepId);
    const node = run.definition.runtime.nodes.get(nodeId);
    if (!node) return undefined;
    const step: Step = {
      stepId,
      nodeId,
      nodeType: node.type,
      status: 'pending',
      groupId: options.groupId !== undefined ? options.groupId : (run.definition.runtime.groupOf.get(nodeId) ?? null),
      startedAt: null,
      completedAt: null,
      output: {},
      error: null,
      input: options.input ?? {},
      retryCount: 0,
      timers: [],
      decisions: [],
      groupKey: this.flow.groupKey(run, nodeId),
    };
    run.steps.set(stepId, step);
    this.emit(run, 'step.scheduled', stepId);
    step.status = 'running';
    step.startedAt = this.now();
    this.emit(run, 'step.started', stepId);
    if (node.slaMs !== undefined) {
      step.timers.push(
        this.timers.after(node.slaMs, () => {
          if (!TERMINAL_STEP.has(step.status))
            this.finish(run, step, 'breached', 'step.breached', { reason: 'sla-exceeded' });
        }),
      );
    }
    this.nodes.start(run, step);
    return step;
  }

  /** Parks a step in `waiting` with its step.awaiting-approval event. */
  wait(run: Run, step: Step, data: Json, output?: JsonObject): void {
    step.status = 'waiting';
    if (output) step.output = output;
    this.emit(run, 'step.awaiting-approval', step.stepId, data);
  }

  /** Moves a step to a terminal status, writes its event, then routes (cancelled steps never fan out). */
  finish(
    run: Run,
    step: Step,
    status: StepStatus,
    type: string,
    data: Json,
    change: { output?: JsonObject; error?: ErrorInfo | null } = {},
  ): void {
    if (run.terminal || TERMINAL_STEP.has(step.status)) return;
    for (const timer of step.timers.splice(0)) this.timers.cancel(timer);
    step.status = status;
    step.completedAt = this.now();
    if (change.output !== undefined) step.output = change.output;
    if (change.error !== undefined) step.error = change.error;
    this.emit(run, type, step.stepId, data);
    if (status === 'cancelled') {
      this.flow.groupSettle(run, step);
      this.rollup(run);
    } else {
      this.route(run, step);
    }
  }

  cancelStep(run: Run, step: Step, actorId: string, reason: string): void {
    this.finish(run, step, 'cancelled', 'step.cancelled', { actorId, reason });
  }

  /** Runs `change` (which may end, cancel and create steps) and rolls the run up only afterwards. */
  batch(run: Run, change: () => void): void {
    this.routing++;
    try {
      change();
    } finally {
      this.routing--;
    }
    this.rollup(run);
  }

  private route(run: Run, step: Step): void {
    this.batch(run, () => this.fanOut(run, step));
  }

  private fanOut(run: Run, step: Step): void {
    if (run.terminal || this.flow.loopHandled(run, step)) return;
    const grouped = this.flow.groupSettle(run, step);
    if (run.terminal) return;
    const group = grouped ? run.definition.runtime.groups.get(step.groupId ?? '') : undefined;
    let fired = 0;
    if (group?.onQuorumMet !== 'joinOnQuorum') {
      for (const edge of this.outgoing(run, step.nodeId)) {
        if (!this.fires(run, step, edge)) continue;
        this.schedule(run, edge.to, fanOutStepId(step.stepId, edge.to));
        fired++;
      }
    }
    if ((step.status === 'failed' || step.status === 'breached') && fired === 0 && !grouped) {
      const code = step.status === 'breached' ? 'step-breached' : (step.error?.code ?? 'step-failed');
      this.failRun(run, { code, message: `Step ${step.stepId} ${step.status} with no recovery edge` });
    }
  }

  private outgoing(run: Run, nodeId: string): CompiledEdge[] {
    return run.definition.runtime.compiled.forwardEdges.filter(
      (e) => e.from === nodeId && !e.fromGroupId && e.role !== 'exhausted',
    );
  }

  /** Whether an edge fires for a terminal step: roles per the docs, custom predicates on eligible statuses. */
  fires(run: Run, step: Step, edge: CompiledEdge): boolean {
    const decision = step.output['decision'];
    switch (edge.role) {
      case 'always':
        return FAN_OUT_ELIGIBLE.has(step.status);
      case 'approve':
        return step.status === 'completed' && decision === 'approve';
      case 'reject':
        return step.status === 'completed' && decision === 'reject';
      case 'custom':
        return (
          FAN_OUT_ELIGIBLE.has(step.status) &&
          holds(edge.when, {
            output: step.output,
            step: { stepId: step.stepId, nodeId: step.nodeId, status: step.status, retryCount: step.retryCount },
            execution: { input: run.triggerContext },
          })
        );
      default:
        return false;
    }
  }

  /** A run whose steps are all terminal (and that has started) completes. */
  rollup(run: Run): void {
    if (this.routing > 0 || run.terminal || run.status === 'pending' || run.steps.size === 0) return;
    for (const step of run.steps.values()) if (!TERMINAL_STEP.has(step.status)) return;
    this.endRun(run, 'completed');
    this.emit(run, 'execution.completed', null, null);
  }

  failRun(run: Run, reason: ErrorInfo): void {
    if (run.terminal) return;
    this.stopActiveSteps(run, 'system:execution', 'execution-failed');
    run.failureReason = reason;
    this.endRun(run, 'failed');
    this.emit(run, 'execution.failed', null, null);
  }

  cancelRun(run: Run, reason: string | undefined): void {
    if (run.terminal) return;
    this.stopActiveSteps(run, 'system:execution-cancel', reason ?? 'execution-cancelled');
    this.endRun(run, 'cancelled');
    this.emit(run, 'execution.cancelled', null, reason === undefined ? {} : { reason });
  }

  /** Steps still active when the run ends are cancelled (the docs are silent; documented sandbox choice). */
  private stopActiveSteps(run: Run, actorId: string, reason: string): void {
    for (const step of run.steps.values()) {
      if (TERMINAL_STEP.has(step.status)) continue;
      for (const timer of step.timers.splice(0)) this.timers.cancel(timer);
      step.status = 'cancelled';
      step.completedAt = this.now();
      this.emit(run, 'step.cancelled', step.stepId, { actorId, reason });
    }
  }

  private endRun(run: Run, status: 'completed' | 'failed' | 'cancelled'): void {
    for (const timer of run.timers.splice(0)) this.timers.cancel(timer);
    run.status = status;
    if (status === 'cancelled') run.cancelledAt = this.now();
    else run.completedAt = this.now();
  }
}
