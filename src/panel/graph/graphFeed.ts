// Feeds one panel's Graph tab: on the first loadGraph it reads the run's definition (current version),
// builds the shape, lays it out (the lazily loaded dagre bundle; layouts cached by shape key, i.e.
// definition id + version + what the run added) and posts `graph`; afterwards every execution update
// posts only `graphStatus` (a restyle) unless the shape itself changed.
import { isApiError, type DefinitionView, type ExecutionView, type WorkflowApi } from '../../api';
import type { GraphLayout, HostToWebview } from '../protocol';
import { toPanelError } from '../payload';
import type { LoadLayoutModule } from './loader';
import { nodeDetailMessage, sameDetail, type NodeDetailMessage } from './nodeDetail';
import { shapeOf, type GraphShape } from './shape';
import { driftBanner, graphStatus } from './status';

/** Layouts kept per panel (a definition and its drifted variants; each well under 1 MB). */
const MAX_CACHED_LAYOUTS = 8;

export class GraphFeed {
  private definition: DefinitionView | null | undefined;
  private definitionProblem: string | null = null;
  private shape: GraphShape | undefined;
  private readonly layouts = new Map<string, GraphLayout>();
  /** The detail of the node the webview shows, as last posted. */
  private detail: NodeDetailMessage | undefined;

  constructor(
    private readonly api: Pick<WorkflowApi, 'getDefinition'>,
    private readonly post: (message: HostToWebview) => void,
    private readonly loadLayout: LoadLayoutModule,
  ) {}

  /** The Graph tab asked: (re)read the definition and send the whole graph. */
  async load(requestId: number, execution: ExecutionView | undefined): Promise<void> {
    if (!execution) {
      this.post({ type: 'graph', requestId, layout: null, status: null, error: null });
      return;
    }
    try {
      this.definition = await this.api.getDefinition(execution.definitionId);
      this.definitionProblem = null;
    } catch (error) {
      if (!isApiError(error) || error.kind !== 'notFound') {
        this.post({ type: 'graph', requestId, layout: null, status: null, error: toPanelError(error) });
        return;
      }
      this.definition = null;
      this.definitionProblem = 'it no longer exists';
    }
    this.shape = undefined;
    this.send(requestId, execution);
  }

  /** The run moved on: restyle, or lay out again when it reached a node the layout lacks. */
  update(execution: ExecutionView): void {
    if (this.definition !== undefined) this.send(null, execution);
    if (this.detail) this.sendDetail(null, this.detail.nodeId, execution);
  }

  /** A node was chosen: send its steps now and again whenever they change. */
  selectNode(requestId: number, nodeId: string, execution: ExecutionView | undefined): void {
    this.sendDetail(requestId, nodeId, execution ?? { steps: [] });
  }

  /** Posts the node's detail; an update (no request) that changed nothing posts nothing. */
  private sendDetail(requestId: number | null, nodeId: string, execution: Pick<ExecutionView, 'steps'>): void {
    const detail = nodeDetailMessage(execution, nodeId, requestId);
    if (requestId === null && this.detail && sameDetail(this.detail, detail)) return;
    this.detail = detail;
    this.post(detail);
  }

  private send(requestId: number | null, execution: ExecutionView): void {
    const definition = this.definition ?? null;
    const shape = shapeOf(definition, execution.steps);
    const status = graphStatus(
      shape,
      execution,
      definition,
      driftBanner(execution, definition, this.definitionProblem),
    );
    if (requestId === null && this.shape?.key === shape.key) {
      this.post({ type: 'graphStatus', status });
      return;
    }
    this.shape = shape;
    let layout = this.layouts.get(shape.key);
    if (!layout) {
      layout = this.loadLayout().layoutGraph(shape);
      if (this.layouts.size >= MAX_CACHED_LAYOUTS) this.layouts.delete(this.layouts.keys().next().value!);
      this.layouts.set(shape.key, layout);
    }
    this.post({ type: 'graph', requestId, layout, status, error: null });
  }
}
