// The events of an `events` message, from its wire form (EventColumns in protocol.ts, built by
// src/panel/eventColumns.ts) back into one PanelEvent each, all of the same shape. Pure (no DOM).
import type { EventColumns, PanelEvent } from '../panel/protocol';

export function fromEventColumns(c: EventColumns): PanelEvent[] {
  const n = c.seq.length;
  const events = new Array<PanelEvent>(n);
  for (let i = 0; i < n; i++) {
    events[i] = {
      seq: c.seq[i]!,
      eventId: c.eventId[i]!,
      type: c.types[c.type[i]!]!,
      // Index -1 (null) finds nothing.
      stepId: c.stepIds[c.stepId[i]!] ?? null,
      timestamp: c.timestamp[i]!,
      correlationId: c.correlationIds[c.correlationId[i]!] ?? null,
      data: c.dataShape[i]! >= 0 ? objectOf(c.shapes[c.dataShape[i]!]!, c.data[i] as unknown[]) : c.data[i],
    };
  }
  for (const extras of c.extras) {
    const event = events[extras.at];
    if (!event) continue;
    if (extras.oversize !== undefined) event.oversize = extras.oversize;
    if (extras.truncated) event.truncated = true;
    if (extras.unreadable) event.unreadable = extras.unreadable;
  }
  return events;
}

/** A payload sent as its values only, with its keys back (the host never sends "__proto__" this way). */
function objectOf(keys: readonly string[], values: readonly unknown[]): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (let k = 0; k < keys.length; k++) data[keys[k]!] = values[k];
  return data;
}
