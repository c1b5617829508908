// The webview's persisted view state (getState/setState survives hiding and reloads) and the request
// bookkeeping that drops stale replies. Pure (no DOM).
import {
  DEFAULT_FILTERS,
  EVENT_TEXT_BOUNDS,
  FILTER_BOUNDS,
  PANEL_TABS,
  STEP_TEXT_BOUNDS,
  TIME_FORMATS,
  type FilterState,
  type PanelTab,
  type PersistedViewState,
  type TimeFormat,
} from '../panel/protocol';

const finiteOrNull = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

const boundedText = (value: unknown, max: number): value is string => typeof value === 'string' && value.length <= max;

/** Saved filters, copied field by field, when every field has its shape and stays within the protocol's bounds. */
function readFilters(value: unknown): FilterState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { types, step, text, failuresOnly } = value as Record<string, unknown>;
  if (
    !Array.isArray(types) ||
    types.length > FILTER_BOUNDS.types ||
    !types.every((t) => boundedText(t, EVENT_TEXT_BOUNDS.type))
  )
    return undefined;
  if (
    !(step === null || boundedText(step, STEP_TEXT_BOUNDS.stepId)) ||
    !boundedText(text, FILTER_BOUNDS.text) ||
    typeof failuresOnly !== 'boolean'
  )
    return undefined;
  return { types: [...(types as string[])], step, text, failuresOnly };
}

/** Reads what setState stored; anything malformed falls back to defaults field by field. */
export function readPersisted(raw: unknown): PersistedViewState | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  if (typeof r['environment'] !== 'string' || typeof r['executionId'] !== 'string') return undefined;
  return {
    environment: r['environment'],
    executionId: r['executionId'],
    scrollTop: finiteOrNull(r['scrollTop']) ?? 0,
    selectedSeq: finiteOrNull(r['selectedSeq']),
    detailSeq: finiteOrNull(r['detailSeq']),
    filters: readFilters(r['filters']),
    timeFormat: isTimeFormat(r['timeFormat']) ? r['timeFormat'] : undefined,
    ...(isPanelTab(r['tab']) ? { tab: r['tab'] } : {}),
  };
}

export function cloneFilters(filters: FilterState): FilterState {
  return { ...filters, types: [...filters.types] };
}

export function sameFilters(a: FilterState, b: FilterState): boolean {
  return (
    a.step === b.step &&
    a.text === b.text &&
    a.failuresOnly === b.failuresOnly &&
    a.types.length === b.types.length &&
    a.types.every((t, i) => t === b.types[i])
  );
}

export const EMPTY_FILTERS: FilterState = DEFAULT_FILTERS;

export function toggleType(filters: FilterState, type: string): FilterState {
  const types = filters.types.includes(type)
    ? filters.types.filter((t) => t !== type)
    : [...filters.types, type].sort();
  return { ...filters, types };
}

export function isPanelTab(value: unknown): value is PanelTab {
  return (PANEL_TABS as readonly unknown[]).includes(value);
}

export function isTimeFormat(value: unknown): value is TimeFormat {
  return (TIME_FORMATS as readonly unknown[]).includes(value);
}

/**
 * Request ids and the loader generation. Events and statuses from an older generation are dropped;
 * a status reply to a request older than the newest answered one is dropped too (it is out of date).
 */
export class RequestTracker {
  private nextId = 1;
  private generation = -1;
  private newestAnswered = 0;

  next(): number {
    return this.nextId++;
  }

  /** Adopts the generation of an init message; returns false for an older one. */
  adopt(generation: number): boolean {
    if (generation < this.generation) return false;
    if (generation > this.generation) this.newestAnswered = 0;
    this.generation = generation;
    return true;
  }

  acceptEvents(generation: number): boolean {
    return generation === this.generation;
  }

  acceptStatus(generation: number, requestId: number | null): boolean {
    if (generation !== this.generation) return false;
    if (requestId === null) return true;
    if (requestId < this.newestAnswered) return false;
    this.newestAnswered = requestId;
    return true;
  }
}
