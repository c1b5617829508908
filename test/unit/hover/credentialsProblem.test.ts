// The hover while the stored credentials belong to another host: nothing is looked up, and it says so
// and names Set Credentials (a command that takes secrets is never linked from a hover; the origins are text).
import { strict as assert } from 'node:assert';
import { credentialsOriginMismatch } from '../../../src/api/errors';
import { buildHoverMarkdown, lookupHoverModel } from '../../../src/hover/hoverContent';
import { linkedCommands } from '../../../src/util/markdown';

const ID = 'exec_1777374504255_xzy43k9q';

describe('hover: credentials stored for another host', () => {
  it('looks nothing up and offers Set Credentials with the message', async () => {
    let calls = 0;
    const model = await lookupHoverModel(
      ID,
      {
        environment: 'Production',
        signedIn: false,
        credentialsProblem: credentialsOriginMismatch('https://api.velt.dev', 'https://elsewhere.example'),
        get: async () => {
          calls++;
          throw new Error('not expected');
        },
        isPinned: () => false,
        now: () => 0,
      },
      new AbortController().signal,
    );
    assert.equal(calls, 0);
    assert.equal(model?.kind, 'error');
    const markdown = buildHoverMarkdown(model!);
    assert.match(
      markdown,
      /^\$\(key\) Credentials were stored for https\\:\/\/api\\\.velt\\\.dev; this environment now points at https\\:\/\/elsewhere\\\.example\\\./,
    );
    assert.match(markdown, /Run \\"Velt\\: Set Credentials\\" to use this host/);
    assert.deepEqual(linkedCommands(markdown), [], 'no link: Set Credentials takes secrets');
  });

  it('still says "not signed in" when there is simply no pair', async () => {
    const model = await lookupHoverModel(
      ID,
      {
        environment: 'Production',
        signedIn: false,
        get: async () => {
          throw new Error('not expected');
        },
        isPinned: () => false,
        now: () => 0,
      },
      new AbortController().signal,
    );
    assert.equal(model?.kind, 'signedOut');
  });
});
