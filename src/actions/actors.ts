// Who acts: the reviewers a step can be decided by (the node's declared reviewers, else the ids the
// step's output lists), and the reviewer ids a user acted as, remembered per environment in globalState.
// vscode-free and unit-tested.
import type { DeclaredReviewer } from '../api';
import type { ModeMemento } from './modes';

export interface ReviewerChoice {
  userId: string;
  mandatory: boolean | undefined;
  /** Pre-selected: the user acted as this reviewer before in this environment. */
  picked: boolean;
}

export const REVIEWERS_KEY = 'velt.actions.reviewers';
/** Reviewer ids remembered per environment at most. */
const MAX_REMEMBERED = 20;

/** Declared reviewers first (mandatory first), else the step output's `reviewerIds`; remembered ones picked. */
export function reviewerChoices(
  declared: readonly DeclaredReviewer[] | undefined,
  output: Record<string, unknown>,
  remembered: readonly string[],
): ReviewerChoice[] {
  const fromOutput = Array.isArray(output['reviewerIds'])
    ? output['reviewerIds'].filter((id): id is string => typeof id === 'string' && id.length > 0)
    : [];
  const source: { userId: string; mandatory: boolean | undefined }[] =
    declared && declared.length > 0
      ? [...declared].sort((a, b) => Number(b.mandatory) - Number(a.mandatory))
      : fromOutput.map((userId) => ({ userId, mandatory: undefined }));
  const seen = new Set<string>();
  return source
    .filter((r) => !seen.has(r.userId) && seen.add(r.userId))
    .map((r) => ({ userId: r.userId, mandatory: r.mandatory, picked: remembered.includes(r.userId) }));
}

export class ReviewerMemory {
  constructor(private readonly memento: ModeMemento) {}

  recall(environment: string): string[] {
    const ids = this.all()[environment];
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  }

  async remember(environment: string, reviewerIds: readonly string[]): Promise<void> {
    // The latest choice replaces the earlier one: it is who the user acts as now.
    const ids = [...new Set(reviewerIds)].slice(0, MAX_REMEMBERED);
    await this.memento.update(REVIEWERS_KEY, { ...this.all(), [environment]: ids });
  }

  private all(): Record<string, unknown> {
    const value = this.memento.get<unknown>(REVIEWERS_KEY);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  }
}
