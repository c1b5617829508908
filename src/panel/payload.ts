// What crosses into the webview: events with oversized payloads trimmed to a shallow preview (the full
// payload stays in the host and opens in an editor), and the execution header without step outputs.
// vscode-free, so it is unit-tested in node.
import { isApiError } from '../api/errors';
import type { ExecutionEvent, ExecutionView } from '../api/schemas';
import { inertTitle } from '../util/inertText';
import type { PanelError, PanelEvent, PanelExecution } from './protocol';

/** Payloads larger than this (as JSON) are trimmed; the webview offers "Open in Editor" instead. */
export const PAYLOAD_LIMIT = 32 * 1024;
const PREVIEW_STRING = 300;
const PREVIEW_KEYS = 40;

/** JSON size in UTF-16 units, or undefined when the value cannot be serialised (cycles, depth). */
export function jsonSize(value: unknown): number | undefined {
  try {
    return JSON.stringify(value ?? null).length;
  } catch {
    return undefined;
  }
}

/** A shallow copy with long strings cut and nested values replaced by a marker. */
export function previewOf(value: unknown): unknown {
  if (typeof value === 'string') return value.length > PREVIEW_STRING ? `${value.slice(0, PREVIEW_STRING)}…` : value;
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return `[array of ${value.length}]`;
  const out: Record<string, unknown> = {};
  const entries = Object.entries(value as Record<string, unknown>);
  for (const [key, item] of entries.slice(0, PREVIEW_KEYS)) {
    out[key.slice(0, PREVIEW_STRING)] = typeof item === 'object' && item !== null
      ? (Array.isArray(item) ? `[array of ${item.length}]` : '{…}')
      : previewOf(item);
  }
  if (entries.length > PREVIEW_KEYS) out['…'] = `${entries.length - PREVIEW_KEYS} more keys`;
  return out;
}

export function toPanelEvent(event: ExecutionEvent, limit = PAYLOAD_LIMIT): PanelEvent {
  const size = jsonSize(event.data);
  const base = {
    seq: event.seq,
    eventId: event.eventId,
    type: event.type,
    stepId: event.stepId,
    timestamp: event.timestamp,
    correlationId: event.correlationId,
  };
  if (size !== undefined && size <= limit) return { ...base, data: event.data };
  return { ...base, data: previewOf(event.data), oversize: size ?? 0 };
}

export function toPanelExecution(view: ExecutionView): PanelExecution {
  return {
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
  };
}

/** One JSON Lines record for the export: the event as the API sent it, with its execution id first. */
export function jsonLine(executionId: string, event: ExecutionEvent): string {
  return JSON.stringify({ executionId, ...event }) + '\n';
}

/** Pretty JSON for the payload editor; never throws. */
export function prettyJson(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? 'null';
  } catch (error) {
    return `// This payload cannot be shown as JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Splits a batch into protocol-sized chunks. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

export function shortId(executionId: string): string {
  return executionId.length > 8 ? executionId.slice(-8) : executionId;
}

/** "definition · shortid": API text as an inert title, the definition cut at 40 characters. */
export function panelTitle(executionId: string, definitionId: string | undefined): string {
  const id = inertTitle(shortId(executionId));
  return definitionId ? `${inertTitle(definitionId)} · ${id}` : `Execution ${id}`;
}

export function toPanelError(error: unknown): PanelError {
  if (isApiError(error)) return { kind: error.kind, message: error.message, retryInMs: null };
  return { kind: 'other', message: error instanceof Error ? error.message : String(error), retryInMs: null };
}
