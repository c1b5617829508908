// One audit record per write attempt, as one JSON line: environment, action, ids, reason, actor, the
// request body, the result and the time. Never a secret: credentials travel only in headers, but a body
// can still carry one (an output JSON a user pasted), so keys that name secrets are masked at any depth
// and every known secret value is cut out of the finished line. vscode-free and unit-tested.
import type { WriteAction } from './matrix';

export type AuditResult =
  | { ok: true; value: unknown }
  | { ok: false; error: { kind: string; status?: string; message: string } }
  | { ok: false; refused: string };

export interface AuditRecord {
  time: string;
  environment: string;
  /** The environment's base URL origin (scheme + host + port), so a line says where the write went. */
  origin: string | null;
  action: WriteAction;
  executionId: string;
  stepId: string | null;
  actor: string | null;
  reason: string | null;
  request: unknown;
  result: AuditResult;
}

export const REDACTED = '[redacted]';
const SECRET_KEY = /secret|token|password|passwd|api[-_]?key|authorization|cookie|credential|signature/i;
/** A body nested deeper than this is cut off there (audit lines stay small and bounded). */
const MAX_DEPTH = 20;
/** A value shorter than this is not scrubbed as a "known secret" (it would mangle ordinary words). */
const MIN_SECRET_LENGTH = 8;

/** A copy of `value` with secret-named keys masked, at most MAX_DEPTH levels deep. */
export function redact(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value))
    copy[key] = SECRET_KEY.test(key) ? REDACTED : redact(item, depth + 1);
  return copy;
}

/** The record as one line of JSON Lines, secret-named keys masked and known secret values cut out. */
export function auditLine(record: AuditRecord, knownSecrets: readonly string[] = []): string {
  let line = JSON.stringify(redact(record));
  for (const secret of knownSecrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    // Match the secret as it appears inside a JSON string (escaped), so a quote or backslash in it is found too.
    const escaped = JSON.stringify(secret).slice(1, -1);
    line = line.split(escaped).join(REDACTED);
  }
  return line;
}

export interface RecordInput {
  environment: string;
  origin: string | null;
  action: WriteAction;
  executionId: string;
  stepId?: string;
  actor?: string;
  reason?: string;
  request: unknown;
  result: AuditResult;
  now: number;
}

export function auditRecord(input: RecordInput): AuditRecord {
  return {
    time: new Date(input.now).toISOString(),
    environment: input.environment,
    origin: input.origin,
    action: input.action,
    executionId: input.executionId,
    stepId: input.stepId ?? null,
    actor: input.actor ?? null,
    reason: input.reason ?? null,
    request: input.request,
    result: input.result,
  };
}
