// executions/dispatch and cancel, and the four step endpoints (velt-api.md §1.3, §1.4). Reads
// (get, list, getEvents) stay in ../handlers.ts and serve engine runs through the registry.
import type { JsonObject } from '../types';
import { DEFINITION_ID, WEBHOOK_SECRET } from './definitionSchema';
import {
  RESOLVE_ACTIONS,
  cancelExecution,
  cancelStep,
  recordAgentResolution,
  recordReviewerDecision,
  resolveStep,
  type ResolveAction,
} from './actions';
import { jsonObject, oneOf, opt, req, str } from './schema';
import { isLoopbackUrl } from './transport';
import {
  fromAction,
  ok,
  optionalString,
  refuse,
  type Endpoint,
  type EndpointContext,
  type EndpointReply,
} from './endpoint';

const KEY = /^[A-Za-z0-9:_\-.]{1,200}$/;
const key = opt(str({ pattern: KEY, patternMessage: 'must match ^[A-Za-z0-9:_\\-.]{1,200}$' }));
const EXECUTION_ID = req(str({ min: 1, max: 200 }));
const STEP_ID = req(str({ min: 1, max: 2000 }));
const ACTOR = req(str({ min: 1, max: 256 }));

/** Writes to the scripted seeds (fixtures, not engine runs) are refused, except the no-op cancel of a terminal one. */
function readOnlyFixture(ctx: EndpointContext, executionId: string): EndpointReply | undefined {
  if (ctx.engine.get(executionId)) return undefined;
  const scripted = ctx.registry.get(executionId);
  if (!scripted) return refuse('NOT_FOUND', `Execution ${executionId} not found`);
  return refuse(
    'FAILED_PRECONDITION',
    `Execution ${executionId} is a read-only seeded fixture; dispatch a run to act on it`,
  );
}

/** https, or plain http to loopback (a documented sandbox choice so local receivers work). */
function webhookProblem(url: string | undefined, secret: string | undefined): string | undefined {
  if ((url === undefined) !== (secret === undefined)) return 'webhookUrl and webhookSecret must be provided together';
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopbackUrl(url))) return undefined;
  } catch {
    /* falls through */
  }
  return 'webhookUrl must use https scheme';
}

export const EXECUTION_ENDPOINTS: Readonly<Record<string, Endpoint>> = {
  '/v2/workflow/executions/dispatch': {
    fields: {
      definitionId: req(
        str({ pattern: DEFINITION_ID, patternMessage: 'definitionId must match ^[a-z0-9][a-z0-9-]{2,63}$' }),
      ),
      idempotencyKey: key,
      correlationId: key,
      triggerContext: opt(jsonObject()),
      organizationId: opt(str({ min: 1, max: 256 })),
      documentId: opt(str({ min: 1, max: 256 })),
      folderId: opt(str({ min: 1, max: 256 })),
      webhookUrl: opt(str({ min: 1, max: 2000 })),
      webhookSecret: opt(WEBHOOK_SECRET),
    },
    handle: ({ engine }, data) => {
      const url = optionalString(data['webhookUrl']);
      const secret = optionalString(data['webhookSecret']);
      const problem = webhookProblem(url, secret);
      if (problem) return refuse('INVALID_ARGUMENT', problem);
      const idempotencyKey = optionalString(data['idempotencyKey']);
      const correlationId = optionalString(data['correlationId']);
      const result = engine.dispatch({
        definitionId: data['definitionId'] as string,
        ...(idempotencyKey ? { idempotencyKey } : {}),
        ...(correlationId ? { correlationId } : {}),
        triggerContext: (data['triggerContext'] as JsonObject | undefined) ?? {},
        ...(url && secret ? { webhook: { url, secret } } : {}),
      });
      if (!result.ok) return refuse(result.status, result.message);
      return ok({
        executionId: result.executionId,
        correlationId: result.correlationId,
        deduplicated: result.deduplicated,
      });
    },
  },
  '/v2/workflow/executions/cancel': {
    fields: { executionId: EXECUTION_ID, reason: opt(str({ max: 500 })) },
    handle: (ctx, data) => {
      const id = data['executionId'] as string;
      const scripted = ctx.engine.get(id) ? undefined : ctx.registry.get(id);
      if (scripted && ['completed', 'failed', 'cancelled'].includes(scripted.view(ctx.engine.now(), false).status))
        return ok({ cancelled: true, executionId: id });
      const reason = optionalString(data['reason']);
      return (
        readOnlyFixture(ctx, id) ??
        fromAction(cancelExecution(ctx.engine, { executionId: id, ...(reason ? { reason } : {}) }))
      );
    },
  },
  '/v2/workflow/steps/recordReviewerDecision': {
    fields: {
      executionId: EXECUTION_ID,
      stepId: STEP_ID,
      reviewerId: ACTOR,
      decision: req(oneOf(['approve', 'reject'] as const)),
      reason: opt(str({ max: 2000 })),
    },
    handle: (ctx, data) =>
      readOnlyFixture(ctx, data['executionId'] as string) ??
      fromAction(
        recordReviewerDecision(ctx.engine, {
          executionId: data['executionId'] as string,
          stepId: data['stepId'] as string,
          reviewerId: data['reviewerId'] as string,
          decision: data['decision'] as 'approve' | 'reject',
          ...(typeof data['reason'] === 'string' ? { reason: data['reason'] } : {}),
        }),
      ),
  },
  '/v2/workflow/steps/recordAgentResolution': {
    fields: {
      executionId: req(str({ min: 1, max: 200 })),
      stepId: req(str({ min: 1, max: 200 })),
      responseId: req(str({ min: 1, max: 200 })),
      resolution: req(oneOf(['resolved', 'rejected'] as const)),
      actorId: ACTOR,
      reason: opt(str({ max: 2000 })),
    },
    handle: (ctx, data) =>
      readOnlyFixture(ctx, data['executionId'] as string) ??
      fromAction(
        recordAgentResolution(ctx.engine, {
          executionId: data['executionId'] as string,
          stepId: data['stepId'] as string,
        }),
      ),
  },
  '/v2/workflow/steps/cancel': {
    fields: { executionId: EXECUTION_ID, stepId: STEP_ID, actorId: ACTOR, reason: opt(str({ max: 500 })) },
    handle: (ctx, data) =>
      readOnlyFixture(ctx, data['executionId'] as string) ??
      fromAction(
        cancelStep(ctx.engine, {
          executionId: data['executionId'] as string,
          stepId: data['stepId'] as string,
          actorId: data['actorId'] as string,
          ...(typeof data['reason'] === 'string' ? { reason: data['reason'] } : {}),
        }),
      ),
  },
  '/v2/workflow/steps/resolve': {
    fields: {
      executionId: EXECUTION_ID,
      stepId: STEP_ID,
      action: req(oneOf(RESOLVE_ACTIONS)),
      actorId: ACTOR,
      output: opt(jsonObject()),
      reason: opt(str({ max: 2000 })),
    },
    handle: (ctx, data) =>
      readOnlyFixture(ctx, data['executionId'] as string) ??
      fromAction(
        resolveStep(ctx.engine, {
          executionId: data['executionId'] as string,
          stepId: data['stepId'] as string,
          action: data['action'] as ResolveAction,
          actorId: data['actorId'] as string,
          ...(data['output'] ? { output: data['output'] as JsonObject } : {}),
          ...(typeof data['reason'] === 'string' ? { reason: data['reason'] } : {}),
        }),
      ),
  },
};
