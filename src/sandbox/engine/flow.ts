// Parallel groups and loop regions (docs "Parallel groups and quorum policies", "Loop regions"):
// quorum counts approvals, completion counts every terminal member; cancelOnQuorum/joinOnQuorum
// cancel siblings with system:group-quorum; joinOnQuorum owns the fan-out (one group_ successor
// per shared target); a waitAll group as edge source branches by unanimity once all members end.
// A mandatory reviewer's reject on a loop's terminal starts the next iteration (in-flight steps of
// the old one cancelled with loop-restart) or exhausts the loop.
import type { JsonObject } from '../types';
import { TERMINAL_STEP, type GroupDef, type GroupState, type LoopRegion, type Step } from './model';
import type { Executor, FlowRules } from './executor';
import { fanOutStepId, groupStepId } from './ids';
import type { Run } from './run';

export class Flow implements FlowRules {
  constructor(private readonly ex: Executor) {}

  groupKey(run: Run, nodeId: string): string | null {
    const groupId = run.definition.runtime.groupOf.get(nodeId);
    if (groupId === undefined) return null;
    const loop = run.definition.runtime.compiled.loops.find((l) => l.bodyNodeIds.includes(nodeId));
    return `${groupId}@${loop ? (run.loops.get(loop.loopId)?.iteration ?? 1) : 1}`;
  }

  groupSettle(run: Run, step: Step): boolean {
    const group = step.groupId ? run.definition.runtime.groups.get(step.groupId) : undefined;
    if (!group || !step.groupKey || !group.memberNodeIds.includes(step.nodeId)) return false;
    let state = run.groups.get(step.groupKey);
    if (!state) {
      state = { approvals: 0, completed: 0, quorumMet: false, approvedNodes: new Set(), outputs: {}, settled: false };
      run.groups.set(step.groupKey, state);
    }
    state.completed++;
    if (step.status === 'completed' && step.output['decision'] === 'approve') {
      state.approvals++;
      state.approvedNodes.add(step.nodeId);
    }
    if (step.status === 'completed') state.outputs[step.nodeId] = step.output;
    const required = group.requiredNodeIds ?? [];
    if (!state.quorumMet && state.approvals >= group.quorum && required.every((id) => state!.approvedNodes.has(id))) {
      state.quorumMet = true;
      this.ex.emit(run, 'group.quorum-met', null, {
        groupId: group.groupId,
        total: group.memberNodeIds.length,
        quorum: group.quorum,
        completedTotal: state.completed,
        expectedSteps: group.expectedSteps,
      });
      if (group.onQuorumMet === 'cancelOnQuorum' || group.onQuorumMet === 'joinOnQuorum')
        this.cancelSiblings(run, step.groupKey);
      if (group.onQuorumMet === 'joinOnQuorum') this.join(run, group, state);
      else if (group.onQuorumMet === 'cancelOnQuorum') this.collective(run, group, 'approve');
    }
    if (this.settle(run, group, state)) {
      const policy = group.onQuorumMet ?? 'waitAll';
      if (policy === 'waitAll')
        this.collective(run, group, state.approvals === group.expectedSteps ? 'approve' : 'reject');
      else if (!state.quorumMet && this.hasSuccessors(run, group)) {
        this.ex.failRun(run, {
          code: 'group-quorum-not-met',
          message: `Group ${group.groupId} ended with ${state.approvals} of ${group.quorum} approvals`,
        });
      }
    }
    return true;
  }

  /** Marks the group done once expectedSteps members ended; true the first time. */
  private settle(run: Run, group: GroupDef, state: GroupState): boolean {
    if (state.settled || state.completed < group.expectedSteps) return false;
    state.settled = true;
    this.ex.emit(run, 'parallel-group.completed', null);
    return true;
  }

  private cancelSiblings(run: Run, groupKey: string): void {
    for (const sibling of [...run.steps.values()]) {
      if (sibling.groupKey === groupKey && !TERMINAL_STEP.has(sibling.status))
        this.ex.cancelStep(run, sibling, 'system:group-quorum', 'group-quorum-met');
    }
  }

  private hasSuccessors(run: Run, group: GroupDef): boolean {
    return run.definition.runtime.compiled.forwardEdges.some(
      (e) => group.memberNodeIds.includes(e.from) && e.role !== 'exhausted',
    );
  }

  /** joinOnQuorum: one successor per shared target, input { groupOutputs, groupId, quorum, totalApproved }. */
  private join(run: Run, group: GroupDef, state: GroupState): void {
    const targets = new Set(
      run.definition.runtime.compiled.forwardEdges
        .filter(
          (e) =>
            group.memberNodeIds.includes(e.from) &&
            (e.role === 'always' || e.role === 'approve' || e.role === 'custom'),
        )
        .map((e) => e.to),
    );
    const input: JsonObject = {
      groupOutputs: { ...state.outputs },
      groupId: group.groupId,
      quorum: group.quorum,
      totalApproved: state.approvals,
    };
    for (const to of targets) this.ex.schedule(run, to, groupStepId(group.groupId, to), { input, groupId: null });
  }

