// The three commands. Each reads through the shared WorkflowApi (retries, timeouts, validation) and
// writes JSON to stdout via Output; failures propagate as ApiError to run.ts, which maps exit codes.
import {
  ApiError, DEFAULT_LIST_PAGE_SIZE, EventCursor, MAX_PAGE_SIZE, invalidResponse, isTerminalStatus, iterateEvents,
  type ExecutionEvent, type ExecutionView, type WorkflowApi,
} from '../api';
import type { EventsCommand, GetCommand, ListCommand } from './args';
import { Progress, type Output } from './output';

export interface CommandContext {
  api: WorkflowApi;
  output: Output;
  signal: AbortSignal;
  now?: () => number;
  /** Sleeps between --follow polls; rejects when the signal aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export async function runGet(command: GetCommand, { api, output, signal }: CommandContext): Promise<void> {
  const view = await api.getExecution(command.executionId, { signal });
  await output.json(view);
}

export async function runEvents(command: EventsCommand, context: CommandContext): Promise<void> {
  if (command.follow) return follow(command, context);
  if (command.all) return allEvents(command, context);
  const { api, output, signal } = context;
  const page = await api.getEvents(
    { executionId: command.executionId, sinceSeq: command.since, pageSize: command.pageSize },
    { signal },
  );
  if (command.ndjson) await output.lines(page.events);
  else await output.json({ ...page, executionId: page.executionId ?? command.executionId });
}

async function allEvents(command: EventsCommand, { api, output, signal, now }: CommandContext): Promise<void> {
  const progress = new Progress(output, now);
  const collected: ExecutionEvent[] = [];
  try {
    const pages = iterateEvents(api, command.executionId, {
      sinceSeq: command.since, pageSize: command.pageSize ?? MAX_PAGE_SIZE, signal,
    });
    for await (const page of pages) {
      // NDJSON streams as pages arrive; the array form is printed whole so stdout is never half a document.
      if (command.ndjson) await output.lines(page.events);
      else for (const event of page.events) collected.push(event);
      progress.add(page.events.length, page.cursor);
    }
  } finally {
    progress.done();
  }
  if (!command.ndjson) await output.json(collected);
}

async function follow(command: EventsCommand, context: CommandContext): Promise<void> {
  const { api, output, signal } = context;
  const sleep = context.sleep ?? abortableSleep;
  const cursor = new EventCursor(api, command.executionId, command.pageSize ?? MAX_PAGE_SIZE, { cursor: command.since });
  for (;;) {
    // Catch up: every page until the server says there is no more for now.
    let result = await cursor.next({ signal });
    await output.lines(result.events);
    while (result.hasMore && !result.reachedTerminalEvent) {
      result = await cursor.next({ signal });
      await output.lines(result.events);
    }
    if (result.reachedTerminalEvent) return;
    const view = await api.getExecution(command.executionId, { signal });
    if (isTerminalStatus(view.status)) {
      // Events written between our last page and the status read: drain them, then stop.
      await drain(cursor, output, signal);
      return;
    }
    await sleep(command.intervalMs, signal);
  }
}

async function drain(cursor: EventCursor, output: Output, signal: AbortSignal): Promise<void> {
  for (;;) {
    const result = await cursor.next({ signal });
    await output.lines(result.events);
    if (!result.hasMore || result.reachedTerminalEvent) return;
  }
}

export async function runList(command: ListCommand, { api, output, signal }: CommandContext): Promise<void> {
  const pageSize = command.pageSize ?? Math.min(command.limit, DEFAULT_LIST_PAGE_SIZE);
  const items: ExecutionView[] = [];
  const seen = new Set<string>();
  const cursors = new Set<string>();
  let cursor: string | undefined;
  while (items.length < command.limit) {
    const page = await api.listExecutions(
      { definitionId: command.definitionId, status: command.status, pageSize, cursor },
      { signal },
    );
    const fresh: ExecutionView[] = [];
    for (const item of page.items) {
      // A startedAt cursor can repeat runs that share a millisecond at a page boundary.
      if (seen.has(item.executionId) || items.length + fresh.length >= command.limit) continue;
      seen.add(item.executionId);
      fresh.push(item);
    }
    items.push(...fresh);
    if (command.ndjson) await output.lines(fresh);
    if (page.nextCursor === null || page.items.length === 0) break;
    if (cursors.has(page.nextCursor)) {
      throw invalidResponse(`the list cursor ${JSON.stringify(page.nextCursor)} came back twice`, 'nextCursor');
    }
    cursors.add(page.nextCursor);
    cursor = page.nextCursor;
  }
  if (!command.ndjson) await output.json(items);
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const cancelled = (): ApiError => new ApiError('cancelled', 'The request was cancelled.');
    if (signal.aborted) return reject(cancelled());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
