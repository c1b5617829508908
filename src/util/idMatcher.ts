// Finding execution ids in editor text with the user's patterns (`velt.hover.idPatterns`). Pure, so the
// hover, the document links, the terminal links and the benchmark share one tested implementation.
// A pattern decides where an id is recognised; what it finds (the whole match, or the group named
// `id`) must still be a well-formed execution id, so every command downstream accepts it.
//
// A user pattern never runs over a whole line: candidates are found first with a fixed, linear scan for
// the id shape, and the pattern runs only on a window of PATTERN_CONTEXT characters on each side of
// each candidate. Patterns that could backtrack catastrophically inside even such a window are refused
// when compiled (regexRisk.ts), and a scan stops when its time budget is spent, so a slow pattern costs
// a bounded time per line or document, never a frozen extension host.
import { isExecutionId } from '../api';
import { backtrackingRisk } from './regexRisk';

/** The documented shape, word-bounded (`\b` treats `_` as a word character, so glued ids never match). */
export const DEFAULT_ID_PATTERNS: readonly string[] = ['\\bexec_\\d{13}_[a-z0-9]{4,32}\\b'];
/** Characters a pattern sees before and after each id (documented in the setting's description). */
export const PATTERN_CONTEXT = 128;
/** Time one scan (a line for the terminal, a document for links) may spend running patterns. */
export const SCAN_BUDGET_MS = 30;
/** Candidates examined whatever the clock says (each costs well under a millisecond). */
const ALWAYS_EXAMINED = 16;
const MAX_PATTERN_LENGTH = 500;
const MAX_PATTERNS = 20;
/** `exec_` + 13 digits + `_` + at most 32 characters. */
const MAX_ID_LENGTH = 51;
const ID_PREFIX = 'exec_';
/** The id shape at one offset (sticky, bounded length): where an id could start, and how far it could reach. */
const CANDIDATE = /exec_\d{13}_[a-z0-9]{4,32}/y;

export interface IdMatch {
  id: string;
  /** Offsets of the id (not of the whole pattern match) in the scanned text. */
  start: number;
  end: number;
}

export interface PatternError {
  source: string;
  reason: string;
}

/**
 * A time limit shared by every findAll of one scan; once spent, scanning stops (the rest gets no links).
 * The first few candidates of a scan are always examined, so a process that is descheduled for a
 * moment (a loaded machine, a GC pause) still finds the ids of a short document.
 */
export class ScanBudget {
  private readonly deadline: number;
  private examined = 0;
  exhausted = false;

  constructor(
    ms = SCAN_BUDGET_MS,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.deadline = now() + ms;
  }

  /** Whether one more candidate may be examined (counted); false for good once the deadline has passed. */
  allowsOneMore(): boolean {
    if (++this.examined > ALWAYS_EXAMINED && !this.exhausted && this.now() > this.deadline) this.exhausted = true;
    return !this.exhausted;
  }
}

interface WindowMatch {
  id: IdMatch;
  matchStart: number;
  matchEnd: number;
}

export class IdMatcher {
  constructor(readonly patterns: readonly RegExp[]) {}

  /** The id whose pattern match covers `offset` (a cursor position: the end of a match counts too). */
  matchAt(text: string, offset: number): IdMatch | undefined {
    // A match covering `offset` lies in its id's window, so its id starts within these bounds.
    const from = Math.max(0, offset - PATTERN_CONTEXT - MAX_ID_LENGTH);
    for (const candidate of candidates(text, from, offset + PATTERN_CONTEXT + 1)) {
      const match = this.matchStartingAt(text, candidate);
      if (match && match.matchStart <= offset && offset <= match.matchEnd) return match.id;
    }
    return undefined;
  }

  /** Every id in `text`, in order, without overlaps, at most `limit`, until `budget` is spent. */
  findAll(text: string, limit = 1_000, budget = new ScanBudget()): IdMatch[] {
    const result: IdMatch[] = [];
    for (const candidate of candidates(text, 0, text.length)) {
      if (result.length >= limit || !budget.allowsOneMore()) break;
      if (candidate.start < (result[result.length - 1]?.end ?? 0)) continue;
      const match = this.matchStartingAt(text, candidate);
      if (match) result.push(match.id);
    }
    return result;
  }

  /** The first pattern match, in the candidate's window, whose id starts where the candidate does. */
  private matchStartingAt(text: string, { start, end }: Candidate): WindowMatch | undefined {
    const from = Math.max(0, start - PATTERN_CONTEXT);
    const window = text.slice(from, Math.min(text.length, end + PATTERN_CONTEXT));
    for (const pattern of this.patterns) {
      const match = matchWithIdAt(pattern, window, start - from, from > 0);
      if (match)
        return {
          id: { id: match.id.id, start, end: from + match.id.end },
          matchStart: from + match.matchStart,
          matchEnd: from + match.matchEnd,
        };
    }
    return undefined;
  }
}

