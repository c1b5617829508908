// Every sink function against a table of hostile strings. The checks use the patterns VS Code itself
// applies: the linked-text pattern of notifications (src/vs/base/common/linkedText.ts) and the theme
// icon pattern of labels and markdown (src/vs/base/browser/ui/iconLabel/iconLabels.ts). Plain-text
// sinks render through textContent, so a tag there is shown as typed; Markdown sinks must hold no tag.
import { strict as assert } from 'node:assert';
import {
  inertLabel,
  inertMarkdown,
  inertMessage,
  inertTitle,
  MAX_DATA_LENGTH,
  MAX_LABEL_LENGTH,
  MAX_TITLE_LENGTH,
} from '../../../src/util/inertText';

/** What a notification turns into a link (VS Code's parseLinkedText). */
const NOTIFICATION_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
/** What a label draws as an icon; a leading backslash escapes it (VS Code's renderLabelWithIcons). */
const THEME_ICON = /(\\)?\$\(([A-Za-z0-9-]+(?:~[A-Za-z0-9-]+)?)\)/g;
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200c-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;
const BREAK = /\u200b/g;
/** Characters Markdown (or VS Code's icon pass) gives a meaning to. */
const MARKDOWN_ACTIVE = /[\\`*_{}[\]()#+\-.!|~:=^"'&<>$]/;

const HOSTILE: readonly string[] = [
  'inj[Run me](command:workbench.action.quit)',
  '[x](command:velt.setCredentials?%5B%7B%22apiKey%22%3A%22k%22%7D%5D "Set")',
  '[phish](https://evil.example) [f](file:///etc/passwd) [[nested](command:x)](command:y)',
  '[x]\n(command:workbench.action.quit)',
  '![img](https://evil.example/x.png) <https://evil.example> https://evil.example www.evil.example mail@evil.example',
  '[ref]: https://evil.example\n[ref]',
  '$(alert) $(sync~spin) $$(zap) \\$(alert) $\u200b(alert) $(',
  '&#36;(alert) &#x24;(alert) &dollar;(alert) &amp;#36;(alert) &lt;script&gt;',
  '<script>alert(1)</script> <img src=x onerror=alert(1)> <a href="command:x">y</a> <!-- c -->',
  '`code` ``a`b`` ```fence``` **bold** _em_ ~~s~~ # heading\n- list\n1. item\n> quote\n| a | b |\n---\n===',
  'trailing backslash \\',
  'invoice_\u202egpj.exe\u202c \u2066iso\u2069 \u200e\u200f\u061c zero\u200bwidth\ufeff line\u2028sep',
  'bell\u0007 nul\u0000 esc\u001b[31mRED\u001b[0m cr\r lf\n tab\t del\u007f c1\u0085\u009b',
  'x'.repeat(100_000),
  `${'[Run me](command:workbench.action.quit) $(alert) '.repeat(5_000)}`,
  '😀'.repeat(1_000),
  'ends with a bracket]',
  'ends with a dollar $',
  'ends with [an opening',
];

/** Text a neighbouring template might put right after a value. */
const AFTER = ['', '(command:workbench.action.quit)', '(alert)', ' ', ')'];

interface Sink {
  name: string;
  escape: (text: string) => string;
  max: number;
}

const PLAIN_SINKS: readonly Sink[] = [
  { name: 'inertMessage', escape: (t) => inertMessage(t), max: MAX_DATA_LENGTH },
  { name: 'inertLabel', escape: (t) => inertLabel(t), max: MAX_LABEL_LENGTH },
  { name: 'inertTitle', escape: (t) => inertTitle(t), max: MAX_TITLE_LENGTH },
];

const label = (text: string): string => JSON.stringify(text.slice(0, 40));

/** The text as a reader sees it: controls as spaces, cut to the sink's length. */
function visible(text: string, max: number): string {
  const flat = text.replace(new RegExp(INVISIBLE.source, 'g'), ' ').replace(BREAK, ' ');
  return flat.length <= max ? flat : flat.slice(0, max - 1);
}

function icons(text: string): string[] {
  return [...text.matchAll(THEME_ICON)].filter((m) => m[1] === undefined).map((m) => m[0]);
}

