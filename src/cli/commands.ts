// The three commands. Each reads through the shared WorkflowApi (retries, timeouts, validation) and
// writes JSON to stdout via Output; failures propagate as ApiError to run.ts, which maps exit codes.
import {
  ApiError,
  DEFAULT_LIST_PAGE_SIZE,
  EventCursor,
  MAX_CONSECUTIVE_EMPTY_PAGES,
  MAX_PAGE_SIZE,
  eventRecord,
  isTerminalStatus,
  iterateEvents,
  type EventPageResult,
  type EventRecord,
  type ExecutionEvent,
  type ExecutionView,
  type WorkflowApi,
} from '../api';
import { PROGRAM, type EventsCommand, type GetCommand, type ListCommand } from './args';
import { eventHeader, eventLine, pageFooter } from './human/events';
import { executionSummary, executionsTable } from './human/executions';
import { Progress, type Output } from './output';
import { collectList } from './pagedList';
import { retryStatus, type RetryNotices } from './retryNotices';
import { formatLocal, runStatus, statusWord } from '../util/format';
import { DataWarnings } from './warnings';

export interface CommandContext {
  api: WorkflowApi;
  output: Output;
  signal: AbortSignal;
  now?: () => number;
  /** Automatic retries as they happen (the --follow status line says "rate limited, retrying in N s"). */
  retries?: RetryNotices;
  /** Where `definitions list` leaves the ids shell completion offers (userDirs.ts); none in tests. */
  cacheDir?: string | undefined;
  /** Sleeps between --follow polls; rejects when the signal aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export async function runGet(command: GetCommand, { api, output, signal }: CommandContext): Promise<void> {
  const view = await api.getExecution(command.executionId, { signal });
  if (output.human) await output.text(executionSummary(view, output.human));
  else await output.json(view);
}

/** Events for people (header once, then one line each) or as NDJSON lines for scripts. */
async function printEvents(
  output: Output,
  events: readonly ExecutionEvent[],
  nodeIds?: ReadonlyMap<string, string>,
): Promise<void> {
  const human = output.human;
  if (human) await output.text(events.map((event) => eventLine(event, human, nodeIds)).join(''));
  else await output.lines(events.map(eventRecord));
}

export async function runEvents(command: EventsCommand, context: CommandContext): Promise<void> {
  const warnings = new DataWarnings(context.output);
  try {
    if (command.follow) await follow(command, context, warnings);
    else if (command.all) await allEvents(command, context, warnings);
    else await onePage(command, context, warnings);
  } finally {
    warnings.finish();
  }
}

async function onePage(
  command: EventsCommand,
  { api, output, signal }: CommandContext,
  warnings: DataWarnings,
): Promise<void> {
  const page = await api.getEvents(
    { executionId: command.executionId, sinceSeq: command.since, pageSize: command.pageSize },
    { signal },
  );
  const events = page.events.map(eventRecord);
  if (output.human) {
    if (page.events.length > 0) await output.text(eventHeader(output.human));
    await printEvents(output, page.events);
    await output.text(
      pageFooter({ ...page, count: page.events.length }, page.executionId ?? command.executionId, PROGRAM),
    );
  } else if (command.ndjson) await output.lines(events);
  else
    await output.json({
      executionId: page.executionId ?? command.executionId,
      events,
      nextCursor: page.nextCursor,
      hasMore: page.hasMore,
    });
  warnings.events(page.events, page.unplaceable);
}

async function allEvents(
  command: EventsCommand,
  { api, output, signal, now }: CommandContext,
  warnings: DataWarnings,
): Promise<void> {
  const progress = new Progress(output, now);
  const collected: EventRecord[] = [];
  // For people, lines stream as pages arrive (like NDJSON); the JSON array is printed whole.
  const streamed = command.ndjson || output.human !== undefined;
  if (output.human) await output.text(eventHeader(output.human));
  try {
    // Bounded: iterateEvents stops with pagingStalled after MAX_CONSECUTIVE_EMPTY_PAGES empty pages in a row.
    const pages = iterateEvents(api, command.executionId, {
      sinceSeq: command.since,
      pageSize: command.pageSize ?? MAX_PAGE_SIZE,
      signal,
    });
    for await (const page of pages) {
      // NDJSON streams as pages arrive; the array form is printed whole so stdout is never half a document.
      if (streamed) await printEvents(output, page.events);
      else for (const event of page.events) collected.push(eventRecord(event));
      warnings.events(page.events, page.unplaceable);
      progress.add(page.events.length, page.cursor);
    }
  } finally {
    progress.done();
  }
  if (!streamed) await output.json(collected);
}

async function follow(command: EventsCommand, context: CommandContext, warnings: DataWarnings): Promise<void> {
  const { api, output, signal } = context;
  const sleep = context.sleep ?? abortableSleep;
  const now = context.now ?? Date.now;
  const cursor = new EventCursor(api, command.executionId, command.pageSize ?? MAX_PAGE_SIZE, {
    cursor: command.since,
  });
  if (output.human) await output.text(eventHeader(output.human));
  // The status line on a terminal stderr: what it waits for, or the retry under way (drawn by Progress's line).
  let received = 0;
  const waiting = (): void =>
    output.progress(
      `waiting for new events... ${received.toLocaleString('en-US')} so far, seq ${cursor.snapshot.cursor.toLocaleString('en-US')}, checked ${formatLocal(now(), 's').slice(11)}; Ctrl-C stops.`,
    );
  if (context.retries) context.retries.listener = (notice) => output.progress(retryStatus(notice));
  // Empty pages at the live edge (hasMore false) are waiting, not a fault; only runs announcing more count.
  const next = async (): Promise<EventPageResult> => {
    const result = await cursor.next({ signal, maxConsecutiveEmptyPages: MAX_CONSECUTIVE_EMPTY_PAGES });
    await printEvents(output, result.events);
    received += result.events.length;
    warnings.events(result.events, result.unplaceable);
    return result;
  };
  const ended = async (status: string | undefined): Promise<void> => {
    output.clearProgress();
    if (output.human)
      await output.text(
        status === undefined ? 'The execution has ended.\n' : `The execution has ended: ${statusWord(status)}.\n`,
      );
  };
  try {
    for (;;) {
      // Catch up: every page until the server says there is no more for now.
      let result = await next();
      while (result.hasMore && !result.reachedTerminalEvent) result = await next();
      if (result.reachedTerminalEvent) return await ended(undefined);
      const view = await api.getExecution(command.executionId, { signal });
      if (isTerminalStatus(view.status)) {
        // Events written between our last page and the status read: drain them, then stop.
        do result = await next();
        while (result.hasMore && !result.reachedTerminalEvent);
        return await ended(runStatus(view));
      }
      waiting();
      await sleep(command.intervalMs, signal);
    }
  } finally {
    if (context.retries) context.retries.listener = undefined;
  }
}

/** Executions, newest first, paged by collectList (bounded; see pagedList.ts). */
export async function runList(command: ListCommand, { api, output, signal }: CommandContext): Promise<void> {
  const pageSize = command.pageSize ?? Math.min(command.limit, DEFAULT_LIST_PAGE_SIZE);
  const warnings = new DataWarnings(output);
  const items = await collectList({
    limit: command.limit,
    noun: 'executions',
    key: (item: ExecutionView) => item.executionId,
    fetch: (cursor: string | undefined) =>
      api.listExecutions({ definitionId: command.definitionId, status: command.status, pageSize, cursor }, { signal }),
    onSkipped: (skipped) => warnings.listItems(skipped),
    output,
    progress: new Progress(output, undefined, 'executions'),
    ndjson: command.ndjson,
  });
  if (output.human) await output.text(executionsTable(items, output.human));
  else if (!command.ndjson) await output.json(items);
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
