// The one message protocol between the execution panel (extension host) and its webview: types and
// constants only, no runtime dependencies and no side effects, so the webview bundle stays small. The host
// validates what the webview sends (src/panel/webviewInput.ts; its spec is protocolSchemas.ts, tests only)
// and cuts what it posts to the bounds below (src/panel/bounds.ts); the webview trusts its host and checks
// only each message's `type`.
// Requests from the webview carry a `requestId` that replies echo; event and status messages carry the
// loader `generation` so the webview drops anything sent before a reset.
export { FAILURE_EVENT_TYPES } from '../api/eventTypes';

export const PROTOCOL_VERSION = 1;
/** Events per `events` message (entries of each column); the host splits larger batches. */
export const MAX_EVENTS_PER_MESSAGE = 5000;

/**
 * The longest text each field may carry. The host cuts every field to them before posting
 * (src/panel/bounds.ts), so a long server value shortens one field instead of breaking a whole message;
 * the host-side schemas (protocolSchemas.ts) enforce them in tests. Keys are the field names of each shape.
 */
export const EVENT_TEXT_BOUNDS = { eventId: 2000, type: 2000, stepId: 10_000, correlationId: 10_000 } as const;
export const STEP_TEXT_BOUNDS = {
  stepId: 10_000,
  nodeId: 10_000,
  nodeType: 2000,
  status: 2000,
  groupId: 10_000,
} as const;
export const EXECUTION_TEXT_BOUNDS = {
  executionId: 2000,
  status: 2000,
  definitionId: 10_000,
  correlationId: 10_000,
  idempotencyKey: 10_000,
} as const;
export const ERROR_INFO_BOUNDS = { code: 10_000, message: 100_000 } as const;
export const PANEL_ERROR_BOUNDS = { kind: 100, message: 2000 } as const;
export const UNREADABLE_BOUNDS = { problem: 2000, raw: 100_000 } as const;
/** Environment names in init/execution messages. */
export const ENVIRONMENT_NAME_MAX = 500;
export const MAX_STEPS = 20_000;
/** Bounds of what the webview sends: saved filters, log lines and probe results. */
export const FILTER_BOUNDS = { types: 500, text: 500 } as const;
export const LOG_MESSAGE_MAX = 4000;

export const TIME_FORMATS = ['local', 'utc', 'relative', 'elapsed'] as const;
export type TimeFormat = (typeof TIME_FORMATS)[number];

export interface FilterState {
  types: string[];
  step: string | null;
  text: string;
  failuresOnly: boolean;
}

/** The panel's views, in tab order. */
export const PANEL_TABS = ['events', 'graph', 'timeline'] as const;
export type PanelTab = (typeof PANEL_TABS)[number];

/** Remembered per workspace; `tab` is optional because prefs saved before the tabs existed lack it. */
export interface Prefs {
  timeFormat: TimeFormat;
  filters: FilterState;
  tab?: PanelTab;
}

/** An event the server sent in a shape the API schema rejects: its problem and its raw JSON (maybe cut). */
export interface Unreadable {
  problem: string;
  raw: string;
}

/**
 * An event as the webview holds it: `data` may be trimmed by the host (then `oversize` is the full size, or
 * 0 when it is too deep to measure); `truncated` means a text field was cut to its bound (ending in …).
 * The full event is one click away (Open in Editor).
 */
export interface PanelEvent {
  seq: number;
  eventId: string;
  type: string;
  stepId: string | null;
  timestamp: number;
  correlationId: string | null;
  data: unknown;
  oversize?: number | undefined;
  truncated?: true | undefined;
  unreadable?: Unreadable | undefined;
}

/**
 * A batch of events as it crosses to the webview: one array per field instead of one keyed object per
 * event (issue 11: the keys, the step ids and the correlation id were most of a batch's JSON, and every
 * character is serialised by the host and parsed by the webview). Event i is the i-th entry of each
 * column. Texts that repeat (type, step id, correlation id) are listed once per batch in their table and
 * referred to by index, -1 meaning null. The fields few events have are listed sparsely in `extras`.
 * The host builds it (src/panel/eventColumns.ts), the webview turns it back into PanelEvents
 * (src/webview/eventColumns.ts).
 */
