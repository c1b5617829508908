// DefinitionView (velt-api.md §2.3) as the extension reads it: definitions/get and definitions/list.
// Tolerant of drift: every list (nodes, edges, groups, compiled edges and loops) is read item by item, so
// one bad item is skipped and named in `problems` instead of hiding the definition; edge endpoints in any
// documented form (a node-id string, {kind:"node"}, {kind:"group"}) become one shape; the legacy
// `config.onReject.routeToNodeId` of older human nodes is read as the reject edge it described.
import * as z from 'zod';
import { problemOf } from './schemas';

const optionalString = z
  .string()
  .nullish()
  .transform((v) => v ?? null);
const optionalCount = z
  .number()
  .int()
  .nonnegative()
  .nullish()
  .transform((v) => v ?? null);
const optionalEpochMs = z
  .number()
  .finite()
  .nonnegative()
  .nullish()
  .transform((v) => v ?? null);
const record = z.record(z.string(), z.unknown());

export type EdgeEndpoint = { kind: 'node'; nodeId: string } | { kind: 'group'; groupId: string };

const EndpointSchema = z.union([
  z
    .string()
    .min(1)
    .transform((nodeId): EdgeEndpoint => ({ kind: 'node', nodeId })),
  z.object({ kind: z.literal('node'), nodeId: z.string().min(1) }).transform(({ nodeId }): EdgeEndpoint => ({
    kind: 'node',
    nodeId,
  })),
  z.object({ kind: z.literal('group'), groupId: z.string().min(1) }).transform(({ groupId }): EdgeEndpoint => ({
    kind: 'group',
    groupId,
  })),
]);

const ReviewerSchema = z.object({
  userId: z.string().min(1),
  mandatory: z
    .boolean()
    .nullish()
    .transform((v) => v ?? false),
});
export type DeclaredReviewer = z.infer<typeof ReviewerSchema>;

const NodeSchema = z
  .object({
    nodeId: z.string().min(1),
    type: z.string().min(1),
    name: optionalString,
    description: optionalString,
    slaMs: optionalCount,
    config: record.nullish().transform((v) => v ?? {}),
  })
  .transform((node) => ({ ...node, reviewers: declaredReviewers(node.config) }));
export type DefinitionNode = z.infer<typeof NodeSchema>;

/** `reviewers: [{userId, mandatory}]`, or the legacy `reviewerIds[]` (all mandatory); unreadable entries dropped. */
function declaredReviewers(config: Record<string, unknown>): DeclaredReviewer[] {
  const reviewers: DeclaredReviewer[] = [];
  if (Array.isArray(config['reviewers'])) {
    for (const item of config['reviewers']) {
      const parsed = ReviewerSchema.safeParse(item);
      if (parsed.success) reviewers.push(parsed.data);
    }
  } else if (Array.isArray(config['reviewerIds'])) {
    for (const id of config['reviewerIds']) {
      if (typeof id === 'string' && id.length > 0) reviewers.push({ userId: id, mandatory: true });
    }
  }
  return reviewers;
}

const EdgeSchema = z.object({
  from: EndpointSchema,
  to: EndpointSchema,
  on: z
    .string()
    .min(1)
    .nullish()
    .transform((v) => v ?? 'always'),
  when: optionalString,
  loop: z
    .object({ maxIterations: z.number().int().positive() })
    .nullish()
    .transform((v) => v ?? null),
});
export type DefinitionEdge = z.infer<typeof EdgeSchema>;

const GroupSchema = z.object({
  groupId: z.string().min(1),
  memberNodeIds: z.array(z.string().min(1)),
  expectedSteps: optionalCount,
  quorum: optionalCount,
  onQuorumMet: z
    .string()
    .min(1)
    .nullish()
    .transform((v) => v ?? 'waitAll'),
  requiredNodeIds: z
    .array(z.string().min(1))
    .nullish()
    .transform((v) => v ?? []),
});
export type ParallelGroup = z.infer<typeof GroupSchema>;

const CompiledEdgeSchema = z.object({
  from: z.string().min(1),
  to: z.string().min(1),
  role: z
    .string()
    .min(1)
    .nullish()
    .transform((v) => v ?? 'always'),
  fromGroupId: optionalString,
  toGroupId: optionalString,
});
export type CompiledEdge = z.infer<typeof CompiledEdgeSchema>;

const CompiledLoopSchema = z.object({
  loopId: z.string().min(1),
  entryNodeId: z.string().min(1),
  bodyNodeIds: z.array(z.string().min(1)),
  maxIterations: z.number().int().positive(),
  onExhausted: z
    .object({ routeToNodeId: z.string().min(1) })
    .nullish()
    .transform((v) => v ?? null),
});
export type CompiledLoop = z.infer<typeof CompiledLoopSchema>;

export interface CompiledGraph {
  forwardEdges: CompiledEdge[];
  loops: CompiledLoop[];
}

export interface DefinitionView {
  definitionId: string;
  name: string;
  description: string | null;
  version: number;
  status: string;
  createdAt: number | null;
  updatedAt: number | null;
  tags: string[];
  nodes: DefinitionNode[];
  edges: DefinitionEdge[];
  groups: ParallelGroup[];
  /** null when the server sent none (older definitions): draw from `edges` then. */
  compiled: CompiledGraph | null;
  /** Items that could not be read, as `nodes.3.nodeId: …` (at most MAX_PROBLEMS_KEPT; `skipped` is exact). */
  problems: string[];
  skipped: number;
}