/** The id under the cursor at `character` of `line`; the cost does not grow with the line. */
export function idAtOffset(line: string, character: number, matcher: IdMatcher): IdMatch | undefined {
  return matcher.matchAt(line, character);
}

/** Where an id could be: from its start to the longest id-shaped run there. */
interface Candidate {
  start: number;
  end: number;
}

/** Candidates starting in [from, to); linear, reading only that range (and the candidates' own length). */
function* candidates(text: string, from: number, to: number): Generator<Candidate> {
  const region = text.slice(from, Math.min(text.length, to + ID_PREFIX.length - 1));
  for (let at = region.indexOf(ID_PREFIX); at !== -1; at = region.indexOf(ID_PREFIX, at + 1)) {
    CANDIDATE.lastIndex = from + at;
    if (CANDIDATE.test(text)) yield { start: from + at, end: CANDIDATE.lastIndex };
  }
}

/**
 * A match of `pattern` in `window` whose id starts at `idStart`. Matches may overlap (each start is
 * tried), so one id's context never hides the next. With `leftCut`, a match starting at offset 0 is
 * ignored: the text before it (what `\b` or a lookbehind would look at) was cut away.
 */
function matchWithIdAt(regex: RegExp, window: string, idStart: number, leftCut: boolean): WindowMatch | undefined {
  regex.lastIndex = leftCut ? 1 : 0; // the pattern is shared, but this loop finishes before anyone else runs it
  for (let m = regex.exec(window); m !== null && m.index <= idStart; m = regex.exec(window)) {
    regex.lastIndex = m.index + 1;
    const [start, end] = m.indices?.groups?.['id'] ?? m.indices![0]!;
    if (start !== idStart) continue;
    const id = window.slice(start, end);
    if (isExecutionId(id)) return { id: { id, start, end }, matchStart: m.index, matchEnd: m.index + m[0].length };
  }
  return undefined;
}

/**
 * Compiles the setting's value. Invalid entries are reported and skipped; when nothing usable is left
 * (or the setting is not an array) the documented default applies.
 */
export function compileIdPatterns(raw: unknown): { matcher: IdMatcher; errors: PatternError[]; usingDefault: boolean } {
  const errors: PatternError[] = [];
  const patterns: RegExp[] = [];
  const sources = Array.isArray(raw) ? raw : [];
  for (const source of sources.slice(0, MAX_PATTERNS)) {
    const compiled = compileOne(source);
    if (compiled instanceof RegExp) patterns.push(compiled);
    else errors.push({ source: String(source).slice(0, 100), reason: compiled });
  }
  if (sources.length > MAX_PATTERNS)
    errors.push({
      source: `(${sources.length - MAX_PATTERNS} more)`,
      reason: `only the first ${MAX_PATTERNS} patterns are used`,
    });
  const isDefault =
    patterns.length === DEFAULT_ID_PATTERNS.length &&
    patterns.every((p, i) => p.source === new RegExp(DEFAULT_ID_PATTERNS[i]!).source);
  if (patterns.length > 0 && !isDefault) return { matcher: new IdMatcher(patterns), errors, usingDefault: false };
  return { matcher: defaultMatcher(), errors, usingDefault: true };
}

export function defaultMatcher(): IdMatcher {
  return new IdMatcher(DEFAULT_ID_PATTERNS.map((s) => compileOne(s) as RegExp));
}

function compileOne(source: unknown): RegExp | string {
  if (typeof source !== 'string' || source.trim() === '') return 'not a non-empty string';
  if (source.length > MAX_PATTERN_LENGTH) return `longer than ${MAX_PATTERN_LENGTH} characters`;
  let regex: RegExp;
  try {
    regex = new RegExp(source, 'gd');
  } catch (error) {
    return error instanceof Error ? error.message : 'invalid regular expression';
  }
  if (new RegExp(source).test('')) return 'matches the empty string';
  const risk = backtrackingRisk(source);
  if (risk)
    return `could take seconds on some lines (${risk}); write it without repeated groups, adjacent quantifiers or backreferences`;
  return regex;
}

/** Compiles each distinct setting value once and reports each invalid pattern once per session. */
export class IdPatternCache {
  private key: string | undefined;
  private current: IdMatcher | undefined;
  private readonly reported = new Set<string>();

  constructor(private readonly report: (error: PatternError) => void) {}

  get(raw: unknown): IdMatcher {
    const key = JSON.stringify(raw ?? null);
    if (this.current && key === this.key) return this.current;
    const { matcher, errors } = compileIdPatterns(raw);
    for (const error of errors) {
      const id = `${error.source}\u0000${error.reason}`;
      if (!this.reported.has(id)) {
        this.reported.add(id);
        this.report(error);
      }
    }
    this.key = key;
    this.current = matcher;
    return matcher;
  }
}
