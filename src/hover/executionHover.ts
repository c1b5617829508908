// Hover on execution ids in any document. Cheap first: settings and language checks, then the id finder
// on a bounded window around the cursor; no network when signed out; the lookup goes through the shared ExecutionStore and is
// aborted with the hover's cancellation token.
import * as vscode from 'vscode';
import type { Environments } from '../auth/environments';
import type { ExecutionStore } from '../state/executionStore';
import type { PinnedExecutions } from '../state/pins';
import { idAtOffset, type IdMatcher } from '../util/idMatcher';
import { buildHoverMarkdown, HOVER_COMMANDS, lookupHoverModel, type HoverModel } from './hoverContent';

export interface HoverSettings {
  enabled: boolean;
  disabledLanguages: readonly string[];
  matcher: IdMatcher;
}

export interface HoverDeps {
  settings: () => HoverSettings;
  environments: Environments;
  store: ExecutionStore;
  pins: PinnedExecutions;
  /** Write actions are on for the active environment (the hover links Approve… / Reject… only then; absent: off). */
  actionsEnabled?: () => boolean;
}

export class ExecutionHoverProvider implements vscode.HoverProvider {
  constructor(private readonly deps: HoverDeps) {}

  async provideHover(
    document: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<vscode.Hover | undefined> {
    const settings = this.deps.settings();
    if (!settings.enabled || settings.disabledLanguages.includes(document.languageId)) return undefined;
    const found = findIdAt(document, position, settings.matcher);
    if (!found) return undefined;
    const model = await this.lookup(found.id, token);
    if (!model || token.isCancellationRequested) return undefined;
    return new vscode.Hover(toMarkdown(model), found.range);
  }

  private async lookup(executionId: string, token: vscode.CancellationToken): Promise<HoverModel | undefined> {
    const { environments, store, pins } = this.deps;
    // A hover right after start waits for the first sign-in read (activation does not).
    await environments.whenSettled();
    const environment = environments.active.name;
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    try {
      return await lookupHoverModel(
        executionId,
        {
          environment,
          signedIn: environments.isSignedIn,
          credentialsProblem: environments.credentialsProblem,
          get: (id, signal) => store.get(id, { signal }),
          isPinned: (id) => pins.isPinned(environment, id),
          now: Date.now,
          actionsEnabled: this.deps.actionsEnabled,
        },
        controller.signal,
      );
    } finally {
      subscription.dispose();
    }
  }
}

export function toMarkdown(model: HoverModel): vscode.MarkdownString {
  const md = new vscode.MarkdownString(buildHoverMarkdown(model), true);
  md.isTrusted = { enabledCommands: HOVER_COMMANDS };
  md.supportHtml = false;
  return md;
}

/**
 * The execution id under the cursor and its range, read from a bounded window around the cursor. Not
 * through the editor's getWordRangeAtPosition: that would run the user's pattern on up to 1,000
 * characters per try, where ours runs it only around candidate ids (see idMatcher.ts).
 */
export function findIdAt(
  document: vscode.TextDocument,
  position: vscode.Position,
  matcher: IdMatcher,
): { id: string; range: vscode.Range } | undefined {
  const line = document.lineAt(position.line).text;
  const match = idAtOffset(line, position.character, matcher);
  return match && { id: match.id, range: new vscode.Range(position.line, match.start, position.line, match.end) };
}
