// Walks over JSON values from the API that never throw, however deep or large the value: JSON.stringify
// and naive recursion overflow the stack at a few thousand levels (a 5,000-deep step output), so these
// keep their own stack, and each takes a budget so a huge value costs a bounded amount of work.

/** Values JSON.stringify leaves out of objects (and writes as null in arrays). */
export const isSkipped = (value: unknown): boolean =>
  value === undefined || typeof value === 'function' || typeof value === 'symbol';

function primitiveText(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value === 0 ? 0 : value) : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  return 'null';
}

function toJsonValue(value: unknown): unknown {
  const toJSON = typeof value === 'object' && value !== null ? (value as { toJSON?: unknown }).toJSON : undefined;
  if (typeof toJSON !== 'function') return value;
  try {
    return (toJSON as () => unknown).call(value);
  } catch {
    return null;
  }
}

interface Frame {
  container: object;
  /** Object keys still to write; undefined for arrays. */
  keys: string[] | undefined;
  index: number;
  written: number;
  depth: number;
}

const MAX_INDENT_DEPTH = 100;
/** The longest text toJsonText builds by default (V8 strings end at ~512 M characters). */
export const MAX_JSON_TEXT = 64 * 1024 * 1024;

/** How far a write got: the deepest nesting seen and whether the sink took everything. */
export interface JsonWalk {
  depth: number;
  complete: boolean;
  /** A value contained itself (written as "[circular]"). */
  circular: boolean;
}

/**
 * Writes a value as JSON text, as JSON.stringify(value, null, indent) would (a cycle is written as
 * "[circular]"; indentation stops growing 100 levels down), counting characters and keeping the text
 * only when asked. Stops once past `maxChars`. A class rather than closures: this runs once per event.
 */
class JsonWriter {
  chars = 0;
  depth = 0;
  circular = false;
  private readonly stack: Frame[] = [];
  private readonly ancestors = new Set<object>();

  constructor(
    private readonly indent: number,
    private readonly maxChars: number,
    private readonly parts?: string[],
  ) {}

  private emit(text: string): boolean {
    this.chars += text.length;
    this.parts?.push(text);
    return this.chars <= this.maxChars;
  }

  private newline(depth: number): string {
    return this.indent > 0 ? `\n${' '.repeat(this.indent * Math.min(depth, MAX_INDENT_DEPTH))}` : '';
  }

  /** Writes a primitive, or opens a container (its items follow from the loop in `write`). */
  private open(raw: unknown, depth: number): boolean {
    const item = toJsonValue(raw);
    if (typeof item !== 'object' || item === null) return this.emit(primitiveText(item));
    if (this.ancestors.has(item)) {
      this.circular = true;
      return this.emit('"[circular]"');
    }
    this.ancestors.add(item);
    this.depth = Math.max(this.depth, depth + 1);
    const isArray = Array.isArray(item);
    this.stack.push({ container: item, keys: isArray ? undefined : Object.keys(item), index: 0, written: 0, depth });
    return this.emit(isArray ? '[' : '{');
  }

  /** True when the whole value was written. */
  write(value: unknown): boolean {
    const stack = this.stack;
    if (!this.open(value, 0)) return false;
    const colon = this.indent > 0 ? ': ' : ':';
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const keys = frame.keys;
      const total = keys ? keys.length : (frame.container as unknown[]).length;
      let key: string | undefined;
      let item: unknown;
      let found = false;
      while (frame.index < total && !found) {
        key = keys ? keys[frame.index]! : undefined;
        item = keys ? (frame.container as Record<string, unknown>)[key!] : (frame.container as unknown[])[frame.index];
        frame.index++;
        found = !(keys && isSkipped(item));
      }
      if (!found) {
        stack.pop();
        this.ancestors.delete(frame.container);
        const close = keys ? '}' : ']';
        if (!this.emit(frame.written > 0 ? `${this.newline(frame.depth)}${close}` : close)) return false;
        continue;
      }
      const separator = `${frame.written > 0 ? ',' : ''}${this.newline(frame.depth + 1)}`;
      frame.written++;
      if (!this.emit(key !== undefined ? `${separator}${JSON.stringify(key)}${colon}` : separator)) return false;
      if (!this.open(isSkipped(item) ? null : item, frame.depth + 1)) return false;
    }
    return true;
  }
}

