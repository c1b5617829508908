// The last executions opened, per environment, newest first, in globalState (for Open Execution's
// picker). Only the Memento shape is used, so it runs under plain mocha with an in-memory Memento.
import type { ExecutionView } from '../api';
import { runStatus } from '../util/format';

const KEY = 'velt.recentlyOpened.v1';
export const MAX_RECENT = 20;

export interface RecentEntry {
  executionId: string;
  definitionId?: string;
  /** The status (util/format's runStatus) when last opened; the picker prefers a fresher copy from the ExecutionStore. */
  status?: string;
  openedAt: number;
  /** Pin was offered for it once (the offer is never repeated for the same execution). */
  pinOffered?: true;
}

export interface MementoLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

/** Puts `entry` first, drops its older copy, keeps at most `max`. */
export function withRecent(list: readonly RecentEntry[], entry: RecentEntry, max = MAX_RECENT): RecentEntry[] {
  return [entry, ...list.filter((e) => e.executionId !== entry.executionId)].slice(0, max);
}

export class RecentlyOpened {
  constructor(
    private readonly memento: MementoLike,
    private readonly now: () => number = Date.now,
  ) {}

  private read(): Record<string, RecentEntry[]> {
    const raw = this.memento.get<unknown>(KEY);
    if (typeof raw !== 'object' || raw === null) return {};
    const result: Record<string, RecentEntry[]> = {};
    for (const [env, list] of Object.entries(raw as Record<string, unknown>)) {
      if (!Array.isArray(list)) continue;
      result[env] = list.filter(
        (e): e is RecentEntry =>
          typeof e === 'object' &&
          e !== null &&
          typeof (e as RecentEntry).executionId === 'string' &&
          typeof (e as RecentEntry).openedAt === 'number',
      );
    }
    return result;
  }

  list(environment: string): RecentEntry[] {
    return this.read()[environment] ?? [];
  }

  async record(environment: string, executionId: string, execution?: ExecutionView): Promise<void> {
    const all = this.read();
    const entry: RecentEntry = { executionId, openedAt: this.now() };
    if (all[environment]?.some((e) => e.executionId === executionId && e.pinOffered === true)) entry.pinOffered = true;
    if (execution) {
      entry.definitionId = execution.definitionId;
      entry.status = runStatus(execution);
    }
    all[environment] = withRecent(all[environment] ?? [], entry);
    await this.memento.update(KEY, all);
  }

  /**
   * True the first time it is asked for an execution that is in the list, false ever after: Pin is
   * offered at most once per execution.
   */
  async claimPinOffer(environment: string, executionId: string): Promise<boolean> {
    const all = this.read();
    const entry = all[environment]?.find((e) => e.executionId === executionId);
    if (!entry || entry.pinOffered === true) return false;
    entry.pinOffered = true;
    await this.memento.update(KEY, all);
    return true;
  }

  async remove(environment: string, executionId: string): Promise<void> {
    const all = this.read();
    all[environment] = (all[environment] ?? []).filter((e) => e.executionId !== executionId);
    await this.memento.update(KEY, all);
  }
}
