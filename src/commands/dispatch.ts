// Dispatch Execution…: pick a definition, edit the run's input in a JSON document (pre-filled with the last
// input used for that definition, a fresh idempotency key shown), then "Dispatch" from the editor title or
// the CodeLens. The write goes through the guard rail and the action history; afterwards the run is pinned
// and opened. Run Again re-opens the input a run we started was given.
import * as vscode from 'vscode';
import { isApiError, newIdempotencyKey, type DispatchResult } from '../api';
import { draftEnvironment, isDispatchDocument, writeDraft } from '../documents/dispatchDocuments';
import { Commands } from '../ids';
import { logger } from '../log';
import { readDispatchDraft, webhookSecretProblem, type DispatchDraft } from '../state/dispatchDraft';
import type { KeptInput } from '../state/dispatchInputs';
import { inertMessage } from '../util/inertText';
import { definitionIdFromArg, pickDefinition } from './definitions';
import type { CommandDeps } from './deps';
import { executionIdFromArg } from './openExecution';

const log = logger('dispatch');

/** Opens a draft for a definition (from the Definitions view, `{ definitionId }` or a pick). */
export function dispatchExecution(deps: CommandDeps) {
  return async (arg?: unknown): Promise<vscode.Uri | undefined> => {
    const environment = deps.environments.active.name;
    const definitionId = definitionIdFromArg(arg) ?? (await pickDefinition(deps, 'Dispatch Execution'));
    if (!definitionId) return undefined;
    return openDraft(deps, environment, definitionId, deps.dispatchInputs.lastForDefinition(environment, definitionId));
  };
}

/** Re-opens the input a run we dispatched was given; for other runs, a draft for its definition. */
export function runAgain(deps: CommandDeps) {
  return async (arg?: unknown): Promise<vscode.Uri | undefined> => {
    const executionId = executionIdFromArg(arg);
    if (!executionId) return undefined;
    const environment = deps.environments.active.name;
    const kept = deps.dispatchInputs.forExecution(environment, executionId);
    if (kept) return openDraft(deps, environment, kept.definitionId, kept);
    let definitionId: string;
    try {
      definitionId = (await deps.store.get(executionId)).definitionId;
    } catch (error) {
      void vscode.window.showErrorMessage(
        `Could not read ${inertMessage(executionId, 80)}: ${inertMessage(error instanceof Error ? error.message : String(error))}`,
      );
      return undefined;
    }
    const last = deps.dispatchInputs.lastForDefinition(environment, definitionId);
    void vscode.window.showInformationMessage(
      `The input of ${inertMessage(executionId, 80)} is not known here (it was not dispatched from this editor, and the API never returns it). The draft starts from ${last ? 'the last input used for' : 'an empty input for'} ${inertMessage(definitionId, 80)}.`,
    );
    return openDraft(deps, environment, definitionId, last);
  };
}

async function openDraft(
  deps: CommandDeps,
  environment: string,
  definitionId: string,
  kept: KeptInput | undefined,
): Promise<vscode.Uri> {
  const draft: DispatchDraft = {
    definitionId,
    // A fresh key per draft: dispatching it twice replays instead of starting a second run.
    idempotencyKey: newIdempotencyKey(),
    correlationId: kept?.correlationId ?? null,
    webhookUrl: kept?.webhookUrl ?? null,
    triggerContext: kept?.triggerContext ?? {},
  };
  const uri = await writeDraft(deps.globalStorageUri, environment, draft);
  const document = await vscode.workspace.openTextDocument(uri);
  if (document.languageId !== 'json') await vscode.languages.setTextDocumentLanguage(document, 'json');
  await vscode.window.showTextDocument(document, { preview: false });
  return uri;
}

