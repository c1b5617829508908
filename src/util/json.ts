// Walks over JSON values from the API that never throw, however deep or large the value: JSON.stringify
// and naive recursion overflow the stack at a few thousand levels (a 5,000-deep step output), so these
// keep their own stack, and each takes a budget so a huge value costs a bounded amount of work.

/** Values JSON.stringify leaves out of objects (and writes as null in arrays). */
const isSkipped = (value: unknown): boolean =>
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
 * Writes `value` as JSON text to `sink` piece by piece, as JSON.stringify(value, null, indent) would
 * (a cycle is written as "[circular]"; indentation stops growing 100 levels down). Stops as soon as `sink` returns false.
 */
export function writeJson(value: unknown, indent: number, sink: (text: string) => boolean): JsonWalk {
  const stack: Frame[] = [];
  const ancestors = new Set<object>();
  let maxDepth = 0;
  let circular = false;
  // Indentation stops growing at MAX_INDENT_DEPTH: pretty text of very deep values would be quadratic.
  const newline = (depth: number): string => (indent > 0 ? `\n${' '.repeat(indent * Math.min(depth, MAX_INDENT_DEPTH))}` : '');
  const colon = indent > 0 ? ': ' : ':';
  /** Writes a primitive, or opens a container (its items follow from the loop). */
  const open = (raw: unknown, depth: number): boolean => {
    const item = toJsonValue(raw);
    if (typeof item !== 'object' || item === null) return sink(primitiveText(item));
    if (ancestors.has(item)) {
      circular = true;
      return sink('"[circular]"');
    }
    ancestors.add(item);
    maxDepth = Math.max(maxDepth, depth + 1);
    const isArray = Array.isArray(item);
    stack.push({ container: item, keys: isArray ? undefined : Object.keys(item), index: 0, written: 0, depth });
    return sink(isArray ? '[' : '{');
  };
  if (!open(value, 0)) return { depth: maxDepth, complete: false, circular };
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const items = frame.container as Record<string, unknown>;
    const total = frame.keys ? frame.keys.length : (frame.container as unknown[]).length;
    let key: string | undefined;
    let item: unknown;
    let found = false;
    while (frame.index < total && !found) {
      key = frame.keys ? frame.keys[frame.index]! : undefined;
      item = frame.keys ? items[key!] : (frame.container as unknown[])[frame.index];
      frame.index++;
      if (frame.keys && isSkipped(item)) continue;
      found = true;
    }
    if (!found) {
      stack.pop();
      ancestors.delete(frame.container);
      const close = frame.keys ? '}' : ']';
      if (!sink(frame.written > 0 ? `${newline(frame.depth)}${close}` : close)) return { depth: maxDepth, complete: false, circular };
      continue;
    }
    const prefix = `${frame.written > 0 ? ',' : ''}${newline(frame.depth + 1)}${key !== undefined ? `${JSON.stringify(key)}${colon}` : ''}`;
    frame.written++;
    if (!sink(prefix) || !open(isSkipped(item) ? null : item, frame.depth + 1)) return { depth: maxDepth, complete: false, circular };
  }
  return { depth: maxDepth, complete: true, circular };
}

/** JSON text of any value (never throws); past `maxChars` it is cut and ends with a note saying so. */
export function toJsonText(value: unknown, indent = 0, maxChars = MAX_JSON_TEXT): string {
  const parts: string[] = [];
  let length = 0;
  const walk = writeJson(value, indent, (text) => {
    parts.push(text);
    length += text.length;
    return length <= maxChars;
  });
  const text = parts.join('');
  return walk.complete ? text : `${text.slice(0, maxChars)}\n… (cut at ${maxChars.toLocaleString('en-US')} characters)`;
}

/** The compact JSON length of a value and its depth, counting at most `maxChars` (then `complete` is false). */
export function measureJson(value: unknown, maxChars = Number.POSITIVE_INFINITY): JsonWalk & { chars: number } {
  let chars = 0;
  const walk = writeJson(value, 0, (text) => {
    chars += text.length;
    return chars <= maxChars;
  });
  return { ...walk, chars };
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
