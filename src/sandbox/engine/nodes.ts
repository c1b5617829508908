// Simulated work per node type (docs "Node types"): `__mock__` agents pass inline, other agents park
// in `waiting` for a simulated run and then approve or reject by a seeded rule; human steps wait for
// reviewers; notifications deliver at once; webhook nodes call a loopback URL for real and simulate
// any other host. All delays are workflow ms on the sandbox clock.
import { randomBytes } from 'node:crypto';
import type { Json, JsonObject } from '../types';
import { hashString, rngFrom } from '../random';
import type { Executor, NodeRunner } from './executor';
import type { NodeDef, Step } from './model';
import { agentExecutionId } from './ids';
import type { Run } from './run';
import { applyMapping, renderTemplate, templateContext, valueAt } from './templates';
import { isLoopbackUrl, type HttpTransport, type HttpReply } from './transport';

export interface AgentOutcome {
  decision: 'approve' | 'reject';
  durationMs: number;
}
export type AgentSimulator = (run: Run, step: Step, agentId: string) => AgentOutcome;

/** Seeded rule: 4–14 s of work; one run in five is rejected. Same seed, same outcomes. */
export function seededAgents(seed: number): AgentSimulator {
  return (_run, step) => {
    const rng = rngFrom(hashString(`${seed}:${step.stepId}`));
    const durationMs = 4000 + Math.floor(rng() * 10_000);
    return { decision: rng() < 0.2 ? 'reject' : 'approve', durationMs };
  };
}

export interface AsyncCallback {
  status: 'completed' | 'failed';
  output?: JsonObject;
  error?: { code?: string; message?: string };
}

export interface Reviewer {
  userId: string;
  mandatory: boolean;
}

export function reviewersOf(node: NodeDef): Reviewer[] {
  const config = node.config ?? {};
  if (Array.isArray(config['reviewers']))
    return (config['reviewers'] as unknown as Reviewer[]).map((r) => ({ userId: r.userId, mandatory: r.mandatory }));
  if (Array.isArray(config['reviewerIds']))
    return (config['reviewerIds'] as string[]).map((userId) => ({ userId, mandatory: true }));
  return [];
}

export function humanBaseOutput(node: NodeDef): JsonObject {
  const reviewers = reviewersOf(node);
  const emails = node.config?.['reviewerEmails'];
  return {
    reviewers: reviewers.map((r) => ({ userId: r.userId, mandatory: r.mandatory })),
    reviewerIds: reviewers.map((r) => r.userId),
    reviewerEmails: Array.isArray(emails) ? emails : [],
    commentBody: typeof node.config?.['commentBody'] === 'string' ? node.config['commentBody'] : null,
  };
}

const SIMULATED_WEBHOOK_MS = 300;
const ASYNC_CALLBACK_MS = 5000;
const WEBHOOK_RETRY_MS = [1000, 4000];
const MAX_RESPONSE_TEXT = 64 * 1024;
const MAX_CALLBACK_TOKENS = 10_000;

/** Where async webhook nodes call back (velt-api.md §1.6): the URL, and the tokens of the steps that wait. */
export interface CallbackRegistry {
  url(): string;
  readonly tokens: Map<string, { executionId: string; stepId: string }>;
}
export const CALLBACK_TOKEN_HEADER = 'x-velt-callback-token';

export class Nodes implements NodeRunner {
  constructor(
    private readonly ex: Executor,
    private readonly agents: AgentSimulator,
    private readonly transport: HttpTransport,
    private readonly callbacks: CallbackRegistry,
  ) {}

