// The definitions store (velt-api.md §1.5): versions bumped by update (kept, so runs stay pinned to
// the version they were dispatched on), tombstone by default, purge on request, the id reusable
// afterwards from version 1. `updatedAt` is unique across the store so the list cursor never ties.
import type { JsonObject } from '../types';
import { compileDefinition, type LintProblem } from './compile';
import type { DefinitionInput, DefinitionVersion } from './model';

interface Entry {
  status: 'active' | 'tombstoned';
  current: DefinitionVersion;
  versions: Map<number, DefinitionVersion>;
}

export type StoreResult<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      status: 'NOT_FOUND' | 'ALREADY_EXISTS' | 'FAILED_PRECONDITION' | 'INVALID_ARGUMENT';
      message: string;
      problems?: LintProblem[];
    };

export function lintMessage(problems: readonly LintProblem[]): string {
  return `Definition linter failed: ${JSON.stringify(problems.map((p) => ({ code: p.code, message: p.message, path: p.path })))}`;
}

export class DefinitionStore {
  private readonly entries = new Map<string, Entry>();
  private lastUpdatedAt = 0;

  constructor(private readonly now: () => number) {}

  private stamp(): number {
    this.lastUpdatedAt = Math.max(this.now(), this.lastUpdatedAt + 1);
    return this.lastUpdatedAt;
  }

  private build(input: DefinitionInput, version: number, createdAt: number): StoreResult<DefinitionVersion> {
    const compiled = compileDefinition(input);
    if (!compiled.ok)
      return {
        ok: false,
        status: 'INVALID_ARGUMENT',
        message: lintMessage(compiled.problems),
        problems: compiled.problems,
      };
    return { ok: true, value: { input, version, runtime: compiled.runtime, createdAt, updatedAt: this.stamp() } };
  }

  create(input: DefinitionInput): StoreResult<DefinitionVersion> {
    const existing = this.entries.get(input.definitionId);
    if (existing?.status === 'active')
      return { ok: false, status: 'ALREADY_EXISTS', message: `Definition ${input.definitionId} already exists` };
    const built = this.build(input, 1, this.now());
    if (!built.ok) return built;
    this.entries.set(input.definitionId, {
      status: 'active',
      current: built.value,
      versions: new Map([[1, built.value]]),
    });
    return built;
  }

  update(input: DefinitionInput, ifVersion: number): StoreResult<DefinitionVersion> {
    const entry = this.entries.get(input.definitionId);
    if (!entry || entry.status !== 'active')
      return { ok: false, status: 'NOT_FOUND', message: `Definition ${input.definitionId} not found` };
    if (entry.current.version !== ifVersion) {
      return {
        ok: false,
        status: 'FAILED_PRECONDITION',
        message: `Version conflict: expected ${ifVersion}, current ${entry.current.version}`,
      };
    }
    const built = this.build(input, ifVersion + 1, entry.current.createdAt);
    if (!built.ok) return built;
    entry.current = built.value;
    entry.versions.set(built.value.version, built.value);
    return built;
  }

  /** `inFlight` says whether the definition has non-terminal executions (they block deletion). */
  delete(
    definitionId: string,
    purge: boolean,
    inFlight: boolean,
  ): StoreResult<{ deleted: boolean; purged: boolean; definitionId: string }> {
    const entry = this.entries.get(definitionId);
    if (!entry || (entry.status === 'tombstoned' && !purge))
      return { ok: false, status: 'NOT_FOUND', message: `Definition ${definitionId} not found` };
    if (inFlight)
      return {
        ok: false,
        status: 'FAILED_PRECONDITION',
        message: `Definition ${definitionId} has in-flight executions; cancel them or wait for them to finish`,
      };
    if (purge) this.entries.delete(definitionId);
    else {
      entry.status = 'tombstoned';
      this.stamp();
    }
    return { ok: true, value: { deleted: true, purged: purge, definitionId } };
  }

  /** The active definition, or why there is none ('tombstoned' matters to dispatch). */
  active(definitionId: string): DefinitionVersion | 'tombstoned' | undefined {
    const entry = this.entries.get(definitionId);
    if (!entry) return undefined;
    return entry.status === 'active' ? entry.current : 'tombstoned';
  }

  /** A pinned version (runs read theirs even after an update; purge drops them). */
  version(definitionId: string, version: number): DefinitionVersion | undefined {
    return this.entries.get(definitionId)?.versions.get(version);
  }

  /** Active definitions, updatedAt DESC, strictly below the cursor. */
  list(pageSize: number, cursor: number | undefined): DefinitionVersion[] {
    return [...this.entries.values()]
      .filter((e) => e.status === 'active' && (cursor === undefined || e.current.updatedAt < cursor))
      .map((e) => e.current)
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .slice(0, pageSize);
  }
}

/** The DefinitionView (velt-api.md §2.3): explicit nulls for unset optionals; webhookConfig never returned. */
export function definitionView(d: DefinitionVersion): JsonObject {
  const input = d.input;
  const scope = input.scope ?? { level: 'apiKey' };
  return {
    definitionId: input.definitionId,
    name: input.name,
    description: input.description ?? null,
    version: d.version,
    scope: { level: scope.level, organizationId: scope.organizationId ?? null, documentId: scope.documentId ?? null },
    nodes: input.nodes as unknown as JsonObject[],
    edges: input.edges as unknown as JsonObject[],
    groups: (input.groups as unknown as JsonObject[] | undefined) ?? null,
    compiled: d.runtime.compiled as unknown as JsonObject,
    triggers: input.triggers ?? null,
    tags: input.tags ?? null,
    custom: input.custom ?? null,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    status: 'active',
  };
}
