// Execution ids in editors and the integrated terminal become links that open the execution. Finding
// them is text work only (no network until clicked), capped on huge documents and long lines.
import * as vscode from 'vscode';
import { Commands } from '../ids';
import { logger } from '../log';
import { ScanBudget, SCAN_BUDGET_MS, type IdMatcher } from '../util/idMatcher';

const log = logger('links');

/** Characters scanned per document; the rest of a huge file gets no links. */
export const MAX_LINK_SCAN_CHARS = 1_000_000;
export const MAX_LINKS = 1_000;
const MAX_TERMINAL_LINE = 4_096;

export interface LinkSettings {
  enabled: boolean;
  matcher: IdMatcher;
}

export function openExecutionUri(executionId: string, source: 'link' | 'terminal'): vscode.Uri {
  const args = encodeURIComponent(JSON.stringify([{ executionId, source }]));
  return vscode.Uri.parse(`command:${Commands.openExecution}?${args}`);
}

export class ExecutionDocumentLinks implements vscode.DocumentLinkProvider {
  private reportedSlow = false;

  constructor(private readonly settings: () => LinkSettings) {}

  provideDocumentLinks(document: vscode.TextDocument, token: vscode.CancellationToken): vscode.DocumentLink[] {
    const { enabled, matcher } = this.settings();
    if (!enabled) return [];
    const links: vscode.DocumentLink[] = [];
    let chars = MAX_LINK_SCAN_CHARS;
    const time = new ScanBudget();
    for (let line = 0; line < document.lineCount && chars > 0 && links.length < MAX_LINKS && !time.exhausted; line++) {
      if (line % 1_000 === 0 && token.isCancellationRequested) return [];
      const full = document.lineAt(line).text;
      const text = full.length > chars ? full.slice(0, chars) : full;
      chars -= text.length + 1;
      for (const match of matcher.findAll(text, MAX_LINKS - links.length, time)) {
        const link = new vscode.DocumentLink(
          new vscode.Range(line, match.start, line, match.end),
          openExecutionUri(match.id, 'link'),
        );
        link.tooltip = 'Open this Velt execution';
        links.push(link);
      }
    }
    if (time.exhausted && !this.reportedSlow) {
      this.reportedSlow = true;
      log.warn(
        `Finding execution ids in a document took over ${SCAN_BUDGET_MS} ms, so the rest of it has no links. A slow "velt.hover.idPatterns" entry is the usual cause: simplify it or remove it.`,
      );
    }
    return links;
  }
}

interface ExecutionTerminalLink extends vscode.TerminalLink {
  executionId: string;
}

export class ExecutionTerminalLinks implements vscode.TerminalLinkProvider<ExecutionTerminalLink> {
  constructor(private readonly settings: () => LinkSettings) {}

  provideTerminalLinks(context: vscode.TerminalLinkContext): ExecutionTerminalLink[] {
    const { enabled, matcher } = this.settings();
    if (!enabled) return [];
    const line = context.line.length > MAX_TERMINAL_LINE ? context.line.slice(0, MAX_TERMINAL_LINE) : context.line;
    return matcher.findAll(line, 50).map((m) => ({
      startIndex: m.start,
      length: m.end - m.start,
      tooltip: 'Open this Velt execution',
      executionId: m.id,
    }));
  }

  async handleTerminalLink(link: ExecutionTerminalLink): Promise<void> {
    await vscode.commands.executeCommand(Commands.openExecution, { executionId: link.executionId, source: 'terminal' });
  }
}
