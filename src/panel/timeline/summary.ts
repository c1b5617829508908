// What the timeline needs from the event stream, kept small as events arrive (one entry per step, a few
// markers each), so a run of 100,003 events costs a map of its steps, not a copy of its events: when each
// step began waiting for reviewers and when it ended, and the markers
// (SLA breaches, quorum met, iterations, exhausted loops, execution.*). vscode-free.
import type { ExecutionEvent } from '../../api/schemas';
import { MAX_STEPS, TIMELINE_BOUNDS, type TimelineMarker } from '../protocol';

export interface StepSummary {
  /** The first `step.awaiting-approval`: from here the step waits for reviewers. */
  waitingFrom: number | null;
  /** The first step.completed / failed / cancelled. */
  endedAt: number | null;
  markers: TimelineMarker[];
}

const ENDING_TYPES = new Set(['step.completed', 'step.failed', 'step.cancelled']);

export class TimelineSummary {
  private readonly steps = new Map<string, StepSummary>();
  private readonly groups = new Map<string, TimelineMarker[]>();
  readonly runMarkers: TimelineMarker[] = [];
  /** Run-level markers past the cap (counted, not kept). */
  moreRunMarkers = 0;

  step(stepId: string): StepSummary | undefined {
    return this.steps.get(stepId);
  }

  groupMarkers(groupId: string): readonly TimelineMarker[] {
    return this.groups.get(groupId) ?? [];
  }

  clear(): void {
    this.steps.clear();
    this.groups.clear();
    this.runMarkers.length = 0;
    this.moreRunMarkers = 0;
  }

  /** New events in seq order (each seen once). Unreadable events and unknown types are skipped. */
  add(events: readonly ExecutionEvent[]): void {
    for (const event of events) {
      if (event.unreadable) continue;
      const { type, stepId, timestamp: at } = event;
      if (type.startsWith('execution.')) this.runMarker({ kind: 'execution', at, label: type });
      else if (type === 'group.quorum-met') this.quorumMet(event);
      else if (stepId !== null) this.stepEvent(type, stepId, at, event.data);
    }
  }

  private stepEvent(type: string, stepId: string, at: number, data: unknown): void {
    if (type === 'step.awaiting-approval') {
      const s = this.entry(stepId);
      s.waitingFrom ??= at;
    } else if (ENDING_TYPES.has(type)) {
      const s = this.entry(stepId);
      s.endedAt ??= at;
    } else if (type === 'step.breached') {
      pushCapped(this.entry(stepId).markers, { kind: 'breached', at, label: 'SLA breached' });
    } else if (type === 'loop.iteration-started') {
      const iteration = numberField(data, 'iteration');
      pushCapped(this.entry(stepId).markers, {
        kind: 'iteration',
        at,
        label: iteration === null ? 'Loop iteration started' : `Loop iteration ${iteration} started`,
      });
    } else if (type === 'loop.exhausted') {
      pushCapped(this.entry(stepId).markers, { kind: 'exhausted', at, label: 'Loop exhausted' });
    }
  }

  private quorumMet(event: ExecutionEvent): void {
    const groupId = stringField(event.data, 'groupId');
    const done = numberField(event.data, 'completedTotal');
    const quorum = numberField(event.data, 'quorum');
    const label = done !== null && quorum !== null ? `Quorum met (${done} of quorum ${quorum})` : 'Quorum met';
    const marker: TimelineMarker = { kind: 'quorum', at: event.timestamp, label };
    if (groupId === null) return this.runMarker(marker);
    let markers = this.groups.get(groupId);
    if (!markers) this.groups.set(groupId, (markers = []));
    pushCapped(markers, marker);
  }

  private runMarker(marker: TimelineMarker): void {
    if (this.runMarkers.length < TIMELINE_BOUNDS.runMarkers) this.runMarkers.push(marker);
    else this.moreRunMarkers++;
  }

  /** A step's entry; past MAX_STEPS step ids (a hostile stream) a throwaway one, so memory stays bounded. */
  private entry(stepId: string): StepSummary {
    let s = this.steps.get(stepId);
    if (s) return s;
    s = { waitingFrom: null, endedAt: null, markers: [] };
    if (this.steps.size < MAX_STEPS) this.steps.set(stepId, s);
    return s;
  }
}

function pushCapped(markers: TimelineMarker[], marker: TimelineMarker): void {
  if (markers.length < TIMELINE_BOUNDS.rowMarkers) markers.push(marker);
}

function field(data: unknown, key: string): unknown {
  return typeof data === 'object' && data !== null && !Array.isArray(data)
    ? (data as Record<string, unknown>)[key]
    : undefined;
}

function numberField(data: unknown, key: string): number | null {
  const value = field(data, key);
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function stringField(data: unknown, key: string): string | null {
  const value = field(data, key);
  return typeof value === 'string' && value.length > 0 ? value : null;
}
