// Asks where webhooks go: a receiver URL (https, or http to this machine: the CLI's rule, checkReceiverUrl)
// and its signing secret, kept in SecretStorage per URL. The last URL is offered again, in this window.
import * as vscode from 'vscode';
import { checkReceiverUrl, type Receiver } from '../webhooks';
import { inertLabel } from '../util/inertText';
import type { CommandDeps } from './deps';

/** Velt asks for webhook secrets of at least 16 characters (executions/dispatch webhookSecret). */
export const MIN_SECRET_LENGTH = 16;

export interface ReceiverMemory {
  lastUrl: string | undefined;
}

export async function askReceiver(
  deps: Pick<CommandDeps, 'webhookSecrets'>,
  title: string,
  memory: ReceiverMemory,
): Promise<Receiver | undefined> {
  const input = await vscode.window.showInputBox({
    title,
    prompt: 'The receiver URL: https://, or http:// to localhost',
    placeHolder: 'http://localhost:3000/webhooks',
    value: memory.lastUrl ?? 'http://localhost:3000/webhooks',
    ignoreFocusOut: true,
    validateInput: (text) => {
      const check = checkReceiverUrl(text);
      return check.ok ? undefined : `The URL ${check.reason}.`;
    },
  });
  if (input === undefined) return undefined;
  const checked = checkReceiverUrl(input);
  if (!checked.ok) return undefined;
  const url = checked.url;
  memory.lastUrl = url;
  const saved = await deps.webhookSecrets.get(url);
  const secret = await vscode.window.showInputBox({
    title,
    prompt:
      saved !== undefined
        ? `Signing secret for ${inertLabel(url)}: press Enter to use the saved one, or type a new one`
        : `Signing secret for ${inertLabel(url)} (your receiver verifies x-velt-signature with it; kept in the system keychain)`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (text) =>
      text === '' && saved !== undefined
        ? undefined
        : text.length < MIN_SECRET_LENGTH
          ? `Enter the secret your receiver verifies signatures with (at least ${MIN_SECRET_LENGTH} characters).`
          : undefined,
  });
  if (secret === undefined) return undefined;
  if (secret === '') return saved === undefined ? undefined : { url, secret: saved };
  await deps.webhookSecrets.set(url, secret);
  return { url, secret };
}
