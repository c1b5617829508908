// zod schemas for the panel protocol (src/panel/protocol.ts holds the types), used by tests only, so zod
// stays out of the activation bundle. They are the executable spec: the host's zod-free guards for what the
// webview sends and for saved prefs and panel identity (webviewInput.ts) must agree with WebviewToHostSchema,
// PrefsSchema and PersistedIdentitySchema (test/unit/panel/webviewInput.test.ts); the host → webview schemas
// let tests prove that what the host posts after its bounds (bounds.ts) is well formed and within bounds. Each schema is
// checked at compile time to describe exactly its protocol type (ProtocolSchemaChecks below), so the two cannot drift.
import * as z from 'zod';
import {
  ENVIRONMENT_NAME_MAX,
  DEFINITION_TEXT_BOUNDS,
  ERROR_INFO_BOUNDS,
  EVENT_TEXT_BOUNDS,
  EXECUTION_TEXT_BOUNDS,
  FILTER_BOUNDS,
  GRAPH_BOUNDS,
  LOADER_PHASES,
  LOG_LEVELS,
  LOG_MESSAGE_MAX,
  MAX_EVENTS_PER_MESSAGE,
  MAX_NODE_DETAIL_STEPS,
  MAX_STEPS,
  PANEL_ACTIONS,
  PANEL_WRITE_ACTIONS,
  PANEL_TABS,
  PANEL_ERROR_BOUNDS,
  PROTOCOL_VERSION,
  STEP_TEXT_BOUNDS,
  TAIL_STATES,
  TIME_FORMATS,
  TIMELINE_BOUNDS,
  TIMELINE_MARKER_KINDS,
  UNREADABLE_BOUNDS,
  type EventColumns,
  type FilterState,
  type HostToWebview,
  type LoaderStatus,
  type PanelEvent,
  type PanelExecution,
  type Prefs,
  type ProbeStats,
  type TailStatus,
  type TimelineModel,
  type WebviewToHost,
} from './protocol';
import type { ParseResult } from './webviewInput';

const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const requestId = count;
const generation = count;
const epochMs = z.number().finite();
const text = (max: number) => z.string().max(max);

export const TimeFormatSchema = z.enum(TIME_FORMATS);

export const FilterStateSchema = z.strictObject({
  types: z.array(text(EVENT_TEXT_BOUNDS.type)).max(FILTER_BOUNDS.types),
  step: text(STEP_TEXT_BOUNDS.stepId).nullable(),
  text: text(FILTER_BOUNDS.text),
  failuresOnly: z.boolean(),
});

export const PrefsSchema = z.strictObject({
  timeFormat: TimeFormatSchema,
  filters: FilterStateSchema,
  tab: z.enum(PANEL_TABS).optional(),
});

const UnreadableSchema = z.object({ problem: text(UNREADABLE_BOUNDS.problem), raw: text(UNREADABLE_BOUNDS.raw) });

const PanelEventSchema = z.object({
  seq: count,
  eventId: text(EVENT_TEXT_BOUNDS.eventId),
  type: text(EVENT_TEXT_BOUNDS.type).min(1),
  stepId: text(EVENT_TEXT_BOUNDS.stepId).nullable(),
  timestamp: epochMs,
  correlationId: text(EVENT_TEXT_BOUNDS.correlationId).nullable(),
  data: z.unknown(),
  oversize: count.optional(),
  truncated: z.literal(true).optional(),
  unreadable: UnreadableSchema.optional(),
});

const EventExtrasSchema = PanelEventSchema.pick({ oversize: true, truncated: true, unreadable: true }).extend({
  at: count,
});

const column = <T extends z.ZodType>(item: T) => z.array(item).max(MAX_EVENTS_PER_MESSAGE);
/** An index into a batch's table, -1 meaning null. */
const tableRef = z.number().int().min(-1);