export interface EventColumns {
  seq: number[];
  eventId: string[];
  /** Index into `types`. */
  type: number[];
  types: string[];
  /** Index into `stepIds`, or -1. */
  stepId: number[];
  stepIds: string[];
  timestamp: number[];
  /** Index into `correlationIds`, or -1. */
  correlationId: number[];
  correlationIds: string[];
  /**
   * Each event's payload as PanelEvent.data has it (an absent payload is null), except that an object
   * whose keys are one of the batch's `shapes` is sent as its values only, in the order of those keys.
   */
  data: unknown[];
  /** Index into `shapes` when `data` holds the payload's values only, else -1. */
  dataShape: number[];
  /** Key lists of the object payloads sent as values (payloads of one event type mostly share one). */
  shapes: string[][];
  /** The optional fields of the events that have any, by position in the batch. */
  extras: EventExtras[];
}

export interface EventExtras {
  at: number;
  oversize?: number | undefined;
  truncated?: true | undefined;
  unreadable?: Unreadable | undefined;
}

export interface PanelErrorInfo {
  code: string;
  message: string;
}

export interface PanelStep {
  stepId: string;
  nodeId: string;
  nodeType: string;
  status: string;
  groupId: string | null;
  startedAt: number | null;
  completedAt: number | null;
  error: PanelErrorInfo | null;
}

/**
 * A step of the graph node chosen in the Graph tab, with its output (trimmed like event payloads: then
 * `oversize` is the full JSON size, or 0 when it is too deep to measure; Raw JSON has all of it).
 */
export interface PanelStepDetail extends PanelStep {
  output: unknown;
  oversize?: number | undefined;
}
/** Steps per node detail: the latest ones (a loop node has one per iteration). */
export const MAX_NODE_DETAIL_STEPS = 20;

/** `truncated`: a text field of the execution or a step was cut, or steps past MAX_STEPS were left out (Raw JSON has all). */
export interface PanelExecution {
  executionId: string;
  status: string;
  startedAt: number | null;
  completedAt: number | null;
  cancelledAt: number | null;
  definitionId: string;
  definitionVersion: number | null;
  correlationId: string | null;
  idempotencyKey: string | null;
  failureReason: PanelErrorInfo | null;
  steps: PanelStep[];
  truncated?: true | undefined;
}

/** A failure shown inside the panel; `retryInMs` is set while an automatic retry is counting down. */
export interface PanelError {
  kind: string;
  message: string;
  retryInMs: number | null;
}

export const LOADER_PHASES = ['idle', 'loading', 'scanning', 'loadingAll', 'waiting', 'error'] as const;
export type LoaderPhase = (typeof LOADER_PHASES)[number];

export interface LoaderStatus {
  phase: LoaderPhase;
  loaded: number;
  hasMore: boolean;
  cursor: number;
  /** Empty pages followed during the current or last load. */
  emptyPages: number;
  terminal: boolean;
  error: PanelError | null;
}

export const TAIL_STATES = ['off', 'live', 'slow', 'paused', 'stopped'] as const;
export type TailState = (typeof TAIL_STATES)[number];
export interface TailStatus {
  state: TailState;
  intervalMs: number;
}

/** Caps of the timeline message: rows (steps and group headings), run-level markers, markers per row, idle gaps. */
export const TIMELINE_BOUNDS = {
  rows: 2000,
  runMarkers: 200,
  rowMarkers: 8,
  gaps: 20,
  label: 500,
  note: 2000,
} as const;

export const TIMELINE_MARKER_KINDS = ['breached', 'quorum', 'iteration', 'exhausted', 'execution'] as const;
export type TimelineMarkerKind = (typeof TIMELINE_MARKER_KINDS)[number];

/** A moment on the timeline; `label` names it ("SLA breached", "execution.failed"). */
export interface TimelineMarker {
  kind: TimelineMarkerKind;
  at: number;
  label: string;
}

/**
 * One lane. A step lane's bar runs from `startedAt` to `endedAt` (null: still running, drawn to now); from
 * `waitingFrom` on it is waiting for reviewers, before that active. `slaAt` is startedAt + the node's slaMs.
 * `iteration` numbers the runs of one node (loop iterations, stacked under each other) when it ran more than once.
 */
export interface TimelineStepRow {
  kind: 'step';
  stepId: string;
  nodeId: string;
  nodeType: string;
  status: string;
  groupId: string | null;
  iteration: number | null;
  startedAt: number | null;
  endedAt: number | null;
  waitingFrom: number | null;
  slaAt: number | null;
  markers: TimelineMarker[];
}

