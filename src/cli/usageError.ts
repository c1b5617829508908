// A bad command line (exit 2), and the quoting of user input in its message. A file of its own so the
// verb parsers (args.ts, writeArgs.ts) share it without importing each other.
import type { CommandName } from './args';

export const PROGRAM = 'velt-executions';

export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: CommandName,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Quotes user input for a one-line message: control characters escaped, long values shortened. */
export function quote(value: string): string {
  const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  return JSON.stringify(shown);
}