/** One column per field of PanelEventSchema, all as long as `seq`; every index names an entry of its table. */
const EventColumnsSchema = z
  .object({
    seq: column(PanelEventSchema.shape.seq),
    eventId: column(PanelEventSchema.shape.eventId),
    type: column(z.number().int().nonnegative()),
    types: column(PanelEventSchema.shape.type),
    stepId: column(tableRef),
    stepIds: column(PanelEventSchema.shape.stepId.unwrap()),
    timestamp: column(PanelEventSchema.shape.timestamp),
    correlationId: column(tableRef),
    correlationIds: column(PanelEventSchema.shape.correlationId.unwrap()),
    data: column(z.unknown()),
    dataShape: column(tableRef),
    shapes: column(z.array(z.string().refine((key) => key !== '__proto__', 'no "__proto__" key')).min(1)),
    extras: column(EventExtrasSchema),
  })
  .superRefine((c, ctx) => {
    const n = c.seq.length;
    for (const key of ['eventId', 'type', 'stepId', 'timestamp', 'correlationId', 'data', 'dataShape'] as const)
      if (c[key].length !== n)
        ctx.addIssue({ code: 'custom', path: [key], message: `${c[key].length} entries for ${n} events` });
    for (const [refs, table] of [
      ['type', 'types'],
      ['stepId', 'stepIds'],
      ['correlationId', 'correlationIds'],
      ['dataShape', 'shapes'],
    ] as const) {
      const i = c[refs].findIndex((ref) => ref >= c[table].length);
      if (i >= 0) ctx.addIssue({ code: 'custom', path: [refs, i], message: `names no entry of ${table}` });
    }
    const values = c.dataShape.findIndex((k, at) => {
      const data = c.data[at];
      return k >= 0 && !(Array.isArray(data) && data.length === c.shapes[k]?.length);
    });
    if (values >= 0)
      ctx.addIssue({ code: 'custom', path: ['data', values], message: 'is not the values of its shape' });
    const i = c.extras.findIndex((x) => x.at >= n);
    if (i >= 0) ctx.addIssue({ code: 'custom', path: ['extras', i, 'at'], message: `no event ${c.extras[i]!.at}` });
  });

const ErrorInfoSchema = z
  .object({ code: text(ERROR_INFO_BOUNDS.code), message: text(ERROR_INFO_BOUNDS.message) })
  .nullable();

const PanelStepSchema = z.object({
  stepId: text(STEP_TEXT_BOUNDS.stepId),
  nodeId: text(STEP_TEXT_BOUNDS.nodeId),
  nodeType: text(STEP_TEXT_BOUNDS.nodeType),
  status: text(STEP_TEXT_BOUNDS.status),
  groupId: text(STEP_TEXT_BOUNDS.groupId).nullable(),
  startedAt: epochMs.nullable(),
  completedAt: epochMs.nullable(),
  error: ErrorInfoSchema,
});

const PanelStepDetailSchema = PanelStepSchema.extend({ output: z.unknown(), oversize: count.optional() });

const PanelExecutionSchema = z.object({
  executionId: text(EXECUTION_TEXT_BOUNDS.executionId),
  status: text(EXECUTION_TEXT_BOUNDS.status),
  startedAt: epochMs.nullable(),
  completedAt: epochMs.nullable(),
  cancelledAt: epochMs.nullable(),
  definitionId: text(EXECUTION_TEXT_BOUNDS.definitionId),
  definitionVersion: z.number().int().nullable(),
  correlationId: text(EXECUTION_TEXT_BOUNDS.correlationId).nullable(),
  idempotencyKey: text(EXECUTION_TEXT_BOUNDS.idempotencyKey).nullable(),
  failureReason: ErrorInfoSchema,
  steps: z.array(PanelStepSchema).max(MAX_STEPS),
  truncated: z.literal(true).optional(),
});

const PanelErrorSchema = z.object({
  kind: text(PANEL_ERROR_BOUNDS.kind),
  message: text(PANEL_ERROR_BOUNDS.message),
  retryInMs: count.nullable(),
});

const LoaderStatusSchema = z.object({
  phase: z.enum(LOADER_PHASES),
  loaded: count,
  hasMore: z.boolean(),
  cursor: count,
  emptyPages: count,
  terminal: z.boolean(),
  error: PanelErrorSchema.nullable(),
});

const TailStatusSchema = z.object({ state: z.enum(TAIL_STATES), intervalMs: count });

const epoch = z.number().finite().nonnegative();
const TimelineMarkerSchema = z.object({
  kind: z.enum(TIMELINE_MARKER_KINDS),
  at: epoch,
  label: text(TIMELINE_BOUNDS.label),
});
const rowMarkers = z.array(TimelineMarkerSchema).max(TIMELINE_BOUNDS.rowMarkers);
const TimelineModelSchema = z.object({
  start: epoch,
  end: epoch.nullable(),
  rows: z
    .array(
      z.discriminatedUnion('kind', [
        z.object({
          kind: z.literal('step'),
          stepId: text(STEP_TEXT_BOUNDS.stepId),
          nodeId: text(STEP_TEXT_BOUNDS.nodeId),
          nodeType: text(STEP_TEXT_BOUNDS.nodeType),
          status: text(STEP_TEXT_BOUNDS.status),
          groupId: text(STEP_TEXT_BOUNDS.groupId).nullable(),
          iteration: count.nullable(),
          startedAt: epoch.nullable(),
          endedAt: epoch.nullable(),
          waitingFrom: epoch.nullable(),
          slaAt: epoch.nullable(),
          markers: rowMarkers,
        }),
        z.object({ kind: z.literal('group'), groupId: text(STEP_TEXT_BOUNDS.groupId), markers: rowMarkers }),
      ]),
    )
    .max(TIMELINE_BOUNDS.rows),
  moreRows: count,
  runMarkers: z.array(TimelineMarkerSchema).max(TIMELINE_BOUNDS.runMarkers),
  moreMarkers: count,
  gaps: z.array(z.object({ from: epoch, to: epoch })).max(TIMELINE_BOUNDS.gaps),
  slaNote: text(TIMELINE_BOUNDS.note).nullable(),
});

