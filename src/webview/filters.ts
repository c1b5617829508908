// Filtering the loaded events: by type (multi-select), step, free text over type, step and data, and
// "failures only". The filtered view is a list of store positions, extended incrementally as pages
// arrive and rebuilt when the filter changes; the store itself is never touched, so filtering never
// loses events. Pure (no DOM).
import { FAILURE_EVENT_TYPES, type FilterState, type PanelEvent } from '../panel/protocol';
import type { AddResult, EventStore } from './eventStore';

const FAILURE_TYPES: ReadonlySet<string> = new Set(FAILURE_EVENT_TYPES);
const FAILURE_SUFFIX = /\.(failed|breached|cancelled|exhausted)$/;

/** Failed, breached, cancelled or exhausted, including types this version does not know yet. */
export function isFailureType(type: string): boolean {
  return FAILURE_TYPES.has(type) || FAILURE_SUFFIX.test(type);
}

export function isFilterActive(filter: FilterState): boolean {
  return filter.types.length > 0 || filter.step !== null || filter.text.trim() !== '' || filter.failuresOnly;
}

/** Lower-cased text a free-text filter searches; cached per event object. */
export class SearchIndex {
  private readonly cache = new WeakMap<PanelEvent, string>();

  constructor(private readonly stepLabel: (stepId: string | null) => string) {}

  textOf(event: PanelEvent): string {
    let text = this.cache.get(event);
    if (text === undefined) {
      let data: string;
      try {
        data = typeof event.data === 'string' ? event.data : (JSON.stringify(event.data) ?? '');
      } catch {
        data = '';
      }
      text = `${event.type}\n${event.stepId ?? ''}\n${this.stepLabel(event.stepId)}\n${data}`.toLowerCase();
      this.cache.set(event, text);
    }
    return text;
  }
}

export type Predicate = (event: PanelEvent) => boolean;

export function compileFilter(filter: FilterState, search: SearchIndex): Predicate {
  const types = filter.types.length > 0 ? new Set(filter.types) : undefined;
  const step = filter.step;
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  const failures = filter.failuresOnly;
  return (event) => {
    if (types && !types.has(event.type)) return false;
    if (step !== null && event.stepId !== step) return false;
    if (failures && !isFailureType(event.type)) return false;
    if (words.length > 0) {
      const text = search.textOf(event);
      for (const word of words) if (!text.includes(word)) return false;
    }
    return true;
  };
}

/** Store positions that pass the filter, in seq order. */
export class FilteredView {
  private indices: number[] = [];
  private predicate: Predicate;
  private active: boolean;

  constructor(
    private readonly store: EventStore,
    private readonly search: SearchIndex,
    filter: FilterState,
  ) {
    this.predicate = compileFilter(filter, search);
    this.active = isFilterActive(filter);
    this.rebuild();
  }

  get count(): number {
    return this.active ? this.indices.length : this.store.size;
  }

  get isActive(): boolean {
    return this.active;
  }

  /** The event at a position of the filtered list. */
  at(position: number): PanelEvent | undefined {
    return this.store.at(this.active ? this.indices[position]! : position);
  }

  /** Position in the filtered list of the event with `seq`, or -1 when filtered out or absent. */
  positionOfSeq(seq: number): number {
    const index = this.store.indexOfSeq(seq);
    if (index === -1) return -1;
    if (!this.active) return index;
    const lo = this.firstFilteredAtOrAfter(index);
    return lo < this.indices.length && this.indices[lo] === index ? lo : -1;
  }

  /** Nearest filtered position at or after `seq` (for keeping the place when the filter changes). */
  positionAtOrAfterSeq(seq: number): number {
    const index = this.store.lowerBound(seq);
    if (!this.active) return Math.min(index, Math.max(0, this.store.size - 1));
    return Math.min(this.firstFilteredAtOrAfter(index), Math.max(0, this.indices.length - 1));
  }

  /** Binary search: the first filtered position whose store index is at or after `index`. */
  private firstFilteredAtOrAfter(index: number): number {
    let lo = 0;
    let hi = this.indices.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.indices[mid]! < index) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  setFilter(filter: FilterState): void {
    this.predicate = compileFilter(filter, this.search);
    this.active = isFilterActive(filter);
    this.rebuild();
  }

  /** Extends the view after a store.add; returns how many new events passed the filter. */
  onAdded(result: AddResult): number {
    if (!result.appendedOnly) {
      const before = this.count;
      this.rebuild();
      return Math.max(0, this.count - before);
    }
    if (!this.active) return result.added;
    let passed = 0;
    for (let i = result.previousSize; i < this.store.size; i++) {
      if (this.predicate(this.store.at(i)!)) {
        this.indices.push(i);
        passed++;
      }
    }
    return passed;
  }

  private rebuild(): void {
    this.indices = [];
    if (!this.active) return;
    for (let i = 0; i < this.store.size; i++) if (this.predicate(this.store.at(i)!)) this.indices.push(i);
  }
}
