// The id finder behind the hover gate, document links and terminal links: the `velt.hover.idPatterns`
// setting, ids in many surroundings, near misses, hostile text and huge lines.
import { strict as assert } from 'node:assert';
import {
  compileIdPatterns,
  DEFAULT_ID_PATTERNS,
  defaultMatcher,
  idAtOffset,
  IdPatternCache,
  PATTERN_CONTEXT,
  ScanBudget,
  type PatternError,
} from '../../../src/util/idMatcher';

const DOC_ID = 'exec_1777374504255_xzy43k9q';
const AGENT_ID = 'exec_1711900000000_abc123def456';

describe('util/idMatcher', () => {
  describe('compileIdPatterns (velt.hover.idPatterns)', () => {
    it('uses the documented shape when the setting is missing, empty or not an array', () => {
      for (const raw of [undefined, null, [], 'exec_.*', 42, {}]) {
        const { matcher, usingDefault } = compileIdPatterns(raw);
        assert.equal(usingDefault, true, JSON.stringify(raw));
        assert.deepEqual(
          matcher.findAll(`id ${DOC_ID}`).map((m) => m.id),
          [DOC_ID],
        );
      }
    });

    it('treats the default value written out as the default', () => {
      const { usingDefault, errors } = compileIdPatterns([...DEFAULT_ID_PATTERNS]);
      assert.equal(usingDefault, true);
      assert.deepEqual(errors, []);
    });

    it('reports invalid entries and keeps the valid ones', () => {
      const { matcher, errors, usingDefault } = compileIdPatterns([
        'exec_\\d{13}_[a-z0-9]{8}\\b',
        '(unclosed',
        '',
        7,
        'a*',
        'x'.repeat(501),
      ]);
      assert.equal(usingDefault, false);
      assert.equal(matcher.patterns.length, 1);
      assert.equal(errors.length, 5);
      assert.ok(
        errors.some((e) => e.source === '(unclosed' && /Invalid regular expression|Unterminated/i.test(e.reason)),
      );
      assert.ok(errors.some((e) => e.source === 'a*' && e.reason === 'matches the empty string'));
      assert.ok(errors.some((e) => e.source === '7'));
    });

    it('falls back to the default when every entry is invalid', () => {
      const { matcher, errors, usingDefault } = compileIdPatterns(['[', '(?<id>']);
      assert.equal(usingDefault, true);
      assert.equal(errors.length, 2);
      assert.deepEqual(
        matcher.findAll(DOC_ID).map((m) => m.id),
        [DOC_ID],
      );
    });

    it('narrows: an 8-character-suffix pattern skips Velt Agents run ids', () => {
      const { matcher } = compileIdPatterns(['\\bexec_\\d{13}_[a-z0-9]{8}\\b']);
      assert.deepEqual(
        matcher.findAll(`${DOC_ID} ${AGENT_ID}`).map((m) => m.id),
        [DOC_ID],
      );
    });

    it('captures the id from a context with a group named "id"', () => {
      const { matcher } = compileIdPatterns(['run=(?<id>exec_\\d{13}_[a-z0-9]+)']);
      const text = `x run=${DOC_ID} y ${AGENT_ID}`;
      const [match, ...rest] = matcher.findAll(text);
      assert.deepEqual(rest, []);
      assert.equal(match!.id, DOC_ID);
      assert.equal(text.slice(match!.start, match!.end), DOC_ID);
      assert.equal(
        matcher.matchAt(text, text.indexOf('run=') + 1)?.id,
        DOC_ID,
        'the context counts as part of the hover target',
      );
    });

    it('ignores matches that are not well-formed execution ids', () => {
      const { matcher } = compileIdPatterns(['EXEC_\\d+', 'exec_\\d{13}_[A-Za-z0-9]+']);
      assert.deepEqual(matcher.findAll('EXEC_123 exec_1777374504255_ABCDEFGH exec_1777374504255_<script>'), []);
    });

    it('merges several patterns without overlaps, in text order', () => {
      const { matcher } = compileIdPatterns(['\\bexec_\\d{13}_[a-z0-9]{12}\\b', '\\bexec_\\d{13}_[a-z0-9]{4,32}\\b']);
      const found = matcher.findAll(`${AGENT_ID} ${DOC_ID}`).map((m) => m.id);
      assert.deepEqual(found, [AGENT_ID, DOC_ID]);
    });
  });

  describe('IdPatternCache', () => {
    it('compiles each setting value once and reports each invalid pattern once', () => {
      const reported: PatternError[] = [];
      const cache = new IdPatternCache((e) => reported.push(e));
      const first = cache.get(['(bad', 'exec_\\d{13}_[a-z0-9]{8}']);
      assert.equal(cache.get(['(bad', 'exec_\\d{13}_[a-z0-9]{8}']), first);
      cache.get(['(bad']);
      cache.get(['(bad', 'exec_\\d{13}_[a-z0-9]{8}']);
      assert.equal(reported.length, 1);
      assert.equal(reported[0]!.source, '(bad');
    });
  });

  describe('ids in surroundings (default pattern)', () => {
    const matcher = defaultMatcher();
    const contexts: [string, string][] = [
      ['a console URL', `https://console.velt.dev/workflows/executions/${DOC_ID}?tab=events`],
      ['a query parameter', `https://example.com/?executionId=${DOC_ID}&x=1`],
      ['a log line', `2026-04-28T11:08:24Z INFO dispatched executionId=${DOC_ID} correlationId=corr_42`],
      ['JSON', JSON.stringify({ result: { executionId: DOC_ID, status: 'running' } })],
      ['a TypeScript string', `const id = '${DOC_ID}';`],
      ['a template literal', `\`\${base}/${DOC_ID}\``],
      ['a markdown link', `[run](https://x.test/${DOC_ID})`],
      ['a YAML value', `execution_id: ${DOC_ID}`],
      ['a CSV cell', `2026-04-28,${DOC_ID},completed`],
      ['a terminal line with ANSI colours', `\u001b[32m✔\u001b[0m ${DOC_ID} completed`],
      ['a stack trace', `Error: failed for ${DOC_ID}\n    at run (/app/x.js:1:1)`],
    ];
    for (const [label, text] of contexts) {
      it(`finds the id in ${label}, with its exact offsets`, () => {
        const found = matcher.findAll(text);
        assert.equal(found.length, 1);
        assert.equal(found[0]!.id, DOC_ID);
        assert.equal(text.slice(found[0]!.start, found[0]!.end), DOC_ID);
      });
    }

    const nearMisses: [string, string][] = [
      ['glued prefix', `x${DOC_ID}`],
      ['snake_case prefix', `my_${DOC_ID}`],
      ['glued suffix', `${DOC_ID}_retry`],
      ['upper-case suffix', 'exec_1777374504255_XZY43K9Q'],
      ['12-digit timestamp', 'exec_177737450425_xzy43k9q'],
      ['14-digit timestamp', 'exec_17773745042555_xzy43k9q'],
      ['short suffix', 'exec_1777374504255_abc'],
      ['long suffix', `exec_1777374504255_${'a'.repeat(33)}`],
      ['dashes', 'exec-1777374504255-xzy43k9q'],
      ['step id', 'step_manager-approval_1777374504255_lwofay'],
      ['event id', 'evt_1777374504255_abcdefgh'],
      ['fullwidth digits', 'exec_１７７７３７４５０４２５５_xzy43k9q'],
    ];
    for (const [label, text] of nearMisses) {
      it(`does not match a near miss: ${label}`, () => {
        assert.deepEqual(matcher.findAll(text), []);
        assert.equal(matcher.matchAt(text, 8), undefined);
      });
    }

    it('treats hostile text around an id as text and finds only the id', () => {
      const text = `<img src=x onerror=alert(1)>[x](command:workbench.action.quit) ${DOC_ID}\u202e ${'\u0000'}$(zap)`;
      assert.deepEqual(
        matcher.findAll(text).map((m) => m.id),
        [DOC_ID],
      );
    });
  });

  describe('matchAt (the hover gate on a window of the line)', () => {
    const matcher = defaultMatcher();
    const line = `log: executionId=${DOC_ID} done`;
    const start = line.indexOf(DOC_ID);

    it('matches at the first character, inside and just after the id', () => {
      for (const offset of [start, start + 10, start + DOC_ID.length]) {
        assert.equal(matcher.matchAt(line, offset)?.id, DOC_ID, String(offset));
      }
    });

    it('does not match beside the id', () => {
      assert.equal(matcher.matchAt(line, start - 2), undefined);
      assert.equal(matcher.matchAt(line, start + DOC_ID.length + 2), undefined);
    });

    it('answers fast on a 5 MB single line, reading only a window around the cursor', () => {
      const huge = `${'{"k":"v",'.repeat(300_000)}"executionId":"${DOC_ID}",${'x'.repeat(2_000_000)}`;
      assert.ok(huge.length > 5 * 1024 * 1024 - 1_000_000);
      const cursor = huge.indexOf(DOC_ID) + 4;
      const started = process.hrtime.bigint();
      const match = matcher.matchAt(huge, cursor);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      assert.equal(match?.id, DOC_ID);
      assert.ok(ms < 20, `took ${ms} ms`);
    });
  });

  describe('idAtOffset (what the hover provider runs on the line)', () => {
    const matcher = defaultMatcher();

    it('returns offsets in the whole line, on short and long lines', () => {
      for (const line of [`a ${DOC_ID} b`, `${'x '.repeat(30_000)}${DOC_ID} ${'y'.repeat(30_000)}`]) {
        const start = line.indexOf(DOC_ID);
        const match = idAtOffset(line, start + 3, matcher);
        assert.deepEqual(match, { id: DOC_ID, start, end: start + DOC_ID.length });
      }
    });

    it('does not half-match an id glued to text cut off by the window', () => {
      const line = `${'q'.repeat(PATTERN_CONTEXT * 3)}${DOC_ID}`;
      assert.equal(idAtOffset(line, line.length - 3, matcher), undefined);
    });

    it('costs the same on a 5 MB line as on a short one', () => {
      const huge = `${'x'.repeat(5 * 1024 * 1024)} ${DOC_ID} tail`;
      const cursor = huge.indexOf(DOC_ID) + 2;
      const started = process.hrtime.bigint();
      for (let i = 0; i < 1_000; i++) assert.equal(idAtOffset(huge, cursor, matcher)?.id, DOC_ID);
      for (let i = 0; i < 1_000; i++) assert.equal(idAtOffset(huge, 1_000 + i, matcher), undefined);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      assert.ok(ms < 500, `2000 lookups took ${ms} ms`);
    });
  });

  describe('findAll on huge text', () => {
    it('scans a 5 MB single line in well under a second and caps the matches', () => {
      const huge = `${DOC_ID} `.repeat(200_000);
      assert.ok(huge.length > 5 * 1024 * 1024);
      const started = process.hrtime.bigint();
      const found = defaultMatcher().findAll(huge, 1_000, new ScanBudget(5_000)); // the cap, not the time budget, stops it
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      assert.equal(found.length, 1_000);
      assert.ok(ms < 1_000, `took ${ms} ms`);
    });

    it('stays fast on pathological near-matches', () => {
      const text = `exec_${'1'.repeat(1_000_000)}_abcd exec_1777374504255_${'a'.repeat(1_000_000)}`;
      const started = process.hrtime.bigint();
      assert.deepEqual(defaultMatcher().findAll(text), []);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      assert.ok(ms < 1_000, `took ${ms} ms`);
    });
  });
});
