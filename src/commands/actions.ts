// The operator action commands: Approve… / Reject… (as declared reviewers), the four overrides, Cancel
// Step, Cancel Execution, Enable / Disable Actions and Show Action History. They accept a tree node or a
// plain `{ environment?, executionId, stepId }` (the Waiting view, the panel, the hover). Every write
// re-reads the execution, offers only what is still valid, asks, confirms in a modal and audits; a
// failure says what to do and offers to try again with the answers kept.
import * as vscode from 'vscode';
import { reviewerChoices } from '../actions/actors';
import { consequenceOf } from '../actions/consequence';
import {
  ACTION_LABELS,
  TYPED_CONFIRMATION_ACTIONS,
  canCancelExecution,
  validStepActions,
  type StepAction,
  type WriteAction,
} from '../actions/matrix';
import { notRecordedMessage, writeErrorMessage } from '../actions/messages';
import type { WriteRequest } from '../actions/writeService';
import type { DefinitionView, ExecutionView, StepView } from '../api';
import type { Environment } from '../auth/environments';
import { Commands } from '../ids';
import { shortId } from '../util/format';
import { inertMessage } from '../util/inertText';
import { actorId, askOutput, askReason, confirmWrite, pickReviewers, typedConfirmation } from './actionDialogs';
import type { CommandDeps } from './deps';

/** What every write command accepts: a tree node, or this plain object. */
export interface ActionArg {
  environment?: string;
  executionId: string;
  stepId?: string;
}

const MAX_ID_LENGTH = 256;

export function actionArg(arg: unknown): ActionArg | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const { environment, executionId, stepId } = arg as Record<string, unknown>;
  const ok = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_ID_LENGTH;
  if (!ok(executionId)) return undefined;
  if (stepId !== undefined && !ok(stepId)) return undefined;
  if (environment !== undefined && !ok(environment)) return undefined;
  return { executionId, ...(ok(stepId) ? { stepId } : {}), ...(ok(environment) ? { environment } : {}) };
}

/** The answers of one write, kept across a retry so nothing typed is lost. */
interface Draft {
  reviewers?: string[];
  outputText?: string;
  output?: Record<string, unknown>;
  reason?: string;
}

/** What the user sees after a write: one message. */
type Finish = { kind: 'done'; message: string } | { kind: 'failed'; message: string } | { kind: 'cancelled' };

export function stepActionCommand(deps: CommandDeps, action: StepAction) {
  return async (arg?: unknown): Promise<Finish> => {
    const target = actionArg(arg);
    if (!target?.stepId) return fail('Run this from a step in the Velt views (it needs an execution and a step).');
    return act(deps, action, target);
  };
}

export function cancelExecutionCommand(deps: CommandDeps) {
  return async (arg?: unknown): Promise<Finish> => {
    const target = actionArg(arg);
    if (!target) return fail('Run Cancel Execution from an execution in the Velt views.');
    return act(deps, 'cancelExecution', { executionId: target.executionId, environment: target.environment });
  };
}

async function act(deps: CommandDeps, action: WriteAction, target: ActionArg): Promise<Finish> {
  const environment = await usableEnvironment(deps, target);
  if (!environment) return { kind: 'cancelled' };
  const label = ACTION_LABELS[action];
  let execution: ExecutionView;
  try {
    execution = await deps.store.get(target.executionId, { force: true });
  } catch (error) {
    return fail(`Could not read the execution before ${label}: ${writeErrorMessage(error)}`);
  }
  const step = target.stepId ? execution.steps.find((s) => s.stepId === target.stepId) : undefined;
  const stillValid =
    action === 'cancelExecution'
      ? canCancelExecution(execution.status)
      : step !== undefined && validStepActions(step, execution.status).includes(action as StepAction);
  if (!stillValid) {
    const now = step
      ? `the step is ${step.status} and the execution ${execution.status}`
      : `the execution is ${execution.status}`;
    return info(`${label} is not possible any more: ${now}. Nothing was sent.`);
  }
  const definition = await deps.api.getDefinition(execution.definitionId).catch(() => undefined);
  const draft: Draft = {};
  for (;;) {
    const finish = await attempt(deps, { action, environment, execution, step, definition, draft });
    if (finish.kind !== 'failed') return finish;
    const again = await vscode.window.showErrorMessage(inertMessage(finish.message, 600), 'Try Again', 'Show Log');
    if (again === 'Show Log') await vscode.commands.executeCommand(Commands.showLog);
    if (again !== 'Try Again') return finish;
  }
}

