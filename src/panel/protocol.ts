// The one message protocol between the execution panel (extension host) and its webview. Both sides
// validate every message they receive with these schemas and drop what does not parse. Requests from the
// webview carry a `requestId` that replies echo; event and status messages carry the loader `generation`
// so the webview drops anything sent before a reset.
import * as z from 'zod';

// In the webview (a document exists) the CSP forbids eval, and zod's JIT probes for it while schemas are
// built below, which would report a CSP violation: validate without the JIT there. The host keeps it.
if (typeof (globalThis as { document?: unknown }).document !== 'undefined') z.config({ jitless: true });

/**
 * Event types the "failures only" filter keeps. The same list as FAILURE_EVENT_TYPES in api/schemas.ts
 * (a unit test keeps them equal); repeated here so the webview bundle does not pull in the API schemas.
 */
export const FAILURE_EVENT_TYPES = [
  'execution.failed', 'execution.cancelled', 'step.failed', 'step.breached', 'step.cancelled', 'loop.exhausted',
] as const;

export const PROTOCOL_VERSION = 1;
/** Events per `events` message; the host splits larger batches. */
export const MAX_EVENTS_PER_MESSAGE = 5000;

/**
 * The longest text each field may carry. The webview's schemas below enforce them and the host cuts every
 * field to them before posting (src/panel/bounds.ts), so a long server value shortens one field instead of
 * getting a whole message dropped. Keys are the field names of each shape.
 */
export const EVENT_TEXT_BOUNDS = { eventId: 2000, type: 2000, stepId: 10_000, correlationId: 10_000 } as const;
export const STEP_TEXT_BOUNDS = { stepId: 10_000, nodeId: 10_000, nodeType: 2000, status: 2000, groupId: 10_000 } as const;
export const EXECUTION_TEXT_BOUNDS = {
  executionId: 2000, status: 2000, definitionId: 10_000, correlationId: 10_000, idempotencyKey: 10_000,
} as const;
export const ERROR_INFO_BOUNDS = { code: 10_000, message: 100_000 } as const;
export const PANEL_ERROR_BOUNDS = { kind: 100, message: 2000 } as const;
export const UNREADABLE_BOUNDS = { problem: 2000, raw: 100_000 } as const;
/** Environment names in init/execution messages. */
export const ENVIRONMENT_NAME_MAX = 500;
export const MAX_STEPS = 20_000;

const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const requestId = count;
const epochMs = z.number().finite();
const text = (max: number) => z.string().max(max);

export const TimeFormatSchema = z.enum(['local', 'utc', 'relative', 'elapsed']);
export type TimeFormat = z.infer<typeof TimeFormatSchema>;

export const FilterStateSchema = z.strictObject({
  types: z.array(text(EVENT_TEXT_BOUNDS.type)).max(500),
  step: text(STEP_TEXT_BOUNDS.stepId).nullable(),
  text: text(500),
  failuresOnly: z.boolean(),
});
export type FilterState = z.infer<typeof FilterStateSchema>;

/** Remembered per workspace. */
export const PrefsSchema = z.strictObject({ timeFormat: TimeFormatSchema, filters: FilterStateSchema });
export type Prefs = z.infer<typeof PrefsSchema>;

/** An event the server sent in a shape the API schema rejects: its problem and its raw JSON (maybe cut). */
export const UnreadableSchema = z.object({ problem: text(UNREADABLE_BOUNDS.problem), raw: text(UNREADABLE_BOUNDS.raw) });

/**
 * An event as the webview holds it: `data` may be trimmed by the host (then `oversize` is the full size, or
 * 0 when it is too deep to measure); `truncated` means a text field was cut to its bound (ending in …).
 * The full event is one click away (Open in Editor).
 */
