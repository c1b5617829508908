// `definitions list` and `definitions get`: workflow definitions at their current version, as JSON.
// Paging is bounded like `list`: it stops at --limit, at the end, or when a page adds nothing new.
import { DEFAULT_LIST_PAGE_SIZE, type DefinitionView } from '../api';
import type { DefinitionsGetCommand, DefinitionsListCommand } from './args';
import type { CommandContext } from './commands';
import { definitionSummary, definitionsTable } from './human/definitions';
import { Progress } from './output';
import { rememberDefinitionIds } from './completion';
import { collectList } from './pagedList';

export async function runDefinitions(
  command: DefinitionsListCommand | DefinitionsGetCommand,
  context: CommandContext,
): Promise<void> {
  if (command.action === 'get') {
    const view = await context.api.getDefinition(command.definitionId, { signal: context.signal });
    warnSkipped(context, view.skipped, `item${view.skipped === 1 ? '' : 's'} of ${view.definitionId}`);
    const human = context.output.human;
    return human ? context.output.text(definitionSummary(view, human)) : context.output.json(view);
  }
  const { api, output, signal } = context;
  const pageSize = command.pageSize ?? Math.min(command.limit, DEFAULT_LIST_PAGE_SIZE);
  const items = await collectList({
    limit: command.limit,
    noun: 'definitions',
    key: (item: DefinitionView) => item.definitionId,
    fetch: (cursor: number | undefined) => api.listDefinitions({ pageSize, cursor }, { signal }),
    onSkipped: (skipped) => warnSkipped(context, skipped, `definition${skipped === 1 ? '' : 's'} in the list`),
    output,
    progress: new Progress(output, undefined, 'definitions'),
    ndjson: command.ndjson,
  });
  await rememberDefinitionIds(
    context.cacheDir,
    items.map((d) => d.definitionId),
  );
  if (output.human) await output.text(definitionsTable(items, output.human));
  else if (!command.ndjson) await output.json(items);
}

function warnSkipped({ output }: CommandContext, skipped: number, what: string): void {
  if (skipped > 0)
    output.message(
      `warning: ${skipped} ${what} could not be read and ${skipped === 1 ? 'was' : 'were'} skipped; run with --verbose for details.`,
    );
}
