// Pinned executions per environment, in the user's order, in globalState (survives reloads; never
// touched by request errors).
import * as vscode from 'vscode';

const KEY = 'velt.pins.v1';
type PinMap = Record<string, string[]>;

export class PinnedExecutions implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the environment whose pins changed. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly memento: vscode.Memento) {}

  private read(): PinMap {
    const raw = this.memento.get<unknown>(KEY);
    if (typeof raw !== 'object' || raw === null) return {};
    const result: PinMap = {};
    for (const [env, ids] of Object.entries(raw as Record<string, unknown>)) {
      if (Array.isArray(ids)) result[env] = ids.filter((id): id is string => typeof id === 'string');
    }
    return result;
  }

  /** Writes one after another, each on top of the last, so quick pins and unpins never lose one another. */
  private queue: Promise<void> = Promise.resolve();

  private change(environment: string, edit: (ids: string[]) => string[] | undefined): Promise<boolean> {
    const run = this.queue.then(async () => {
      const all = this.read();
      const next = edit(all[environment] ?? []);
      if (!next) return false;
      all[environment] = next;
      await this.memento.update(KEY, all);
      this.changed.fire(environment);
      return true;
    });
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  list(environment: string): string[] {
    return this.read()[environment] ?? [];
  }

  isPinned(environment: string, executionId: string): boolean {
    return this.list(environment).includes(executionId);
  }

  pin(environment: string, executionId: string): Promise<boolean> {
    return this.change(environment, (ids) => (ids.includes(executionId) ? undefined : [...ids, executionId]));
  }

  unpin(environment: string, executionId: string): Promise<boolean> {
    return this.change(environment, (ids) =>
      ids.includes(executionId) ? ids.filter((id) => id !== executionId) : undefined,
    );
  }

  /** Moves `moved` so they sit before `before` (or at the end), keeping their relative order. */
  async move(environment: string, moved: string[], before: string | undefined): Promise<void> {
    await this.change(environment, (ids) => {
      const moving = ids.filter((id) => moved.includes(id));
      const rest = ids.filter((id) => !moved.includes(id));
      const index = before === undefined ? -1 : rest.indexOf(before);
      rest.splice(index === -1 ? rest.length : index, 0, ...moving);
      return rest;
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
