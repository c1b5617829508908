// The consumer's ledger: a JSON Lines file of what a webhook receiver got, one delivery per line, in any of
// three forms (velt-api.md §6.3): the body as delivered (`executionId` + `seq`, maybe `eventId` too), an
// object with `eventId`, or an object with `executionId` and `seq`. Only the keys are kept (counts per
// eventId, per execution and seq), never the lines, so a ledger of a million deliveries stays small.
// Blank lines are ignored; a line that cannot be used is reported by its number and skipped.
import { splitLines, type Line } from './lines';

export interface LedgerProblem {
  line: number;
  problem: string;
}

/** Problems kept with their line numbers; past this only the count grows. */
export const MAX_LEDGER_PROBLEMS_KEPT = 100;

const MAX_KEY_LENGTH = 512;

/** What one ledger line names; `eventId` wins when present (it is stable across retries, §6.3). */
export type LedgerKey =
  { eventId: string; executionId: string | undefined } | { eventId: undefined; executionId: string; seq: number };

export interface Ledger {
  /** Lines that named a delivery. */
  readonly lines: number;
  /** Unusable lines in all (blank lines are not counted). */
  readonly badLines: number;
  /** The first MAX_LEDGER_PROBLEMS_KEPT unusable lines. */
  readonly problems: readonly LedgerProblem[];
  /**
   * Takes (removes) the lines that match this event and returns how many there were: by eventId, else by
   * executionId + seq. A reconciliation consumes the ledger, so what is left afterwards matched no event.
   */
  take(executionId: string, seq: number, eventId: string | undefined): number;
  /** Lines not taken yet that name this execution by its executionId. */
  leftFor(executionId: string): number;
  /** Lines not taken yet, in all. */
  readonly left: number;
}

interface EventIdEntry {
  count: number;
  executionId: string | undefined;
}

class LedgerIndex implements Ledger {
  lines = 0;
  badLines = 0;
  readonly problems: LedgerProblem[] = [];
  private readonly byEventId = new Map<string, EventIdEntry>();
  private readonly bySeq = new Map<string, Map<number, number>>();
  /** Untaken lines per executionId (lines that named one), for the per-execution "matched nothing" count. */
  private readonly perExecution = new Map<string, number>();
  private untaken = 0;

  add(key: LedgerKey): void {
    this.lines++;
    this.untaken++;
    if (key.executionId !== undefined)
      this.perExecution.set(key.executionId, (this.perExecution.get(key.executionId) ?? 0) + 1);
    if (key.eventId !== undefined) {
      const entry = this.byEventId.get(key.eventId);
      if (entry) entry.count++;
      else this.byEventId.set(key.eventId, { count: 1, executionId: key.executionId });
      return;
    }
    let seqs = this.bySeq.get(key.executionId);
    if (!seqs) this.bySeq.set(key.executionId, (seqs = new Map()));
    seqs.set(key.seq, (seqs.get(key.seq) ?? 0) + 1);
  }

  bad(line: number, problem: string): void {
    this.badLines++;
    if (this.problems.length < MAX_LEDGER_PROBLEMS_KEPT) this.problems.push({ line, problem });
  }

  take(executionId: string, seq: number, eventId: string | undefined): number {
    let taken = 0;
    if (eventId !== undefined) {
      const entry = this.byEventId.get(eventId);
      if (entry) {
        this.byEventId.delete(eventId);
        taken += entry.count;
        if (entry.executionId !== undefined) this.untake(entry.executionId, entry.count);
      }
    }
    const seqs = this.bySeq.get(executionId);
    const count = seqs?.get(seq);
    if (seqs && count !== undefined) {
      seqs.delete(seq);
      taken += count;
      this.untake(executionId, count);
    }
    this.untaken -= taken;
    return taken;
  }

  leftFor(executionId: string): number {
    return this.perExecution.get(executionId) ?? 0;
  }

  get left(): number {
    return this.untaken;
  }

  private untake(executionId: string, count: number): void {
    const left = (this.perExecution.get(executionId) ?? 0) - count;
    if (left > 0) this.perExecution.set(executionId, left);
    else this.perExecution.delete(executionId);
  }
}

/** Reads a ledger from a byte stream (a file's read stream, or strings in tests). */
export async function readLedger(chunks: AsyncIterable<Uint8Array | string>): Promise<Ledger> {
  const ledger = new LedgerIndex();
  for await (const line of splitLines(chunks)) {
    const read = readLine(line);
    if (read === undefined) continue;
    if (typeof read === 'string') ledger.bad(line.number, read);
    else ledger.add(read);
  }
  return ledger;
}

/** A line's key, a problem (string), or undefined for a blank line. */
export function readLine(line: Line): LedgerKey | string | undefined {
  if (line.tooLong) return 'longer than 1 MiB';
  if (line.text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line.text);
  } catch {
    return 'not valid JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const record = value as Record<string, unknown>;
  const eventId = keyString(record['eventId']);
  const executionId = keyString(record['executionId']);
  if (record['eventId'] !== undefined && eventId === undefined) return '"eventId" is not a non-empty string';
  if (record['executionId'] !== undefined && executionId === undefined)
    return '"executionId" is not a non-empty string';
  if (eventId !== undefined) return { eventId, executionId };
  const seq = record['seq'];
  if (executionId === undefined) return 'names no delivery: expected "eventId", or "executionId" and "seq"';
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0)
    return seq === undefined ? 'has "executionId" but no "seq"' : '"seq" is not a whole number ≥ 0';
  return { eventId: undefined, executionId, seq };
}

function keyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_KEY_LENGTH ? value : undefined;
}
