// JSON objects typed on the command line (--input, --output) or read from --input-file. A mistake is a
// usage error naming where it is (line, column and offset), found by a small scanner of our own rather
// than by reading the engine's error text, which differs between Node versions and sometimes has no position.
import { UsageError, quote } from './usageError';
import type { CommandName } from './args';

/** The object in `text`, or a UsageError naming `source` (e.g. `--input`) and the position of the mistake. */
export function parseJsonObject(text: string, source: string, command: CommandName): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const offset = syntaxErrorOffset(text) ?? text.length;
    const { line, column } = lineAndColumn(text, offset);
    const reason = reasonOf(error);
    throw new UsageError(
      `${source} is not valid JSON: ${reason} at line ${line}, column ${column} (offset ${offset})${nearText(text, offset)}.`,
      command,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    throw new UsageError(`${source} must be a JSON object such as {"amount": 5}; got ${kind}.`, command);
  }
  return value as Record<string, unknown>;
}

/** 1-based line and column of `offset` (a column counts UTF-16 units, as editors' "Go to" does for ASCII). */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The engine's one-line reason, without its position or its echo of the input. */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : 'invalid JSON';
  const reason = message
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/, .*is not valid JSON$/s, '')
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .trim();
  return reason === '' ? 'invalid JSON' : lowerFirst(reason.slice(0, 120));
}

function lowerFirst(text: string): string {
  return text[0]!.toLowerCase() + text.slice(1);
}

/** ` near "…"`: up to 20 characters either side of the mistake, on one line. */
function nearText(text: string, offset: number): string {
  if (text.length === 0) return '';
  const from = Math.max(0, offset - 20);
  const excerpt = text.slice(from, offset + 20).replace(/\s+/g, ' ');
  return ` near ${quote(`${from > 0 ? '…' : ''}${excerpt}${offset + 20 < text.length ? '…' : ''}`)}`;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ['true', 'false', 'null'];
const ESCAPES = '"\\/bfnrtu';

type Expect = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'commaOrClose';

/**
 * The offset of the first character that makes `text` invalid JSON (text.length when it ends too early), or
 * undefined when it is valid. Iterative, so deep nesting cannot overflow the stack.
 */
export function syntaxErrorOffset(text: string): number | undefined {
  const containers: string[] = [];
  let expect: Expect = 'value';
  let i = 0;
  for (;;) {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
    if (i >= text.length) return containers.length === 0 && expect === 'commaOrClose' ? undefined : text.length;
    const c = text[i]!;
    if (expect === 'colon') {
      if (c !== ':') return i;
      i++;
      expect = 'value';
      continue;
    }
    if (expect === 'commaOrClose') {
      const open = containers[containers.length - 1];
      if (open === undefined) return i; // something after the top-level value
      if (c === ',') {
        i++;
        expect = open === '{' ? 'key' : 'value';
      } else if ((c === '}' && open === '{') || (c === ']' && open === '[')) {
        containers.pop();
        i++;
      } else return i;
      continue;
    }
    if (expect === 'key' || expect === 'keyOrClose') {
      if (c === '}' && expect === 'keyOrClose') {
        containers.pop();
        i++;
        expect = 'commaOrClose';
        continue;
      }
      if (c !== '"') return i;
      const end = stringEnd(text, i);
      if (end.error !== undefined) return end.error;
      i = end.next;
      expect = 'colon';
      continue;
    }
    // A value.
    if (c === ']' && expect === 'valueOrClose') {
      containers.pop();
      i++;
      expect = 'commaOrClose';
    } else if (c === '{' || c === '[') {
      containers.push(c);
      i++;
      expect = c === '{' ? 'keyOrClose' : 'valueOrClose';
    } else if (c === '"') {
      const end = stringEnd(text, i);
      if (end.error !== undefined) return end.error;
      i = end.next;
      expect = 'commaOrClose';
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      if (!match) return i + 1; // a lone '-'
      i += match[0].length;
      expect = 'commaOrClose';
    } else {
      const literal = LITERALS.find((word) => word[0] === c);
      if (!literal) return i;
      for (let k = 0; k < literal.length; k++) if (text[i + k] !== literal[k]) return Math.min(i + k, text.length);
      i += literal.length;
      expect = 'commaOrClose';
    }
  }
}

/** Where the string starting at the quote at `start` ends (just after its closing quote), or its first error. */
function stringEnd(
  text: string,
  start: number,
): { next: number; error?: undefined } | { next?: undefined; error: number } {
  for (let j = start + 1; j < text.length; j++) {
    const code = text.charCodeAt(j);
    if (code === 34) return { next: j + 1 };
    if (code < 0x20) return { error: j };
    if (code === 92) {
      const escape = text[j + 1];
      if (escape === undefined) return { error: text.length };
      if (!ESCAPES.includes(escape)) return { error: j + 1 };
      if (escape === 'u') {
        for (let k = 2; k < 6; k++)
          if (!/[0-9a-fA-F]/.test(text[j + k] ?? '')) return { error: Math.min(j + k, text.length) };
        j += 5;
      } else j++;
    }
  }
  return { error: text.length };
}