/** The header's write offers: a few buttons at most (Cancel Execution and a decision pair per waiting approval). */
const MAX_WRITE_OFFERS = 21;
const WriteOffersSchema = z
  .array(
    z.object({
      action: z.enum(PANEL_WRITE_ACTIONS),
      stepId: text(STEP_TEXT_BOUNDS.stepId).nullable(),
      label: text(200),
    }),
  )
  .max(MAX_WRITE_OFFERS);
const graphText = text(GRAPH_BOUNDS.text);
const coordinate = z.number().finite();
const box = { x: coordinate, y: coordinate, w: coordinate, h: coordinate };
const GraphLayoutSchema = z.object({
  width: coordinate,
  height: coordinate,
  nodes: z
    .array(z.object({ id: graphText, type: graphText, label: graphText, group: graphText.nullable(), ...box }))
    .max(GRAPH_BOUNDS.nodes),
  edges: z
    .array(
      z.object({
        id: text(3 * GRAPH_BOUNDS.text + 2),
        from: graphText,
        to: graphText,
        on: graphText,
        back: z.boolean(),
        points: z.array(coordinate).max(200),
      }),
    )
    .max(GRAPH_BOUNDS.edges),
  groups: z.array(z.object({ id: graphText, label: graphText, ...box })).max(GRAPH_BOUNDS.groups),
});
const GraphStatusSchema = z.object({
  nodes: z
    .array(
      z.object({
        id: graphText,
        status: graphText.nullable(),
        stepIds: z.array(text(STEP_TEXT_BOUNDS.stepId)).max(MAX_STEPS),
        note: text(GRAPH_BOUNDS.note).nullable(),
        uncertain: z.boolean(),
      }),
    )
    .max(GRAPH_BOUNDS.nodes),
  fired: z.array(text(3 * GRAPH_BOUNDS.text + 2)).max(GRAPH_BOUNDS.edges),
  uncertainEdges: z.array(text(3 * GRAPH_BOUNDS.text + 2)).max(GRAPH_BOUNDS.edges),
  groups: z.array(z.object({ id: graphText, note: text(GRAPH_BOUNDS.note) })).max(GRAPH_BOUNDS.groups),
  banner: text(GRAPH_BOUNDS.banner).nullable(),
});

export const HostToWebviewSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('init'),
    protocol: z.literal(PROTOCOL_VERSION),
    generation,
    environment: text(ENVIRONMENT_NAME_MAX),
    activeEnvironment: text(ENVIRONMENT_NAME_MAX),
    executionId: text(EXECUTION_TEXT_BOUNDS.executionId),
    pinned: z.boolean(),
    prefs: PrefsSchema,
    execution: PanelExecutionSchema.nullable(),
    executionError: PanelErrorSchema.nullable(),
    writeActions: WriteOffersSchema.optional(),
  }),
  z.object({
    type: z.literal('execution'),
    execution: PanelExecutionSchema.nullable(),
    executionError: PanelErrorSchema.nullable(),
    pinned: z.boolean(),
    activeEnvironment: text(ENVIRONMENT_NAME_MAX),
    writeActions: WriteOffersSchema.optional(),
  }),
  z.object({
    type: z.literal('events'),
    generation,
    requestId: requestId.nullable(),
    live: z.boolean(),
    events: EventColumnsSchema,
  }),
  z.object({
    type: z.literal('status'),
    generation,
    requestId: requestId.nullable(),
    loader: LoaderStatusSchema,
    tail: TailStatusSchema,
  }),
  z.object({ type: z.literal('probe'), requestId }),
  z.object({ type: z.literal('focusStep'), stepId: text(STEP_TEXT_BOUNDS.stepId) }),
  z.object({ type: z.literal('showTab'), tab: z.enum(PANEL_TABS) }),
  z.object({ type: z.literal('timeline'), timeline: TimelineModelSchema.nullable() }),
  z.object({
    type: z.literal('graph'),
    requestId: requestId.nullable(),
    layout: GraphLayoutSchema.nullable(),
    status: GraphStatusSchema.nullable(),
    error: PanelErrorSchema.nullable(),
  }),
  z.object({ type: z.literal('graphStatus'), status: GraphStatusSchema }),
  z.object({
    type: z.literal('nodeDetail'),
    requestId: requestId.nullable(),
    nodeId: graphText,
    steps: z.array(PanelStepDetailSchema).max(MAX_NODE_DETAIL_STEPS),
    moreSteps: count,
  }),
  z.object({ type: z.literal('selectNode'), nodeId: graphText }),
  z.object({ type: z.literal('focusEvent'), seq: z.number().int().nonnegative() }),
  z.object({
    type: z.literal('definition'),
    environment: text(ENVIRONMENT_NAME_MAX),
    definition: z.object({
      definitionId: text(DEFINITION_TEXT_BOUNDS.definitionId),
      name: text(DEFINITION_TEXT_BOUNDS.name),
      version: count.nullable(),
      nodes: count.nullable(),
    }),
    error: PanelErrorSchema.nullable(),
  }),
]);

