// The inputs we dispatched, kept locally because no read endpoint returns `triggerContext`: per environment,
// the last input used for each definition (a new draft starts from it) and the input of each run we
// started (so "Run Again" re-opens it). Bounded per environment (oldest dropped first), and an input too
// large to keep is not kept (the run still starts). Never holds the webhook secret. vscode-free: it takes
// the slice of Memento it needs.
export interface InputMemento {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

export interface KeptInput {
  definitionId: string;
  correlationId: string | null;
  webhookUrl: string | null;
  triggerContext: Record<string, unknown>;
}

/** Arrays of [key, input], oldest first (object keys would reorder numeric-looking ids). */
interface EnvironmentInputs {
  byDefinition: [string, KeptInput][];
  byExecution: [string, KeptInput][];
}

const KEY = 'velt.dispatchInputs.v1';
export const MAX_KEPT_RUNS = 100;
export const MAX_KEPT_DEFINITIONS = 50;
/** Characters of JSON; larger inputs are dispatched but not kept (globalState is not a blob store). */
export const MAX_KEPT_INPUT_CHARS = 64 * 1024;

export class DispatchInputs {
  constructor(private readonly memento: InputMemento) {}

  lastForDefinition(environment: string, definitionId: string): KeptInput | undefined {
    return this.read(environment).byDefinition.find(([k]) => k === definitionId)?.[1];
  }

  forExecution(environment: string, executionId: string): KeptInput | undefined {
    return this.read(environment).byExecution.find(([k]) => k === executionId)?.[1];
  }

  /** Keeps what started `executionId`; false when the input was too large to keep. */
  async remember(environment: string, executionId: string, input: KeptInput): Promise<boolean> {
    if (JSON.stringify(input).length > MAX_KEPT_INPUT_CHARS) return false;
    const all = this.all();
    const env = this.read(environment);
    all[environment] = {
      byDefinition: newestLast(env.byDefinition, input.definitionId, input, MAX_KEPT_DEFINITIONS),
      byExecution: newestLast(env.byExecution, executionId, input, MAX_KEPT_RUNS),
    };
    await this.memento.update(KEY, all);
    return true;
  }

  private read(environment: string): EnvironmentInputs {
    const env = this.all()[environment];
    return {
      byDefinition: entriesOf(env?.byDefinition),
      byExecution: entriesOf(env?.byExecution),
    };
  }

  private all(): Record<string, EnvironmentInputs> {
    const value = this.memento.get<unknown>(KEY);
    return isRecord(value) ? { ...(value as Record<string, EnvironmentInputs>) } : {};
  }
}

/** Stored entries that still have the expected shape (globalState outlives versions of this code). */
function entriesOf(value: unknown): [string, KeptInput][] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (e): e is [string, KeptInput] =>
      Array.isArray(e) && typeof e[0] === 'string' && isRecord(e[1]) && isRecord(e[1]['triggerContext']),
  );
}

/** The entries with `key` moved to the end (newest), trimmed from the front to `max`. */
function newestLast<T>(entries: [string, T][], key: string, value: T, max: number): [string, T][] {
  return [...entries.filter((e) => e[0] !== key), [key, value] as [string, T]].slice(-max);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
