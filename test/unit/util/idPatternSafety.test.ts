// `velt.hover.idPatterns` cannot freeze the extension host (issue 10, point 3): patterns that can
// backtrack catastrophically are refused when compiled, the others run only on short windows around
// candidate ids (so context patterns still work within PATTERN_CONTEXT characters), and a scan stops
// when its time budget is spent.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  compileIdPatterns,
  IdPatternCache,
  PATTERN_CONTEXT,
  SCAN_BUDGET_MS,
  ScanBudget,
  type PatternError,
} from '../../../src/util/idMatcher';
import { backtrackingRisk } from '../../../src/util/regexRisk';

const ID = 'exec_1777374504255_xzy43k9q';
const ID2 = 'exec_1711900000000_abc123def456';
const ISSUE_PATTERN = '\\d+\\d+x(?<id>exec_\\d{13}_[a-z0-9]+)';

function elapsedMs(fn: () => void): number {
  const started = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

describe('util/idMatcher: patterns cannot freeze the host', () => {
  describe('backtrackingRisk (refused when compiled)', () => {
    const refused: [string, RegExp][] = [
      [ISSUE_PATTERN, /quantifiers "\\d\+" and "\\d\+"/],
      ['(\\d+)+x', /nested quantifier "\(\\d\+\)\+"/],
      ['(?:a|ab)*c', /nested quantifier/],
      ['(?:a?b?)+c', /nested quantifier/],
      ['(?:\\d{2,4})*x', /nested quantifier/],
      ['.*.*=(?<id>exec_\\d{13}_[a-z0-9]+)', /quantifiers "\.\*" and "\.\*"/],
      ['\\w+a\\w+$', /quantifiers/],
      ['\\d+1\\d+x', /quantifiers/],
      ['(?:\\d+|x)\\d+y', /quantifiers/],
      ['(?:\\d+)(?<id>\\d+)x', /quantifiers/],
      ['.*(?=.*x)y', /quantifiers/],
      ['(\\w+)=\\1', /backreference/],
      ['(?<k>\\w)\\k<k>', /backreference/],
    ];
    for (const [source, reason] of refused) {
      it(`refuses ${source}`, () => assert.match(backtrackingRisk(source) ?? 'accepted', reason));
    }

    const accepted = [
      '\\bexec_\\d{13}_[a-z0-9]{4,32}\\b',
      '\\bexec_\\d{13}_[a-z0-9]{8}\\b',
      'run=(?<id>exec_\\d{13}_[a-z0-9]+)',
      '(?<=run=)exec_\\d{13}_[a-z0-9]{8}',
      '"executionId":\\s*"(?<id>exec_\\d{13}_[a-z0-9]{4,32})"',
      'executionId[=:]\\s*"?(?<id>exec_\\d{13}_[a-z0-9]+)"?',
      '(?:run|job)\\w*=(?<id>exec_\\d{13}_[a-z0-9]+)',
      '[\\s\\S]*?=(?<id>exec_\\d{13}_[a-z0-9]+)',
      '.*(?<id>exec_\\d{13}_[a-z0-9]+).*',
      '\\d+-\\d+x',
      '(?:_[a-z0-9]{4})+x',
      '[]a|[^]*b',
      'a{,3}[{}]\\)?',
    ];
    for (const source of accepted) {
      it(`accepts ${source}`, () => assert.equal(backtrackingRisk(source), undefined));
    }

    it('reports the refused pattern once, with a reason a user can act on, and falls back to the default', () => {
      const reported: PatternError[] = [];
      const cache = new IdPatternCache((e) => reported.push(e));
      const matcher = cache.get([ISSUE_PATTERN]);
      cache.get([ISSUE_PATTERN]);
      assert.equal(reported.length, 1);
      assert.equal(reported[0]!.source, ISSUE_PATTERN);
      assert.match(reported[0]!.reason, /could take seconds .*write it without/);
      assert.deepEqual(
        matcher.findAll(`1234x${ID}`).map((m) => m.id),
        [],
        'the default pattern: \\b before exec_',
      );
      assert.deepEqual(
        matcher.findAll(`1234 ${ID}`).map((m) => m.id),
        [ID],
      );
      assert.equal(compileIdPatterns([ISSUE_PATTERN]).usingDefault, true);
    });
  });

  describe('windows around candidate ids', () => {
    it('still finds ids through context patterns, lookbehinds included', () => {
      const text = `x run=${ID} y ${ID2} run=${ID2}`;
      for (const source of ['run=(?<id>exec_\\d{13}_[a-z0-9]+)', '(?<=run=)exec_\\d{13}_[a-z0-9]+']) {
        const { matcher, errors } = compileIdPatterns([source]);
        assert.deepEqual(errors, []);
        const found = matcher.findAll(text);
        assert.deepEqual(
          found.map((m) => m.id),
          [ID, ID2],
          source,
        );
        assert.deepEqual(
          found.map((m) => text.slice(m.start, m.end)),
          [ID, ID2],
        );
        assert.equal(found[1]!.start, text.lastIndexOf(ID2), 'the second ID2, after run=');
      }
    });

    it('sees PATTERN_CONTEXT characters of context before an id, and no more', () => {
      const { matcher } = compileIdPatterns(['executionId[^=]*=(?<id>exec_\\d{13}_[a-z0-9]+)']);
      const near = `executionId${'.'.repeat(PATTERN_CONTEXT - 'executionId='.length)}=${ID}`;
      const far = `executionId${'.'.repeat(PATTERN_CONTEXT)}=${ID}`;
      assert.deepEqual(
        matcher.findAll(near).map((m) => m.id),
        [ID],
      );
      assert.deepEqual(matcher.findAll(far), []);
      assert.equal(matcher.matchAt(near, 3)?.id, ID, 'hovering the context finds the id');
    });

    it('sees PATTERN_CONTEXT characters after an id', () => {
      const { matcher, errors } = compileIdPatterns(['(?<id>exec_\\d{13}_[a-z0-9]{8})[^;]*;']);
      assert.deepEqual(errors, []);
      assert.deepEqual(
        matcher.findAll(`${ID}${' '.repeat(PATTERN_CONTEXT - 1)};`).map((m) => m.id),
        [ID],
      );
      assert.deepEqual(matcher.findAll(`${ID}${' '.repeat(PATTERN_CONTEXT + 1)};`), []);
    });

    it("does not let one id's match hide the next one", () => {
      const next = 'exec_1777374504256_abcdefgh';
      const { matcher, errors } = compileIdPatterns(['(?<id>exec_\\d{13}_[a-z0-9]{8})(?: exec_\\d{13}_[a-z0-9]{8})?;']);
      assert.deepEqual(errors, []);
      assert.deepEqual(
        matcher.findAll(`${ID} ${next};`).map((m) => m.id),
        [ID, next],
        'the first match also covers the second id',
      );
    });

    it('never trusts a match that starts where the window cut the text', () => {
      const { matcher, errors } = compileIdPatterns(['(?<![a-z])[a-z]{0,200}(?<id>exec_\\d{13}_[a-z0-9]+)']);
      assert.deepEqual(errors, []);
      const line = `${'a'.repeat(10 * PATTERN_CONTEXT)}${ID}`;
      assert.deepEqual(
        matcher.findAll(line),
        [],
        'the lookbehind would see the start of the window, not the "a" before it',
      );
      assert.equal(matcher.matchAt(line, line.length - 3), undefined);
      assert.deepEqual(
        matcher.findAll(`... abc${ID}`).map((m) => m.id),
        [ID],
      );
    });
  });

  it("documents the window and the budget in the setting's description", () => {
    const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { markdownDescription?: string }> } };
    };
    const description =
      manifest.contributes.configuration.properties['velt.hover.idPatterns']?.markdownDescription ?? '';
    assert.ok(
      description.includes(`${PATTERN_CONTEXT} characters before to ${PATTERN_CONTEXT} characters after`),
      description,
    );
    assert.ok(description.includes(`${SCAN_BUDGET_MS} ms per document`), description);
  });

  describe('cost', () => {
    it("refuses the issue's pattern, so a 1 MB digit line costs what the default does", () => {
      const line = `${'1'.repeat(4_096)}x${ID} `.repeat(250);
      const { matcher } = compileIdPatterns([ISSUE_PATTERN]);
      let found = 0;
      const ms = elapsedMs(() => {
        found = matcher.findAll(line).length;
      });
      assert.equal(found, 0, 'the default pattern wants a word boundary before exec_');
      assert.ok(ms < 200, `took ${ms} ms`);
    });

    it('bounds the worst accepted pattern on a 1 MB line of ids by the scan budget', () => {
      const line = `${ID} `.repeat(Math.ceil(1_048_576 / (ID.length + 1)));
      /zzz/.test(line); // flatten the string now, so only matching is timed
      const { matcher, errors } = compileIdPatterns(['.*x(?<id>exec_\\d{13}_[a-z0-9]+)']);
      assert.deepEqual(errors, []);
      const budget = new ScanBudget();
      let found = -1;
      const ms = elapsedMs(() => {
        found = matcher.findAll(line, 1_000, budget).length;
      });
      assert.equal(found, 0);
      assert.equal(budget.exhausted, true, 'stopped by the budget, not by reaching the end');
      assert.ok(
        ms < 200,
        `took ${ms} ms (budget 30 ms + one window; loose for loaded machines, npm run bench has the figure)`,
      );
      const hoverMs = elapsedMs(() => {
        assert.equal(matcher.matchAt(line, 500_000), undefined);
      });
      // ~2 ms on a quiet machine (npm run bench); loose like the scan above, so a loaded CI machine cannot fail it.
      assert.ok(hoverMs < 200, `a hover took ${hoverMs} ms`);
    });

    it('a spent budget stops the scan and is shared by later calls, after the first 16 candidates', () => {
      let now = 0;
      const budget = new ScanBudget(10, () => now);
      const { matcher } = compileIdPatterns(['run=(?<id>exec_\\d{13}_[a-z0-9]+)']);
      assert.deepEqual(
        matcher.findAll(`run=${ID}`, 10, budget).map((m) => m.id),
        [ID],
      );
      now = 11;
      const line = `run=${ID} `.repeat(40);
      assert.equal(matcher.findAll(line, 100, budget).length, 15, 'the 16 always examined, one of them already used');
      assert.equal(budget.exhausted, true);
      assert.deepEqual(matcher.findAll(`run=${ID}`, 10, budget), []);
    });
  });
});
