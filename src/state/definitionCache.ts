// Definitions by environment + id + version, fetched once each: a definition version never changes, so the
// Waiting for Approval view (declared reviewers, SLAs) asks again only for a version it has not seen. Only
// the current version can be read (definitions/get), so a run pinned to an older one is answered with the
// current version, remembered under the asked version too (the best the API offers; not asked again).
// Failures are not remembered: the next poll asks again. vscode-free; bounded (oldest dropped first).
import { InFlightRequests, type DefinitionView, type WorkflowApi } from '../api';

const MAX_ENTRIES = 200;

export class DefinitionCache {
  private readonly entries = new Map<string, DefinitionView>();
  private readonly inFlight = new InFlightRequests<DefinitionView>();

  constructor(
    private readonly api: Pick<WorkflowApi, 'getDefinition'>,
    private readonly maxEntries = MAX_ENTRIES,
  ) {}

  /** A remembered copy, or undefined (then `get` fetches). `version` null: any version seen. */
  peek(environment: string, definitionId: string, version: number | null): DefinitionView | undefined {
    if (version !== null) return this.entries.get(key(environment, definitionId, version));
    let newest: DefinitionView | undefined;
    for (const [k, view] of this.entries)
      if (k.startsWith(`${environment}\n${definitionId}\n`) && (!newest || view.version > newest.version))
        newest = view;
    return newest;
  }

  /** The definition at `version` (null: whichever is current), fetched at most once while remembered. */
  get(
    environment: string,
    definitionId: string,
    version: number | null,
    signal?: AbortSignal,
  ): Promise<DefinitionView> {
    const known = this.peek(environment, definitionId, version);
    if (known) return Promise.resolve(known);
    const inFlightKey = `${environment}\n${definitionId}`;
    return this.inFlight
      .run(inFlightKey, (s) => this.api.getDefinition(definitionId, { signal: s, environment }), signal)
      .then((view) => {
        this.put(environment, view);
        if (version !== null && version !== view.version) this.remember(key(environment, definitionId, version), view);
        return view;
      });
  }

  /** Remembers a definition read elsewhere (definitions/list items are whole DefinitionViews). */
  put(environment: string, view: DefinitionView): void {
    this.remember(key(environment, view.definitionId, view.version), view);
  }

  clear(): void {
    this.entries.clear();
    this.inFlight.abortAll();
  }

  get size(): number {
    return this.entries.size;
  }

  private remember(k: string, view: DefinitionView): void {
    this.entries.delete(k);
    this.entries.set(k, view);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}

function key(environment: string, definitionId: string, version: number): string {
  return `${environment}\n${definitionId}\n${version}`;
}
