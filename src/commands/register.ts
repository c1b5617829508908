// Registers every command at activation with a handler that loads the implementations on first use: the
// activation bundle holds only the ids, the table and everything only commands use (pickers, dialogs,
// export, dispatch, operator actions' dialogs) live in dist/commands.js. VS Code starts evaluate less; the
// first command pays one synchronous require of a local file.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands, type CommandId } from '../ids';
import type { CommandDeps } from './deps';
import type * as CommandModule from './index';

export type LoadCommandModule = () => typeof CommandModule;

let loaded: typeof CommandModule | undefined;

/** The command implementations from dist/commands.js, next to the extension's bundle; required once. */
export function commandModule(): typeof CommandModule {
  if (loaded) return loaded;
  // A computed path: esbuild leaves it alone, so the implementations stay out of dist/extension.js.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the lazy load is the point
  const module: unknown = require(path.join(__dirname, 'commands.js'));
  if (typeof (module as { commandTable?: unknown } | undefined)?.commandTable !== 'function') {
    throw new Error(
      'The command module (dist/commands.js) is missing or damaged. Reinstall the Velt Workflow Inspector extension.',
    );
  }
  loaded = module as typeof CommandModule;
  return loaded;
}

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
