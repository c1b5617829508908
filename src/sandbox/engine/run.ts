// One execution as the engine keeps it: status, steps, the event log (external and internal events
// each take a seq number) and the per-run loop/group state. It implements the sandbox's
// ExecutionModel, so executions/get, getEvents and list serve engine runs like the scripted seeds.
import type { ErrorInfo } from '../../api/schemas';
import {
  INTERNAL_EVENT_TYPES,
  type ExecutionModel,
  type Json,
  type JsonObject,
  type WireEvent,
  type WireExecution,
} from '../types';
import type { DefinitionVersion, GroupState, LogEntry, LoopState, RunStatus, Step, WebhookTarget } from './model';
import type { HttpReply } from './transport';

/** How a seeded run's simulated work goes, when it must go exactly one way (the live fixtures). */
export interface RunSimulation {
  agentMs?: (step: Step, attempt: number) => number;
  /** Simulated replies of non-loopback webhook nodes, by nodeId. */
  webhookReplies?: Record<string, HttpReply>;
}

export interface RunInit {
  executionId: string;
  definition: DefinitionVersion;
  correlationId: string;
  idempotencyKey: string;
  triggerContext: JsonObject;
  webhook: WebhookTarget | null;
  startedAt: number;
  simulation?: RunSimulation;
}

export class Run implements ExecutionModel {
  readonly executionId: string;
  readonly definition: DefinitionVersion;
  readonly correlationId: string;
  readonly idempotencyKey: string;
  readonly triggerContext: JsonObject;
  readonly webhook: WebhookTarget | null;
  readonly startedAt: number;
  readonly simulation: RunSimulation | undefined;
  status: RunStatus = 'pending';
  completedAt: number | null = null;
  cancelledAt: number | null = null;
  failureReason: ErrorInfo | null = null;
  readonly steps = new Map<string, Step>();
  readonly log: LogEntry[] = [];
  readonly loops = new Map<string, LoopState>();
  readonly groups = new Map<string, GroupState>();
  /** Timers that belong to the run as a whole (pickup), cancelled when it ends. */
  readonly timers: number[] = [];
  private readonly eventPrefix: string;

  constructor(init: RunInit) {
    this.executionId = init.executionId;
    this.definition = init.definition;
    this.correlationId = init.correlationId;
    this.idempotencyKey = init.idempotencyKey;
    this.triggerContext = init.triggerContext;
    this.webhook = init.webhook;
    this.startedAt = init.startedAt;
    this.simulation = init.simulation;
    this.eventPrefix = `evt_${init.executionId.slice(init.executionId.lastIndexOf('_') + 1)}_`;
  }

  get definitionId(): string {
    return this.definition.input.definitionId;
  }

  get terminal(): boolean {
    return this.status === 'completed' || this.status === 'failed' || this.status === 'cancelled';
  }

  append(type: string, stepId: string | null, timestamp: number, data: Json): LogEntry {
    const entry: LogEntry = {
      seq: this.log.length + 1,
      type,
      stepId,
      timestamp,
      data,
      internal: INTERNAL_EVENT_TYPES.has(type),
    };
    this.log.push(entry);
    return entry;
  }

  visibleSeq(): number {
    return this.log.length;
  }

  eventAt(seq: number): WireEvent | null {
    const entry = this.log[seq - 1];
    return entry && !entry.internal ? this.wireEvent(entry) : null;
  }

  wireEvent(entry: LogEntry): WireEvent {
    return {
      eventId: this.eventPrefix + entry.seq.toString(36).padStart(5, '0'),
      seq: entry.seq,
      type: entry.type,
      stepId: entry.stepId,
      timestamp: entry.timestamp,
      correlationId: this.correlationId,
      data: entry.data,
    };
  }

  view(_now: number, withSteps: boolean): WireExecution {
    return {
      executionId: this.executionId,
      status: this.status,
      startedAt: this.startedAt,
      completedAt: this.completedAt,
      cancelledAt: this.cancelledAt,
      definitionId: this.definitionId,
      definitionVersion: this.definition.version,
      correlationId: this.correlationId,
      idempotencyKey: this.idempotencyKey,
      failureReason: this.failureReason,
      steps: withSteps
        ? [...this.steps.values()].map((s) => ({
            stepId: s.stepId,
            nodeId: s.nodeId,
            nodeType: s.nodeType,
            status: s.status,
            groupId: s.groupId,
            startedAt: s.startedAt,
            completedAt: s.completedAt,
            output: s.output,
            error: s.error,
          }))
        : [],
    };
  }
}
