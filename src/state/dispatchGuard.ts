// What a dispatch needs from the guard rail and the action history: whether writes are allowed in the
// environment, and a way to send the write so that it is recorded with its result. One small interface
// (DispatchGuard), so the dispatch flow does not depend on how actions modes and the audit file are kept;
// createDispatchGuard builds it from those two parts. vscode-free (unit-tested).
import { isApiError, type DispatchRequest, type DispatchResult } from '../api';

export interface DispatchGuard {
  /** Why writes are refused in `environment` (saying what to do), or undefined when they are allowed. */
  refusal(environment: string): string | undefined;
  /** Sends the dispatch to `environment` and records it (request without secrets, result, time). */
  dispatch(environment: string, request: DispatchRequest): Promise<DispatchResult>;
}

/**
 * One line of the action history for a dispatch, in the shape of the operator actions' audit lines (time,
 * environment, origin, action, ids, actor, reason, request, result); the webhook secret is never in it.
 */
export interface DispatchRecord {
  time: string;
  environment: string;
  origin: string | null;
  action: 'dispatch';
  /** The run started (or replayed); null when the dispatch failed. */
  executionId: string | null;
  stepId: null;
  actor: null;
  reason: null;
  request: Omit<DispatchRequest, 'webhookSecret'> & { webhookSecret?: '(set)' };
  result:
    | { ok: true; executionId: string; deduplicated: boolean }
    | { ok: false; kind: string; status?: string; message: string };
}

export interface DispatchGuardDeps {
  /** The environment's actions mode allows writes. */
  isEnabled(environment: string): boolean;
  /** The environment's base URL origin, for the record. */
  origin(environment: string): string | null;
  send(environment: string, request: DispatchRequest): Promise<DispatchResult>;
  /** Appends to the action history; a failure to record never hides the dispatch's own result. */
  record(entry: DispatchRecord): Promise<void>;
  now?: () => number;
}

export function createDispatchGuard(deps: DispatchGuardDeps): DispatchGuard {
  return {
    refusal: (environment) =>
      deps.isEnabled(environment)
        ? undefined
        : `Actions are off for "${environment}", so nothing was dispatched. Run "Velt: Enable Actions for ${environment}…" to allow writes (dispatch, approve, cancel) there.`,
    dispatch: async (environment, request) => {
      // Checked again at send time: the mode may have changed while the draft was confirmed.
      if (!deps.isEnabled(environment))
        throw new Error(`Actions are off for "${environment}"; nothing was dispatched.`);
      const { webhookSecret, ...rest } = request;
      const base = {
        time: new Date((deps.now ?? Date.now)()).toISOString(),
        environment,
        origin: deps.origin(environment),
        action: 'dispatch' as const,
        stepId: null,
        actor: null,
        reason: null,
        request: { ...rest, ...(webhookSecret !== undefined ? { webhookSecret: '(set)' as const } : {}) },
      };
      try {
        const result = await deps.send(environment, request);
        await recordQuietly(deps, {
          ...base,
          executionId: result.executionId,
          result: { ok: true, executionId: result.executionId, deduplicated: result.deduplicated === true },
        });
        return result;
      } catch (error) {
        await recordQuietly(deps, {
          ...base,
          executionId: null,
          result: {
            ok: false,
            kind: isApiError(error) ? error.kind : 'other',
            ...(isApiError(error) && error.status ? { status: error.status } : {}),
            message: error instanceof Error ? error.message : String(error),
          },
        });
        throw error;
      }
    },
  };
}

async function recordQuietly(deps: DispatchGuardDeps, entry: DispatchRecord): Promise<void> {
  try {
    await deps.record(entry);
  } catch {
    // The run started (or failed) either way; the recorder logs its own failure.
  }
}
