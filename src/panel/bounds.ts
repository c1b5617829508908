// The host never posts what the webview would reject: every text field of every message is cut to the
// protocol's bound (the same constants its schemas use), the cut value ends in "…" and its shape is
// marked `truncated`, and events go out in batches bounded by count and by size. The full values stay in
// the host, one click away (Open in Editor for an event, Raw JSON for the execution). vscode-free.
import {
  DEFINITION_TEXT_BOUNDS,
  ENVIRONMENT_NAME_MAX,
  ERROR_INFO_BOUNDS,
  EVENT_TEXT_BOUNDS,
  EXECUTION_TEXT_BOUNDS,
  GRAPH_BOUNDS,
  MAX_EVENTS_PER_MESSAGE,
  MAX_NODE_DETAIL_STEPS,
  MAX_STEPS,
  PANEL_ERROR_BOUNDS,
  STEP_TEXT_BOUNDS,
  TIMELINE_BOUNDS,
  UNREADABLE_BOUNDS,
  type EventColumns,
  type EventExtras,
  type HostToWebview,
  type LoaderStatus,
  type PanelError,
  type PanelEvent,
  type PanelExecution,
  type PanelStep,
  type TimelineMarker,
  type TimelineModel,
  type TimelineRow,
} from './protocol';
import { boundGraphLayout, boundGraphStatus } from './graph/graphBounds';

/** Roughly 32 MB of UTF-16 per events message, so one message never grows past what a postMessage carries. */
export const MAX_MESSAGE_CHARS = 16 * 1024 * 1024;

/** `text` cut to `max` characters, ending in "…" (a surrogate pair is never split). */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/**
 * Cuts the listed string fields of `value` to their bounds; `cut` is true when any was cut. Fields that
 * are null stay null.
 */
function clipFields<T extends object>(
  value: T,
  bounds: Readonly<Partial<Record<keyof T, number>>>,
): { value: T; cut: boolean } {
  let out: T | undefined;
  for (const key of Object.keys(bounds) as (keyof T)[]) {
    const text = value[key];
    const max = bounds[key]!;
    if (typeof text !== 'string' || text.length <= max) continue;
    out ??= { ...value };
    (out as Record<keyof T, unknown>)[key] = clipText(text, max);
  }
  return { value: out ?? value, cut: out !== undefined };
}

/** True when no listed string field of `value` is longer than its bound (the happy path: nothing to copy). */
function withinBounds<T extends object>(
  value: T,
  keys: readonly (keyof T)[],
  bounds: Readonly<Partial<Record<keyof T, number>>>,
): boolean {
  for (const key of keys) {
    const text = value[key];
    if (typeof text === 'string' && text.length > bounds[key]!) return false;
  }
  return true;
}
const EVENT_BOUNDED_KEYS = Object.keys(EVENT_TEXT_BOUNDS) as (keyof PanelEvent)[];
const UNREADABLE_BOUNDED_KEYS = Object.keys(UNREADABLE_BOUNDS) as (keyof typeof UNREADABLE_BOUNDS)[];

/** Runs for every event as it is converted (payload.ts): the event itself when nothing needs cutting. */
export function boundEvent(event: PanelEvent): PanelEvent {
  if (
    withinBounds(event, EVENT_BOUNDED_KEYS, EVENT_TEXT_BOUNDS) &&
    (!event.unreadable || withinBounds(event.unreadable, UNREADABLE_BOUNDED_KEYS, UNREADABLE_BOUNDS))
  ) {
    return event;
  }
  const fields = clipFields(event, EVENT_TEXT_BOUNDS);
  const unreadable = event.unreadable ? clipFields(event.unreadable, UNREADABLE_BOUNDS) : undefined;
  if (!fields.cut && !unreadable?.cut) return event;
  return { ...fields.value, ...(unreadable ? { unreadable: unreadable.value } : {}), truncated: true };
}

const overlong = (texts: readonly string[], max: number): boolean => texts.some((text) => text.length > max);

/**
 * Cuts the texts of a table (or column) to `max`; `cut` gets the position of every event that refers to a
 * cut entry (`refs` maps event positions to entries; for a column, position i is entry i).
 */
