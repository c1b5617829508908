// Performs one confirmed write: builds the request body, sends it to the environment it was confirmed
// for (refused if the active environment changed meanwhile), appends one audit line with the result
// (also to the log), and on success asks for the execution to be refreshed at once and polled in a burst.
// vscode-free: the extension injects the client, the audit file, the log and the refresh.
import { isApiError } from '../api';
import { auditLine, auditRecord, type AuditResult } from './audit';
import { RESOLVE_ACTION_OF } from './matrix';
import type { WriteApi } from './writeApi';

export type WriteRequest =
  | {
      action: 'approve' | 'reject';
      executionId: string;
      stepId: string;
      reviewerId: string;
      reason?: string;
    }
  | {
      action: 'forceApprove' | 'forceReject' | 'forceComplete' | 'forceFail';
      executionId: string;
      stepId: string;
      actorId: string;
      output?: Record<string, unknown>;
      reason?: string;
    }
  | { action: 'cancelStep'; executionId: string; stepId: string; actorId: string; reason?: string }
  /** executions/cancel takes no actor; `actorId` (when configured) only goes to the audit line. */
  | { action: 'cancelExecution'; executionId: string; actorId?: string; reason?: string };

export type WriteOutcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export interface WriteServiceDeps {
  api: WriteApi;
  /** Appends one line to the audit file; a failure is logged, never hides the write's result. */
  appendAudit(line: string): Promise<void>;
  log: { info(message: string): void; warn(message: string): void };
  /** Secret values that must never reach the audit line (the environment's stored credentials). */
  knownSecrets(environment: string): Promise<readonly string[]>;
  /** Refresh the execution now and poll it quickly for a while. */
  afterWrite(environment: string, executionId: string): void;
  now?: () => number;
}

export interface WriteTarget {
  environment: string;
  /** The environment's base URL origin, for the audit line. */
  origin: string | null;
}

export class WriteService {
  constructor(private readonly deps: WriteServiceDeps) {}

  async run(target: WriteTarget, request: WriteRequest): Promise<WriteOutcome> {
    const { body, send } = this.prepare(request, { environment: target.environment });
    let outcome: WriteOutcome;
    try {
      outcome = { ok: true, value: await send() };
    } catch (error) {
      outcome = { ok: false, error };
    }
    await this.audit(target, request, body, outcome);
    if (outcome.ok) this.deps.afterWrite(target.environment, request.executionId);
    return outcome;
  }

  private prepare(
    request: WriteRequest,
    options: { environment: string },
  ): { body: Record<string, unknown>; send: () => Promise<unknown> } {
    const { api } = this.deps;
    const reason = request.reason ? { reason: request.reason } : {};
    switch (request.action) {
      case 'approve':
      case 'reject': {
        const body = {
          executionId: request.executionId,
          stepId: request.stepId,
          reviewerId: request.reviewerId,
          decision: request.action,
          ...reason,
        };
        return { body, send: () => api.recordReviewerDecision(body, options) };
      }
      case 'cancelStep': {
        const body = { executionId: request.executionId, stepId: request.stepId, actorId: request.actorId, ...reason };
        return { body, send: () => api.cancelStep(body, options) };
      }
      case 'cancelExecution': {
        const body = { executionId: request.executionId, ...reason };
        return { body, send: () => api.cancelExecution(body, options) };
      }
      default: {
        const body = {
          executionId: request.executionId,
          stepId: request.stepId,
          action: RESOLVE_ACTION_OF[request.action],
          actorId: request.actorId,
          ...(request.output !== undefined ? { output: request.output } : {}),
          ...reason,
        };
        return { body, send: () => api.resolveStep(body, options) };
      }
    }
  }

  private async audit(
    target: WriteTarget,
    request: WriteRequest,
    body: Record<string, unknown>,
    outcome: WriteOutcome,
  ): Promise<void> {
    const result: AuditResult = outcome.ok
      ? { ok: true, value: outcome.value }
      : { ok: false, error: errorSummary(outcome.error) };
    const record = auditRecord({
      environment: target.environment,
      origin: target.origin,
      action: request.action,
      executionId: request.executionId,
      stepId: 'stepId' in request ? request.stepId : undefined,
      actor: actorOf(request),
      reason: request.reason,
      request: body,
      result,
      now: (this.deps.now ?? Date.now)(),
    });
    let secrets: readonly string[] = [];
    try {
      secrets = await this.deps.knownSecrets(target.environment);
    } catch {
      // No stored credentials to scrub (the keychain did not answer): the key masking still applies.
    }
    const line = auditLine(record, secrets);
    this.deps.log[outcome.ok ? 'info' : 'warn'](`Action ${line}`);
    try {
      await this.deps.appendAudit(line);
    } catch (error) {
      this.deps.log.warn(
        `Could not append to the action history: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

function actorOf(request: WriteRequest): string | undefined {
  return 'reviewerId' in request ? request.reviewerId : request.actorId;
}

/** The error's kind and message for the audit line; no stack (an expected API error is not a crash). */
function errorSummary(error: unknown): { kind: string; status?: string; message: string } {
  if (isApiError(error))
    return { kind: error.kind, ...(error.status ? { status: error.status } : {}), message: error.message };
  return { kind: 'other', message: error instanceof Error ? error.message : String(error) };
}
