// Events and executions with every text field at its protocol bound or past it (bounds and host → webview tests).
import type { ExecutionEvent, ExecutionView } from '../../../src/api/schemas';
import {
  ERROR_INFO_BOUNDS,
  EVENT_TEXT_BOUNDS,
  EXECUTION_TEXT_BOUNDS,
  STEP_TEXT_BOUNDS,
} from '../../../src/panel/protocol';

const text = (n: number, unit = 'x'): string => unit.repeat(Math.max(0, n));

/** Every text field `extra` characters past its bound (0: exactly at it). */
export function sizedEvent(seq: number, extra: number): ExecutionEvent {
  const b = EVENT_TEXT_BOUNDS;
  return {
    seq,
    eventId: text(b.eventId + extra, 'e'),
    type: text(b.type + extra, 't'),
    stepId: text(b.stepId + extra, 's'),
    timestamp: 1,
    correlationId: text(b.correlationId + extra, 'c'),
    data: { n: seq },
  };
}

export function sizedExecution(extra: number, steps = 3): ExecutionView {
  const e = EXECUTION_TEXT_BOUNDS;
  const s = STEP_TEXT_BOUNDS;
  const error = { code: text(ERROR_INFO_BOUNDS.code + extra), message: text(ERROR_INFO_BOUNDS.message + extra) };
  return {
    executionId: text(e.executionId + extra),
    status: text(e.status + extra),
    startedAt: 1,
    completedAt: null,
    cancelledAt: null,
    definitionId: text(e.definitionId + extra),
    definitionVersion: 1,
    correlationId: text(e.correlationId + extra),
    idempotencyKey: text(e.idempotencyKey + extra),
    failureReason: error,
    steps: Array.from({ length: steps }, (_, i) => ({
      stepId: `${i}${text(s.stepId + extra - String(i).length)}`,
      nodeId: text(s.nodeId + extra),
      nodeType: text(s.nodeType + extra),
      status: text(s.status + extra),
      groupId: text(s.groupId + extra),
      startedAt: 1,
      completedAt: null,
      output: {},
      error,
    })),
  };
}
