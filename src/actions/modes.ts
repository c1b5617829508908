// The guard rail: each environment's actions mode, off or confirm. Off by default everywhere except the
// built-in sandbox. Kept in globalState (never in settings, so a folder cannot turn writes on), keyed by
// the environment's name AND its base URL's origin: re-pointing an environment at another host turns
// its actions off again. vscode-free; the owner publishes the active environment's mode as a context key.
import { originOf } from '../api';

export type ActionsMode = 'off' | 'confirm';

/** The slice of vscode.Memento this needs (globalState in the extension, a map in tests). */
export interface ModeMemento {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

export interface ModeEnvironment {
  name: string;
  baseUrl: string | undefined;
  isSandbox: boolean;
}

export const MODES_KEY = 'velt.actions.modes';

/** The sandbox's port changes on every start, so it is keyed by name only; others by name + origin. */
export function modeKey(environment: ModeEnvironment): string | undefined {
  if (environment.isSandbox) return `sandbox:${environment.name}`;
  if (environment.baseUrl === undefined) return undefined;
  try {
    return `${environment.name}\u0000${originOf(environment.baseUrl)}`;
  } catch {
    return undefined;
  }
}

export class ActionModes {
  private readonly listeners = new Set<() => void>();

  constructor(private readonly memento: ModeMemento) {}

  modeOf(environment: ModeEnvironment): ActionsMode {
    const key = modeKey(environment);
    const stored = key === undefined ? undefined : this.stored()[key];
    if (stored === 'off' || stored === 'confirm') return stored;
    return environment.isSandbox ? 'confirm' : 'off';
  }

  isEnabled(environment: ModeEnvironment): boolean {
    return this.modeOf(environment) !== 'off';
  }

  async setMode(environment: ModeEnvironment, mode: ActionsMode): Promise<void> {
    const key = modeKey(environment);
    if (key === undefined) throw new Error(`Environment "${environment.name}" has no valid base URL.`);
    await this.memento.update(MODES_KEY, { ...this.stored(), [key]: mode });
    for (const listener of [...this.listeners]) listener();
  }

  /** Called after every change; returns the unsubscribe function. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private stored(): Record<string, unknown> {
    const value = this.memento.get<unknown>(MODES_KEY);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  }
}
