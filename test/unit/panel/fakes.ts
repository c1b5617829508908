// A manual clock and a scripted events API for the panel's host-side logic.
import { ApiError } from '../../../src/api/errors';
import type { CallOptions, WorkflowApi } from '../../../src/api/client';
import { refuseWrite } from '../api/refusingWrites';
import type { EventsPage, ExecutionEvent, GetEventsRequest } from '../../../src/api/schemas';
import type { Clock } from '../../../src/util/clock';

export class ManualClock implements Clock {
  private time = 1_000_000;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  now(): number {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  get pending(): number[] {
    return [...this.timers.values()].map((t) => t.at - this.time).sort((a, b) => a - b);
  }

  /** Advances time, running due timers in order (and letting their promises settle). */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].fn();
      await settle();
    }
    this.time = end;
    await settle();
  }
}

export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise((r) => setImmediate(r));
}

export function event(seq: number, type = 'step.completed'): ExecutionEvent {
  return {
    eventId: `evt_${seq}`,
    seq,
    type,
    stepId: type.startsWith('step.') ? `step_n_${seq}` : null,
    timestamp: 1_777_374_504_364 + seq,
    correlationId: 'corr',
    data: { n: seq },
  };
}

type Answer = (request: GetEventsRequest, index: number) => EventsPage | Promise<EventsPage>;

export class FakeEventsApi implements WorkflowApi {
  readonly requests: GetEventsRequest[] = [];
  readonly dispatchExecution = refuseWrite;
  readonly cancelExecution = refuseWrite;
  readonly recordReviewerDecision = refuseWrite;
  readonly resolveStep = refuseWrite;
  readonly cancelStep = refuseWrite;
  constructor(public answer: Answer) {}

  /** A stream of `maxSeq` seq numbers where `external(seq)` ones are returned; pageSize counts scanned seqs. */
  static stream(
    maxSeq: () => number,
    external: (seq: number) => boolean = () => true,
    terminalAt?: number,
  ): FakeEventsApi {
    return new FakeEventsApi((request) => {
      const since = request.sinceSeq ?? 0;
      const to = Math.min(maxSeq(), since + (request.pageSize ?? 100));
      const events: ExecutionEvent[] = [];
      for (let s = since + 1; s <= to; s++)
        if (external(s)) events.push(event(s, s === terminalAt ? 'execution.completed' : 'step.completed'));
      return { executionId: 'exec_1', events, nextCursor: to, hasMore: to < maxSeq(), unplaceable: 0 };
    });
  }

  async getEvents(request: GetEventsRequest, options?: CallOptions): Promise<EventsPage> {
    if (options?.signal?.aborted) throw new ApiError('cancelled', 'The request was cancelled.');
    this.requests.push({ ...request });
    return this.answer(request, this.requests.length - 1);
  }
  getExecution(): never {
    throw new Error('not used');
  }
  listExecutions(): never {
    throw new Error('not used');
  }
}