/** Sends the draft in the active editor (or `uri`); keeps the document as it is whatever goes wrong. */
export function dispatchFromDocument(deps: CommandDeps) {
  return async (arg?: unknown): Promise<DispatchResult | undefined> => {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (!uri || !isDispatchDocument(uri)) {
      void vscode.window.showErrorMessage(
        'Open a dispatch draft first: run "Velt: Dispatch Execution…" and pick a definition.',
      );
      return undefined;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    const reading = readDispatchDraft(document.getText());
    if (!reading.ok) {
      void vscode.window.showErrorMessage(reading.problem);
      return undefined;
    }
    const { draft } = reading;
    const environment = draftEnvironment(uri);
    if (environment !== deps.environments.active.name) {
      void vscode.window.showErrorMessage(
        `This draft is for the environment "${inertMessage(environment, 60)}", but "${inertMessage(deps.environments.active.name, 60)}" is active. Switch with "Velt: Select Environment", or open a new draft here.`,
      );
      return undefined;
    }
    const refusal = deps.dispatchGuard.refusal(environment);
    if (refusal) {
      const enable = 'Enable Actions…';
      const choice = await vscode.window.showErrorMessage(refusal, enable);
      if (choice === enable) await vscode.commands.executeCommand(Commands.enableActions);
      return undefined;
    }
    const dispatch = 'Dispatch';
    const confirmed = await vscode.window.showWarningMessage(
      `Start a run of ${inertMessage(draft.definitionId, 80)} in ${inertMessage(environment, 60)}?`,
      {
        modal: true,
        detail:
          `It runs with the triggerContext in the draft. Idempotency key ${draft.idempotencyKey}: dispatching the same key again returns this run instead of starting another.` +
          (draft.webhookUrl ? ` Its events are also sent to ${inertMessage(draft.webhookUrl, 200)}.` : ''),
      },
      dispatch,
    );
    if (confirmed !== dispatch) return undefined;
    let webhookSecret: string | undefined;
    if (draft.webhookUrl) {
      webhookSecret = await vscode.window.showInputBox({
        title: 'Webhook secret',
        prompt: `The secret that signs the events sent to ${inertMessage(draft.webhookUrl, 200)} (16–512 characters; not stored).`,
        password: true,
        ignoreFocusOut: true,
        validateInput: (value) => webhookSecretProblem(value),
      });
      if (webhookSecret === undefined) return undefined;
    }
    if (document.isDirty) await document.save();
    let result: DispatchResult;
    try {
      result = await deps.dispatchGuard.dispatch(environment, {
        definitionId: draft.definitionId,
        idempotencyKey: draft.idempotencyKey,
        triggerContext: draft.triggerContext,
        ...(draft.correlationId ? { correlationId: draft.correlationId } : {}),
        ...(draft.webhookUrl && webhookSecret ? { webhookUrl: draft.webhookUrl, webhookSecret } : {}),
      });
    } catch (error) {
      void vscode.window.showErrorMessage(dispatchFailure(draft.definitionId, error));
      return undefined;
    }
    await afterDispatch(deps, environment, draft, result);
    return result;
  };
}

async function afterDispatch(
  deps: CommandDeps,
  environment: string,
  draft: DispatchDraft,
  result: DispatchResult,
): Promise<void> {
  const kept = await deps.dispatchInputs.remember(environment, result.executionId, {
    definitionId: draft.definitionId,
    correlationId: draft.correlationId,
    webhookUrl: draft.webhookUrl,
    triggerContext: draft.triggerContext,
  });
  if (!kept) log.info(`The input of ${result.executionId} is too large to keep for Run Again; the run started.`);
  await deps.pins.pin(environment, result.executionId);
  deps.watcher.burst(result.executionId);
  await vscode.commands.executeCommand(Commands.openExecution, { executionId: result.executionId });
  const id = inertMessage(result.executionId, 80);
  void vscode.window.showInformationMessage(
    result.deduplicated
      ? `Not started again: this idempotency key was already used, so the API returned the earlier run ${id} (opened and pinned). Open a new draft for a new run.`
      : `Dispatched ${inertMessage(draft.definitionId, 80)}: ${id} (opened and pinned).`,
  );
}

/** What happened and what to do; the draft stays open with the input as it was. */
function dispatchFailure(definitionId: string, error: unknown): string {
  const message = inertMessage(error instanceof Error ? error.message : String(error));
  const what = `Dispatching ${inertMessage(definitionId, 80)} failed: ${message}`;
  if (!isApiError(error)) return `${what} The draft is kept; try again.`;
  if (error.status === 'FAILED_PRECONDITION')
    return `${what} The definition may be deleted or have no root nodes; check it in the Definitions view.`;
  switch (error.kind) {
    case 'notFound':
      return `${what} Check "definitionId" in the draft (the Definitions view lists what exists).`;
    case 'invalidArgument':
      return `${what} Fix the draft and dispatch again.`;
    default:
      return `${what} The draft is kept; dispatch again when the service answers (the same idempotency key cannot start a second run).`;
  }
}
