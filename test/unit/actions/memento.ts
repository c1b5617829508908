// A Map-backed stand-in for vscode.Memento (the slice src/actions uses).
import type { ModeMemento } from '../../../src/actions/modes';

export class MapMemento implements ModeMemento {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    this.values.set(key, structuredClone(value));
    return Promise.resolve();
  }
}