function clipTexts(texts: readonly string[], max: number, cut: Set<number>, refs?: readonly number[]): string[] {
  return texts.map((text, k) => {
    if (text.length <= max) return text;
    if (refs) refs.forEach((ref, i) => ref === k && cut.add(i));
    else cut.add(k);
    return clipText(text, max);
  });
}

/**
 * An events batch in bounds (eventsMessages has already cut each event, so this is normally one pass over
 * the tables and ids that finds nothing): every event with a text cut is marked `truncated`.
 */
export function boundEventColumns(c: EventColumns): EventColumns {
  const unreadableOver = c.extras.some(
    (x) => x.unreadable && !withinBounds(x.unreadable, UNREADABLE_BOUNDED_KEYS, UNREADABLE_BOUNDS),
  );
  const b = EVENT_TEXT_BOUNDS;
  if (
    !unreadableOver &&
    !overlong(c.types, b.type) &&
    !overlong(c.stepIds, b.stepId) &&
    !overlong(c.correlationIds, b.correlationId) &&
    !overlong(c.eventId, b.eventId)
  )
    return c;
  const cut = new Set<number>();
  const bounded: EventColumns = {
    ...c,
    types: clipTexts(c.types, b.type, cut, c.type),
    stepIds: clipTexts(c.stepIds, b.stepId, cut, c.stepId),
    correlationIds: clipTexts(c.correlationIds, b.correlationId, cut, c.correlationId),
    eventId: clipTexts(c.eventId, b.eventId, cut),
  };
  const extras = new Map<number, EventExtras>();
  for (const x of c.extras) {
    const unreadable = x.unreadable && clipFields(x.unreadable, UNREADABLE_BOUNDS);
    if (unreadable?.cut) cut.add(x.at);
    extras.set(x.at, unreadable ? { ...x, unreadable: unreadable.value } : x);
  }
  for (const at of cut) extras.set(at, { ...(extras.get(at) ?? { at }), truncated: true });
  bounded.extras = [...extras.values()];
  return bounded;
}

function boundStep<T extends PanelStep>(step: T): { value: T; cut: boolean } {
  // The step fields are fields of every T.
  const fields = clipFields<T>(step, STEP_TEXT_BOUNDS as Readonly<Partial<Record<keyof T, number>>>);
  const error = step.error ? clipFields(step.error, ERROR_INFO_BOUNDS) : undefined;
  if (!error?.cut) return fields;
  return { value: { ...fields.value, error: error.value }, cut: true };
}

export function boundExecution(execution: PanelExecution): PanelExecution {
  const fields = clipFields(execution, EXECUTION_TEXT_BOUNDS);
  const failure = execution.failureReason ? clipFields(execution.failureReason, ERROR_INFO_BOUNDS) : undefined;
  let cut = fields.cut || failure?.cut === true || execution.steps.length > MAX_STEPS;
  const steps = execution.steps.slice(0, MAX_STEPS).map((step) => {
    const bounded = boundStep(step);
    cut ||= bounded.cut;
    return bounded.value;
  });
  if (!cut) return execution;
  return { ...fields.value, failureReason: failure ? failure.value : null, steps, truncated: true };
}

export function boundPanelError(error: PanelError): PanelError {
  return clipFields(error, PANEL_ERROR_BOUNDS).value;
}

function boundOptionalError(error: PanelError | null): PanelError | null {
  return error && boundPanelError(error);
}

function boundLoaderStatus(status: LoaderStatus): LoaderStatus {
  return status.error ? { ...status, error: boundPanelError(status.error) } : status;
}

function boundMarkers(markers: readonly TimelineMarker[], max: number): TimelineMarker[] {
  return markers.slice(0, max).map((m) => clipFields(m, { label: TIMELINE_BOUNDS.label }).value);
}

function boundTimelineRow(row: TimelineRow): TimelineRow {
  const markers = boundMarkers(row.markers, TIMELINE_BOUNDS.rowMarkers);
  if (row.kind === 'group') return { ...row, groupId: clipText(row.groupId, STEP_TEXT_BOUNDS.groupId), markers };
  return { ...clipFields(row, STEP_TEXT_BOUNDS).value, markers };
}

