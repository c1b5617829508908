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

const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const requestId = count;
const epochMs = z.number().finite();
const text = (max: number) => z.string().max(max);

export const TimeFormatSchema = z.enum(['local', 'utc', 'relative', 'elapsed']);
export type TimeFormat = z.infer<typeof TimeFormatSchema>;

export const FilterStateSchema = z.strictObject({
  types: z.array(text(500)).max(500),
  step: text(5000).nullable(),
  text: text(500),
  failuresOnly: z.boolean(),
});
export type FilterState = z.infer<typeof FilterStateSchema>;

/** Remembered per workspace. */
export const PrefsSchema = z.strictObject({ timeFormat: TimeFormatSchema, filters: FilterStateSchema });
export type Prefs = z.infer<typeof PrefsSchema>;

/** An event as the webview holds it: `data` may be trimmed by the host (then `oversize` is the full size). */
export const PanelEventSchema = z.object({
  seq: count,
  eventId: text(2000),
  type: text(2000).min(1),
  stepId: text(10_000).nullable(),
  timestamp: epochMs,
  correlationId: text(10_000).nullable(),
  data: z.unknown(),
  oversize: count.optional(),
});
export type PanelEvent = z.infer<typeof PanelEventSchema>;

const ErrorInfoSchema = z.object({ code: text(10_000), message: text(100_000) }).nullable();

export const PanelStepSchema = z.object({
  stepId: text(10_000),
  nodeId: text(10_000),
  nodeType: text(2000),
  status: text(2000),
  groupId: text(10_000).nullable(),
  startedAt: epochMs.nullable(),
  completedAt: epochMs.nullable(),
  error: ErrorInfoSchema,
});
export type PanelStep = z.infer<typeof PanelStepSchema>;

export const PanelExecutionSchema = z.object({
  executionId: text(2000),
  status: text(2000),
  startedAt: epochMs.nullable(),
  completedAt: epochMs.nullable(),
  cancelledAt: epochMs.nullable(),
  definitionId: text(10_000),
  definitionVersion: z.number().int().nullable(),
  correlationId: text(10_000).nullable(),
  idempotencyKey: text(10_000).nullable(),
  failureReason: ErrorInfoSchema,
  steps: z.array(PanelStepSchema).max(20_000),
});
export type PanelExecution = z.infer<typeof PanelExecutionSchema>;

/** A failure shown inside the panel; `retryInMs` is set while an automatic retry is counting down. */
export const PanelErrorSchema = z.object({
  kind: text(100),
  message: text(2000),
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
    environment: text(500),
    activeEnvironment: text(500),
    executionId: text(2000),
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
    activeEnvironment: text(500),
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
  z.object({ type: z.literal('focusStep'), stepId: text(2000) }),
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

export const PersistedIdentitySchema = z.object({ environment: text(500).min(1), executionId: text(2000).min(1) });
