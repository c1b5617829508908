// Execution ids: `exec_` + 13-digit epoch ms + `_` + lowercase alphanumerics (8 in the workflow docs,
// 12 for agent runs, which share the prefix). Pure code: used by the CLI, the hover and Open Execution.

export const EXECUTION_ID_SOURCE = 'exec_\\d{13}_[a-z0-9]{4,32}';
export const EXECUTION_ID_PATTERN = new RegExp(`^${EXECUTION_ID_SOURCE}$`);
/** Word-bounded so `xexec_…` or `…_abcdefgh1` glued to other identifiers does not half-match. */
export const EXECUTION_ID_IN_TEXT = new RegExp(`(?<![A-Za-z0-9_])${EXECUTION_ID_SOURCE}(?![A-Za-z0-9_])`, 'g');
const MAX_SCAN_LENGTH = 100_000;

export function isExecutionId(value: string): boolean {
  return value.length <= 64 && EXECUTION_ID_PATTERN.test(value);
}

export type ParsedExecutionId = { ok: true; executionId: string; startedAt: number } | { ok: false; reason: string };

/** Validates a single id typed by a user. */
export function parseExecutionId(input: string): ParsedExecutionId {
  const value = input.trim();
  if (value.length === 0) return { ok: false, reason: 'Enter an execution ID such as exec_1777374504255_xzy43k9q.' };
  if (!isExecutionId(value)) {
    return {
      ok: false,
      reason: 'Not an execution ID: expected "exec_", a 13-digit timestamp, "_" and lowercase letters or digits.',
    };
  }
  return { ok: true, executionId: value, startedAt: Number(value.slice(5, 18)) };
}

/** Finds every execution id in free text (a URL, a log line, JSON); bounded for huge inputs. */
export function findExecutionIds(text: string, pattern: RegExp = EXECUTION_ID_IN_TEXT): string[] {
  // Read a little past the limit so an id straddling it is found whole, never cut short.
  const scanned = text.length > MAX_SCAN_LENGTH ? text.slice(0, MAX_SCAN_LENGTH + 64) : text;
  const flags = pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g';
  const seen = new Set<string>();
  for (const match of scanned.matchAll(new RegExp(pattern.source, flags))) {
    if (match.index < MAX_SCAN_LENGTH) seen.add(match[0]);
  }
  return [...seen];
}

/** The first execution id in pasted text, or null. */
export function extractExecutionId(text: string): string | null {
  return findExecutionIds(text)[0] ?? null;
}