/** Characters JSON escapes (quote, backslash, controls) or may (a lone surrogate becomes \uXXXX). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** The length of JSON.stringify(text), without building it for text that needs no escapes. */
function quotedLength(text: string): number {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text).length : text.length + 2;
}

/** Nesting the shallow measure recurses into; anything deeper goes through the JsonWriter's own stack. */
const SHALLOW_MAX_DEPTH = 32;

/**
 * measureJson's fast path for what an event's data almost always is: plain JSON a few levels deep, well
 * within the budget. Counts by plain recursion (no frames, no ancestor set, no text built), which is
 * several times cheaper per event. `add` says false for anything it does not count exactly as the
 * JsonWriter would (deeper than SHALLOW_MAX_DEPTH, past maxChars, toJSON, values JSON leaves out); the
 * caller then takes the full walk.
 */
class ShallowMeasure {
  chars = 0;
  depth = 0;

  constructor(private readonly maxChars: number) {}

  add(value: unknown, depth: number): boolean {
    switch (typeof value) {
      case 'string':
        this.chars += quotedLength(value);
        break;
      case 'number':
        this.chars += Number.isFinite(value) ? String(value === 0 ? 0 : value).length : 4;
        break;
      case 'boolean':
        this.chars += value ? 4 : 5;
        break;
      case 'object':
        if (value === null) this.chars += 4;
        else if (!this.addContainer(value, depth)) return false;
        break;
      default:
        return false;
    }
    return this.chars <= this.maxChars;
  }

  private addContainer(value: object, depth: number): boolean {
    if (depth >= SHALLOW_MAX_DEPTH || typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
    this.depth = Math.max(this.depth, depth + 1);
    if (Array.isArray(value)) {
      this.chars += 2 + Math.max(0, value.length - 1);
      for (const item of value as unknown[]) if (!this.add(item, depth + 1)) return false;
      return true;
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    this.chars += 2 + Math.max(0, keys.length - 1);
    for (const key of keys) {
      this.chars += quotedLength(key) + 1;
      if (!this.add(record[key], depth + 1)) return false;
    }
    return true;
  }
}

/** JSON text of any value (never throws); past `maxChars` it is cut and ends with a note saying so. */
export function toJsonText(value: unknown, indent = 0, maxChars = MAX_JSON_TEXT): string {
  const parts: string[] = [];
  const complete = new JsonWriter(indent, maxChars, parts).write(value);
  const text = parts.join('');
  return complete ? text : `${text.slice(0, maxChars)}\n… (cut at ${maxChars.toLocaleString('en-US')} characters)`;
}

/** The compact JSON length of a value and its depth, counting at most `maxChars` (then `complete` is false). */
export function measureJson(value: unknown, maxChars = Number.POSITIVE_INFINITY): JsonWalk & { chars: number } {
  const quick = new ShallowMeasure(maxChars);
  if (quick.add(value, 0)) return { depth: quick.depth, complete: true, circular: false, chars: quick.chars };
  const writer = new JsonWriter(0, maxChars);
  const complete = writer.write(value);
  return { depth: writer.depth, complete, circular: writer.circular, chars: writer.chars };
}

/**
 * Structural equality of two JSON values (key order ignored). Compares at most `maxNodes` values; a pair
 * too large to compare counts as different, which at worst reports a change that did not happen.
 */
export function jsonEqual(a: unknown, b: unknown, maxNodes = 1_000_000): boolean {
  const pairs: [unknown, unknown][] = [[a, b]];
  let visited = 0;
  while (pairs.length > 0) {
    const [x, y] = pairs.pop()!;
    if (++visited > maxNodes) return false;
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) {
      if (Number.isNaN(x) && Number.isNaN(y)) continue;
      return false;
    }
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    if (Array.isArray(x)) {
      const ys = y as unknown[];
      if (x.length !== ys.length) return false;
      for (let i = 0; i < x.length; i++) pairs.push([x[i], ys[i]]);
      continue;
    }
    const xo = x as Record<string, unknown>;
    const yo = y as Record<string, unknown>;
    const keys = Object.keys(xo);
    if (keys.length !== Object.keys(yo).length) return false;
    for (const key of keys) {
      if (!Object.prototype.hasOwnProperty.call(yo, key)) return false;
      pairs.push([xo[key], yo[key]]);
    }
  }
  return true;
}
