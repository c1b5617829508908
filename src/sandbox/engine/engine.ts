// The local Approval Engine: definitions store, executions, the executor and its timers, wired
// together. Pure (no HTTP server): the server and the tests drive it with `advance(now)`.
import type { JsonObject } from '../types';
import { rngFrom, type Rng } from '../random';
import { TimerQueue, type Clock } from './clock';
import { DefinitionStore } from './definitions';
import { Executor } from './executor';
import { Flow } from './flow';
import { correlationId as newCorrelationId, executionId as newExecutionId, rootStepId } from './ids';
import { TERMINAL_RUN, type WebhookTarget } from './model';
import { Nodes, seededAgents, type AgentSimulator } from './nodes';
import { Run, type RunSimulation } from './run';
import { loopbackTransport, type HttpTransport } from './transport';
import { WebhookDispatcher } from './webhooks';

export interface EngineOptions {
  clock: Clock;
  timeScale?: number;
  seed?: number;
  agents?: AgentSimulator;
  transport?: HttpTransport;
  /** Most runs kept; the oldest terminal ones are dropped past it (live ones never are). */
  maxRuns?: number;
}

export interface DispatchInput {
  definitionId: string;
  idempotencyKey?: string;
  correlationId?: string;
  triggerContext?: JsonObject;
  webhook?: WebhookTarget;
  /** A replayed idempotencyKey older than this (sandbox ms) starts a new run (trigger keys dedupe for 24 h). */
  dedupeWindowMs?: number;
  /** Seeds and tests may fix the id and how the simulated work goes. */
  executionId?: string;
  simulation?: RunSimulation;
}

export type DispatchResult =
  | { ok: true; executionId: string; correlationId: string; deduplicated: boolean; run: Run }
  | { ok: false; status: 'NOT_FOUND' | 'FAILED_PRECONDITION'; message: string };

/** The async webhook-node callback route (the path the docs' internal reference names). */
export const CALLBACK_PATH = '/v1/workflow/webhook-inbound/callback';

/** Workflow ms between dispatch and the root steps starting (the queue pick-up). */
export const PICKUP_MS = 1000;

export class Engine {
  readonly timers: TimerQueue;
  readonly definitions: DefinitionStore;
  readonly executor: Executor;
  readonly transport: HttpTransport;
  readonly webhooks: WebhookDispatcher;
  readonly nodes: Nodes;
  /** Where async webhook nodes are told to call back (the server sets it once it listens). */
  callbackBaseUrl = 'http://127.0.0.1';
  /** Async webhook steps waiting for a callback, by the token their request carried. */
  readonly callbacks = new Map<string, { executionId: string; stepId: string }>();
  private readonly runs = new Map<string, Run>();
  private readonly byIdempotencyKey = new Map<string, string>();
  private readonly rng: Rng;
  private readonly maxRuns: number;
  /** startedAt is the list cursor, so runs never share one (velt-api.md §7.1 ties). */
  private readonly takenStarts = new Set<number>();

  constructor(options: EngineOptions) {
    this.timers = new TimerQueue(options.clock, options.timeScale ?? 1);
    this.rng = rngFrom(options.seed ?? 1);
    this.definitions = new DefinitionStore(() => this.timers.now());
    this.executor = new Executor(this.timers, this.rng);
    this.transport = options.transport ?? loopbackTransport;
    this.executor.flow = new Flow(this.executor);
    this.nodes = new Nodes(this.executor, options.agents ?? seededAgents(options.seed ?? 1), this.transport, {
      url: () => `${this.callbackBaseUrl}${CALLBACK_PATH}`,
      tokens: this.callbacks,
    });
    this.executor.nodes = this.nodes;
    this.maxRuns = options.maxRuns ?? 5000;
    this.webhooks = new WebhookDispatcher(this, this.transport);
  }

  now(): number {
    return this.timers.now();
  }

  /** Start times used elsewhere (the scripted seeds) that engine runs must not reuse. */
  reserveStartTimes(times: Iterable<number>): void {
    for (const time of times) this.takenStarts.add(time);
  }

