// Markdown building for hovers and tooltips that show API data. Pure (no `vscode`), so the escaping is
// unit-tested. Data is always text: no links, no HTML, no theme icons, no bidi tricks.

/** Longest piece of API data shown in one place; longer values end with "…". */
export const MAX_DATA_LENGTH = 300;

const CONTROL_AND_BIDI = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const MARKDOWN_PUNCTUATION = /[\\`*_{}[\]()#+\-.!|~:=^"']/g;

/**
 * Renders untrusted text literally in a MarkdownString that has `supportThemeIcons` on: markdown
 * punctuation is backslash-escaped; `& < > $` become entities, because VS Code substitutes `$(icon)`
 * in the rendered HTML (after markdown escapes are gone) and entities survive until the DOM.
 */
export function escapeMarkdown(text: string, maxLength = MAX_DATA_LENGTH): string {
  const clean = text.replace(CONTROL_AND_BIDI, ' ');
  const cut = clean.length > maxLength ? `${clean.slice(0, maxLength)}…` : clean;
  return cut
    .replace(MARKDOWN_PUNCTUATION, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\$/g, '&#36;');
}

/** A `command:` link. Only for our own command ids; arguments are JSON, percent-encoded. */
export function commandLink(label: string, command: string, args?: readonly unknown[], tooltip?: string): string {
  const query = args === undefined ? '' : `?${encodeURIComponent(JSON.stringify(args))}`;
  const title = tooltip ? ` "${tooltip.replace(/["\\]/g, '')}"` : '';
  return `[${label}](command:${command}${query}${title})`;
}

/** Every command id a markdown text links to (for tests and the trust list). */
export function linkedCommands(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(\s*<?command:([^?)\s"]+)/g)].map((m) => m[1]!);
}
