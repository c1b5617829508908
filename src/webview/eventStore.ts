// The webview's copy of the loaded events: kept in seq order, each seq at most once, with counts per
// type and per step for the filter controls. Appends are the fast path; an out-of-order batch is merged.
// Pure (no DOM).
import type { PanelEvent } from '../panel/protocol';

export interface AddResult {
  /** Events that were new. */
  added: number;
  /** True when every new event landed after the previous last one (positions before are unchanged). */
  appendedOnly: boolean;
  /** Store size before the batch, i.e. the position of the first appended event when appendedOnly. */
  previousSize: number;
}

export class EventStore {
  private items: PanelEvent[] = [];
  readonly typeCounts = new Map<string, number>();
  /** Counts per step id; execution-level events count under the empty string. */
  readonly stepCounts = new Map<string, number>();

  get size(): number {
    return this.items.length;
  }

  at(index: number): PanelEvent | undefined {
    return this.items[index];
  }

  get last(): PanelEvent | undefined {
    return this.items[this.items.length - 1];
  }

  /** Position of `seq`, or -1. */
  indexOfSeq(seq: number): number {
    const i = this.lowerBound(seq);
    return i < this.items.length && this.items[i]!.seq === seq ? i : -1;
  }

  /** First position whose seq is >= `seq`. */
  lowerBound(seq: number): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.items[mid]!.seq < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  add(events: readonly PanelEvent[]): AddResult {
    const previousSize = this.items.length;
    let appendedOnly = true;
    let added = 0;
    const late: PanelEvent[] = [];
    for (const event of events) {
      const last = this.items[this.items.length - 1];
      if (last === undefined || event.seq > last.seq) {
        this.items.push(event);
      } else if (this.indexOfSeq(event.seq) === -1 && !late.some((e) => e.seq === event.seq)) {
        late.push(event);
      } else {
        continue;
      }
      this.count(event);
      added++;
    }
    if (late.length > 0) {
      appendedOnly = false;
      this.items = this.items.concat(late).sort((a, b) => a.seq - b.seq);
    }
    return { added, appendedOnly, previousSize };
  }

  clear(): void {
    this.items = [];
    this.typeCounts.clear();
    this.stepCounts.clear();
  }

  private count(event: PanelEvent): void {
    this.typeCounts.set(event.type, (this.typeCounts.get(event.type) ?? 0) + 1);
    const step = event.stepId ?? '';
    this.stepCounts.set(step, (this.stepCounts.get(step) ?? 0) + 1);
  }
}
