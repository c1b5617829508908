// The `events` messages and their events' wire form (EventColumns in protocol.ts): columns instead of keyed
// objects, repeated texts once per batch. The webview's inverse is src/webview/eventColumns.ts. vscode-free.
import { isSkipped } from '../util/json';
import type { ExecutionEvent } from '../api/schemas';
import { eventBatches } from './bounds';
import { sizedPanelEvents } from './payload';
import type { EventColumns, EventExtras, HostToWebview, PanelEvent } from './protocol';

/** A table of distinct texts, each referred to by its position. */
class TextTable {
  readonly texts: string[] = [];
  private readonly index = new Map<string, number>();

  ref(text: string | null): number {
    if (text === null) return -1;
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.texts.length;
      this.index.set(text, i);
      this.texts.push(text);
    }
    return i;
  }
}

/** The payload shapes of a batch: an object's keys, if its values may be sent alone. */
class ShapeTable {
  readonly shapes: string[][] = [];
  /** Each shape's keys joined by "\0", numbered as `shapes` is. */
  private readonly joined = new TextTable();

  /** The shape of `data`, or -1 when it goes as it is. */
  ref(data: unknown): number {
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return -1;
    const proto: unknown = Object.getPrototypeOf(data);
    if (proto !== Object.prototype && proto !== null) return -1;
    const keys = Object.keys(data);
    if (keys.length === 0) return -1;
    for (const key of keys) {
      // "__proto__" would set a prototype when assigned (JSON.parse makes it a plain key); "\0" could make
      // two key lists join alike; values JSON leaves out of objects would come back as null.
      if (key === '__proto__' || key.includes('\0') || isSkipped((data as Record<string, unknown>)[key])) return -1;
    }
    const i = this.joined.ref(keys.join('\0'));
    if (i === this.shapes.length) this.shapes.push(keys);
    return i;
  }
}

export function toEventColumns(events: readonly PanelEvent[]): EventColumns {
  const n = events.length;
  const types = new TextTable();
  const stepIds = new TextTable();
  const correlationIds = new TextTable();
  const shapes = new ShapeTable();
  const columns: EventColumns = {
    seq: new Array<number>(n),
    eventId: new Array<string>(n),
    type: new Array<number>(n),
    types: types.texts,
    stepId: new Array<number>(n),
    stepIds: stepIds.texts,
    timestamp: new Array<number>(n),
    correlationId: new Array<number>(n),
    correlationIds: correlationIds.texts,
    data: new Array<unknown>(n),
    dataShape: new Array<number>(n),
    shapes: shapes.shapes,
    extras: [],
  };
  for (let i = 0; i < n; i++) {
    const e = events[i]!;
    columns.seq[i] = e.seq;
    columns.eventId[i] = e.eventId;
    columns.type[i] = types.ref(e.type);
    columns.stepId[i] = stepIds.ref(e.stepId);
    columns.timestamp[i] = e.timestamp;
    columns.correlationId[i] = correlationIds.ref(e.correlationId);
    const shape = shapes.ref(e.data);
    columns.dataShape[i] = shape;
    // JSON writes undefined in an array as null; the webview treats both as "no payload".
    columns.data[i] =
      shape >= 0
        ? valuesOf(e.data as Record<string, unknown>, shapes.shapes[shape]!)
        : e.data === undefined
          ? null
          : e.data;
    if (e.oversize !== undefined || e.truncated || e.unreadable) columns.extras.push(extrasOf(i, e));
  }
  return columns;
}

function extrasOf(at: number, e: PanelEvent): EventExtras {
  const extras: EventExtras = { at };
  if (e.oversize !== undefined) extras.oversize = e.oversize;
  if (e.truncated) extras.truncated = true;
  if (e.unreadable) extras.unreadable = e.unreadable;
  return extras;
}

function valuesOf(data: Record<string, unknown>, keys: readonly string[]): unknown[] {
  const values = new Array<unknown>(keys.length);
  for (let k = 0; k < keys.length; k++) values[k] = data[keys[k]!];
  return values;
}

/** The `events` messages for loaded events: converted one at a time, bounded, batched by count and size, in columns. */
export function* eventsMessages(
  events: Iterable<ExecutionEvent>,
  generation: number,
  requestId: number | null,
  live: boolean,
): Generator<Extract<HostToWebview, { type: 'events' }>> {
  for (const batch of eventBatches(sizedPanelEvents(events), (e) => e.chars)) {
    yield { type: 'events', generation, requestId, live, events: toEventColumns(batch.map((e) => e.event)) };
  }
}