/** The heading above the lanes of a parallel group's members. */
export interface TimelineGroupRow {
  kind: 'group';
  groupId: string;
  markers: TimelineMarker[];
}

export type TimelineRow = TimelineStepRow | TimelineGroupRow;

/** An idle stretch (no step running) long enough to be drawn compressed. */
export interface TimelineGap {
  from: number;
  to: number;
}

export interface TimelineModel {
  /** The run's start; `end` is null while it runs (the axis then reaches now). */
  start: number;
  end: number | null;
  rows: TimelineRow[];
  /** Steps left out past TIMELINE_BOUNDS.rows; run markers past TIMELINE_BOUNDS.runMarkers. */
  moreRows: number;
  runMarkers: TimelineMarker[];
  moreMarkers: number;
  gaps: TimelineGap[];
  /** Why SLA lines may be missing or differ (definition unreadable, another version), or null. */
  slaNote: string | null;
}

/** Bounds of the graph messages: the API's documented maxima (100 nodes, 500 edges) with room for drift. */
export const GRAPH_BOUNDS = { nodes: 500, edges: 2000, groups: 200, text: 500, note: 200, banner: 1000 } as const;

/** A node placed by the host (centre x/y, size w/h in px); `group` is the parallel group it belongs to. */
export interface GraphNode {
  id: string;
  type: string;
  label: string;
  group: string | null;
  x: number;
  y: number;
  w: number;
  h: number;
}
/** `points` are x,y pairs; `back` marks a loop back-edge, drawn outside the layered flow. */
export interface GraphEdge {
  id: string;
  from: string;
  to: string;
  on: string;
  back: boolean;
  points: number[];
}
export interface GraphGroup {
  id: string;
  label: string;
  x: number;
  y: number;
  w: number;
  h: number;
}
export interface GraphLayout {
  width: number;
  height: number;
  /** In layout order (ranks top to bottom): the keyboard order of the nodes. */
  nodes: GraphNode[];
  edges: GraphEdge[];
  groups: GraphGroup[];
}
/** A node in this run: the status of its latest step, all its steps, and a note ("×2 of 3"). */
export interface GraphNodeStatus {
  id: string;
  status: string | null;
  stepIds: string[];
  note: string | null;
  uncertain: boolean;
}
/** The run drawn on the layout: changes with every status update (a restyle, never a new layout). */
export interface GraphStatus {
  nodes: GraphNodeStatus[];
  fired: string[];
  uncertainEdges: string[];
  /** Quorum progress per group ("2/3 approved, quorum 2"). */
  groups: { id: string; note: string }[];
  /** Version drift or a missing definition, said once above the graph. */
  banner: string | null;
}

/** Bounds of the definition header (Show Definition Graph). */
export const DEFINITION_TEXT_BOUNDS = { definitionId: 10_000, name: 2000 } as const;

/**
 * The header of a definition drawn without a run (Show Definition Graph): `version` and `nodes` are null
 * until the definition has been read. Its graph follows in a `graph` message, every node unreached.
 */
export interface PanelDefinition {
  definitionId: string;
  name: string;
  version: number | null;
  nodes: number | null;
}

export type HostToWebview =
  | {
      type: 'init';
      protocol: typeof PROTOCOL_VERSION;
      generation: number;
      environment: string;
      activeEnvironment: string;
      executionId: string;
      pinned: boolean;
      prefs: Prefs;
      execution: PanelExecution | null;
      executionError: PanelError | null;
      /** Absent: none (actions off, or an older host). */
      writeActions?: PanelWriteOffer[];
    }
  | {
      type: 'execution';
      execution: PanelExecution | null;
      executionError: PanelError | null;
      pinned: boolean;
      activeEnvironment: string;
      /** Absent: none (actions off, or an older host). */
      writeActions?: PanelWriteOffer[];
    }
  | {
      type: 'events';
      generation: number;
      requestId: number | null;
      /** Appended by the live tail (the view follows or counts them). */
      live: boolean;
      events: EventColumns;
    }
  | { type: 'status'; generation: number; requestId: number | null; loader: LoaderStatus; tail: TailStatus }
  | { type: 'probe'; requestId: number }
  /** Filter the stream to one step (a step clicked in the tree). */
  | { type: 'focusStep'; stepId: string }
  /** Bring one of the panel's views to the front (Show Graph in the tree). */
  | { type: 'showTab'; tab: PanelTab }
  /** The step timeline, rebuilt as events and the header arrive; null until the header is known. */
  | { type: 'timeline'; timeline: TimelineModel | null }
  /** The graph (answer to loadGraph): the layout, or the error that kept it from being drawn. */
  | {
      type: 'graph';
      requestId: number | null;
      layout: GraphLayout | null;
      status: GraphStatus | null;
      error: PanelError | null;
    }
  /** The run moved on: the same layout, restyled. */
  | { type: 'graphStatus'; status: GraphStatus }
  /** The chosen node's steps (answer to loadNodeDetail, then again whenever they change); `moreSteps` left out. */
  | { type: 'nodeDetail'; requestId: number | null; nodeId: string; steps: PanelStepDetail[]; moreSteps: number }
  /** Choose a node in the Graph tab as a click on it would (integration tests and diagnostics, like probe). */
  | { type: 'selectNode'; nodeId: string }
  /** Select one event and open its detail (a missing event in the Webhook Reconciliation view). */
  | { type: 'focusEvent'; seq: number }
  /** This webview shows a definition's graph, not a run: only the graph, under the definition's header. */
  | { type: 'definition'; environment: string; definition: PanelDefinition; error: PanelError | null };

