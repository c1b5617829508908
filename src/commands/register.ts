// Registers every command at activation with a handler that loads the implementations on first use: the
// activation bundle holds only the ids, the table and everything only commands use (pickers, dialogs,
// export, dispatch, operator actions' dialogs) live in dist/commands.js. VS Code starts evaluate less; the
// first command pays one synchronous require of a local file.
import * as vscode from 'vscode';
import { Commands, type CommandId } from '../ids';
import { bundleLoader } from '../util/bundle';
import type { CommandDeps } from './deps';
import type * as CommandModule from './index';

export type LoadCommandModule = () => typeof CommandModule;

/** The command implementations from dist/commands.js, next to the extension's bundle; required once. */
export const commandModule: LoadCommandModule = bundleLoader('commands.js', 'commandTable', 'The command module');

export function registerCommands(deps: CommandDeps, load: LoadCommandModule = commandModule): vscode.Disposable[] {
  let table: Record<CommandId, (...args: never[]) => unknown> | undefined;
  const handlerFor =
    (id: CommandId) =>
    (...args: unknown[]): unknown => {
      table ??= load().commandTable(deps);
      return (table[id] as (...args: unknown[]) => unknown)(...args);
    };
  return Object.values(Commands).map((id) => vscode.commands.registerCommand(id, handlerFor(id)));
}
