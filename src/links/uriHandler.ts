// Handles vscode://velt-tools.velt-workflow-inspector/open?executionId=…&environment=… from a browser,
// chat or CI log: refuses malformed ids, asks before switching environment, then opens the execution.
import * as vscode from 'vscode';
import type { Environments } from '../auth/environments';
import { Commands, CONFIG_SECTION, Settings } from '../ids';
import { logger } from '../log';
import { inertMessage } from '../util/inertText';
import { environmentDecision, parseDeepLink } from './deepLink';

const log = logger('deep-link');

export type DeepLinkOutcome = 'opened' | 'refused' | 'cancelled';

/** Shows a modal question; replaced in tests. */
export type Ask = (message: string, detail: string, ...choices: string[]) => Thenable<string | undefined>;

const modalAsk: Ask = (message, detail, ...choices) =>
  vscode.window.showWarningMessage(message, { modal: true, detail }, ...choices);

export class DeepLinkHandler implements vscode.UriHandler {
  constructor(
    private readonly environments: Environments,
    public ask: Ask = modalAsk,
  ) {}

  handleUri(uri: vscode.Uri): void {
    void this.open(uri); // Deliberate: open() logs and shows every failure itself.
  }

  /** What handleUri does, with the outcome (integration tests call this). */
  open(uri: vscode.Uri): Promise<DeepLinkOutcome> {
    return this.handle(uri).catch((error: unknown) => {
      log.error('Opening a link failed', error);
      void vscode.window.showErrorMessage('Could not open the Velt link. Details are in the log.');
      return 'refused' as const;
    });
  }

  private async handle(uri: vscode.Uri): Promise<DeepLinkOutcome> {
    const link = parseDeepLink(uri.path, uri.query);
    if (!link.ok) {
      log.warn(`Refused link ${inertMessage(uri.toString(true), 300)}: ${link.reason}`);
      void vscode.window.showErrorMessage(`This Velt link cannot be opened. ${link.reason}`);
      return 'refused';
    }
    const active = this.environments.active.name;
    const activeText = inertMessage(active, 60);
    const known = this.environments.list().map((e) => e.name);
    const requested = link.environment;
    switch (environmentDecision(requested, active, known)) {
      case 'switch': {
        const switchTo = `Switch to ${inertMessage(requested!, 60)}`;
        const stay = `Open in ${activeText}`;
        const choice = await this.ask(
          `Open ${link.executionId} from ${inertMessage(requested!, 60)}?`,
          `The link is for the "${inertMessage(requested!, 60)}" environment; "${activeText}" is active. Switching also changes what the Velt views show.`,
          switchTo,
          stay,
        );
        if (choice === undefined) return 'cancelled';
        if (choice === switchTo) await this.environments.select(requested!);
        break;
      }
      case 'unknown': {
        const stay = `Open in ${activeText}`;
        const configure = 'Configure Environments';
        const choice = await this.ask(
          `The link names the environment "${inertMessage(requested!, 60)}", which is not configured here.`,
          `Add it to the "velt.environments" setting (with its base URL) to open the execution there, or try "${activeText}".`,
          stay,
          configure,
        );
        if (choice === configure) {
          await vscode.commands.executeCommand(
            'workbench.action.openSettings',
            `${CONFIG_SECTION}.${Settings.environments}`,
          );
          return 'cancelled';
        }
        if (choice !== stay) return 'cancelled';
        break;
      }
      case 'active':
        break;
    }
    log.info(`Opening ${link.executionId} from a link`);
    const opened = await vscode.commands.executeCommand<string | undefined>(Commands.openExecution, {
      executionId: link.executionId,
      source: 'uri',
    });
    return opened ? 'opened' : 'cancelled';
  }
}
