// Finding execution ids in editor text with the user's patterns (`velt.hover.idPatterns`). Pure, so the
// hover, the document links, the terminal links and the benchmark share one tested implementation.
// A pattern decides where an id is recognised; what it finds (the whole match, or the group named
// `id`) must still be a well-formed execution id, so every command downstream accepts it.
import { isExecutionId } from '../api';

/** The documented shape, word-bounded (`\b` treats `_` as a word character, so glued ids never match). */
export const DEFAULT_ID_PATTERNS: readonly string[] = ['\\bexec_\\d{13}_[a-z0-9]{4,32}\\b'];
const MAX_PATTERN_LENGTH = 500;
const MAX_PATTERNS = 20;
/** Text examined on each side of the cursor when a line is too long to hand to the editor's word finder. */
export const HOVER_WINDOW = 512;

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

export class IdMatcher {
  /** `literal`: text every match contains, when known (a cheap pre-check before running the patterns). */
  constructor(readonly patterns: readonly RegExp[], readonly literal?: string) {}

  /** The id whose pattern match covers `offset` (a cursor position: the end of a match counts too). */
  matchAt(text: string, offset: number, textIsCut = false): IdMatch | undefined {
    for (const pattern of this.patterns) {
      for (const match of matchesOf(pattern, text)) {
        if (match.matchStart > offset) break;
        if (textIsCut && match.matchStart === 0) continue; // its left context was cut away
        if (offset <= match.matchEnd && offset >= match.matchStart) return match.id;
      }
    }
    return undefined;
  }

  /** Every id in `text`, in order, without overlaps, at most `limit`. */
  findAll(text: string, limit = 1_000): IdMatch[] {
    const found: IdMatch[] = [];
    for (const pattern of this.patterns) {
      for (const match of matchesOf(pattern, text)) {
        found.push(match.id);
        if (found.length >= limit * 2) break;
      }
    }
    if (this.patterns.length > 1) found.sort((a, b) => a.start - b.start);
    const result: IdMatch[] = [];
    for (const match of found) {
      const last = result[result.length - 1];
      if (last && match.start < last.end) continue;
      result.push(match);
      if (result.length >= limit) break;
    }
    return result;
  }
}

/**
 * The id under the cursor at `character` of `line`, looking only at a window of HOVER_WINDOW characters
 * on each side, so the cost does not grow with the line (a 5 MB minified log line costs what a short
 * one does). Offsets in the result are offsets in `line`.
 */
export function idAtOffset(line: string, character: number, matcher: IdMatcher): IdMatch | undefined {
  const from = Math.max(0, character - HOVER_WINDOW);
  const window = line.length <= 2 * HOVER_WINDOW ? line : line.slice(from, character + HOVER_WINDOW);
  const base = window === line ? 0 : from;
  if (matcher.literal !== undefined && !window.includes(matcher.literal)) return undefined;
  const match = matcher.matchAt(window, character - base, base > 0);
  return match && { id: match.id, start: base + match.start, end: base + match.end };
}

interface RawMatch { id: IdMatch; matchStart: number; matchEnd: number }

function* matchesOf(pattern: RegExp, text: string): Generator<RawMatch> {
  const regex = new RegExp(pattern.source, pattern.flags); // own lastIndex: patterns are shared
  for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
    if (m[0].length === 0) {
      regex.lastIndex++;
      continue;
    }
    const group = m.indices?.groups?.['id'];
    const [start, end] = group ?? m.indices![0]!;
    const id = text.slice(start, end);
    if (isExecutionId(id)) yield { id: { id, start, end }, matchStart: m.index, matchEnd: m.index + m[0].length };
  }
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
  if (sources.length > MAX_PATTERNS) errors.push({ source: `(${sources.length - MAX_PATTERNS} more)`, reason: `only the first ${MAX_PATTERNS} patterns are used` });
  const isDefault = patterns.length === DEFAULT_ID_PATTERNS.length && patterns.every((p, i) => p.source === new RegExp(DEFAULT_ID_PATTERNS[i]!).source);
  if (patterns.length > 0 && !isDefault) return { matcher: new IdMatcher(patterns), errors, usingDefault: false };
  return { matcher: defaultMatcher(), errors, usingDefault: true };
}

export function defaultMatcher(): IdMatcher {
  return new IdMatcher(DEFAULT_ID_PATTERNS.map((s) => compileOne(s) as RegExp), 'exec_');
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