interface Attempt {
  action: WriteAction;
  environment: Environment;
  execution: ExecutionView;
  step: StepView | undefined;
  definition: DefinitionView | undefined;
  draft: Draft;
}

async function attempt(deps: CommandDeps, a: Attempt): Promise<Finish> {
  const { action, environment, execution, step, definition, draft } = a;
  const node = step ? definition?.nodes.find((n) => n.nodeId === step.nodeId) : undefined;

  // Who acts.
  let reviewers: string[] = [];
  let actor: string | undefined;
  if (action === 'approve' || action === 'reject') {
    const remembered = deps.actions.reviewers.recall(environment.name);
    const picked = await pickReviewers(
      reviewerChoices(node?.reviewers, step!.output, remembered),
      action,
      draft.reviewers,
    );
    if (!picked) return { kind: 'cancelled' };
    reviewers = draft.reviewers = picked;
    await deps.actions.reviewers.remember(environment.name, picked);
  } else if (action !== 'cancelExecution') {
    actor = await actorId(deps.config);
    if (!actor) return { kind: 'cancelled' };
  } else {
    actor = deps.config.actionsActorId || undefined;
  }

  if (action === 'forceComplete' || action === 'forceFail') {
    const answer = await askOutput(action, draft.outputText);
    if (!answer) return { kind: 'cancelled' };
    draft.outputText = answer.text;
    draft.output = answer.output;
  }
  const reason = await askReason(action, draft.reason);
  if (reason === undefined) return { kind: 'cancelled' };
  draft.reason = reason;

  const consequence = consequenceOf({
    action,
    nodeId: step?.nodeId,
    groupId: step?.groupId,
    definition,
    output: draft.output,
  });
  const short = shortId(execution.executionId);
  const where = deps.actions.target(environment);
  const confirmed = await confirmWrite(
    {
      action,
      environment: environment.name,
      origin: where.origin,
      executionId: execution.executionId,
      definitionId: execution.definitionId,
      step: step ? `${step.nodeId} (${step.nodeType}, ${step.status})` : undefined,
      actor: reviewers.length > 0 ? reviewers.join(', ') : actor,
      reason: reason || undefined,
      consequence,
    },
    short,
  );
  if (!confirmed) return { kind: 'cancelled' };
  if (!environment.isSandbox && TYPED_CONFIRMATION_ACTIONS.includes(action)) {
    // The short id without its "…": what a user can type.
    if (!(await typedConfirmation(action, environment.name, short.replace(/^…/, '')))) return { kind: 'cancelled' };
  }

  const requests = buildRequests(action, execution.executionId, step?.stepId, { reviewers, actor, draft });
  const notes: string[] = [];
  for (const request of requests) {
    const outcome = await deps.actions.writes.run(where, request);
    if (!outcome.ok) return { kind: 'failed', message: writeErrorMessage(outcome.error) };
    const value = outcome.value as { recorded?: unknown; rejectionReason?: unknown } | undefined;
    if ((request.action === 'approve' || request.action === 'reject') && value?.recorded === false) {
      notes.push(
        notRecordedMessage(
          request.reviewerId,
          typeof value.rejectionReason === 'string' ? value.rejectionReason : null,
        ),
      );
    }
  }
  const done = `${ACTION_LABELS[action]}: sent for ${step ? `step ${step.nodeId} of ` : ''}${short} in ${environment.name}.`;
  const message = notes.length > 0 ? `${done} ${notes.join(' ')}` : done;
  if (notes.length > 0) void vscode.window.showWarningMessage(inertMessage(message, 600));
  else void vscode.window.showInformationMessage(inertMessage(message, 600));
  return { kind: 'done', message };
}

