// Export every event of an execution as JSON Lines: the events the panel holds, then the remaining pages
// from the panel's cursor (so nothing is fetched twice), streamed to the file with progress and cancel.
// A cancelled or failed export removes its partial file. Every page comes from the panel's environment:
// an export refuses to start, and stops, once another environment is active, so one file never mixes two.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  EventCursor,
  MAX_CONSECUTIVE_EMPTY_PAGES,
  isApiError,
  pinnedToEnvironment,
  type EventCursorState,
  type ExecutionEvent,
  type WorkflowApi,
} from '../api';
import { logger } from '../log';
import { inertLabel, inertMessage } from '../util/inertText';
import { chooseJsonLinesTarget } from '../util/jsonLinesTarget';
import { jsonLine } from './payload';

const log = logger('export');

export interface ExportSource {
  executionId: string;
  /** The environment the panel (and `loaded`) belongs to; every page is fetched from it or not at all. */
  environment: string;
  activeEnvironment: () => string;
  api: WorkflowApi;
  pageSize: number;
  /** Events already loaded, copied at the same moment as `cursor` so the two agree. */
  loaded: readonly ExecutionEvent[];
  cursor: EventCursorState;
}

/** The platform's name for "show this file in the system file manager" (the revealFileInOS command). */
export function revealLabel(platform: string = process.platform): string {
  return platform === 'darwin'
    ? 'Reveal in Finder'
    : platform === 'win32'
      ? 'Reveal in File Explorer'
      : 'Open Containing Folder';
}

/** The saved message, with Open and (for files on disk) Reveal; not awaited, so the export returns at once. */
function offerToOpen(uri: vscode.Uri, count: number): void {
  const where = inertMessage(uri.scheme === 'file' ? uri.fsPath : uri.toString());
  const reveal = revealLabel();
  const actions = uri.scheme === 'file' ? ['Open', reveal] : ['Open'];
  vscode.window
    .showInformationMessage(`Exported ${count.toLocaleString('en-US')} events to ${where}.`, ...actions)
    .then(
      async (choice) => {
        if (choice === 'Open') await vscode.commands.executeCommand('vscode.open', uri);
        else if (choice === reveal) await vscode.commands.executeCommand('revealFileInOS', uri);
      },
      (error: unknown) => log.warn(`Could not open the export ${uri.toString()}: ${String(error)}`),
    );
}

export type ExportResult =
  { outcome: 'saved'; uri: vscode.Uri; count: number } | { outcome: 'cancelled' | 'failed' | 'refused'; count: number };

/** What an export says when the active environment is no longer the panel's. */
export function otherEnvironmentMessage(panelEnvironment: string, activeEnvironment: string): string {
  return `This panel shows ${panelEnvironment}; the active environment is now ${activeEnvironment}. Reopen the execution to export from ${activeEnvironment}.`;
}

interface Sink {
  write(text: string): Promise<void>;
  close(): Promise<void>;
  remove(): Promise<void>;
}

function fileSink(uri: vscode.Uri): Sink {
  if (uri.scheme === 'file') {
    const stream = fs.createWriteStream(uri.fsPath, { encoding: 'utf8' });
    const opened = new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
    return {
      write: async (text) => {
        await opened;
        if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', resolve));
      },
      close: () =>
        new Promise<void>((resolve, reject) =>
          stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
        ),
      remove: async () => {
        stream.destroy();
        await fs.promises.rm(uri.fsPath, { force: true });
      },
    };
  }
  const parts: string[] = [];
  return {
    write: async (text) => {
      parts.push(text);
    },
    close: () => Promise.resolve(vscode.workspace.fs.writeFile(uri, Buffer.from(parts.join(''), 'utf8'))),
    remove: async () => {
      parts.length = 0;
    },
  };
}

async function writeAll(
  source: ExportSource,
  sink: Sink,
  signal: AbortSignal,
  report: (count: number) => void,
): Promise<number> {
  let count = 0;
  let batch = '';
  for (const event of source.loaded) {
    batch += jsonLine(source.executionId, event);
    if (++count % 2000 === 0) {
      await sink.write(batch);
      batch = '';
      report(count);
      if (signal.aborted) return count;
    }
  }
  await sink.write(batch);
  const api = pinnedToEnvironment(source.api, source.environment);
  const cursor = new EventCursor(api, source.executionId, source.pageSize, { ...source.cursor });
  for (;;) {
    if (signal.aborted) return count;
    // Bounded: each call follows at most MAX_EMPTY_PAGES_PER_CALL empty pages, and an endless cursor ends
    // the export with pagingStalled after MAX_CONSECUTIVE_EMPTY_PAGES empty pages in a row.
    const page = await cursor.next({ signal, skipEmpty: true, maxConsecutiveEmptyPages: MAX_CONSECUTIVE_EMPTY_PAGES });
    await sink.write(page.events.map((e) => jsonLine(source.executionId, e)).join(''));
    count += page.events.length;
    report(count);
    if (!page.hasMore) return count;
  }
}

export async function exportEvents(source: ExportSource, target?: vscode.Uri): Promise<ExportResult> {
  const active = source.activeEnvironment();
  if (active !== source.environment) {
    log.info(`Export of ${source.executionId} refused: the panel shows ${source.environment}, ${active} is active`);
    void vscode.window.showErrorMessage(inertMessage(otherEnvironmentMessage(source.environment, active)));
    return { outcome: 'refused', count: 0 };
  }
  const uri =
    target ?? (await chooseJsonLinesTarget('Export events as JSON Lines', `${source.executionId}.events.jsonl`));
  if (!uri) return { outcome: 'cancelled', count: 0 };
  const controller = new AbortController();
  let count = 0;
  const sink = fileSink(uri);
  try {
    await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Exporting events of ${inertLabel(source.executionId)}`,
        cancellable: true,
      },
      async (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        let reported = 0;
        count = await writeAll(source, sink, controller.signal, (n) => {
          progress.report({ message: `${n.toLocaleString('en-US')} events` });
          reported = n;
        });
        if (reported !== count) progress.report({ message: `${count.toLocaleString('en-US')} events` });
        // The notification ends when the file is complete on disk, not before.
        if (!controller.signal.aborted) await sink.close();
      },
    );
    if (controller.signal.aborted) throw new Error('cancelled');
    log.info(`Exported ${count} events of ${source.executionId} to ${uri.toString()}`);
    offerToOpen(uri, count);
    return { outcome: 'saved', uri, count };
  } catch (error) {
    await sink.remove().catch(() => undefined);
    const cancelled = controller.signal.aborted || (isApiError(error) && error.kind === 'cancelled');
    if (cancelled) {
      void vscode.window.showInformationMessage('Export cancelled; the partial file was removed.');
      return { outcome: 'cancelled', count };
    }
    log.warn(`Export of ${source.executionId} failed after ${count} events`, error);
    const reason =
      isApiError(error) && error.kind === 'environmentChanged'
        ? otherEnvironmentMessage(source.environment, source.activeEnvironment())
        : error instanceof Error
          ? error.message
          : String(error);
    void vscode.window.showErrorMessage(
      `Export failed after ${count.toLocaleString('en-US')} events: ${inertMessage(reason)} The partial file was removed.`,
    );
    return { outcome: 'failed', count };
  }
}