export const PanelEventSchema = z.object({
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
export type PanelEvent = z.infer<typeof PanelEventSchema>;

const ErrorInfoSchema = z.object({ code: text(ERROR_INFO_BOUNDS.code), message: text(ERROR_INFO_BOUNDS.message) }).nullable();

export const PanelStepSchema = z.object({
  stepId: text(STEP_TEXT_BOUNDS.stepId),
  nodeId: text(STEP_TEXT_BOUNDS.nodeId),
  nodeType: text(STEP_TEXT_BOUNDS.nodeType),
  status: text(STEP_TEXT_BOUNDS.status),
  groupId: text(STEP_TEXT_BOUNDS.groupId).nullable(),
  startedAt: epochMs.nullable(),
  completedAt: epochMs.nullable(),
  error: ErrorInfoSchema,
});
export type PanelStep = z.infer<typeof PanelStepSchema>;

/** `truncated`: a text field of the execution or a step was cut, or steps past MAX_STEPS were left out (Raw JSON has all). */
export const PanelExecutionSchema = z.object({
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
export type PanelExecution = z.infer<typeof PanelExecutionSchema>;

/** A failure shown inside the panel; `retryInMs` is set while an automatic retry is counting down. */
export const PanelErrorSchema = z.object({
  kind: text(PANEL_ERROR_BOUNDS.kind),
  message: text(PANEL_ERROR_BOUNDS.message),
  retryInMs: count.nullable(),
});
export type PanelError = z.infer<typeof PanelErrorSchema>;

export const LoaderPhaseSchema = z.enum(['idle', 'loading', 'scanning', 'loadingAll', 'waiting', 'error']);
export type LoaderPhase = z.infer<typeof LoaderPhaseSchema>;

export const LoaderStatusSchema = z.object({
  phase: LoaderPhaseSchema,
  loaded: count,
  hasMore: z.boolean(),
  cursor: count,
  /** Empty pages followed during the current or last load. */
  emptyPages: count,
  terminal: z.boolean(),
  error: PanelErrorSchema.nullable(),
});
export type LoaderStatus = z.infer<typeof LoaderStatusSchema>;

export const TailStateSchema = z.enum(['off', 'live', 'slow', 'paused', 'stopped']);
export type TailState = z.infer<typeof TailStateSchema>;
export const TailStatusSchema = z.object({ state: TailStateSchema, intervalMs: count });
export type TailStatus = z.infer<typeof TailStatusSchema>;

const generation = count;

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
  }),
  z.object({
    type: z.literal('execution'),
    execution: PanelExecutionSchema.nullable(),
    executionError: PanelErrorSchema.nullable(),
    pinned: z.boolean(),
    activeEnvironment: text(ENVIRONMENT_NAME_MAX),
  }),
  z.object({
    type: z.literal('events'),
    generation,
    requestId: requestId.nullable(),
    /** Appended by the live tail (the view follows or counts them). */
    live: z.boolean(),
    events: z.array(PanelEventSchema).max(MAX_EVENTS_PER_MESSAGE),
  }),
  z.object({
    type: z.literal('status'),
    generation,
    requestId: requestId.nullable(),
    loader: LoaderStatusSchema,
    tail: TailStatusSchema,
  }),
  z.object({ type: z.literal('probe'), requestId }),
  /** Filter the stream to one step (a step clicked in the tree). */
  z.object({ type: z.literal('focusStep'), stepId: text(STEP_TEXT_BOUNDS.stepId) }),
]);
export type HostToWebview = z.infer<typeof HostToWebviewSchema>;

export const PanelActionSchema = z.enum([
  'copyId', 'pin', 'unpin', 'openRawJson', 'export', 'selectEnvironment', 'setCredentials', 'showLog',
]);
export type PanelAction = z.infer<typeof PanelActionSchema>;

/** What the webview reports about its DOM (integration tests and diagnostics). */
export const ProbeStatsSchema = z.strictObject({
  received: count,
  filtered: count,
  domRows: count,
  domElements: count,
  foreignElements: count,
  /** Tag names of those elements (for a failing test's message). */
  foreignTags: z.array(text(200)).max(50),
  scriptRan: z.boolean(),
  firstRowTexts: z.array(text(20_000)).max(50),
  detailText: text(300_000).nullable(),
  stateText: text(5000),
});
export type ProbeStats = z.infer<typeof ProbeStatsSchema>;

const request = <T extends string>(type: T) => z.strictObject({ type: z.literal(type), requestId });

export const WebviewToHostSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready'), protocol: z.literal(PROTOCOL_VERSION) }),
  request('loadMore'),
  request('loadAll'),
  request('cancelLoad'),
  request('retry'),
  request('refresh'),
  z.strictObject({ type: z.literal('setTail'), requestId, paused: z.boolean() }),
  z.strictObject({ type: z.literal('action'), requestId, action: PanelActionSchema }),
  z.strictObject({ type: z.literal('copyEvent'), requestId, seq: count }),
  z.strictObject({ type: z.literal('openPayload'), requestId, seq: count }),
  z.strictObject({ type: z.literal('savePrefs'), prefs: PrefsSchema }),
  z.strictObject({ type: z.literal('probeResult'), requestId, stats: ProbeStatsSchema }),
  z.strictObject({ type: z.literal('log'), level: z.enum(['info', 'warn', 'error']), message: text(4000) }),
]);
export type WebviewToHost = z.infer<typeof WebviewToHostSchema>;

export type ParseResult<T> = { ok: true; message: T } | { ok: false; reason: string };

function parse<T>(schema: z.ZodType<T>, raw: unknown): ParseResult<T> {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, message: result.data };
  const issue = result.error.issues[0];
  const where = issue ? issue.path.map(String).join('.') || '(root)' : '(root)';
  return { ok: false, reason: `${where}: ${issue?.message ?? 'invalid'}`.slice(0, 300) };
}

export const parseHostMessage = (raw: unknown): ParseResult<HostToWebview> => parse(HostToWebviewSchema, raw);
export const parseWebviewMessage = (raw: unknown): ParseResult<WebviewToHost> => parse(WebviewToHostSchema, raw);

export const DEFAULT_FILTERS: FilterState = { types: [], step: null, text: '', failuresOnly: false };
export const DEFAULT_PREFS: Prefs = { timeFormat: 'local', filters: DEFAULT_FILTERS };

/** What the webview persists with setState; the serializer revives a panel from it. */
export interface PersistedViewState {
  environment: string;
  executionId: string;
  scrollTop?: number;
  selectedSeq?: number | null;
  detailSeq?: number | null;
  filters?: FilterState;
  timeFormat?: TimeFormat;
}

export const PersistedIdentitySchema = z.object({
  environment: text(ENVIRONMENT_NAME_MAX).min(1), executionId: text(EXECUTION_TEXT_BOUNDS.executionId).min(1),
});
