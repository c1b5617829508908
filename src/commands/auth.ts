// Sign in, sign out and environment switching.
import * as vscode from 'vscode';
import { originOf } from '../api';
import { describeCheckFailure, type CheckFailure } from '../auth/credentialCheck';
import { Commands, SANDBOX_ENVIRONMENT } from '../ids';
import { logger } from '../log';
import { inertLabel, inertMessage } from '../util/inertText';
import type { CommandDeps } from './deps';

const log = logger('auth');

export interface SetCredentialsArgs {
  apiKey?: string;
  authToken?: string;
  environment?: string;
  /** Store without the verification call (used when the service is known to be unreachable). */
  skipVerify?: boolean;
}

export type SetCredentialsResult = 'saved' | 'rejected' | 'unreachable' | 'cancelled';

export function setCredentials(deps: CommandDeps) {
  return async (args?: SetCredentialsArgs): Promise<SetCredentialsResult> => {
    const envName = args?.environment ?? deps.environments.active.name;
    const env = deps.environments.list().find((e) => e.name === envName);
    if (!env) {
      void vscode.window.showErrorMessage(
        `There is no Velt environment named "${inertMessage(envName, 60)}". Check the "velt.environments" setting.`,
      );
      return 'cancelled';
    }
    if (env.isSandbox) {
      void vscode.window.showInformationMessage('The sandbox needs no credentials: they are filled in for you.');
      return 'saved';
    }
    // The pair will be bound to this origin; a base URL it could never be sent to is refused before asking.
    let origin: string;
    try {
      origin = originOf(env.baseUrl ?? '');
    } catch (error) {
      void vscode.window.showErrorMessage(inertMessage(error instanceof Error ? error.message : String(error)));
      return 'rejected';
    }
    let apiKey = args?.apiKey;
    let authToken = args?.authToken;
    // Until checked (or saved anyway): one message per failed check, "Try Again" keeps the typed values.
    for (let ask = true; ;) {
      if (ask) {
        apiKey =
          args?.apiKey ??
          (await askSecret(
            `API key for ${inertLabel(env.name, 60)}`,
            'The workspace API key from the Velt Console',
            apiKey,
          ));
        if (!apiKey) return 'cancelled';
        authToken =
          args?.authToken ??
          (await askSecret(
            `Auth token for ${inertLabel(env.name, 60)}`,
            'An auth token generated in the Velt Console (Auth Token section)',
            authToken,
          ));
        if (!authToken) return 'cancelled';
      }
      if (args?.skipVerify) break;
      const failure = await verify(deps, env.baseUrl ?? '', apiKey!, authToken!, env.name);
      if (!failure) break;
      const message = inertMessage(failure.message);
      const show = failure.outcome === 'rejected' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
      // Called with values (tests, other commands): say it, ask nothing.
      if (args?.apiKey !== undefined && args.authToken !== undefined) {
        void show(message);
        return failure.outcome;
      }
      const choice = await show(message, ...failure.actions);
      if (choice === 'Save Anyway') break;
      if (choice !== 'Try Again') return failure.outcome;
      ask = failure.retryAsks;
    }
    // Bound to the origin just checked: the pair is never sent anywhere else, even if the setting changes.
    await deps.credentials.set(env.name, { apiKey: apiKey!.trim(), authToken: authToken!.trim() }, origin);
    await deps.environments.refreshSignedIn(true);
    log.info(`Credentials stored for "${env.name}".`);
    void vscode.window.showInformationMessage(`Signed in to Velt (${inertMessage(env.name, 60)}).`);
    return 'saved';
  };
}

/** Checks the pair against the environment; undefined when it works, otherwise what to say. */
async function verify(
  deps: CommandDeps,
  baseUrl: string,
  apiKey: string,
  authToken: string,
  envName: string,
): Promise<CheckFailure | undefined> {
  try {
    await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Checking credentials with ${inertLabel(envName, 60)}…`,
      },
      () => deps.verifyCredentials(baseUrl, apiKey.trim(), authToken.trim()),
    );
    return undefined;
  } catch (error) {
    const failure = describeCheckFailure(envName, error);
    // Expected failures (rejected, unreachable) are one line; only a surprise keeps its stack.
    if (failure.expected) log.warn(`Credential check against "${envName}" failed: ${failure.message}`);
    else log.error(`Credential check against "${envName}" failed unexpectedly`, error);
    return failure;
  }
}

async function askSecret(title: string, prompt: string, value?: string): Promise<string | undefined> {
  const typed = await vscode.window.showInputBox({
    title,
    prompt,
    password: true,
    ignoreFocusOut: true,
    ...(value !== undefined ? { value } : {}),
    validateInput: (text) =>
      text.trim().length === 0 ? 'Required' : /\s/.test(text.trim()) ? 'Must not contain spaces' : undefined,
  });
  return typed?.trim() || undefined;
}
export function signOut(deps: CommandDeps) {
  return async (args?: { environment?: string }): Promise<boolean> => {
    const env = deps.environments.list().find((e) => e.name === (args?.environment ?? deps.environments.active.name));
    if (!env || env.isSandbox) {
      void vscode.window.showInformationMessage('The sandbox has no stored credentials to remove.');
      return false;
    }
    await deps.credentials.clear(env.name);
    await deps.environments.refreshSignedIn(true);
    log.info(`Credentials removed for "${env.name}".`);
    void vscode.window.showInformationMessage(
      `Signed out of Velt (${inertMessage(env.name, 60)}). Your pins are kept.`,
    );
    return true;
  };
}

export function selectEnvironment(deps: CommandDeps) {
  return async (name?: string): Promise<string | undefined> => {
    let chosen = name;
    if (!chosen) {
      const active = deps.environments.active.name;
      const items = deps.environments.list().map((env) => ({
        name: env.name,
        label: inertLabel(env.name),
        description: env.isSandbox ? 'local simulator, no account needed' : env.baseUrl && inertLabel(env.baseUrl),
        detail: env.name === active ? 'Active' : undefined,
        picked: env.name === active,
      }));
      const pick = await vscode.window.showQuickPick(items, {
        title: 'Velt: Select Environment',
        placeHolder: 'Environments come from the "velt.environments" setting',
      });
      chosen = pick?.name;
    }
    if (!chosen) return undefined;
    try {
      await deps.environments.select(chosen);
    } catch (error) {
      void vscode.window.showErrorMessage(inertMessage(error instanceof Error ? error.message : String(error)));
      return undefined;
    }
    if (!deps.environments.isSignedIn) {
      void vscode.window
        .showInformationMessage(
          `Switched to ${inertMessage(chosen, 60)}. Set credentials to use it.`,
          'Set Credentials',
        )
        .then((action) => action && vscode.commands.executeCommand(Commands.setCredentials));
    }
    return chosen;
  };
}

export function trySandbox(deps: CommandDeps) {
  return async (): Promise<string | undefined> => {
    await deps.environments.select(SANDBOX_ENVIRONMENT);
    const url = await deps.environments.baseUrl();
    void vscode.window.showInformationMessage(
      `The Velt sandbox is running at ${url}. Pick an execution in the Executions view or run "Velt: Open Execution…".`,
    );
    return url;
  };
}