const HeaderSchema = z.object({
  definitionId: z.string().min(1),
  name: z
    .string()
    .nullish()
    .transform((v) => v ?? ''),
  description: optionalString,
  version: z.number().int().nonnegative(),
  status: z
    .string()
    .min(1)
    .nullish()
    .transform((v) => v ?? 'active'),
  createdAt: optionalEpochMs,
  updatedAt: optionalEpochMs,
  tags: z
    .array(z.unknown())
    .nullish()
    .transform((v) => (v ?? []).filter((tag): tag is string => typeof tag === 'string')),
  nodes: z.array(z.unknown()),
  edges: z
    .array(z.unknown())
    .nullish()
    .transform((v) => v ?? []),
  groups: z
    .array(z.unknown())
    .nullish()
    .transform((v) => v ?? []),
  compiled: z
    .object({
      forwardEdges: z
        .array(z.unknown())
        .nullish()
        .transform((v) => v ?? []),
      loops: z
        .array(z.unknown())
        .nullish()
        .transform((v) => v ?? []),
    })
    .nullish()
    .transform((v) => v ?? null),
});

/** At most this many problems are kept per definition for the log; the count is always exact. */
const MAX_PROBLEMS_KEPT = 5;

class ItemReader {
  readonly problems: string[] = [];
  skipped = 0;

  list<T>(schema: z.ZodType<T>, items: readonly unknown[], path: string): T[] {
    const read: T[] = [];
    items.forEach((item, index) => {
      const parsed = schema.safeParse(item);
      if (parsed.success) read.push(parsed.data);
      else this.skip(`${path}.${index}.${problemOf(parsed.error)}`);
    });
    return read;
  }

  skip(problem: string): void {
    this.skipped++;
    if (this.problems.length < MAX_PROBLEMS_KEPT) this.problems.push(problem);
  }
}

export const DefinitionViewSchema: z.ZodType<DefinitionView> = HeaderSchema.transform((header) => {
  const reader = new ItemReader();
  const nodes = reader.list(NodeSchema, header.nodes, 'nodes');
  const edges = reader.list(EdgeSchema, header.edges, 'edges');
  edges.push(...legacyRejectEdges(header.nodes, edges));
  return {
    definitionId: header.definitionId,
    name: header.name,
    description: header.description,
    version: header.version,
    status: header.status,
    createdAt: header.createdAt,
    updatedAt: header.updatedAt,
    tags: header.tags,
    nodes,
    edges,
    groups: reader.list(GroupSchema, header.groups, 'groups'),
    compiled: header.compiled && {
      forwardEdges: reader.list(CompiledEdgeSchema, header.compiled.forwardEdges, 'compiled.forwardEdges'),
      loops: reader.list(CompiledLoopSchema, header.compiled.loops, 'compiled.loops'),
    },
    problems: reader.problems,
    skipped: reader.skipped,
  };
});

const LegacyRejectSchema = z.object({
  nodeId: z.string().min(1),
  config: z.object({ onReject: z.object({ routeToNodeId: z.string().min(1) }) }),
});

/** Older human nodes named their reject route in `config.onReject`; read it as an `on:"reject"` edge unless one exists. */
function legacyRejectEdges(rawNodes: readonly unknown[], edges: readonly DefinitionEdge[]): DefinitionEdge[] {
  const extra: DefinitionEdge[] = [];
  for (const raw of rawNodes) {
    const parsed = LegacyRejectSchema.safeParse(raw);
    if (!parsed.success) continue;
    const { nodeId, config } = parsed.data;
    const hasReject = edges.some((e) => e.on === 'reject' && e.from.kind === 'node' && e.from.nodeId === nodeId);
    if (hasReject) continue;
    extra.push({
      from: { kind: 'node', nodeId },
      to: { kind: 'node', nodeId: config.onReject.routeToNodeId },
      on: 'reject',
      when: null,
      loop: null,
    });
  }
  return extra;
}

export interface DefinitionListPage {
  items: DefinitionView[];
  /** The last item's `updatedAt` (an integer); null at the end. */
  nextCursor: number | null;
  skipped: number;
  skippedProblems: string[];
}

/** definitions/list: items read one by one (a bad one skipped and counted); a numeric-string cursor is accepted. */
export const DefinitionListPageSchema: z.ZodType<DefinitionListPage> = z
  .object({
    items: z.array(z.unknown()),
    nextCursor: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).nullish(),
  })
  .transform(({ items, nextCursor }) => {
    const reader = new ItemReader();
    return {
      items: reader.list(DefinitionViewSchema, items, 'items'),
      nextCursor: nextCursor === null || nextCursor === undefined ? null : Number(nextCursor),
      skipped: reader.skipped,
      skippedProblems: reader.problems,
    };
  });

export interface GetDefinitionRequest {
  definitionId: string;
}
export interface ListDefinitionsRequest {
  pageSize?: number;
  cursor?: number;
}