describe('util/inertText', () => {
  for (const sink of PLAIN_SINKS) {
    describe(sink.name, () => {
      for (const text of HOSTILE) {
        it(`shows ${label(text)} as text`, () => {
          const out = sink.escape(text);
          for (const after of AFTER) {
            assert.deepEqual(icons(out + after), [], `no icon in ${JSON.stringify(out + after).slice(0, 200)}`);
            if (sink.name === 'inertMessage') {
              assert.deepEqual(
                [...(out + after).matchAll(NOTIFICATION_LINK)].map((m) => m[0]),
                [],
                'no notification link',
              );
            }
          }
          assert.ok(!INVISIBLE.test(out), 'no control, bidi or invisible character');
          assert.ok(
            out.replace(BREAK, '').length <= sink.max,
            `at most ${sink.max} characters, got ${out.replace(BREAK, '').length}`,
          );
          const shown = out.replace(BREAK, '');
          assert.ok(
            shown.startsWith(
              visible(text, sink.max)
                .replace(/\u200b/g, ' ')
                .slice(0, -1),
            ),
            'otherwise shows the text as it is',
          );
          assert.ok(!/[\ud800-\udbff]$/.test(shown.replace(/…$/, '')), 'never ends inside a surrogate pair');
        });
      }
    });
  }

  describe('inertMessage', () => {
    it('breaks "](" invisibly and keeps every other character', () => {
      assert.equal(inertMessage('inj[Run me](command:x)'), 'inj[Run me]\u200b(command:x)');
      assert.equal(inertMessage('plain text: a, b (c) "d"'), 'plain text: a, b (c) "d"');
    });
    it('breaks a "$(" that could draw an icon, also at the end of the value', () => {
      assert.equal(inertMessage('$(alert) costs $5'), '$\u200b(alert) costs $5');
      assert.equal(inertMessage('x$'), 'x$\u200b');
    });
  });

  describe('inertLabel and inertTitle', () => {
    it('break "$(" invisibly and replace controls with spaces', () => {
      assert.equal(inertLabel('a\n$(alert)\u202e'), 'a $\u200b(alert) ');
      assert.equal(inertTitle('[x](command:y)'), '[x](command:y)', 'titles and labels render no links');
    });
    it('cut long text to the limit, ending with "…"', () => {
      assert.equal(inertLabel('abcdef', 4), 'abc…');
      assert.equal(inertTitle('x'.repeat(100)).length, MAX_TITLE_LENGTH);
      assert.equal(inertLabel('😀😀😀', 4), '😀…', 'a surrogate pair is never split');
    });
  });

  describe('inertMarkdown', () => {
    for (const text of HOSTILE) {
      it(`shows ${label(text)} as text`, () => {
        const out = inertMarkdown(text);
        // Every Markdown-active character is backslash-escaped or one of our entities.
        const bare = out.replace(/\\[\\`*_{}[\]()#+\-.!|~:=^"']/g, '').replace(/&(amp|lt|gt|#36);/g, '');
        assert.ok(
          !MARKDOWN_ACTIVE.test(bare),
          `unescaped ${JSON.stringify(bare.match(MARKDOWN_ACTIVE)?.[0])} in ${out.slice(0, 200)}`,
        );
        assert.ok(!/[<$]/.test(out), 'no tag can open, no "$" reaches the icon pass');
        assert.ok(!/\n/.test(out) && !INVISIBLE.test(out), 'one line, no control, bidi or invisible character');
        // What VS Code's icon pass sees: the rendered HTML, backslash escapes gone, entities still there.
        const rendered = out.replace(/\\([\\`*_{}[\]()#+\-.!|~:=^"'])/g, '$1');
        assert.deepEqual(icons(rendered), []);
        // Decoding gives the text back (cut, controls as spaces).
        const decoded = rendered
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&#36;/g, '$')
          .replace(/&amp;/g, '&');
        assert.ok(decoded.replace(/…$/, '').length <= MAX_DATA_LENGTH);
        assert.ok(visible(text, MAX_DATA_LENGTH).startsWith(decoded.replace(/…$/, '')), 'the text as it is');
      });
    }

    it('escapes markdown punctuation and uses entities for & < > $', () => {
      assert.equal(
        inertMarkdown('[a](command:x) <b> $(zap) & *'),
        '\\[a\\]\\(command\\:x\\) &lt;b&gt; &#36;\\(zap\\) &amp; \\*',
      );
    });
    it('replaces control and bidi characters with spaces', () => {
      assert.equal(inertMarkdown('a\nb\u202ec\u0000d'), 'a b c d');
    });
  });
});