  start(run: Run, step: Step): void {
    const node = run.definition.runtime.nodes.get(step.nodeId)!;
    switch (node.type) {
      case 'agent':
        return this.agent(run, step, node);
      case 'human': {
        const reviewers = reviewersOf(node);
        return this.ex.wait(
          run,
          step,
          {
            waitingForReviewers: reviewers.map((r) => r.userId),
            mandatoryCount: reviewers.filter((r) => r.mandatory).length,
            resumeKey: `human:${step.stepId}`,
          },
          humanBaseOutput(node),
        );
      }
      case 'notification': {
        const config = node.config ?? {};
        const target: JsonObject =
          config['channel'] === 'slack'
            ? { slackTarget: config['slackTarget'] ?? null }
            : { recipients: config['recipients'] ?? [] };
        const context = templateContext(run, step);
        const format = typeof config['format'] === 'string' ? config['format'] : 'text';
        const rendered: JsonObject = {
          ...(typeof config['subjectTemplate'] === 'string'
            ? { subject: renderTemplate(config['subjectTemplate'], context, format) }
            : {}),
          body: renderTemplate(String(config['bodyTemplate'] ?? ''), context, format),
          format,
        };
        return this.ex.finish(
          run,
          step,
          'completed',
          'step.completed',
          { nodeType: 'notification', channel: config['channel'] ?? null },
          { output: { channel: config['channel'] ?? null, ...target, ...rendered, deliveredAt: this.ex.now() } },
        );
      }
      case 'webhook':
        return this.webhook(run, step, node, 0);
    }
  }

  private agent(run: Run, step: Step, node: NodeDef): void {
    const agentId = String(node.config?.['agentId'] ?? '');
    if (node.config?.['blocking'] === true) {
      return this.ex.finish(
        run,
        step,
        'failed',
        'step.failed',
        { reason: 'agent-blocking-not-supported' },
        { error: { code: 'agent-blocking-not-supported', message: 'Blocking agent steps are not supported in beta' } },
      );
    }
    if (agentId === '__mock__') {
      const output = { agentId, synthetic: true, decision: 'approve' };
      return this.ex.finish(run, step, 'completed', 'step.completed', output, { output });
    }
    const attempt = [...run.steps.values()].filter((s) => s.nodeId === step.nodeId).length;
    const simulated = this.agents(run, step, agentId);
    const outcome = run.simulation?.agentMs
      ? { ...simulated, durationMs: run.simulation.agentMs(step, attempt) }
      : simulated;
    const agentRun = agentExecutionId(this.ex.now(), this.ex.rng);
    const pollIntervalMs = typeof node.config?.['pollIntervalMs'] === 'number' ? node.config['pollIntervalMs'] : 15000;
    this.ex.wait(run, step, { agentId, agentExecutionId: agentRun, pollIntervalMs });
    const maxRuntime =
      typeof node.config?.['agentMaxRuntimeMs'] === 'number' ? node.config['agentMaxRuntimeMs'] : 10 * 60_000;
    step.timers.push(
      this.ex.timers.after(Math.min(outcome.durationMs, maxRuntime), () => {
        this.ex.emit(run, 'step.resumed', step.stepId);
        const status = outcome.durationMs > maxRuntime ? 'timed-out' : 'completed';
        const decision = status === 'completed' ? outcome.decision : 'reject';
        const urlPath = node.config?.['urlPath'];
        const fromInput = typeof urlPath === 'string' ? valueAt(run.triggerContext, urlPath) : undefined;
        const resolvedUrl =
          node.config?.['url'] ??
          (typeof fromInput === 'string' ? fromInput : `https://app.example.com/${run.executionId}`);
        this.ex.finish(
          run,
          step,
          'completed',
          'step.completed',
          { agentExecutionId: agentRun, agentExecutionStatus: status, decision, source: 'poll' },
          {
            output: {
              agentId,
              generatedAt: this.ex.now(),
              agentExecutionStatus: status,
              agentResultsSummary: decision === 'approve' ? `${agentId}: checks passed` : `${agentId}: found problems`,
              resolvedUrl,
              agentDurationMs: Math.min(outcome.durationMs, maxRuntime),
              decision,
              ...agentInputs(node, templateContext(run, step)),
            },
          },
        );
      }),
    );
  }

