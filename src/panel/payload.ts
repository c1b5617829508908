// What crosses into the webview: events with oversized or overdeep payloads trimmed to a shallow preview
// (the full payload stays in the host and opens in an editor), text fields cut to the protocol's bounds,
// and the execution header without step outputs. vscode-free, so it is unit-tested in node.
import { eventRecord } from '../api/eventRecord';
import { isApiError } from '../api/errors';
import type { ExecutionEvent, ExecutionView } from '../api/schemas';
import { shortId } from '../util/format';
import { inertTitle } from '../util/inertText';
import { measureJson, toJsonText } from '../util/json';
import { boundEvent, boundExecution } from './bounds';
import type { PanelError, PanelEvent, PanelExecution } from './protocol';

/** Payloads larger than this (as JSON) are trimmed; the webview offers "Open in Editor" instead. */
export const PAYLOAD_LIMIT = 32 * 1024;
/**
 * Payloads nested deeper than this are trimmed too: structured cloning, JSON.stringify and the webview's
 * renderers all recurse, and a few thousand levels overflow their stacks.
 */
export const PAYLOAD_MAX_DEPTH = 500;
const PREVIEW_STRING = 300;
const PREVIEW_KEYS = 40;

/** JSON size in UTF-16 units (never throws: any depth, cycles written as a marker). */
export function jsonSize(value: unknown): number {
  return measureJson(value ?? null).chars;
}

/** A shallow copy with long strings cut and nested values replaced by a marker. */
export function previewOf(value: unknown): unknown {
  if (typeof value === 'string') return value.length > PREVIEW_STRING ? `${value.slice(0, PREVIEW_STRING)}…` : value;
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return `[array of ${value.length}]`;
  const out: Record<string, unknown> = {};
  const entries = Object.entries(value as Record<string, unknown>);
  for (const [key, item] of entries.slice(0, PREVIEW_KEYS)) {
    out[key.slice(0, PREVIEW_STRING)] =
      typeof item === 'object' && item !== null
        ? Array.isArray(item)
          ? `[array of ${item.length}]`
          : '{…}'
        : previewOf(item);
  }
  if (entries.length > PREVIEW_KEYS) out['…'] = `${entries.length - PREVIEW_KEYS} more keys`;
  return out;
}

/** An event as the webview gets it, with its estimated JSON size (for batching messages). */
export interface SizedPanelEvent {
  event: PanelEvent;
  chars: number;
}

/** Characters of an event's fields besides `data` (upper bound on their JSON). */
function fieldChars(e: PanelEvent): number {
  return (
    200 +
    e.eventId.length +
    e.type.length +
    (e.stepId?.length ?? 0) +
    (e.correlationId?.length ?? 0) +
    (e.unreadable ? e.unreadable.problem.length + e.unreadable.raw.length * 2 : 0)
  );
}

/**
 * A payload as the webview may get it: `value` itself when it fits the limit and depth, else a shallow
 * preview and `oversize` (its full JSON size). `chars` is the JSON size of what is sent, when it fits.
 */
export function trimPayload(
  value: unknown,
  limit = PAYLOAD_LIMIT,
): { fits: true; data: unknown; chars: number } | { fits: false; data: unknown; oversize: number } {
  // Measuring stops just past the limit, so a huge payload costs no more than a small one here.
  const measured = measureJson(value ?? null, limit);
  if (measured.complete && !measured.circular && measured.chars <= limit && measured.depth <= PAYLOAD_MAX_DEPTH)
    return { fits: true, data: value, chars: measured.chars };
  return { fits: false, data: previewOf(value), oversize: jsonSize(value) };
}

export function toSizedPanelEvent(event: ExecutionEvent, limit = PAYLOAD_LIMIT): SizedPanelEvent {
  const payload = trimPayload(event.data, limit);
  const base: PanelEvent = {
    seq: event.seq,
    eventId: event.eventId,
    type: event.type,
    stepId: event.stepId,
    timestamp: event.timestamp,
    correlationId: event.correlationId,
    data: payload.data,
  };
  // Set only when present (no empty spreads: this runs for every event the panel shows).
  if (!payload.fits) base.oversize = payload.oversize;
  if (event.unreadable) base.unreadable = event.unreadable;
  const bounded = boundEvent(base);
  const dataChars = payload.fits ? payload.chars : measureJson(bounded.data, limit).chars;
  return { event: bounded, chars: fieldChars(bounded) + dataChars };
}

/** Converts one event at a time, as a batch is filled. */
export function* sizedPanelEvents(events: Iterable<ExecutionEvent>): Generator<SizedPanelEvent> {
  for (const event of events) yield toSizedPanelEvent(event);
}

export function toPanelEvent(event: ExecutionEvent, limit = PAYLOAD_LIMIT): PanelEvent {
  return toSizedPanelEvent(event, limit).event;
}

export function toPanelExecution(view: ExecutionView): PanelExecution {
  return boundExecution({
    executionId: view.executionId,
    status: view.status,
    startedAt: view.startedAt,
    completedAt: view.completedAt,
    cancelledAt: view.cancelledAt,
    definitionId: view.definitionId,
    definitionVersion: view.definitionVersion,
    correlationId: view.correlationId,
    idempotencyKey: view.idempotencyKey,
    failureReason: view.failureReason,
    steps: view.steps.map((s) => ({
      stepId: s.stepId,
      nodeId: s.nodeId,
      nodeType: s.nodeType,
      status: s.status,
      groupId: s.groupId,
      startedAt: s.startedAt,
      completedAt: s.completedAt,
      error: s.error,
    })),
  });
}

/**
 * One JSON Lines record for the export: the event as the API sent it, with its execution id first; an
 * unreadable event in the CLI's shape (what could be read plus `unreadable: { problem, raw }`).
 */
export function jsonLine(executionId: string, event: ExecutionEvent): string {
  return JSON.stringify({ executionId, ...eventRecord(event) }) + '\n';
}

/** Pretty JSON for the payload editor and the clipboard; never throws, whatever the depth or size. */
export function prettyJson(value: unknown): string {
  return toJsonText(value, 2);
}

/** "definition · shortid": API text as an inert title, the definition cut at 40 characters. */
export function panelTitle(executionId: string, definitionId: string | undefined): string {
  const id = inertTitle(shortId(executionId));
  return definitionId ? `${inertTitle(definitionId)} · ${id}` : `Execution ${id}`;
}

/**
 * Whether a tab label is the title this extension gives a panel of `executionId` (with or without a
 * definition): after a reload VS Code revives a background panel only when it is shown, so until then
 * its tab can only be recognised by its title.
 */
export function isPanelTitleOf(label: string, executionId: string): boolean {
  const id = inertTitle(shortId(executionId));
  return label === `Execution ${id}` || label.endsWith(` · ${id}`);
}

export function toPanelError(error: unknown): PanelError {
  if (isApiError(error)) return { kind: error.kind, message: error.message, retryInMs: null };
  return { kind: 'other', message: error instanceof Error ? error.message : String(error), retryInMs: null };
}