const ProbeStatsSchema = z.strictObject({
  received: count,
  filtered: count,
  domRows: count,
  domElements: count,
  foreignElements: count,
  foreignTags: z.array(text(200)).max(50),
  scriptRan: z.boolean(),
  firstRowTexts: z.array(text(20_000)).max(50),
  detailText: text(300_000).nullable(),
  stateText: text(5000),
  graphNodes: z.array(text(GRAPH_BOUNDS.text)).max(GRAPH_BOUNDS.nodes),
  mountedViews: z.array(z.enum(PANEL_TABS)).max(PANEL_TABS.length),
  graphText: text(300_000).nullable(),
});

const request = <T extends string>(type: T) => z.strictObject({ type: z.literal(type), requestId });

export const WebviewToHostSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready'), protocol: z.literal(PROTOCOL_VERSION) }),
  request('loadMore'),
  request('loadAll'),
  request('cancelLoad'),
  request('retry'),
  request('refresh'),
  z.strictObject({ type: z.literal('setTail'), requestId, paused: z.boolean() }),
  z.strictObject({ type: z.literal('action'), requestId, action: z.enum(PANEL_ACTIONS) }),
  z.strictObject({
    type: z.literal('writeAction'),
    requestId,
    action: z.enum(PANEL_WRITE_ACTIONS),
    stepId: text(STEP_TEXT_BOUNDS.stepId).nullable(),
  }),
  z.strictObject({ type: z.literal('copyEvent'), requestId, seq: count }),
  z.strictObject({ type: z.literal('openPayload'), requestId, seq: count }),
  z.strictObject({ type: z.literal('savePrefs'), prefs: PrefsSchema }),
  z.strictObject({ type: z.literal('probeResult'), requestId, stats: ProbeStatsSchema }),
  z.strictObject({ type: z.literal('loadGraph'), requestId }),
  z.strictObject({ type: z.literal('loadNodeDetail'), requestId, nodeId: graphText }),
  z.strictObject({ type: z.literal('log'), level: z.enum(LOG_LEVELS), message: text(LOG_MESSAGE_MAX) }),
]);

/** The identity a revived panel needs from the webview's persisted state. */
export const PersistedIdentitySchema = z.object({
  environment: text(ENVIRONMENT_NAME_MAX).min(1),
  executionId: text(EXECUTION_TEXT_BOUNDS.executionId).min(1),
});

/** `true` when the schema's output is exactly `T`: no field missing, extra, optional or typed differently. */
type Agrees<S extends z.ZodType, T> =
  (<G>() => G extends z.output<S> ? 1 : 2) extends <G>() => G extends T ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
/** Fails to compile when a schema and its protocol type drift apart. */
export type ProtocolSchemaChecks = [
  Assert<Agrees<typeof WebviewToHostSchema, WebviewToHost>>,
  Assert<Agrees<typeof HostToWebviewSchema, HostToWebview>>,
  Assert<Agrees<typeof PrefsSchema, Prefs>>,
  Assert<Agrees<typeof FilterStateSchema, FilterState>>,
  Assert<Agrees<typeof PanelEventSchema, PanelEvent>>,
  Assert<Agrees<typeof EventColumnsSchema, EventColumns>>,
  Assert<Agrees<typeof PanelExecutionSchema, PanelExecution>>,
  Assert<Agrees<typeof LoaderStatusSchema, LoaderStatus>>,
  Assert<Agrees<typeof TailStatusSchema, TailStatus>>,
  Assert<Agrees<typeof ProbeStatsSchema, ProbeStats>>,
  Assert<Agrees<typeof TimelineModelSchema, TimelineModel>>,
];

function parse<T>(schema: z.ZodType<T>, raw: unknown): ParseResult<T> {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, message: result.data };
  const issue = result.error.issues[0];
  const where = issue ? issue.path.map(String).join('.') || '(root)' : '(root)';
  return { ok: false, reason: `${where}: ${issue?.message ?? 'invalid'}`.slice(0, 300) };
}

/** Whether a message the host would post is well formed and within bounds (tests; the webview does not validate). */
export const parseHostMessage = (raw: unknown): ParseResult<HostToWebview> => parse(HostToWebviewSchema, raw);
