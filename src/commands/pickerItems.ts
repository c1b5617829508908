// What Open Execution's quick pick shows for the current input: the ids found in it (typed, pasted, or
// inside a URL, log line or JSON), a clear hint when there is none, then pinned and recently opened
// executions. Pure (no `vscode`), unit-tested.
import { findExecutionIds, parseExecutionId } from '../api';
import type { RecentEntry } from '../state/recentlyOpened';
import { statusCodicon } from '../util/executionText';
import { formatRelative, statusWord } from '../util/format';
import { inertLabel } from '../util/inertText';

export interface PickEntry {
  kind: 'found' | 'pinned' | 'recent' | 'hint' | 'separator';
  label: string;
  description?: string;
  detail?: string;
  executionId?: string;
  alwaysShow?: boolean;
}

export interface KnownExecution {
  definitionId?: string;
  /** As util/format's runStatus gives it ("waiting": a human step waits). */
  status?: string;
}

export interface PickSources {
  pinned: readonly string[];
  recent: readonly RecentEntry[];
  /** The freshest known summary (the ExecutionStore's cache), if any. */
  known: (executionId: string) => KnownExecution | undefined;
  now: number;
}

export const MAX_FOUND = 5;
export const EXAMPLE_ID = 'exec_1777374504255_xzy43k9q';

export function pickerEntries(value: string, sources: PickSources): PickEntry[] {
  const entries: PickEntry[] = [];
  const text = value.trim();
  const found = text ? findExecutionIds(text).slice(0, MAX_FOUND) : [];
  for (const executionId of found) {
    const known = sources.known(executionId) ?? sources.recent.find((r) => r.executionId === executionId);
    entries.push({
      kind: 'found',
      label: `$(go-to-file) ${executionId}`,
      description: known?.definitionId ? describe(known) : found.length > 1 ? 'found in the pasted text' : 'Open',
      executionId,
      alwaysShow: true,
    });
  }
  if (text && found.length === 0) entries.push(hint(text));
  if (!text && sources.pinned.length === 0 && sources.recent.length === 0) {
    entries.push({
      kind: 'hint',
      label: '$(info) Paste an execution ID, or any text that contains one',
      detail: `For example ${EXAMPLE_ID}, a console URL, a log line or JSON.`,
      alwaysShow: true,
    });
  }

  const pinned = sources.pinned.filter((id) => !found.includes(id));
  if (pinned.length > 0) entries.push({ kind: 'separator', label: 'Pinned' });
  for (const executionId of pinned) {
    const known = sources.known(executionId) ?? sources.recent.find((r) => r.executionId === executionId);
    entries.push({
      kind: 'pinned',
      label: `$(${statusCodicon(known?.status ?? 'pending')}) ${inertLabel(known?.definitionId ?? executionId)}`,
      description: inertLabel(executionId),
      detail: ['pinned', known?.status && inertLabel(statusWord(known.status))].filter(Boolean).join(' · '),
      executionId,
    });
  }

  const recent = sources.recent.filter((r) => !found.includes(r.executionId) && !pinned.includes(r.executionId));
  if (recent.length > 0) entries.push({ kind: 'separator', label: 'Recently opened' });
  for (const entry of recent) {
    const known = { ...entry, ...sources.known(entry.executionId) };
    entries.push({
      kind: 'recent',
      label: `$(${statusCodicon(known.status ?? 'pending')}) ${inertLabel(known.definitionId ?? entry.executionId)}`,
      description: inertLabel(entry.executionId),
      detail: [
        `opened ${formatRelative(entry.openedAt, sources.now)}`,
        known.status && inertLabel(statusWord(known.status)),
      ]
        .filter(Boolean)
        .join(' · '),
      executionId: entry.executionId,
    });
  }
  return entries;
}

/**
 * The id an Enter opens: the chosen row's, unless the text holds valid ids and the row's id is not one of
 * them; then the text's first id. VS Code sends the typed value before the accept, but the row it accepts
 * is the one the window showed, which can still be the first row of the list before that value (the host
 * had not re-listed yet). With an id in the text, only that text's ids are rows that can be on screen.
 */
export function acceptedExecutionId(value: string, chosenId: string | undefined): string | undefined {
  const typed = findExecutionIds(value.trim());
  if (chosenId !== undefined && (typed.length === 0 || typed.includes(chosenId))) return chosenId;
  return typed[0];
}

function describe(known: KnownExecution): string {
  return [known.definitionId, known.status && statusWord(known.status)]
    .map((s) => s && inertLabel(s))
    .filter(Boolean)
    .join(' · ');
}

function hint(text: string): PickEntry {
  const looksLikeId = /^exec[_-]/i.test(text) && !/\s/.test(text);
  const detail = looksLikeId
    ? ((parseExecutionId(text) as { reason?: string }).reason ?? '')
    : 'Expected "exec_", a 13-digit timestamp, "_", then 4–32 lowercase letters or digits';
  return {
    kind: 'hint',
    label: looksLikeId ? '$(warning) Not a complete execution ID yet' : '$(warning) No execution ID found in this text',
    detail,
    alwaysShow: true,
  };
}