  private uniqueStart(now: number): number {
    let start = now;
    while (this.takenStarts.has(start)) start++;
    this.takenStarts.add(start);
    return start;
  }

  /** Runs every timer due by `now` (the sandbox clock when omitted). */
  advance(now?: number): number {
    return this.timers.advance(now);
  }

  get(executionId: string): Run | undefined {
    return this.runs.get(executionId);
  }

  all(): Run[] {
    return [...this.runs.values()];
  }

  inFlight(definitionId: string): boolean {
    for (const run of this.runs.values())
      if (run.definitionId === definitionId && !TERMINAL_RUN.has(run.status)) return true;
    return false;
  }

  dispatch(input: DispatchInput): DispatchResult {
    if (input.idempotencyKey !== undefined) {
      const earlier = this.runs.get(this.byIdempotencyKey.get(input.idempotencyKey) ?? '');
      const fresh =
        earlier && (input.dedupeWindowMs === undefined || this.now() - earlier.startedAt < input.dedupeWindowMs);
      if (earlier && fresh)
        return {
          ok: true,
          executionId: earlier.executionId,
          correlationId: earlier.correlationId,
          deduplicated: true,
          run: earlier,
        };
    }
    const definition = this.definitions.active(input.definitionId);
    if (definition === undefined)
      return { ok: false, status: 'NOT_FOUND', message: `Definition ${input.definitionId} not found` };
    if (definition === 'tombstoned')
      return {
        ok: false,
        status: 'FAILED_PRECONDITION',
        message: `Definition ${input.definitionId} is deleted (tombstoned); create it again to dispatch`,
      };
    if (definition.runtime.roots.length === 0)
      return {
        ok: false,
        status: 'FAILED_PRECONDITION',
        message: `Definition ${input.definitionId} has no root nodes`,
      };
    const now = this.uniqueStart(this.now());
    const idMs = input.executionId ? Number(input.executionId.slice(5, 18)) : now;
    const executionId = input.executionId ?? this.freshId(now);
    const run = new Run({
      executionId,
      definition,
      startedAt: now,
      correlationId: input.correlationId ?? newCorrelationId(this.rng),
      idempotencyKey: input.idempotencyKey ?? `auto:${executionId}`,
      triggerContext: input.triggerContext ?? {},
      webhook: input.webhook ?? (definition.input.webhookConfig ? { ...definition.input.webhookConfig } : null),
      ...(input.simulation ? { simulation: input.simulation } : {}),
    });
    this.runs.set(executionId, run);
    if (input.idempotencyKey !== undefined) this.byIdempotencyKey.set(input.idempotencyKey, executionId);
    const roots = definition.runtime.roots.map((nodeId) => ({ nodeId, stepId: rootStepId(nodeId, idMs, this.rng) }));
    this.executor.emit(run, 'execution.dispatched', null, {
      definitionId: input.definitionId,
      definitionVersion: definition.version,
      rootStepIds: roots.map((r) => r.stepId),
    });
    run.timers.push(
      this.timers.after(PICKUP_MS, () => {
        if (run.terminal) return;
        run.status = 'running';
        this.executor.batch(run, () => {
          for (const root of roots) this.executor.schedule(run, root.nodeId, root.stepId);
        });
      }),
    );
    this.evict();
    return { ok: true, executionId, correlationId: run.correlationId, deduplicated: false, run };
  }

  private freshId(now: number): string {
    for (;;) {
      const id = newExecutionId(now, this.rng);
      if (!this.runs.has(id)) return id;
    }
  }

  private evict(): void {
    if (this.runs.size <= this.maxRuns) return;
    for (const run of this.runs.values()) {
      if (this.runs.size <= this.maxRuns) break;
      if (!run.terminal) continue;
      this.runs.delete(run.executionId);
      this.takenStarts.delete(run.startedAt);
      if (this.byIdempotencyKey.get(run.idempotencyKey) === run.executionId)
        this.byIdempotencyKey.delete(run.idempotencyKey);
    }
  }
}
