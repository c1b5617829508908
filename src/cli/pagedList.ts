// Pages a list (executions or definitions) until the limit or the end, for `list` and `definitions list`.
// Bounded even when the server keeps announcing more: a page that adds nothing not already printed (repeats
// under a new cursor — a timestamp cursor can repeat items that share a millisecond at a page boundary — or
// only unreadable items) ends the list with a warning.
import type { Output, Progress } from './output';

export interface ListPage<T, C> {
  items: T[];
  nextCursor: C | null;
  skipped: number;
}

export interface PagedListOptions<T, C> {
  limit: number;
  /** Plural noun for the warning: "executions", "definitions". */
  noun: string;
  key: (item: T) => string;
  fetch: (cursor: C | undefined) => Promise<ListPage<T, C>>;
  onSkipped: (skipped: number) => void;
  output: Output;
  progress: Progress;
  /** Stream each page's new items as lines while paging. */
  ndjson: boolean;
}

export async function collectList<T, C>(options: PagedListOptions<T, C>): Promise<T[]> {
  const { limit, output, progress } = options;
  const items: T[] = [];
  const seen = new Set<string>();
  let cursor: C | undefined;
  while (items.length < limit) {
    const page = await options.fetch(cursor);
    options.onSkipped(page.skipped);
    const fresh: T[] = [];
    for (const item of page.items) {
      const key = options.key(item);
      if (seen.has(key) || items.length + fresh.length >= limit) continue;
      seen.add(key);
      fresh.push(item);
    }
    items.push(...fresh);
    if (options.ndjson) await output.lines(fresh);
    progress.add(fresh.length, '');
    if (page.nextCursor === null) break;
    if (fresh.length === 0) {
      output.message(
        `warning: the server announced more ${options.noun}, but its last page added none that could be printed (all repeated or unreadable); stopped there.`,
      );
      break;
    }
    cursor = page.nextCursor;
  }
  progress.done();
  return items;
}
