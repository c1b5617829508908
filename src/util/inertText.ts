// API text (ids, names, statuses, error messages: anything a server, a link or a settings file chose)
// shown in VS Code's UI renders as text in every sink: no links, no theme icons, no HTML, no bidi or
// control tricks, and never unbounded. One function per kind of sink, because each sink parses
// something different. Pure (no `vscode`), so every function is unit-tested against a table of
// hostile strings.

/** Zero-width space: invisible, and it breaks the `](` and `$(` sequences VS Code parses. */
const BREAK = '\u200b';
/** C0/C1 controls, bidi marks/overrides/isolates, zero-width and line-separator characters. */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
/** Markdown punctuation; a backslash makes each one literal (CommonMark: any ASCII punctuation). */
const MARKDOWN_PUNCTUATION = /[\\`*_{}[\]()#+\-.!|~:=^"']/g;

/** Longest piece of API data shown in a message, a hover or a tooltip; longer values are cut to end with "…". */
export const MAX_DATA_LENGTH = 300;
/** Longest piece of API data in a label, description, status bar text or quick pick row. */
export const MAX_LABEL_LENGTH = 120;
/** Longest piece of API data in an editor tab or window title. */
export const MAX_TITLE_LENGTH = 40;

/**
 * For `show*Message` text, modal `detail` and button labels, input-box prompts and validation
 * messages: plain text, but VS Code turns `[label](command:…)` (and https/file targets) into links in
 * notifications. Every `]` of the value is followed by an invisible break, so no `](` forms, inside
 * the value or where it meets the text around it (a `[` without its `](` links nothing).
 */
export function inertMessage(text: string, maxLength = MAX_DATA_LENGTH): string {
  return noIcons(singleLine(text, maxLength)).replace(/\]/g, `]${BREAK}`);
}

/**
 * For MarkdownStrings (hovers, tooltips) that have `supportThemeIcons` on: markdown punctuation is
 * backslash-escaped; `& < > $` become entities, because VS Code substitutes `$(icon)` in the rendered
 * HTML (after markdown escapes are gone) and entities survive until the DOM. Use it for ids too: a
 * code span shows backslashes literally, so API text never goes inside backticks.
 */
export function inertMarkdown(text: string, maxLength = MAX_DATA_LENGTH): string {
  return singleLine(text, maxLength)
    .replace(MARKDOWN_PUNCTUATION, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\$/g, '&#36;');
}

/**
 * For strings that render `$(icon)`: TreeItem label/description, QuickPickItem label/description/
 * detail, quick pick and input box titles, progress titles, StatusBarItem text and string tooltips,
 * status bar messages. VS Code's own escape (a backslash) shows up literally where icons are not
 * rendered, so an invisible break goes between `$` and `(` instead.
 */
export function inertLabel(text: string, maxLength = MAX_LABEL_LENGTH): string {
  return noIcons(singleLine(text, maxLength));
}

/** For webview panel and editor titles: a short single line without icon syntax. */
export function inertTitle(text: string, maxLength = MAX_TITLE_LENGTH): string {
  return noIcons(singleLine(text, maxLength));
}

/** Controls and invisible characters become spaces; text longer than maxLength is cut to maxLength
 * characters, the last one "…" (never inside a surrogate pair). */
function singleLine(text: string, maxLength: number): string {
  const clean = text.replace(INVISIBLE, ' ');
  if (clean.length <= maxLength) return clean;
  const end = /[\ud800-\udbff]/.test(clean.charAt(maxLength - 2)) ? maxLength - 2 : maxLength - 1;
  return `${clean.slice(0, Math.max(0, end))}…`;
}

/** `$(name)` draws an icon; a `$` at the end could meet a `(` from the surrounding text. */
function noIcons(text: string): string {
  return text.replace(/\$(?=\(|$)/g, () => `$${BREAK}`);
}
