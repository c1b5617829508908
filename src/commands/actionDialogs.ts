// The dialogs of a write: who acts (reviewers, actor id), the output JSON of Force Complete / Fail, the
// reason, the modal that names environment, execution, step, action and consequence, and the typed
// confirmation. Each takes the previous answer, so a retry after an error re-opens them pre-filled.
import type * as ChildProcess from 'node:child_process';
import * as vscode from 'vscode';
import type { ReviewerChoice } from '../actions/actors';
import type { WriteAction } from '../actions/matrix';
import { ACTION_LABELS } from '../actions/matrix';
import type { Config } from '../config';
import { inertLabel, inertMessage } from '../util/inertText';

/** Documented body limits (velt-api.md §1.3, §1.4). */
const ACTOR_ID_MAX = 256;
const CANCEL_REASON_MAX = 500;
const DECISION_REASON_MAX = 2000;
/** Re-asking after invalid text ends after this many tries (the user can always press Escape sooner). */
const MAX_ASKS = 20;

/** The reviewer(s) to decide as; the remembered ones are pre-selected. undefined: cancelled. */
export async function pickReviewers(
  choices: readonly ReviewerChoice[],
  decision: 'approve' | 'reject',
  previous: readonly string[] | undefined,
): Promise<string[] | undefined> {
  const verb = decision === 'approve' ? 'Approve' : 'Reject';
  if (choices.length === 0) {
    const typed = await vscode.window.showInputBox({
      title: `Velt: ${verb} as…`,
      prompt: 'No declared reviewers could be read for this step. The reviewer id (userId) you decide as:',
      value: previous?.[0] ?? '',
      ignoreFocusOut: true,
      validateInput: (text) => (text.trim() ? undefined : 'Enter a reviewer id'),
    });
    return typed?.trim() ? [typed.trim()] : undefined;
  }
  const items = choices.map((c) => ({
    label: inertLabel(c.userId),
    description: c.mandatory === undefined ? undefined : c.mandatory ? 'mandatory' : 'optional',
    picked: previous ? previous.includes(c.userId) : c.picked,
    userId: c.userId,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: `Velt: ${verb} as…`,
    placeHolder: 'The declared reviewer(s) you decide as (one decision is recorded for each)',
    canPickMany: true,
    ignoreFocusOut: true,
  });
  return picked && picked.length > 0 ? picked.map((p) => p.userId) : undefined;
}

/** `velt.actions.actorId`, asked for (suggested from `git config user.email`) and saved on first use. */
export async function actorId(config: Config): Promise<string | undefined> {
  if (config.actionsActorId) return config.actionsActorId;
  const suggestion = await gitEmail();
  const typed = await vscode.window.showInputBox({
    title: 'Velt: Your Actor ID for Overrides',
    prompt:
      'The engine records this id on every override and step cancel. Saved as velt.actions.actorId in your user settings.',
    value: suggestion ?? '',
    ignoreFocusOut: true,
    validateInput: (text) => actorIdProblem(text),
  });
  const value = typed?.trim();
  if (!value || actorIdProblem(value)) return undefined;
  await config.setActionsActorId(value);
  return value;
}

function actorIdProblem(text: string): string | undefined {
  const value = text.trim();
  if (!value) return 'Enter an actor id, such as your email address';
  if (value.length > ACTOR_ID_MAX) return `At most ${ACTOR_ID_MAX} characters`;
  return undefined;
}

/** The git user email, only as a suggestion; nothing when git is missing or slow. */
function gitEmail(): Promise<string | undefined> {
  // Required here: node:child_process is costly to evaluate and most starts never ask for an actor id.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the lazy load is the point
  const { execFile } = require('node:child_process') as typeof ChildProcess;
  return new Promise((resolve) => {
    execFile('git', ['config', '--get', 'user.email'], { timeout: 2_000 }, (error, stdout) =>
      resolve(error ? undefined : stdout.trim().slice(0, ACTOR_ID_MAX) || undefined),
    );
  });
}

/** A JSON object; a bad text is kept and asked for again with the problem named. undefined: cancelled. */
export async function askOutput(
  action: WriteAction,
  previous: string | undefined,
): Promise<{ text: string; output: Record<string, unknown> } | undefined> {
  let text = previous ?? '{}';
  let problem: string | undefined;
  for (let ask = 0; ask < MAX_ASKS; ask++) {
    const typed = await vscode.window.showInputBox({
      title: `Velt: ${ACTION_LABELS[action]} — Step Output`,
      prompt: problem ?? 'The output JSON object the step is given (the engine adds overriddenAt)',
      value: text,
      ignoreFocusOut: true,
      validateInput: (value) => outputProblem(value),
    });
    if (typed === undefined) return undefined;
    text = typed;
    problem = outputProblem(typed);
    if (!problem) return { text, output: JSON.parse(typed) as Record<string, unknown> };
  }
  return undefined;
}

function outputProblem(text: string): string | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? undefined
      : 'The output must be a JSON object, such as {"note": "done by hand"}';
  } catch (error) {
    return `Not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** The optional reason ('' for none). undefined: cancelled. */
export async function askReason(action: WriteAction, previous: string | undefined): Promise<string | undefined> {
  const max = action === 'cancelExecution' || action === 'cancelStep' ? CANCEL_REASON_MAX : DECISION_REASON_MAX;
  const typed = await vscode.window.showInputBox({
    title: `Velt: ${ACTION_LABELS[action]} — Reason`,
    prompt: 'Why (optional; stored by the engine and in the action history). Enter to continue, Escape to stop.',
    value: previous ?? '',
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim().length > max ? `At most ${max} characters` : undefined),
  });
  return typed === undefined ? undefined : typed.trim().slice(0, max);
}

export interface ConfirmationText {
  action: WriteAction;
  environment: string;
  origin: string | null;
  executionId: string;
  definitionId: string;
  /** "review (human, waiting)"; absent for Cancel Execution. */
  step?: string;
  actor?: string;
  reason?: string;
  consequence: string;
}

/** The modal: says exactly what will happen where. true only when the user chose the action. */
export async function confirmWrite(text: ConfirmationText, shortId: string): Promise<boolean> {
  const label = ACTION_LABELS[text.action];
  const where = `${inertMessage(text.environment, 60)}${text.origin ? ` (${inertMessage(text.origin, 80)})` : ''}`;
  const subject = text.step
    ? `step ${inertMessage(text.step, 80)} of execution ${inertMessage(shortId, 20)}`
    : `execution ${inertMessage(shortId, 20)}`;
  const detail = [
    `Environment: ${where}`,
    `Execution: ${inertMessage(text.executionId, 80)} (${inertMessage(text.definitionId, 80)})`,
    ...(text.step ? [`Step: ${inertMessage(text.step, 120)}`] : []),
    ...(text.actor ? [`As: ${inertMessage(text.actor, 120)}`] : []),
    ...(text.reason ? [`Reason: ${inertMessage(text.reason, 200)}`] : []),
    '',
    inertMessage(text.consequence, 1200),
  ].join('\n');
  const choice = await vscode.window.showWarningMessage(
    `${label} ${subject} in ${where}?`,
    { modal: true, detail },
    label,
  );
  return choice === label;
}

/** Outside the sandbox, the final actions need the execution's short id typed. */
export async function typedConfirmation(action: WriteAction, environment: string, shortId: string): Promise<boolean> {
  const typed = await vscode.window.showInputBox({
    title: `Velt: ${ACTION_LABELS[action]} in ${inertLabel(environment, 60)}`,
    prompt: `This cannot be undone. Type ${shortId} (the end of the execution id) to confirm.`,
    placeHolder: shortId,
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() === shortId ? undefined : `Type ${shortId} exactly`),
  });
  // Checked again: validateInput only guides the box, the answer is what counts.
  return typed?.trim() === shortId;
}
