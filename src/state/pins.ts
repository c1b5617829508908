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

  private async write(environment: string, ids: string[]): Promise<void> {
    const all = this.read();
    all[environment] = ids;
    await this.memento.update(KEY, all);
    this.changed.fire(environment);
  }

  list(environment: string): string[] {
    return this.read()[environment] ?? [];
  }

  isPinned(environment: string, executionId: string): boolean {
    return this.list(environment).includes(executionId);
  }

  async pin(environment: string, executionId: string): Promise<boolean> {
    const ids = this.list(environment);
    if (ids.includes(executionId)) return false;
    await this.write(environment, [...ids, executionId]);
    return true;
  }

  async unpin(environment: string, executionId: string): Promise<boolean> {
    const ids = this.list(environment);
    if (!ids.includes(executionId)) return false;
    await this.write(environment, ids.filter((id) => id !== executionId));
    return true;
  }

  /** Moves `moved` so they sit before `before` (or at the end), keeping their relative order. */
  async move(environment: string, moved: string[], before: string | undefined): Promise<void> {
    const ids = this.list(environment);
    const moving = ids.filter((id) => moved.includes(id));
    const rest = ids.filter((id) => !moved.includes(id));
    const index = before === undefined ? rest.length : Math.max(0, rest.indexOf(before));
    rest.splice(index === -1 ? rest.length : index, 0, ...moving);
    await this.write(environment, rest);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
