// Keeps one panel's timeline current: folds each batch of loaded events into the summary, reads the SLAs
// from the run's definition once (definitions/get), and posts the rebuilt model at most once per
// POST_DELAY_MS while events stream in (a 100,003-event load posts a handful of models, not one per page).
// vscode-free: the panel passes the API, a post function and (in tests) a clock.
import { isApiError, type ExecutionEvent, type WorkflowApi } from '../../api';
import { systemClock, type Clock } from '../../util/clock';
import type { TimelineModel } from '../protocol';
import { buildTimeline, NO_SLA, type SlaInput, type TimelineRunInput } from './model';
import { TimelineSummary } from './summary';

export const POST_DELAY_MS = 300;
/** A definition that could not be read is asked for again on a header update after this long. */
export const DEFINITION_RETRY_MS = 30_000;

export interface TimelineFeedOptions {
  api: Pick<WorkflowApi, 'getDefinition'>;
  post(timeline: TimelineModel | null): void;
  /** A failure to read the definition, for the log (the timeline says it too). */
  warn(message: string, error: unknown): void;
  clock?: Clock;
}

interface RunWithDefinition extends TimelineRunInput {
  definitionId: string;
  definitionVersion: number | null;
}

export class TimelineFeed {
  private readonly summary = new TimelineSummary();
  private readonly clock: Clock;
  private run: RunWithDefinition | undefined;
  private sla: SlaInput = NO_SLA;
  private slaFor: string | undefined;
  private slaFailedAt: number | undefined;
  private timer: unknown;
  private disposed = false;

  constructor(private readonly options: TimelineFeedOptions) {
    this.clock = options.clock ?? systemClock;
  }

  addEvents(events: readonly ExecutionEvent[]): void {
    this.summary.add(events);
    this.schedule();
  }

  setExecution(run: RunWithDefinition): void {
    this.run = run;
    this.loadSla(run);
    this.schedule();
  }

  /** The model as of now (null until the header is known). */
  current(): TimelineModel | null {
    return this.run ? buildTimeline(this.run, this.summary, this.sla, this.clock.now()) : null;
  }

  /** Posts now (a webview that just became ready), cancelling a pending post. */
  flush(): void {
    this.cancel();
    if (!this.disposed) this.options.post(this.current());
  }

  dispose(): void {
    this.disposed = true;
    this.cancel();
  }

  private schedule(): void {
    if (this.timer !== undefined || this.disposed) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, POST_DELAY_MS);
  }

  private cancel(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private loadSla(run: RunWithDefinition): void {
    const key = run.definitionId;
    const retryDue = this.slaFailedAt !== undefined && this.clock.now() - this.slaFailedAt >= DEFINITION_RETRY_MS;
    if (this.slaFor === key && !retryDue) return;
    this.slaFor = key;
    this.slaFailedAt = undefined;
    this.options.api.getDefinition(key).then(
      (definition) => {
        if (this.disposed || this.slaFor !== key) return;
        const byNode = new Map<string, number>();
        for (const node of definition.nodes) if (node.slaMs !== null) byNode.set(node.nodeId, node.slaMs);
        const version = this.run?.definitionVersion ?? null;
        this.sla = {
          byNode,
          note:
            version !== null && version !== definition.version
              ? `SLA deadlines come from the definition's current version ${definition.version}; this run used version ${version}, so they may differ.`
              : null,
        };
        this.schedule();
      },
      (error: unknown) => {
        if (this.disposed || this.slaFor !== key) return;
        this.slaFailedAt = this.clock.now();
        const why = isApiError(error) ? error.message : 'the request failed';
        this.sla = {
          byNode: new Map(),
          note: `SLA deadlines are not shown: the definition could not be read (${why}).`,
        };
        this.options.warn(`Reading definition ${key} for the timeline failed`, error);
        this.schedule();
      },
    );
  }
}
