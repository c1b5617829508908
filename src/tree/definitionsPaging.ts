// The Definitions view's list as pages arrive from definitions/list, bounded like the Executions view's:
// repeated definitions are dropped, a page that adds nothing new ends the list even when the server
// announces more (a cursor loop), and the list stops at MAX_LISTED_DEFINITIONS whatever the server says.
// Pure and vscode-free (unit-tested).
import type { DefinitionListPage, DefinitionView } from '../api';

export const DEFINITIONS_PAGE_SIZE = 50;
/** More than the API allows per key in practice (it caps nodes, not definitions): a safety stop, not a limit users meet. */
export const MAX_LISTED_DEFINITIONS = 2_000;

export interface DefinitionList {
  items: DefinitionView[];
  /** undefined: nothing loaded yet; null: the end; a number: the cursor for the next page. */
  cursor: number | null | undefined;
  /** The server announced more, but the list stopped (a page with nothing new, or the size cap). */
  stopped: 'none' | 'noProgress' | 'cap';
  unreadable: { count: number; problems: string[] };
}

export const emptyDefinitionList = (): DefinitionList => ({
  items: [],
  cursor: undefined,
  stopped: 'none',
  unreadable: { count: 0, problems: [] },
});

/** The list after one more page. */
export function addDefinitionsPage(list: DefinitionList, page: DefinitionListPage): DefinitionList {
  const known = new Set(list.items.map((d) => d.definitionId));
  const fresh: DefinitionView[] = [];
  for (const item of page.items) {
    if (known.has(item.definitionId)) continue;
    known.add(item.definitionId);
    fresh.push(item);
  }
  const items = [...list.items, ...fresh].slice(0, MAX_LISTED_DEFINITIONS);
  const more = page.nextCursor !== null;
  const stopped =
    more && fresh.length === 0 ? 'noProgress' : more && items.length >= MAX_LISTED_DEFINITIONS ? 'cap' : 'none';
  return {
    items,
    cursor: stopped === 'none' ? page.nextCursor : null,
    stopped,
    unreadable:
      page.skipped > 0
        ? {
            count: list.unreadable.count + page.skipped,
            problems: [...list.unreadable.problems, ...page.skippedProblems].slice(0, 5),
          }
        : list.unreadable,
  };
}
