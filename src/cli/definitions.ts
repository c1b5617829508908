// `definitions list` and `definitions get`: workflow definitions at their current version, as JSON.
// Paging is bounded like `list`: it stops at --limit, at the end, or when a page adds nothing new.
import { DEFAULT_LIST_PAGE_SIZE, type DefinitionView } from '../api';
import type { DefinitionsGetCommand, DefinitionsListCommand } from './args';
import type { CommandContext } from './commands';
import { definitionSummary, definitionsTable } from './human/definitions';
import { Progress } from './output';
import { rememberDefinitionIds } from './completion';

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
  const progress = new Progress(output, undefined, 'definitions');
  const items: DefinitionView[] = [];
  const seen = new Set<string>();
  let cursor: number | undefined;
  while (items.length < command.limit) {
    const page = await api.listDefinitions({ pageSize, cursor }, { signal });
    warnSkipped(context, page.skipped, `definition${page.skipped === 1 ? '' : 's'} in the list`);
    const fresh: DefinitionView[] = [];
    for (const item of page.items) {
      // An updatedAt cursor can repeat definitions that share a millisecond at a page boundary.
      if (seen.has(item.definitionId) || items.length + fresh.length >= command.limit) continue;
      seen.add(item.definitionId);
      fresh.push(item);
    }
    items.push(...fresh);
    if (command.ndjson) await output.lines(fresh);
    progress.add(fresh.length, '');
    if (page.nextCursor === null) break;
    if (fresh.length === 0) {
      output.message(
        'warning: the server announced more definitions, but its last page added none that could be printed (all repeated or unreadable); stopped there.',
      );
      break;
    }
    cursor = page.nextCursor;
  }
  progress.done();
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
