// Event builders shared by the webview unit tests.
import type { PanelEvent } from '../../../src/panel/protocol';

export const T0 = Date.UTC(2026, 3, 28, 11, 8, 24, 364);

export function ev(
  seq: number,
  type = 'step.completed',
  data: unknown = null,
  stepId: string | null = `step_node-${seq % 3}_1777374504255_abcdef`,
): PanelEvent {
  return {
    seq,
    eventId: `evt_${seq}`,
    type,
    stepId: type.startsWith('execution.') ? null : stepId,
    timestamp: T0 + seq * 10,
    correlationId: 'corr_1',
    data,
  };
}

export function range(from: number, to: number, step = 1): number[] {
  const out: number[] = [];
  for (let i = from; i <= to; i += step) out.push(i);
  return out;
}