  private webhook(run: Run, step: Step, node: NodeDef, attempt: number): void {
    const config = node.config ?? {};
    const url = String(config['url'] ?? '');
    const method = config['method'] === 'GET' ? 'GET' : 'POST';
    const loopback = isLoopbackUrl(url);
    // A loopback receiver is real, so it gets a real callback token; a simulated host is answered below.
    const callback = config['mode'] === 'async' && loopback ? this.callbackFor(run, step) : undefined;
    const body = method === 'GET' ? '' : webhookBody(run, step, config['bodyTemplate'], callback);
    const started = Date.now();
    const handle = (reply: HttpReply): void => this.webhookReply(run, step, node, attempt, reply, Date.now() - started);
    if (loopback) {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        ...((config['requestHeaders'] as Record<string, string> | undefined) ?? {}),
      };
      void this.transport
        .send({ url, method, body, headers, timeoutMs: Number(config['timeoutMs'] ?? 10_000) })
        .then(handle);
    } else {
      const reply = run.simulation?.webhookReplies?.[node.nodeId] ?? {
        ok: true,
        status: 200,
        headers: { 'content-type': 'application/json' },
        text: '{"ok":true,"simulated":true}',
      };
      step.timers.push(this.ex.timers.after(SIMULATED_WEBHOOK_MS, () => handle(reply)));
    }
  }

  private callbackFor(run: Run, step: Step): JsonObject {
    const token = randomBytes(24).toString('base64url');
    // Bounded: the oldest tokens (steps long gone) are dropped first.
    if (this.callbacks.tokens.size >= MAX_CALLBACK_TOKENS)
      this.callbacks.tokens.delete(this.callbacks.tokens.keys().next().value!);
    this.callbacks.tokens.set(token, { executionId: run.executionId, stepId: step.stepId });
    return { url: this.callbacks.url(), token, tokenHeader: CALLBACK_TOKEN_HEADER };
  }

  /** The async callback `{ status, output?, error? }` ends the waiting step (velt-api.md §1.6). */
  callbackArrived(run: Run, step: Step, body: AsyncCallback): void {
    if (run.terminal || step.status !== 'waiting') return;
    for (const [token, ref] of this.callbacks.tokens)
      if (ref.stepId === step.stepId && ref.executionId === run.executionId) this.callbacks.tokens.delete(token);
    this.ex.emit(run, 'step.resumed', step.stepId);
    const output: JsonObject = { ...step.output, ...(body.output ?? {}), callback: { status: body.status } };
    if (body.status === 'failed') {
      const error = {
        code: body.error?.code ?? 'webhook-callback-failed',
        message: body.error?.message ?? 'The receiver reported the work failed',
      };
      return this.ex.finish(
        run,
        step,
        'failed',
        'step.failed',
        { reason: error.code, mode: 'async' },
        { output, error },
      );
    }
    this.ex.finish(
      run,
      step,
      'completed',
      'step.completed',
      {
        nodeType: 'webhook',
        httpStatus: typeof output['httpStatus'] === 'number' ? output['httpStatus'] : null,
        mode: 'async',
      },
      { output },
    );
  }

  private webhookReply(
    run: Run,
    step: Step,
    node: NodeDef,
    attempt: number,
    reply: HttpReply,
    latencyMs: number,
  ): void {
    if (run.terminal || step.status !== 'running') return;
    const config = node.config ?? {};
    const expected =
      Array.isArray(config['expectedStatusCodes']) && config['expectedStatusCodes'].length > 0
        ? (config['expectedStatusCodes'] as number[])
        : undefined;
    const httpStatus = reply.ok ? reply.status : 0;
    const good = reply.ok && (expected ? expected.includes(reply.status) : reply.status >= 200 && reply.status < 300);
    if (!good && (httpStatus === 0 || httpStatus >= 500) && attempt < WEBHOOK_RETRY_MS.length) {
      step.retryCount++;
      this.ex.emit(run, 'step.retried', step.stepId);
      step.timers.push(
        this.ex.timers.after(WEBHOOK_RETRY_MS[attempt]!, () => this.webhook(run, step, node, attempt + 1)),
      );
      return;
    }
    const output = reply.ok ? responseOutput(reply) : {};
    if (!good) {
      const retryClass = httpStatus === 0 || httpStatus >= 500 ? 'retryable-exhausted' : 'terminal';
      const message = reply.ok ? `Webhook answered HTTP ${reply.status}` : `Webhook request failed: ${reply.error}`;
      return this.ex.finish(
        run,
        step,
        'failed',
        'step.failed',
        { httpStatus, latencyMs, retryClass },
        { output, error: { code: 'webhook-http-error', message } },
      );
    }
    if (node.requireNonEmptyOutput === true && config['mode'] !== 'async' && reply.ok && reply.text.length === 0) {
      return this.ex.finish(
        run,
        step,
        'failed',
        'step.failed',
        { reason: 'webhook-node-empty-response' },
        {
          output,
          error: {
            code: 'webhook-node-empty-response',
            message: `Webhook answered ${httpStatus} with an empty body and requireNonEmptyOutput is set`,
          },
        },
      );
    }
    if (config['mode'] === 'async') {
      this.ex.wait(run, step, { mode: 'async', httpStatus }, output);
      // A loopback receiver calls back for real (inbound.ts); a simulated host "calls back" after 5 s.
      if (isLoopbackUrl(String(config['url'] ?? ''))) return;
      step.timers.push(
        this.ex.timers.after(ASYNC_CALLBACK_MS, () =>
          this.callbackArrived(run, step, { status: 'completed', output: { simulated: true } }),
        ),
      );
      return;
    }
    this.ex.finish(
      run,
      step,
      'completed',
      'step.completed',
      { nodeType: 'webhook', httpStatus, latencyMs },
      { output },
    );
  }
}

