// The rule for retrying writes, in one place: a write is retried automatically (through the shared
// per-origin budget, like reads) only where the API makes a repeat harmless (velt-api.md §1.3, §1.4).
// No zod, no undici: the CLI and the editor read the key helper on their light paths.
import { DISPATCH_KEY_PATTERN } from './constants';

/** Names in ENDPOINTS (the client looks each up there, so a name that is not one fails to compile). */
export type WriteEndpointName =
  'dispatchExecution' | 'cancelExecution' | 'recordReviewerDecision' | 'resolveStep' | 'cancelStep';

export type WriteRetry = 'always' | 'withIdempotencyKey' | 'never';

export const WRITE_RETRY: Readonly<Record<WriteEndpointName, WriteRetry>> = {
  // A replay with the same key returns the earlier run (`deduplicated: true`); without a key it starts a second run.
  dispatchExecution: 'withIdempotencyKey',
  // Cancelling a run that is already over is a documented no-op.
  cancelExecution: 'always',
  // A repeat by the same reviewer is not counted again (recorded: false, rejectionReason 'idempotent').
  recordReviewerDecision: 'always',
  // An override that landed but whose answer was lost would be applied to a step that has moved on, or fail
  // with FAILED_PRECONDITION and report an error for a success: the user decides, after looking.
  resolveStep: 'never',
  // A repeat of a cancel that landed answers FAILED_PRECONDITION (already terminal): same as resolve.
  cancelStep: 'never',
};

/** Whether `endpoint` may be retried automatically with this request body. */
export function mayRetryWrite(endpoint: WriteEndpointName, body: object): boolean {
  const rule = WRITE_RETRY[endpoint];
  if (rule === 'withIdempotencyKey') {
    const key = 'idempotencyKey' in body ? body.idempotencyKey : undefined;
    return typeof key === 'string' && key.length > 0;
  }
  return rule === 'always';
}

/** A fresh idempotency key for a dispatch (`vwi-` + a UUID: 40 characters of the documented alphabet). */
export function newIdempotencyKey(): string {
  // The Web Crypto global (Node ≥ 19, every supported VS Code): src/api imports no Node module.
  return `vwi-${globalThis.crypto.randomUUID()}`;
}

export function isDispatchKey(value: string): boolean {
  return DISPATCH_KEY_PATTERN.test(value);
}
