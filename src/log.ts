// The single log: a LogOutputChannel with levels and a component tag. The only module-level state.
import * as vscode from 'vscode';
import { isExpectedError } from './util/expectedError';

/**
 * The channel lives in a process-wide slot, not a module variable: the lazily loaded bundles
 * (dist/commands.js) hold their own copy of this module, and must log to the channel activation made.
 */
const CHANNEL = Symbol.for('velt-workflow-inspector.log');
const slot = globalThis as { [CHANNEL]?: vscode.LogOutputChannel };

export function initLog(name: string): vscode.LogOutputChannel {
  slot[CHANNEL] ??= vscode.window.createOutputChannel(name, { log: true });
  return slot[CHANNEL];
}

function format(component: string, message: string, error?: unknown): string {
  const suffix = error === undefined ? '' : ` — ${describeError(error)}`;
  return `[${component}] ${message}${suffix}`;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const kind = (error as { kind?: unknown }).kind;
    const tag = typeof kind === 'string' ? `${error.name}(${kind})` : error.name;
    // Expected failures (API errors, a full or read-only disk) are one line: a stack only helps with bugs.
    const stack = error.stack && !isExpectedError(error) ? `\n${error.stack.split('\n').slice(1, 6).join('\n')}` : '';
    return `${tag}: ${error.message}${stack}`;
  }
  return String(error);
}

export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string, error?: unknown): void;
  error(message: string, error?: unknown): void;
}

export function logger(component: string): Logger {
  const channel = (): vscode.LogOutputChannel | undefined => slot[CHANNEL];
  return {
    trace: (m) => channel()?.trace(format(component, m)),
    debug: (m) => channel()?.debug(format(component, m)),
    info: (m) => channel()?.info(format(component, m)),
    warn: (m, e) => channel()?.warn(format(component, m, e)),
    error: (m, e) => channel()?.error(format(component, m, e)),
  };
}

/**
 * Starts work nobody waits for (a refresh, a background read) without letting its failure vanish: a
 * rejection is logged as a warning saying what failed. Use it instead of a bare `void promise`.
 */
export function runInBackground(log: Logger, what: string, work: PromiseLike<unknown>): void {
  Promise.resolve(work).then(undefined, (error: unknown) => log.warn(`${what} failed`, error));
}

export function showLog(): void {
  slot[CHANNEL]?.show(true);
}
