// A pathological `velt.hover.idPatterns` entry cannot freeze the extension host (issue 10, point 3):
// in the real editor, the pattern on a 1 MB line of 4 KB digit runs (7.5 s per run before)
// is refused and the default applies; an accepted context pattern still finds every id on that line
// through the hover and the document links, in bounded time.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { MAX_LINK_SCAN_CHARS } from '../../src/links/documentLinks';
import { SANDBOX_EXECUTIONS } from '../../src/sandbox/server';
import { setSetting, useSandbox } from './helpers';

const ID = SANDBOX_EXECUTIONS['completedParallel']!;
const RUN = `${'1'.repeat(4_096)}x${ID} `;
const COUNT = Math.ceil(1_048_576 / RUN.length);
/** Links are looked for in the first MAX_LINK_SCAN_CHARS characters of a document. */
const LINKED = RUN.repeat(COUNT).slice(0, MAX_LINK_SCAN_CHARS).split(ID).length - 1;

describe('id patterns: a slow pattern cannot freeze the host', function () {
  this.timeout(120_000);
  let doc: vscode.TextDocument;

  const timed = async <T>(fn: () => Thenable<T>): Promise<[T, number]> => {
    const started = Date.now();
    const value = await fn();
    return [value, Date.now() - started];
  };
  const links = () =>
    timed(() => vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri));
  const hover = (character: number) =>
    timed(async () =>
      (
        await vscode.commands.executeCommand<vscode.Hover[]>(
          'vscode.executeHoverProvider',
          doc.uri,
          new vscode.Position(0, character),
        )
      ).filter((h) => h.contents.some((c) => typeof c !== 'string' && c.value.includes(ID))),
    );

  before(async () => {
    await useSandbox();
    doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: RUN.repeat(COUNT) });
    assert.ok(doc.lineAt(0).text.length >= 1_048_576);
  });

  after(async () => {
    await setSetting('hover.idPatterns', undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('refuses \\d+\\d+x(?<id>exec_…): links and hovers answer at once, with the default pattern', async () => {
    await setSetting('hover.idPatterns', ['\\d+\\d+x(?<id>exec_\\d{13}_[a-z0-9]+)']);
    const [found, linkMs] = await links();
    assert.equal(
      found.filter((l) => l.target?.toString().includes(ID)).length,
      0,
      'the default pattern wants a word boundary before exec_',
    );
    const [hovers, hoverMs] = await hover(RUN.length * (COUNT - 1) + 4_100);
    assert.equal(hovers.length, 0);
    assert.ok(linkMs < 5_000 && hoverMs < 5_000, `links ${linkMs} ms, hover ${hoverMs} ms`);
  });

  it('still finds every id through an accepted context pattern on the same line', async () => {
    await setSetting('hover.idPatterns', ['x(?<id>exec_\\d{13}_[a-z0-9]+)']);
    const [found, linkMs] = await links();
    const ours = found.filter((l) => decodeURIComponent(l.target?.toString() ?? '').includes(ID));
    assert.ok(LINKED > 200);
    assert.equal(ours.length, LINKED, `links: ${ours.length} of ${LINKED} in ${linkMs} ms`);
    assert.equal(ours[0]!.range.start.character, 4_097, 'the link covers the id, not its context');
    const [hovers, hoverMs] = await hover(RUN.length * 100 + 4_100);
    assert.equal(hovers.length, 1, `a hover on an id deep in the line (${hoverMs} ms)`);
    assert.ok(hovers[0]!.range?.start.character === RUN.length * 100 + 4_097);
  });
});
