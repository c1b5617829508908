// The "oversize" run: fields exactly at and one past the execution panel's protocol bounds, mixed into
// ordinary pages, so a client that posts them unchanged gets whole batches dropped by its webview. The
// API itself puts no length limit on these fields. Failed, fixed in time, long before every other seed
// (it is the last item of `list`).
// Scripted, not an engine run: the definition id and step id here break the API's own id patterns.
import type { WireEvent, WireExecution } from './types';
import type { ExecutionModel } from './types';
import { SANDBOX_EXECUTIONS, idTimestamp, startedAtFromId } from './roles';

/** The bounds the panel's protocol puts on these fields (src/panel/protocol.ts), repeated: the sandbox imports no client code. */
export const OVERSIZE = Object.freeze({
  eventId: 2000,
  type: 2000,
  stepId: 10_000,
  correlationId: 10_000,
  definitionId: 10_000,
  failureMessage: 100_000,
  /** A payload far past the panel's 32 KB preview limit. */
  payloadChars: 300_000,
  /** Ordinary events around the oversize ones. */
  events: 600,
});

const TICK_MS = 50;
const FAILED_SEQ = OVERSIZE.events + 1;

export class OversizeExecution implements ExecutionModel {
  readonly executionId = SANDBOX_EXECUTIONS['oversize']!;
  readonly definitionId = `oversize-${'d'.repeat(OVERSIZE.definitionId - 'oversize-'.length + 1)}`;
  readonly startedAt = startedAtFromId(this.executionId);
  private readonly stepId = `step_${'s'.repeat(OVERSIZE.stepId)}_${idTimestamp(this.executionId)}_0v3rsz`;
  private readonly failure = { code: 'oversize', message: `failure ${'m'.repeat(OVERSIZE.failureMessage)}` };

  visibleSeq(): number {
    return FAILED_SEQ;
  }

  eventAt(seq: number): WireEvent | null {
    if (!Number.isInteger(seq) || seq < 1 || seq > FAILED_SEQ) return null;
    const event: WireEvent = {
      eventId: `evt_0v3rsz_${seq}`,
      seq,
      type: 'step.completed',
      stepId: this.stepId.slice(0, 40),
      timestamp: this.startedAt + seq * TICK_MS,
      correlationId: 'corr_oversize',
      data: { n: seq },
    };
    switch (seq) {
      case 1:
        return {
          ...event,
          type: 'execution.dispatched',
          stepId: null,
          data: { definitionId: this.definitionId, rootStepIds: [this.stepId] },
        };
      case 2:
        return { ...event, eventId: `evt_${'i'.repeat(OVERSIZE.eventId - 3)}` }; // exactly at the bound
      case 3:
        return { ...event, eventId: `evt_${'i'.repeat(OVERSIZE.eventId - 3)}x` }; // one past it
      case 4:
        return { ...event, type: `step.${'t'.repeat(OVERSIZE.type)}` };
      case 5:
        return { ...event, stepId: this.stepId, correlationId: `corr_${'c'.repeat(OVERSIZE.correlationId)}` };
      case 6:
        return { ...event, data: { responseText: 'p'.repeat(OVERSIZE.payloadChars) } };
      case FAILED_SEQ:
        return { ...event, type: 'execution.failed', stepId: null, data: { failureReason: this.failure.message } };
      default:
        return event;
    }
  }

  view(_now: number, withSteps: boolean): WireExecution {
    return {
      executionId: this.executionId,
      status: 'failed',
      startedAt: this.startedAt,
      completedAt: this.startedAt + FAILED_SEQ * TICK_MS,
      cancelledAt: null,
      definitionId: this.definitionId,
      definitionVersion: 1,
      correlationId: 'corr_oversize',
      idempotencyKey: null,
      failureReason: this.failure,
      steps: withSteps
        ? [
            {
              stepId: this.stepId,
              nodeId: 'oversize',
              nodeType: 'webhook',
              status: 'failed',
              groupId: null,
              startedAt: this.startedAt,
              completedAt: this.startedAt + TICK_MS,
              output: { responseText: 'p'.repeat(OVERSIZE.payloadChars) },
              error: this.failure,
            },
          ]
        : [],
    };
  }
}