/** The timeline's caps (the model builder already keeps to them; this is the last gate) and text bounds. */
export function boundTimeline(timeline: TimelineModel): TimelineModel {
  return {
    ...timeline,
    rows: timeline.rows.slice(0, TIMELINE_BOUNDS.rows).map(boundTimelineRow),
    runMarkers: boundMarkers(timeline.runMarkers, TIMELINE_BOUNDS.runMarkers),
    gaps: timeline.gaps.slice(0, TIMELINE_BOUNDS.gaps),
    slaNote: timeline.slaNote === null ? null : clipText(timeline.slaNote, TIMELINE_BOUNDS.note),
  };
}

const environmentName = (name: string): string => clipText(name, ENVIRONMENT_NAME_MAX);

/** Every message the host posts, in bounds (one branch per message shape). */
export function boundMessage(message: HostToWebview): HostToWebview {
  switch (message.type) {
    case 'init':
      return {
        ...message,
        environment: environmentName(message.environment),
        activeEnvironment: environmentName(message.activeEnvironment),
        executionId: clipText(message.executionId, EXECUTION_TEXT_BOUNDS.executionId),
        execution: message.execution && boundExecution(message.execution),
        executionError: boundOptionalError(message.executionError),
      };
    case 'execution':
      return {
        ...message,
        activeEnvironment: environmentName(message.activeEnvironment),
        execution: message.execution && boundExecution(message.execution),
        executionError: boundOptionalError(message.executionError),
      };
    case 'events':
      return { ...message, events: boundEventColumns(message.events) };
    case 'status':
      return { ...message, loader: boundLoaderStatus(message.loader) };
    case 'focusStep':
      return { ...message, stepId: clipText(message.stepId, STEP_TEXT_BOUNDS.stepId) };
    case 'timeline':
      return { ...message, timeline: message.timeline && boundTimeline(message.timeline) };
    case 'graph':
      return {
        ...message,
        layout: message.layout && boundGraphLayout(message.layout),
        status: message.status && boundGraphStatus(message.status),
        error: boundOptionalError(message.error),
      };
    case 'graphStatus':
      return { ...message, status: boundGraphStatus(message.status) };
    case 'nodeDetail':
      return {
        ...message,
        nodeId: clipText(message.nodeId, GRAPH_BOUNDS.text),
        steps: message.steps.slice(-MAX_NODE_DETAIL_STEPS).map((step) => boundStep(step).value),
      };
    case 'definition':
      return {
        ...message,
        environment: environmentName(message.environment),
        definition: {
          ...message.definition,
          definitionId: clipText(message.definition.definitionId, DEFINITION_TEXT_BOUNDS.definitionId),
          name: clipText(message.definition.name, DEFINITION_TEXT_BOUNDS.name),
        },
        error: boundOptionalError(message.error),
      };
    case 'selectNode':
      return { ...message, nodeId: clipText(message.nodeId, GRAPH_BOUNDS.text) };
    case 'probe':
    case 'showTab':
    case 'focusEvent':
      return message;
  }
}

/**
 * Splits events into message-sized batches, lazily (a replay of 100,000 events never exists converted all
 * at once): at most MAX_EVENTS_PER_MESSAGE each and at most `maxChars` of estimated JSON (one event alone
 * may exceed it; it still gets its own batch).
 */
export function* eventBatches<T>(
  items: Iterable<T>,
  charsOf: (item: T) => number,
  maxChars = MAX_MESSAGE_CHARS,
): Generator<T[]> {
  let batch: T[] = [];
  let chars = 0;
  for (const item of items) {
    const size = charsOf(item);
    if (batch.length > 0 && (batch.length >= MAX_EVENTS_PER_MESSAGE || chars + size > maxChars)) {
      yield batch;
      batch = [];
      chars = 0;
    }
    batch.push(item);
    chars += size;
  }
  if (batch.length > 0) yield batch;
}
