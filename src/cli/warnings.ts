// Warnings on stderr for data the CLI prints but could not fully read: each unreadable event by its seq
// (up to a cap, then a count at the end), items that could not be placed, list items that were skipped.
// The output itself stays valid JSON; these lines tell a user (or a script reading stderr) what to check.
import type { ExecutionEvent } from '../api';
import type { Output } from './output';

/** Unreadable events named one by one; past this only the total is reported, at the end. */
export const MAX_NAMED_UNREADABLE = 10;

export class DataWarnings {
  private unreadable = 0;

  constructor(private readonly output: Output) {}

  /** Warns about the unreadable events among those just printed. */
  events(events: readonly ExecutionEvent[], unplaceable = 0): void {
    for (const event of events) {
      if (!event.unreadable) continue;
      this.unreadable++;
      if (this.unreadable <= MAX_NAMED_UNREADABLE) {
        this.output.message(
          `warning: event seq ${event.seq} could not be read (${event.unreadable.problem}); printed with "unreadable" and its raw JSON.`,
        );
      }
    }
    if (unplaceable > 0) {
      this.output.message(
        `warning: ${count(unplaceable, 'event')} without a usable seq could not be placed in the stream and ${unplaceable === 1 ? 'was' : 'were'} left out.`,
      );
    }
  }

  /** Warns about executions the list could not read. */
  listItems(skipped: number): void {
    if (skipped > 0)
      this.output.message(
        `warning: ${count(skipped, 'execution')} in the list could not be read and ${skipped === 1 ? 'was' : 'were'} skipped; run with --verbose for details.`,
      );
  }

  /** The total, when more unreadable events came than were named. */
  finish(): void {
    if (this.unreadable > MAX_NAMED_UNREADABLE) {
      this.output.message(
        `warning: ${count(this.unreadable, 'event')} in all could not be read (the first ${MAX_NAMED_UNREADABLE} are named above); each is printed with "unreadable".`,
      );
    }
  }
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}
