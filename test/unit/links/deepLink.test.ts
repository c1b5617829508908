// Deep links: what Copy Link builds, what the URI handler accepts or refuses, and the environment choice.
import { strict as assert } from 'node:assert';
import { buildDeepLink, environmentDecision, parseDeepLink } from '../../../src/links/deepLink';

const ID = 'exec_1777374504255_xzy43k9q';
const EXT = 'velt-tools.velt-workflow-inspector';

function split(link: string): { path: string; query: string } {
  const url = new URL(link);
  return { path: url.pathname, query: url.search.slice(1) };
}

describe('links/deepLink', () => {
  it('builds the documented shape and parses it back (round trip, spaces and symbols in the environment)', () => {
    for (const environment of ['Production', 'Sandbox (local)', 'EU & Staging/2', 'naïve ☃']) {
      const link = buildDeepLink('vscode', EXT, ID, environment);
      assert.ok(link.startsWith(`vscode://${EXT}/open?executionId=${ID}&environment=`), link);
      assert.ok(!link.includes(' ') && !link.includes('+'), link);
      const { path, query } = split(link);
      assert.deepEqual(parseDeepLink(path, query), { ok: true, executionId: ID, environment });
    }
  });

  it('omits the environment when none is given', () => {
    const link = buildDeepLink('vscode-insiders', EXT, ID);
    assert.equal(link, `vscode-insiders://${EXT}/open?executionId=${ID}`);
    assert.deepEqual(parseDeepLink('/open', `executionId=${ID}`), {
      ok: true,
      executionId: ID,
      environment: undefined,
    });
  });

  it('accepts a trailing slash, upper-case path and an empty environment', () => {
    assert.equal(parseDeepLink('/open/', `executionId=${ID}`).ok, true);
    assert.equal(parseDeepLink('/OPEN', `executionId=${ID}&environment=`).ok, true);
  });

  const refused: [string, string, string, RegExp][] = [
    ['another path', '/delete', `executionId=${ID}`, /Unknown link/],
    ['no id', '/open', 'environment=Production', /no executionId/],
    ['two ids', '/open', `executionId=${ID}&executionId=${ID}`, /more than one/],
    ['a malformed id', '/open', 'executionId=exec_123_abc', /not an execution ID/],
    ['an upper-case id', '/open', `executionId=${ID.toUpperCase()}`, /not an execution ID/],
    ['text around the id', '/open', `executionId=${encodeURIComponent(`see ${ID}`)}`, /not an execution ID/],
    [
      'script in the id',
      '/open',
      `executionId=${encodeURIComponent('<script>alert(1)</script>')}`,
      /not an execution ID/,
    ],
    ['a huge id', '/open', `executionId=${'a'.repeat(100_000)}`, /not an execution ID/],
    [
      'a control character in the environment',
      '/open',
      `executionId=${ID}&environment=${encodeURIComponent('Prod\u202e')}`,
      /environment name/,
    ],
    ['a very long environment', '/open', `executionId=${ID}&environment=${'e'.repeat(101)}`, /environment name/],
  ];
  for (const [label, path, query, reason] of refused) {
    it(`refuses ${label} with a clear reason`, () => {
      const parsed = parseDeepLink(path, query);
      assert.equal(parsed.ok, false);
      if (!parsed.ok) {
        assert.match(parsed.reason, reason);
        assert.ok(parsed.reason.length < 200, 'the reason quotes at most a short, printable excerpt');
        assert.ok(!/[\u0000-\u001f\u202e]/.test(parsed.reason));
      }
    });
  }

  it('decides about the environment: same, switch to a configured one, or unknown', () => {
    const known = ['Production', 'Staging', 'Sandbox (local)'];
    assert.equal(environmentDecision(undefined, 'Production', known), 'active');
    assert.equal(environmentDecision('Production', 'Production', known), 'active');
    assert.equal(environmentDecision('Staging', 'Production', known), 'switch');
    assert.equal(environmentDecision('EU', 'Production', known), 'unknown');
  });

  it('quotes link text inertly: no notification link can form from it', () => {
    for (const [path, query] of [
      ['/[Run me](command:workbench.action.quit)', ''],
      ['/open', `executionId=${encodeURIComponent('[x](command:workbench.action.quit)')}`],
    ]) {
      const parsed = parseDeepLink(path!, query!);
      assert.ok(!parsed.ok && !parsed.reason.includes(']('), parsed.ok ? 'accepted' : parsed.reason);
    }
  });
});
