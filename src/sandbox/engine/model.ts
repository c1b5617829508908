// The engine's own types: an authored definition (as accepted by definitions/create), its compiled
// graph, and the runtime state of executions and steps. Wire views are built from these.
import type { ErrorInfo } from '../../api/schemas';
import type { Json, JsonObject } from '../types';
import type { Ast } from './predicate';

export type NodeType = 'agent' | 'human' | 'notification' | 'webhook';
export type EdgeRole = 'approve' | 'reject' | 'always' | 'exhausted' | 'custom';
export type Endpoint = string | { kind: 'node' | 'group'; nodeId?: string; groupId?: string };

export interface NodeDef {
  nodeId: string;
  type: NodeType;
  config?: JsonObject;
  slaMs?: number;
  requireNonEmptyOutput?: boolean;
  name?: string;
  description?: string;
}

export interface EdgeDef {
  from: Endpoint;
  to: Endpoint;
  on?: EdgeRole;
  when?: string;
  loop?: { maxIterations: number };
}

export interface GroupDef {
  groupId: string;
  memberNodeIds: string[];
  expectedSteps: number;
  quorum: number;
  onQuorumMet?: 'waitAll' | 'cancelOnQuorum' | 'joinOnQuorum';
  requiredNodeIds?: string[];
}

export interface WebhookTarget {
  url: string;
  secret: string;
  eventTypes?: string[];
}

/** The body of definitions/create, after schema validation. */
export interface DefinitionInput {
  definitionId: string;
  name: string;
  description?: string;
  scope?: { level: 'apiKey' | 'organization' | 'document'; organizationId?: string; documentId?: string };
  nodes: NodeDef[];
  edges: EdgeDef[];
  groups?: GroupDef[];
  triggers?: JsonObject[];
  webhookConfig?: WebhookTarget;
  tags?: string[];
  custom?: JsonObject;
}

export interface CompiledEdge {
  from: string;
  to: string;
  role: EdgeRole;
  when: Ast | null;
  fromGroupId?: string;
  toGroupId?: string;
}

export interface LoopRegion {
  loopId: string;
  entryNodeId: string;
  bodyNodeIds: string[];
  maxIterations: number;
  onExhausted: { routeToNodeId: string } | null;
}

export interface CompiledGraph {
  forwardEdges: CompiledEdge[];
  loops: LoopRegion[];
}

/** What the executor needs beyond the wire `compiled` block (the rejecting node of each loop, roots). */
export interface Runtime {
  compiled: CompiledGraph;
  roots: string[];
  /** loopId → the node whose mandatory reject starts the next iteration. */
  loopFrom: ReadonlyMap<string, string>;
  /** loopId → the joinOnQuorum group whose members' mandatory rejects do (a group-bounded loop). */
  loopFromGroup: ReadonlyMap<string, string>;
  nodes: ReadonlyMap<string, NodeDef>;
  groups: ReadonlyMap<string, GroupDef>;
  groupOf: ReadonlyMap<string, string>;
}

/** One stored version of a definition: what dispatch pins. */
export interface DefinitionVersion {
  input: DefinitionInput;
  version: number;
  runtime: Runtime;
  createdAt: number;
  updatedAt: number;
}

export type StepStatus =
  'pending' | 'running' | 'waiting' | 'completed' | 'failed' | 'skipped' | 'cancelled' | 'breached';
export type RunStatus = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';

export const TERMINAL_STEP: ReadonlySet<string> = new Set(['completed', 'failed', 'skipped', 'cancelled', 'breached']);
export const TERMINAL_RUN: ReadonlySet<string> = new Set(['completed', 'failed', 'cancelled']);
/** Statuses that fire `on: "always"` edges (docs "SLA and breach handling"); not `cancelled`. */
export const FAN_OUT_ELIGIBLE: ReadonlySet<string> = new Set(['completed', 'skipped', 'breached', 'failed']);

export interface Decision {
  reviewerId: string;
  decision: 'approve' | 'reject';
  reason: string | null;
  at: number;
}

export interface Step {
  stepId: string;
  nodeId: string;
  nodeType: NodeType;
  status: StepStatus;
  groupId: string | null;
  startedAt: number | null;
  completedAt: number | null;
  output: JsonObject;
  error: ErrorInfo | null;
  /** Engine-only: input (loop context, joinOnQuorum outputs), retries, timers, reviewer tallies. */
  input: JsonObject;
  retryCount: number;
  timers: number[];
  decisions: Decision[];
  /** Group quorum state key (a group inside a loop gets fresh state per iteration). */
  groupKey: string | null;
}

export interface LogEntry {
  seq: number;
  type: string;
  stepId: string | null;
  timestamp: number;
  data: Json;
  internal: boolean;
}

export interface GroupState {
  approvals: number;
  completed: number;
  quorumMet: boolean;
  approvedNodes: Set<string>;
  outputs: JsonObject;
  settled: boolean;
}

export interface LoopState {
  iteration: number;
  previousAttempts: JsonObject[];
}
