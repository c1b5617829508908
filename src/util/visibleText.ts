// Text made safe to show: control characters and bidirectional overrides are spelled out as escapes,
// so event data can neither hide characters nor reorder what the user reads. Pure; the DOM code still
// inserts the result with textContent only; the CLI prints it on terminals. Imports nothing: the webview
// bundle and the CLI share it.

const C0 = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const C1 = /[\u0080-\u009f]/g;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const LINE_BREAKS = /\r\n|[\n\r\u2028\u2029]/g;

const hex = (ch: string, width: number): string => ch.charCodeAt(0).toString(16).padStart(width, '0');

/**
 * Control characters as `\x07`-style escapes and bidirectional controls as `\u202e`, so they are
 * visible in any font and cannot reorder the text around them. Outside `keepNewlines`, line breaks
 * become ⏎ and tabs →.
 */
export function visibleControls(text: string, keepNewlines = false): string {
  const out = text
    .replace(C0, (ch) => `\\x${hex(ch, 2)}`)
    .replace(C1, (ch) => `\\x${hex(ch, 2)}`)
    .replace(BIDI, (ch) => `\\u${hex(ch, 4)}`);
  if (!keepNewlines) return out.replace(LINE_BREAKS, '⏎').replace(/\t/g, '→');
  return out
    .replace(/\r\n/g, '\n')
    .replace(/\r/g, '\\r')
    .replace(/[\u2028\u2029]/g, '\n');
}

/** One line for a cell: controls visible, cut at `max` characters. */
export function oneLine(text: string, max = 300): string {
  const cut = text.length > max ? text.slice(0, max) : text;
  const shown = visibleControls(cut);
  return text.length > max ? `${shown}…` : shown;
}

/** A compact, truncated rendering of any JSON-ish value for summaries (never throws). */
export function compact(value: unknown, max = 120): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = '[unserialisable]';
  }
  return oneLine(text, max);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/**
 * One formatter for every count: `toLocaleString` builds a new formatter on each call, and counts are
 * formatted on every render while events stream in.
 */
const COUNT_FORMAT = new Intl.NumberFormat('en-US');

/** 12,345 (the same grouping whatever the user's locale, like the rest of the panel). */
export function formatCount(n: number): string {
  return COUNT_FORMAT.format(n);
}