/** What the agent was given (sandbox extra): inputMapping, userContextMapping, promptOverride resolved. */
function agentInputs(node: NodeDef, context: JsonObject): JsonObject {
  const config = node.config ?? {};
  const mapping = (key: string): JsonObject | undefined => {
    const value = config[key];
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  };
  const input = mapping('inputMapping');
  const userContext = mapping('userContextMapping');
  const prompt = config['promptOverride'];
  return {
    ...(input ? { agentInput: applyMapping(input, context) } : {}),
    ...(userContext ? { userContext: applyMapping(userContext, context) } : {}),
    ...(typeof prompt === 'string' ? { prompt: renderTemplate(prompt, context) } : {}),
  };
}

/** The outbound request body per `bodyTemplate`: the envelope (default), the trigger payload as-is, or none. */
function webhookBody(run: Run, step: Step, template: Json | undefined, callback: JsonObject | undefined): string {
  if (template === 'none') return '';
  const ids = { executionId: run.executionId, stepId: step.stepId, nodeId: step.nodeId };
  if (template === 'pass-through')
    return JSON.stringify({ ...run.triggerContext, _velt: { ...ids, ...(callback ? { callback } : {}) } });
  return JSON.stringify({
    ...ids,
    definitionId: run.definitionId,
    correlationId: run.correlationId,
    input: run.triggerContext,
    ...(callback ? { callback } : {}),
  });
}

function responseOutput(reply: Extract<HttpReply, { ok: true }>): JsonObject {
  const headers: JsonObject = {};
  for (const name of ['content-type', 'content-length', 'etag', 'location'])
    if (reply.headers[name] !== undefined) headers[name] = reply.headers[name]!;
  const output: JsonObject = {
    httpStatus: reply.status,
    responseHeaders: headers,
    responseText: reply.text.slice(0, MAX_RESPONSE_TEXT),
  };
  try {
    if (/json/i.test(reply.headers['content-type'] ?? '')) output['responseJson'] = JSON.parse(reply.text) as Json;
  } catch {
    /* not JSON after all: responseText has it */
  }
  return output;
}
