// What printing for people needs to know about the terminal: its width, whether to colour, the clock for
// relative times; and the primitives every human format uses: API text made inert (control, bidi and
// invisible characters shown as escapes), display width, cutting to a width with "…", colours.
import { visibleControls } from '../../util/visibleText';

export interface TerminalStyle {
  /** Columns available; every line is cut to this (tables never wrap). */
  width: number;
  colour: boolean;
  now: () => number;
}

/** Width when the terminal does not say (a pty without a size). */
export const DEFAULT_WIDTH = 80;
/** Narrower than this and columns would be unreadable; lines are still cut, never wrapped. */
const MIN_WIDTH = 20;

/**
 * Colours only on a terminal, and never when NO_COLOR is set to anything (no-color.org) or TERM is dumb;
 * FORCE_COLOR (not "0") turns them on for a terminal that does not say it supports them.
 */
export function terminalStyle(options: {
  env: Record<string, string | undefined>;
  columns: number | undefined;
  isTTY: boolean;
  now?: () => number;
}): TerminalStyle {
  const { env } = options;
  const noColour = (env.NO_COLOR ?? '') !== '' || env.TERM === 'dumb';
  const force = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  const columns = options.columns !== undefined && options.columns > 0 ? Math.floor(options.columns) : DEFAULT_WIDTH;
  return {
    width: Math.max(MIN_WIDTH, columns),
    colour: options.isTTY && !noColour && (force || env.TERM !== undefined || process.platform === 'win32'),
    now: options.now ?? Date.now,
  };
}

/** Zero-width and invisible formatting characters visibleControls leaves alone; shown as \uXXXX too. */
const INVISIBLE = /[\u200b-\u200d\u2060-\u2065\ufeff\u00ad]/g;

/**
 * API text as one inert line for a terminal: escape sequences, other controls and bidi overrides are
 * spelled out (`\x1b`, `\u202e`), so a server cannot move the cursor, recolour or reorder what is shown.
 */
export function inert(text: string): string {
  return visibleControls(text).replace(INVISIBLE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;
const ZERO = /\p{M}/u;

function charWidth(ch: string): number {
  if (ZERO.test(ch)) return 0;
  return WIDE.test(ch) ? 2 : 1;
}

/** Columns a string takes on a terminal (wide CJK and emoji count 2, combining marks 0). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += charWidth(ch);
  return width;
}

/** `text` cut to at most `width` columns, ending in "…" when cut. */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  if (displayWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = charWidth(ch);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return `${out}…`;
}

/** `text` padded with spaces to `width` columns (it must already fit). */
export function pad(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'left' ? text + fill : fill + text;
}

export type Tone = 'good' | 'bad' | 'warn' | 'active' | 'muted' | 'bold';

const SGR: Readonly<Record<Tone, string>> = {
  good: '32',
  bad: '31',
  warn: '33',
  active: '36',
  muted: '2',
  bold: '1',
};

/** `text` in a colour when the terminal shows colours; the text itself is never changed. */
export function paint(style: TerminalStyle, tone: Tone | undefined, text: string): string {
  if (!style.colour || tone === undefined || text === '') return text;
  return `\u001b[${SGR[tone]}m${text}\u001b[0m`;
}

/** The colour of a status as runStatus / step statuses give it. */
export function statusTone(status: string): Tone | undefined {
  switch (status) {
    case 'completed':
      return 'good';
    case 'failed':
      return 'bad';
    case 'waiting':
    case 'breached':
      return 'warn';
    case 'running':
      return 'active';
    case 'cancelled':
    case 'skipped':
    case 'pending':
      return 'muted';
    default:
      return undefined;
  }
}