function buildRequests(
  action: WriteAction,
  executionId: string,
  stepId: string | undefined,
  who: { reviewers: string[]; actor: string | undefined; draft: Draft },
): WriteRequest[] {
  const reason = who.draft.reason ? { reason: who.draft.reason } : {};
  switch (action) {
    case 'cancelExecution':
      return [{ action, executionId, ...(who.actor ? { actorId: who.actor } : {}), ...reason }];
    case 'approve':
    case 'reject':
      return who.reviewers.map((reviewerId) => ({ action, executionId, stepId: stepId!, reviewerId, ...reason }));
    case 'cancelStep':
      return [{ action, executionId, stepId: stepId!, actorId: who.actor!, ...reason }];
    default:
      return [
        {
          action,
          executionId,
          stepId: stepId!,
          actorId: who.actor!,
          ...(who.draft.output !== undefined ? { output: who.draft.output } : {}),
          ...reason,
        },
      ];
  }
}

/** The active environment, when it is the one the item belongs to and its actions are on. */
async function usableEnvironment(deps: CommandDeps, target: ActionArg): Promise<Environment | undefined> {
  await deps.environments.whenSettled();
  const environment = deps.environments.active;
  if (target.environment !== undefined && target.environment !== environment.name) {
    void vscode.window.showErrorMessage(
      `This item belongs to ${inertMessage(target.environment, 60)}, but ${inertMessage(environment.name, 60)} is active. Select ${inertMessage(target.environment, 60)} first; nothing was sent.`,
    );
    return undefined;
  }
  if (!deps.actions.isEnabled(environment)) {
    const choice = await vscode.window.showWarningMessage(
      `Actions are off for ${inertMessage(environment.name, 60)}; nothing was sent. Turn them on with "Velt: Enable Actions for ${inertMessage(environment.name, 60)}…".`,
      'Enable Actions…',
    );
    if (choice === 'Enable Actions…') await vscode.commands.executeCommand(Commands.enableActions);
    return undefined;
  }
  return environment;
}

export function enableActions(deps: CommandDeps) {
  return async (): Promise<boolean> => {
    await deps.environments.whenSettled();
    const environment = deps.environments.active;
    if (deps.actions.isEnabled(environment)) {
      void vscode.window.showInformationMessage(`Actions are already on for ${inertMessage(environment.name, 60)}.`);
      return true;
    }
    const name = inertMessage(environment.name, 60);
    const choice = await vscode.window.showWarningMessage(
      `Enable actions for ${name}?`,
      {
        modal: true,
        detail:
          `This lets you change executions in ${name}${environment.baseUrl ? ` (${inertMessage(environment.baseUrl, 100)})` : ''} from the editor: ` +
          'approve or reject waiting steps as a declared reviewer, force approve / reject / complete / fail a step, cancel a step and cancel an execution. ' +
          'The engine checks no permissions for these (any valid token may call them). Each write still asks for confirmation, ' +
          'the final ones need the execution id typed, and every write is recorded in the action history. ' +
          'The setting is kept for this editor only (a workspace cannot turn it on) and ends if the environment is pointed at another host.',
      },
      'Enable Actions',
    );
    if (choice !== 'Enable Actions') return false;
    await deps.actions.setMode(environment, 'confirm');
    return true;
  };
}

export function disableActions(deps: CommandDeps) {
  return async (): Promise<void> => {
    await deps.environments.whenSettled();
    const environment = deps.environments.active;
    await deps.actions.setMode(environment, 'off');
    void vscode.window.showInformationMessage(
      `Actions are off for ${inertMessage(environment.name, 60)}: no write action is offered there.`,
    );
  };
}

export function showActionHistory(deps: CommandDeps) {
  return async (): Promise<vscode.TextEditor> => {
    const document = await vscode.workspace.openTextDocument(deps.actions.historyUri);
    return vscode.window.showTextDocument(document, { preview: false });
  };
}

function fail(message: string): Finish {
  void vscode.window.showErrorMessage(inertMessage(message, 600));
  return { kind: 'failed', message };
}

function info(message: string): Finish {
  void vscode.window.showInformationMessage(inertMessage(message, 600));
  return { kind: 'cancelled' };
}
