// The dispatch document: a JSON object the user edits in a real editor before "Dispatch" sends it to
// executions/dispatch. This renders a draft and reads the edited text back, checking each field as the API
// does (velt-api.md §1.3) and naming the line and column of a JSON syntax error, so a mistake is fixed in
// place and never loses the input. The webhook secret is never part of the document (it is asked for at
// dispatch time and never stored). Pure and vscode-free (unit-tested).
import { isDispatchKey } from '../api';

export interface DispatchDraft {
  definitionId: string;
  idempotencyKey: string;
  correlationId: string | null;
  webhookUrl: string | null;
  triggerContext: Record<string, unknown>;
}

/** The fields, in the order the document shows them. */
const FIELDS = ['definitionId', 'idempotencyKey', 'correlationId', 'webhookUrl', 'triggerContext'] as const;

export function renderDispatchDraft(draft: DispatchDraft): string {
  const ordered = Object.fromEntries(FIELDS.map((f) => [f, draft[f]]));
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

export type DraftReading = { ok: true; draft: DispatchDraft } | { ok: false; problem: string };

export function readDispatchDraft(text: string): DraftReading {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      problem: `The document is not valid JSON${syntaxPosition(text, error)}. Fix it and dispatch again.`,
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, problem: 'The document must be one JSON object with the fields it was created with.' };
  const record = value as Record<string, unknown>;
  const unknown = Object.keys(record).filter((k) => !(FIELDS as readonly string[]).includes(k));
  if (unknown.length > 0)
    return {
      ok: false,
      problem: `Unknown field${unknown.length === 1 ? '' : 's'} ${unknown.map((k) => `"${k}"`).join(', ')}: the document holds only ${FIELDS.join(', ')}. Put run input inside "triggerContext".`,
    };
  const { definitionId, idempotencyKey, correlationId, webhookUrl, triggerContext } = record;
  if (typeof definitionId !== 'string' || definitionId.length === 0)
    return { ok: false, problem: '"definitionId" must be the id of the definition to run.' };
  if (typeof idempotencyKey !== 'string' || !isDispatchKey(idempotencyKey))
    return {
      ok: false,
      problem:
        '"idempotencyKey" must be 1–200 letters, digits or : _ - . (a replay with the same key returns the earlier run instead of starting another).',
    };
  if (
    correlationId !== undefined &&
    correlationId !== null &&
    (typeof correlationId !== 'string' || !isDispatchKey(correlationId))
  )
    return { ok: false, problem: '"correlationId" must be null or 1–200 letters, digits or : _ - .' };
  if (webhookUrl !== undefined && webhookUrl !== null && (typeof webhookUrl !== 'string' || !isHttpsUrl(webhookUrl)))
    return { ok: false, problem: '"webhookUrl" must be null or an https:// URL.' };
  if (
    triggerContext !== undefined &&
    (typeof triggerContext !== 'object' || triggerContext === null || Array.isArray(triggerContext))
  )
    return { ok: false, problem: '"triggerContext" must be a JSON object (use {} for no input).' };
  return {
    ok: true,
    draft: {
      definitionId,
      idempotencyKey,
      correlationId: typeof correlationId === 'string' ? correlationId : null,
      webhookUrl: typeof webhookUrl === 'string' ? webhookUrl : null,
      triggerContext: (triggerContext as Record<string, unknown> | undefined) ?? {},
    },
  };
}

/** The API's webhook secret rule (16–512 characters); undefined when it is acceptable. */
export function webhookSecretProblem(secret: string): string | undefined {
  return secret.length < 16 || secret.length > 512 ? 'The webhook secret must be 16–512 characters.' : undefined;
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

/** " at line 3, column 7" from a JSON.parse error's position (V8 says "at position N"), or "". */
function syntaxPosition(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const position = /position (\d+)/.exec(message);
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return ` at line ${lineColumn[1]}, column ${lineColumn[2]}`;
  if (!position) return text.trim() === '' ? ' (it is empty)' : '';
  const offset = Math.min(Number(position[1]), text.length);
  const before = text.slice(0, offset).split('\n');
  return ` at line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
}
