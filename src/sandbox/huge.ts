// The "huge" execution: 200,004 seq numbers, 100,003 of them external, computed from the seq number
// alone. Nothing is stored per event, so memory stays flat and a page of 500 costs microseconds.
// Scripted, not an engine run: the documented limits (100 nodes, 20 loop iterations, one callback per
// async step) bound any real run to a few thousand events.
//
// Layout: 1 execution.dispatched · 2 step.started (internal, root) · 3 step.completed (root) ·
// then 50,000 blocks of 4 for 100 webhook fan-out steps × 500 delivery rounds:
// [step.started (internal), step.awaiting-approval, step.resumed (internal), step.completed] ·
// last: execution.completed.
import type { ExecutionModel, WireEvent, WireExecution, WireStep } from './types';
import { SANDBOX_EXECUTIONS, idTimestamp, startedAtFromId } from './roles';

const FAN_OUT = 100;
const ROUNDS = 500;
const BLOCKS = FAN_OUT * ROUNDS;
const FIRST_BLOCK_SEQ = 4;
const LAST_SEQ = FIRST_BLOCK_SEQ + BLOCKS * 4;
/** Gap between consecutive seq numbers' timestamps. */
const TICK_MS = 40;
const BLOCK_TYPES = ['step.started', 'step.awaiting-approval', 'step.resumed', 'step.completed'] as const;

export const HUGE_TOTAL_SEQ = LAST_SEQ;
export const HUGE_EXTERNAL_EVENTS = 3 + BLOCKS * 2;

export class HugeExecution implements ExecutionModel {
  readonly executionId = SANDBOX_EXECUTIONS['huge']!;
  readonly definitionId = 'partner-catalog-sync';
  readonly startedAt = startedAtFromId(this.executionId);
  private readonly rootStepId = `step_fetch-catalog_${idTimestamp(this.executionId)}_kqhzaw`;
  private readonly correlationId = 'corr_catalog_sync_nightly';

  private childStepId(index: number): string {
    return `${this.rootStepId}__to__${childNodeId(index)}`;
  }

  visibleSeq(): number {
    return LAST_SEQ;
  }

  eventAt(seq: number): WireEvent | null {
    if (!Number.isInteger(seq) || seq < 1 || seq > LAST_SEQ) return null;
    const base = {
      eventId: `evt_hug3b4tc_${seq.toString(36).padStart(5, '0')}`,
      seq,
      timestamp: this.startedAt + seq * TICK_MS,
      correlationId: this.correlationId,
    };
    if (seq === 1) {
      return {
        ...base,
        type: 'execution.dispatched',
        stepId: null,
        data: { definitionId: this.definitionId, definitionVersion: 7, rootStepIds: [this.rootStepId] },
      };
    }
    if (seq === 2) return null;
    if (seq === 3)
      return {
        ...base,
        type: 'step.completed',
        stepId: this.rootStepId,
        data: { agentId: '__mock__', synthetic: true, decision: 'approve' },
      };
    if (seq === LAST_SEQ) return { ...base, type: 'execution.completed', stepId: null, data: null };
    const offset = seq - FIRST_BLOCK_SEQ;
    const block = Math.floor(offset / 4);
    const type = BLOCK_TYPES[offset % 4]!;
    if (type === 'step.started' || type === 'step.resumed') return null;
    const child = block % FAN_OUT;
    const round = Math.floor(block / FAN_OUT) + 1;
    const stepId = this.childStepId(child);
    const data =
      type === 'step.awaiting-approval'
        ? { mode: 'async', round, callbackTimeoutMs: 600000 }
        : { nodeType: 'webhook', httpStatus: 200, latencyMs: 80 + ((block * 37) % 400), round };
    return { ...base, type, stepId, data };
  }

  view(_now: number, withSteps: boolean): WireExecution {
    const completedAt = this.startedAt + LAST_SEQ * TICK_MS;
    return {
      executionId: this.executionId,
      status: 'completed',
      startedAt: this.startedAt,
      completedAt,
      cancelledAt: null,
      definitionId: this.definitionId,
      definitionVersion: 7,
      correlationId: this.correlationId,
      idempotencyKey: 'trig:nightly-catalog:2026-11-01',
      failureReason: null,
      steps: withSteps ? this.steps(completedAt) : [],
    };
  }

  private steps(completedAt: number): WireStep[] {
    const root: WireStep = {
      stepId: this.rootStepId,
      nodeId: 'fetch-catalog',
      nodeType: 'agent',
      status: 'completed',
      groupId: null,
      startedAt: this.startedAt + 2 * TICK_MS,
      completedAt: this.startedAt + 3 * TICK_MS,
      output: { agentId: '__mock__', synthetic: true, decision: 'approve' },
      error: null,
    };
    const children = Array.from({ length: FAN_OUT }, (_, index): WireStep => ({
      stepId: this.childStepId(index),
      nodeId: childNodeId(index),
      nodeType: 'webhook',
      status: 'completed',
      groupId: null,
      startedAt: this.startedAt + (FIRST_BLOCK_SEQ + index * 4) * TICK_MS,
      completedAt: completedAt - TICK_MS,
      output: {
        httpStatus: 200,
        responseHeaders: { 'content-type': 'application/json' },
        responseJson: { delivered: true, rounds: ROUNDS },
      },
      error: null,
    }));
    return [root, ...children];
  }
}

function childNodeId(index: number): string {
  return `deliver-partner-${String(index).padStart(2, '0')}`;
}
