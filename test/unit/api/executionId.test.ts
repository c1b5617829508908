// Execution ids: exact validation for typed ids, bounded extraction from free text.
import { strict as assert } from 'node:assert';
import {
  EXECUTION_ID_IN_TEXT,
  extractExecutionId,
  findExecutionIds,
  isExecutionId,
  parseExecutionId,
} from '../../../src/api/executionId';

const DOC_ID = 'exec_1777374504255_xzy43k9q';
const AGENT_ID = 'exec_1711900000000_abc123def456';

describe('api/executionId', () => {
  describe('parseExecutionId / isExecutionId', () => {
    for (const id of [
      DOC_ID,
      AGENT_ID,
      'exec_0000000000000_abcd',
      `exec_1777374504255_${'a'.repeat(32)}`,
      'exec_1777374504255_00000000',
    ]) {
      it(`accepts ${id}`, () => {
        assert.equal(isExecutionId(id), true);
        const parsed = parseExecutionId(id);
        assert.ok(parsed.ok);
        assert.equal(parsed.executionId, id);
        assert.equal(parsed.startedAt, Number(id.slice(5, 18)));
      });
    }

    it('trims surrounding whitespace of a typed id', () => {
      const parsed = parseExecutionId(`  ${DOC_ID}\n`);
      assert.ok(parsed.ok);
      assert.equal(parsed.executionId, DOC_ID);
    });

    it('reads the 13-digit timestamp as epoch ms', () => {
      const parsed = parseExecutionId(DOC_ID);
      assert.ok(parsed.ok);
      assert.equal(new Date(parsed.startedAt).toISOString(), '2026-04-28T11:08:24.255Z');
    });

    const nearMisses: [string, string][] = [
      ['empty', ''],
      ['blank', '   '],
      ['upper-case prefix', 'EXEC_1777374504255_xzy43k9q'],
      ['upper-case suffix', 'exec_1777374504255_XZY43K9Q'],
      ['12-digit timestamp', 'exec_177737450425_xzy43k9q'],
      ['14-digit timestamp', 'exec_17773745042555_xzy43k9q'],
      ['suffix too short', 'exec_1777374504255_abc'],
      ['suffix too long', `exec_1777374504255_${'a'.repeat(33)}`],
      ['missing underscore', 'exec_1777374504255xzy43k9q'],
      ['dash instead of underscore', 'exec-1777374504255-xzy43k9q'],
      ['trailing underscore', 'exec_1777374504255_xzy43k9q_'],
      ['trailing junk', 'exec_1777374504255_xzy43k9q!'],
      ['leading junk', 'xexec_1777374504255_xzy43k9q'],
      ['inner space', 'exec_1777374504255_xzy4 3k9q'],
      ['unicode digits', 'exec_١٧٧٧٣٧٤٥٠٤٢٥٥_xzy43k9q'],
      ['fullwidth letters', 'exec_1777374504255_ｘｚｙ43k9q'],
      ['embedded newline', 'exec_1777374504255_xzy43k9q\nexec_1777374504255_xzy43k9q'],
      ['step id', 'step_manager-approval_1777374504255_lwofay'],
      ['url', `https://console.velt.dev/executions/${DOC_ID}`],
    ];
    for (const [label, input] of nearMisses) {
      it(`rejects a near miss: ${label}`, () => {
        assert.equal(isExecutionId(input.trim()), false);
        const parsed = parseExecutionId(input);
        assert.equal(parsed.ok, false);
        if (!parsed.ok) assert.ok(parsed.reason.length > 0);
      });
    }

    it('rejects hostile strings without throwing', () => {
      for (const input of [
        'exec_',
        '\u0000exec_1777374504255_xzy43k9q',
        '<script>alert(1)</script>',
        '${process.env.VELT_API_KEY}',
        '../../etc/passwd',
        'exec_1777374504255_xzy43k9q; rm -rf /',
        '\u202eexec_1777374504255_xzy43k9q',
        '"exec_1777374504255_xzy43k9q"',
      ]) {
        assert.equal(parseExecutionId(input).ok, false, JSON.stringify(input));
      }
    });

    it('rejects a 5 MB single line quickly', () => {
      const huge = `exec_1777374504255_${'a'.repeat(5 * 1024 * 1024)}`;
      const started = process.hrtime.bigint();
      assert.equal(parseExecutionId(huge).ok, false);
      assert.equal(isExecutionId(huge), false);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      assert.ok(ms < 200, `took ${ms} ms`);
    });
  });

  describe('findExecutionIds / extractExecutionId', () => {
    const contexts: [string, string][] = [
      ['a URL path', `https://console.velt.dev/workflows/executions/${DOC_ID}?tab=events`],
      ['a query parameter', `https://example.com/?executionId=${DOC_ID}&x=1`],
      ['a log line', `2026-04-28T11:08:24Z INFO dispatched executionId=${DOC_ID} correlationId=corr_42`],
      ['JSON', JSON.stringify({ result: { executionId: DOC_ID, status: 'running' } })],
      ['quotes', `'${DOC_ID}'`],
      ['parentheses', `(see ${DOC_ID}).`],
      ['a markdown link', `[run](https://x.test/${DOC_ID})`],
      ['after a newline', `first line\n${DOC_ID}\n`],
      ['after a slash and before a hash', `/e/${DOC_ID}#steps`],
    ];
    for (const [label, text] of contexts) {
      it(`finds the id inside ${label}`, () => {
        assert.deepEqual(findExecutionIds(text), [DOC_ID]);
        assert.equal(extractExecutionId(text), DOC_ID);
      });
    }

    it('finds several distinct ids in order, each once', () => {
      const text = `${DOC_ID} then ${AGENT_ID} then ${DOC_ID} again`;
      assert.deepEqual(findExecutionIds(text), [DOC_ID, AGENT_ID]);
    });

    it('does not half-match ids glued to other identifiers', () => {
      for (const text of [
        `x${DOC_ID}`,
        `${DOC_ID}_more`,
        `${DOC_ID}X`,
        `my_${DOC_ID}`,
        `${DOC_ID}9${'a'.repeat(40)}`,
        `exec_1777374504255_XYZABCDE`,
      ]) {
        assert.deepEqual(findExecutionIds(text), [], text);
      }
      assert.equal(extractExecutionId('nothing to see here'), null);
    });

    it('is not affected by the global pattern state between calls', () => {
      EXECUTION_ID_IN_TEXT.lastIndex = 5;
      assert.deepEqual(findExecutionIds(DOC_ID), [DOC_ID]);
      assert.deepEqual(findExecutionIds(DOC_ID, /exec_\d{13}_[a-z0-9]{8}/), [DOC_ID]);
    });

    it('scans a 5 MB single line fast, and only its beginning', () => {
      const early = `prefix ${DOC_ID} `;
      const huge = early + 'exec_1777374504255_'.repeat(280_000) + ` ${AGENT_ID}`;
      assert.ok(huge.length > 5 * 1024 * 1024);
      const started = process.hrtime.bigint();
      const found = findExecutionIds(huge);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      assert.deepEqual(found, [DOC_ID], 'an id far past the scan limit is not looked for');
      assert.ok(ms < 300, `took ${ms} ms`);
    });

    it('stays fast on pathological near-matches', () => {
      const text = `exec_${'1'.repeat(5 * 1024 * 1024)}`;
      const started = process.hrtime.bigint();
      assert.deepEqual(findExecutionIds(text), []);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      assert.ok(ms < 300, `took ${ms} ms`);
    });

    it('never returns a truncated id cut by the scan limit', () => {
      // An id that straddles the 100 000-character scan boundary must not come back shortened.
      const padding = `${'x'.repeat(100_000 - 19 - 6 - 1)} `; // the id starts 25 characters before the limit
      const text = `${padding}${AGENT_ID} tail`;
      for (const id of findExecutionIds(text)) {
        assert.ok(isExecutionId(id));
        assert.ok(text.includes(id));
        assert.equal(id, AGENT_ID, `found a truncated id ${id}`);
      }
    });
  });
});