  /** Edges whose source is the group itself fire once, as one branch. */
  private collective(run: Run, group: GroupDef, decision: 'approve' | 'reject'): void {
    const targets = new Set(
      run.definition.runtime.compiled.forwardEdges
        .filter((e) => e.fromGroupId === group.groupId && (e.role === 'always' || e.role === decision))
        .map((e) => e.to),
    );
    for (const to of targets) this.ex.schedule(run, to, groupStepId(group.groupId, to), { groupId: null });
  }

  loopHandled(run: Run, step: Step): boolean {
    const output = step.output;
    if (step.status !== 'completed' || output['decision'] !== 'reject' || output['rejectorMandatory'] !== true)
      return false;
    const runtime = run.definition.runtime;
    const loop = runtime.compiled.loops.find(
      (l) =>
        runtime.loopFrom.get(l.loopId) === step.nodeId ||
        (step.groupId !== null && runtime.loopFromGroup.get(l.loopId) === step.groupId),
    );
    if (!loop) return false;
    const state = run.loops.get(loop.loopId) ?? { iteration: 1, previousAttempts: [] };
    run.loops.set(loop.loopId, state);
    const rejectedBy = typeof output['rejectedBy'] === 'string' ? output['rejectedBy'] : null;
    const rejectionReason = step.decisions.find((d) => d.decision === 'reject')?.reason ?? null;
    if (state.iteration >= loop.maxIterations) {
      // A group-bounded loop's other members can no longer reach quorum (sandbox choice: end them).
      if (runtime.loopFromGroup.has(loop.loopId)) {
        for (const sibling of [...run.steps.values()])
          if (sibling !== step && sibling.groupKey === step.groupKey && !TERMINAL_STEP.has(sibling.status))
            this.ex.cancelStep(run, sibling, 'system:loop-exhausted', 'loop-exhausted');
      }
      this.ex.emit(run, 'loop.exhausted', step.stepId, {
        loopId: loop.loopId,
        iteration: state.iteration,
        ...(rejectedBy ? { lastRejectedBy: rejectedBy } : {}),
        ...(rejectionReason ? { lastRejectionReason: rejectionReason } : {}),
      });
      if (loop.onExhausted)
        this.ex.schedule(
          run,
          loop.onExhausted.routeToNodeId,
          fanOutStepId(step.stepId, loop.onExhausted.routeToNodeId),
        );
      else
        this.ex.failRun(run, {
          code: 'loop-exhausted',
          message: `Loop ${loop.loopId} hit maxIterations (${loop.maxIterations}) with no on: "exhausted" edge`,
        });
      return true;
    }
    state.previousAttempts.push({
      iteration: state.iteration,
      authorOutput: this.iterationOutput(run, loop, step),
      rejectedBy: rejectedBy ?? '',
      rejectorMandatory: true,
      rejectionReason,
      rejectedAt: step.completedAt ?? this.ex.now(),
    });
    state.iteration++;
    const entryStepId = fanOutStepId(step.stepId, loop.entryNodeId);
    this.ex.emit(run, 'loop.iteration-started', entryStepId, {
      loopId: loop.loopId,
      iteration: state.iteration,
      triggeredBy: 'rejection',
    });
    const restarted = this.downstreamOf(run, loop.entryNodeId);
    for (const other of [...run.steps.values()]) {
      if (other !== step && restarted.has(other.nodeId) && !TERMINAL_STEP.has(other.status))
        this.ex.cancelStep(run, other, 'system:loop-restart', 'loop-restart');
    }
    this.ex.schedule(run, loop.entryNodeId, entryStepId, {
      input: { iteration: state.iteration, loopId: loop.loopId, previousAttempts: state.previousAttempts },
    });
    return true;
  }

  /** The output the author produced in this iteration: the latest completed entry step. */
  private iterationOutput(run: Run, loop: LoopRegion, fallback: Step): JsonObject {
    const entries = [...run.steps.values()].filter((s) => s.nodeId === loop.entryNodeId && s.status === 'completed');
    return (entries.at(-1) ?? fallback).output;
  }

  private downstreamOf(run: Run, nodeId: string): Set<string> {
    const edges = run.definition.runtime.compiled.forwardEdges;
    const seen = new Set([nodeId]);
    const stack = [nodeId];
    while (stack.length > 0) {
      const from = stack.pop()!;
      for (const e of edges)
        if (e.from === from && !seen.has(e.to)) {
          seen.add(e.to);
          stack.push(e.to);
        }
    }
    return seen;
  }
}
