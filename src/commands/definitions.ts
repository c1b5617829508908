// Definitions view commands: open a definition as read-only JSON or as its graph without a run (from the
// view, or picked from the list).
import * as vscode from 'vscode';
import { definitionUri } from '../documents/definitionDocument';
import { inertLabel } from '../util/inertText';
import type { CommandDeps } from './deps';

type DefinitionDeps = Pick<CommandDeps, 'environments' | 'workflowViews'>;
type DefinitionGraphDeps = DefinitionDeps & Pick<CommandDeps, 'panels'>;

/** A definition id from a Definitions view node, `{ definitionId }` or a plain string. */
export function definitionIdFromArg(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg.length > 0) return arg;
  if (arg && typeof arg === 'object' && 'definitionId' in arg && typeof arg.definitionId === 'string')
    return arg.definitionId;
  return undefined;
}

/** Asks for one of the listed definitions (loading the first page if nothing is listed yet). */
export async function pickDefinition(deps: DefinitionDeps, title: string): Promise<string | undefined> {
  const tree = deps.workflowViews.definitions;
  if (tree.definitions.length === 0) await tree.loadMore();
  const items = tree.definitions.map((d) => ({
    label: inertLabel(d.name || d.definitionId),
    description: `${inertLabel(d.definitionId)} · v${d.version}`,
    definitionId: d.definitionId,
  }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage(
      `No definitions found in ${inertLabel(deps.environments.active.name)}. Check the Definitions view for errors, or create a definition first.`,
    );
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(items, { title, placeHolder: 'Definition', matchOnDescription: true });
  return pick?.definitionId;
}

export function openDefinition(deps: DefinitionDeps) {
  return async (arg?: unknown): Promise<void> => {
    const definitionId = definitionIdFromArg(arg) ?? (await pickDefinition(deps, 'Open Definition'));
    if (!definitionId) return;
    const document = await vscode.workspace.openTextDocument(
      definitionUri(deps.environments.active.name, definitionId),
    );
    await vscode.languages.setTextDocumentLanguage(document, 'json');
    await vscode.window.showTextDocument(document, { preview: true });
  };
}

/** The definition's nodes and edges drawn without a run, in a panel of its own (revealed when open). */
export function showDefinitionGraph(deps: DefinitionGraphDeps) {
  return async (arg?: unknown): Promise<void> => {
    const definitionId = definitionIdFromArg(arg) ?? (await pickDefinition(deps, 'Show Definition Graph'));
    if (!definitionId) return;
    deps.panels.definitionGraphs.createOrShow(deps.environments.active.name, definitionId);
  };
}
