// The panel's one view state: everything the views show, in one object the App owns and changes. Views
// read it (never copy it) and re-render only the parts whose inputs changed (keyed.ts). Events live in
// the EventStore and the FilteredView; `eventsVersion` says when they changed.
import {
  DEFAULT_PREFS,
  type HostToWebview,
  type FilterState,
  type GraphLayout,
  type GraphStatus,
  type LoaderStatus,
  type PanelError,
  type PanelExecution,
  type PanelTab,
  type PanelWriteOffer,
  type TailStatus,
  type TimeFormat,
  type TimelineModel,
} from '../panel/protocol';
import type { DefinitionShown } from './renderDefinition';
import { cloneFilters } from './state';

/** The chosen graph node's steps with their output, as the host sent them. */
export type NodeDetail = Omit<Extract<HostToWebview, { type: 'nodeDetail' }>, 'type' | 'requestId'>;

export interface ViewState {
  /** The execution this panel shows (from init); undefined before the first init. */
  identity: { environment: string; executionId: string } | undefined;
  activeEnvironment: string;
  pinned: boolean;
  /** The header's write buttons (only valid ones, only while actions are on; the host decides). */
  writeActions: readonly PanelWriteOffer[];
  execution: PanelExecution | null;
  executionError: PanelError | null;
  /** stepId → nodeId, rebuilt when `execution` is replaced. */
  nodeIds: ReadonlyMap<string, string>;
  loader: LoaderStatus;
  tail: TailStatus;
  /** When the loader retries by itself (this webview's clock), for the countdowns. */
  retryAt: number | null;
  filters: FilterState;
  timeFormat: TimeFormat;
  selectedSeq: number | null;
  detailSeq: number | null;
  /** Live events that arrived below the fold (or while the tail is paused) since the user last saw the end. */
  newEvents: number;
  /** The list shows its end, so live events scroll into view. */
  following: boolean;
  stepsExpanded: boolean;
  /** The view in front (the tab strip). */
  tab: PanelTab;
  /** The step timeline from the host (null until the execution is known). */
  timeline: TimelineModel | null;
  /** The Graph tab: asked for once per webview; the layout is replaced rarely, the status on every update. */
  graph: { requested: boolean; layout: GraphLayout | null; status: GraphStatus | null; error: PanelError | null };
  /** The steps of the node chosen in the Graph tab (null until the host answers). */
  nodeDetail: NodeDetail | null;
  /** Set when this webview shows a definition's graph without a run (then nothing else is shown). */
  definition: DefinitionShown | null;
  /** Bumped whenever the store or the filtered view changes. */
  eventsVersion: number;
  /** The render's clock (durations, countdowns, relative times). */
  now: number;
  /** Where elapsed times count from: the execution's start, else the first event (set by each render). */
  startedAt: number | null;
}

export function initialViewState(): ViewState {
  return {
    identity: undefined,
    activeEnvironment: '',
    pinned: false,
    writeActions: [],
    execution: null,
    executionError: null,
    nodeIds: new Map(),
    loader: { phase: 'loading', loaded: 0, hasMore: true, cursor: 0, emptyPages: 0, terminal: false, error: null },
    tail: { state: 'off', intervalMs: 0 },
    retryAt: null,
    filters: cloneFilters(DEFAULT_PREFS.filters),
    timeFormat: DEFAULT_PREFS.timeFormat,
    selectedSeq: null,
    detailSeq: null,
    newEvents: 0,
    following: false,
    stepsExpanded: false,
    tab: 'events',
    timeline: null,
    graph: { requested: false, layout: null, status: null, error: null },
    nodeDetail: null,
    definition: null,
    eventsVersion: 0,
    now: Date.now(),
    startedAt: null,
  };
}

/** stepId → nodeId of an execution's steps (the step column and chips show node ids). */
export function nodeIdsOf(execution: PanelExecution | null): ReadonlyMap<string, string> {
  return new Map((execution?.steps ?? []).map((s) => [s.stepId, s.nodeId]));
}

/** Whether the header has nothing to act on: the API says the execution does not exist. */
export function isNotFound(state: Pick<ViewState, 'execution' | 'executionError'>): boolean {
  return state.execution === null && state.executionError?.kind === 'notFound';
}
