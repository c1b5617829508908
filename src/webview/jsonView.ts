// JSON in the detail pane, syntax-coloured: the text is tokenised and each key, string, number and
// literal goes into a span with a class (the colours come from theme variables in panel.css). Every
// piece is inserted as a text node; markup in data stays text. Controls are made visible per token.
import { formatCount, visibleControls } from './text';

/** Pretty JSON is capped so a huge preview can never freeze the pane. */
export const MAX_PRETTY = 200_000;
/** Past this many coloured tokens the rest is plain text (keeps the DOM small for big payloads). */
const MAX_TOKENS = 20_000;

const TOKEN = /("(?:[^"\\\n]|\\.)*")(\s*:)?|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\btrue\b|\bfalse\b|\bnull\b/g;

function classOf(match: RegExpExecArray): string {
  if (match[1] !== undefined) return match[2] !== undefined ? 'j-key' : 'j-str';
  const text = match[0];
  if (text === 'true' || text === 'false') return 'j-bool';
  if (text === 'null') return 'j-null';
  return 'j-num';
}

/** `text` cut to MAX_PRETTY with a note saying what is left out. */
export function capped(text: string): { text: string; rest: string } {
  if (text.length <= MAX_PRETTY) return { text, rest: '' };
  return {
    text: text.slice(0, MAX_PRETTY),
    rest: `\n… (${formatCount(text.length - MAX_PRETTY)} more characters: use Open in Editor)`,
  };
}

/** Pretty-printed `data`, or a sentence when it cannot be printed. */
export function prettyJson(data: unknown): { json: string } | { problem: string } {
  try {
    return { json: JSON.stringify(data, null, 2) ?? 'null' };
  } catch (error) {
    return {
      problem: `(cannot show this payload: ${error instanceof Error ? error.message : String(error)}; use Open in Editor)`,
    };
  }
}

/** Fills `pre` with coloured JSON `source` (any text: tokens it does not recognise stay plain). */
export function fillJson(pre: HTMLElement, source: string): void {
  const { text, rest } = capped(source);
  const out = document.createDocumentFragment();
  let plain = '';
  let last = 0;
  let tokens = 0;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null && tokens < MAX_TOKENS; m = TOKEN.exec(text)) {
    plain += text.slice(last, m.index);
    if (plain) out.append(visibleControls(plain, true));
    plain = '';
    const span = document.createElement('span');
    span.className = classOf(m);
    span.textContent = visibleControls(m[1] ?? m[0], true);
    out.append(span);
    if (m[2] !== undefined) plain = m[2];
    last = m.index + m[0].length;
    tokens++;
  }
  plain += text.slice(last) + rest;
  if (plain) out.append(visibleControls(plain, true));
  pre.replaceChildren(out);
}
