// The comparison of one execution's event stream with the ledger, page by page so a long stream is never
// held: each page returns the events the consumer never received; finish() gives the counts.
import type { ExecutionEvent } from '../api';
import type { Ledger } from './ledger';

export interface ExecutionReconciliation {
  executionId: string;
  /** Events in the stream (of the subscribed types, when a filter is given). */
  inStream: number;
  /** Of those, events the ledger has at least once. */
  received: number;
  missing: number;
  /** Extra lines for events received more than once (a delivery seen three times counts 2). */
  duplicates: number;
  /** Ledger lines naming this execution that match none of its events. */
  unmatched: number;
}

export class ExecutionComparison {
  private readonly counts: ExecutionReconciliation;

  constructor(
    private readonly ledger: Ledger,
    readonly executionId: string,
    /** Subscribed event types; undefined compares every type. */
    private readonly types?: ReadonlySet<string>,
  ) {
    this.counts = { executionId, inStream: 0, received: 0, missing: 0, duplicates: 0, unmatched: 0 };
  }

  /** Compares one page; returns its missing events, in stream order. */
  add(events: readonly ExecutionEvent[]): ExecutionEvent[] {
    const missing: ExecutionEvent[] = [];
    for (const event of events) {
      // An unreadable event's eventId may be a placeholder: then only its seq can match.
      const eventIdKnown = !event.unreadable?.placeholders?.includes('eventId');
      const typeKnown = !event.unreadable?.placeholders?.includes('type');
      // Lines for unsubscribed types are taken too, so they are not reported as matching nothing.
      const lines = this.ledger.take(this.executionId, event.seq, eventIdKnown ? event.eventId : undefined);
      if (this.types && typeKnown && !this.types.has(event.type)) continue;
      this.counts.inStream++;
      if (lines === 0) {
        this.counts.missing++;
        missing.push(event);
      } else {
        this.counts.received++;
        this.counts.duplicates += lines - 1;
      }
    }
    return missing;
  }

  /** The counts, once the stream has been read to its end. */
  finish(): ExecutionReconciliation {
    return { ...this.counts, unmatched: this.ledger.leftFor(this.executionId) };
  }
}