/** Every host message type, for the webview's one check of what arrives. */
export const HOST_MESSAGE_TYPES: readonly HostToWebview['type'][] = [
  'init',
  'execution',
  'events',
  'status',
  'probe',
  'focusStep',
  'showTab',
  'timeline',
  'graph',
  'graphStatus',
  'nodeDetail',
  'selectNode',
  'focusEvent',
  'definition',
];

export const PANEL_ACTIONS = [
  'copyId',
  'pin',
  'unpin',
  'openRawJson',
  'export',
  'selectEnvironment',
  'setCredentials',
  'showLog',
] as const;
export type PanelAction = (typeof PANEL_ACTIONS)[number];

/** Write actions the header offers: only those valid now, and only while actions are on for the environment. */
export const PANEL_WRITE_ACTIONS = ['approve', 'reject', 'cancelExecution'] as const;
export type PanelWriteAction = (typeof PANEL_WRITE_ACTIONS)[number];
export interface PanelWriteOffer {
  action: PanelWriteAction;
  /** The waiting step it decides; null for Cancel Execution. */
  stepId: string | null;
  /** "Approve human-legal…", built on the host. */
  label: string;
}

/** What the webview reports about its DOM (integration tests and diagnostics). */
export interface ProbeStats {
  received: number;
  filtered: number;
  domRows: number;
  domElements: number;
  foreignElements: number;
  /** Tag names of those elements (for a failing test's message). */
  foreignTags: string[];
  scriptRan: boolean;
  firstRowTexts: string[];
  detailText: string | null;
  stateText: string;
  /** Ids of the graph nodes drawn, in layout order (empty until a graph is drawn). */
  graphNodes: string[];
  /** The Graph and Timeline views whose code has loaded and that are mounted (they load on first show). */
  mountedViews: PanelTab[];
  /** The Graph tab's text (banner, nodes with status and notes, group progress, the chosen node's steps); null until drawn. */
  graphText: string | null;
}

export const LOG_LEVELS = ['info', 'warn', 'error'] as const;

export type WebviewToHost =
  | { type: 'ready'; protocol: typeof PROTOCOL_VERSION }
  | { type: 'loadMore'; requestId: number }
  | { type: 'loadAll'; requestId: number }
  | { type: 'cancelLoad'; requestId: number }
  | { type: 'retry'; requestId: number }
  | { type: 'refresh'; requestId: number }
  | { type: 'setTail'; requestId: number; paused: boolean }
  | { type: 'action'; requestId: number; action: PanelAction }
  | { type: 'writeAction'; requestId: number; action: PanelWriteAction; stepId: string | null }
  | { type: 'copyEvent'; requestId: number; seq: number }
  | { type: 'openPayload'; requestId: number; seq: number }
  | { type: 'savePrefs'; prefs: Prefs }
  | { type: 'probeResult'; requestId: number; stats: ProbeStats }
  /** The Graph tab was shown: lay the graph out (on first use) and keep its status current. */
  | { type: 'loadGraph'; requestId: number }
  /** A graph node was chosen (or highlighted from an event): send its steps with their output, and keep them current. */
  | { type: 'loadNodeDetail'; requestId: number; nodeId: string }
  | { type: 'log'; level: (typeof LOG_LEVELS)[number]; message: string };

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
  tab?: PanelTab;
}
