// Markdown links to our own commands, for hovers. API text never goes through here: it goes through
// inertMarkdown (src/util/inertText.ts), so these links are the only ones a hover holds.

/** A `command:` link. Only for our own command ids; arguments are JSON, percent-encoded. */
export function commandLink(label: string, command: string, args?: readonly unknown[], tooltip?: string): string {
  // Parentheses too (encodeURIComponent keeps them): a `)` from API data must not end the link early.
  const query =
    args === undefined
      ? ''
      : `?${encodeURIComponent(JSON.stringify(args)).replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'))}`;
  const title = tooltip ? ` "${tooltip.replace(/["\\]/g, '')}"` : '';
  return `[${label}](command:${command}${query}${title})`;
}

/** Every command id a markdown text links to (for tests and the trust list). */
export function linkedCommands(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(\s*<?command:([^?)\s"]+)/g)].map((m) => m[1]!);
}
