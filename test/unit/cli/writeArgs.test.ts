// Command lines of the six write verbs: every form of the issue parses to the request it names, and every
// mistake is one UsageError (exit 2) before anything could be sent; bad JSON names its position.
import { strict as assert } from 'node:assert';
import { parseArgs, UsageError, helpText } from '../../../src/cli/args';
import { WRITE_COMMANDS } from '../../../src/cli/writeArgs';
import { lineAndColumn, parseJsonObject, syntaxErrorOffset } from '../../../src/cli/jsonArgument';
import { RESOLVE_ACTIONS } from '../../../src/api';

const EXEC = 'exec_1793664000394_w4it30mn';
const STEP = 'step_agent-summarize_1793664000394_abc__to__human-legal';
const SECRET = 'whsec_0123456789abcdef';

function usage(argv: string[], message: RegExp): UsageError {
  try {
    parseArgs(argv);
  } catch (error) {
    assert.ok(error instanceof UsageError, `expected a UsageError, got ${String(error)}`);
    assert.match(error.message, message);
    assert.ok(!error.message.includes('\n'), 'one line');
    return error;
  }
  assert.fail(`expected a usage error for ${argv.join(' ')}`);
}

describe('cli write verbs: arguments', () => {
  describe('the forms of the issue', () => {
    it('dispatch with every option', () => {
      assert.deepEqual(
        parseArgs([
          'dispatch',
          'invoice-approval',
          '--input',
          '{"amount": 12000, "tags": ["q3"]}',
          '--idempotency-key',
          'inv-42:retry.1',
          '--correlation-id=corr_42',
          '--webhook-url',
          'https://hooks.acme.example/velt',
          '--webhook-secret',
          SECRET,
          '--yes',
          '--verbose',
        ]),
        {
          command: 'dispatch',
          verbose: true,
          yes: true,
          definitionId: 'invoice-approval',
          triggerContext: { amount: 12000, tags: ['q3'] },
          inputFile: undefined,
          idempotencyKey: 'inv-42:retry.1',
          correlationId: 'corr_42',
          webhook: { url: 'https://hooks.acme.example/velt', secret: SECRET },
        },
      );
    });

    it('dispatch with only the definition, and with --input-file', () => {
      assert.deepEqual(parseArgs(['dispatch', 'doc-signoff']), {
        command: 'dispatch',
        verbose: false,
        yes: false,
        definitionId: 'doc-signoff',
        triggerContext: undefined,
        inputFile: undefined,
        idempotencyKey: undefined,
        correlationId: undefined,
        webhook: undefined,
      });
      const parsed = parseArgs(['dispatch', 'doc-signoff', '--input-file', './ctx.json']);
      assert.equal(parsed.command === 'dispatch' && parsed.inputFile, './ctx.json');
    });

    it('cancel', () => {
      assert.deepEqual(parseArgs(['cancel', EXEC, '--reason', 'wrong customer', '--yes']), {
        command: 'cancel',
        verbose: false,
        yes: true,
        executionId: EXEC,
        reason: 'wrong customer',
      });
      assert.deepEqual(parseArgs(['cancel', EXEC]), {
        command: 'cancel',
        verbose: false,
        yes: false,
        executionId: EXEC,
        reason: undefined,
      });
    });

    for (const verb of ['approve', 'reject'] as const) {
      it(verb, () => {
        assert.deepEqual(parseArgs([verb, EXEC, STEP, '--reviewer', 'u_legal_ng', '--reason', 'looks fine']), {
          command: verb,
          verbose: false,
          yes: false,
          executionId: EXEC,
          stepId: STEP,
          reviewerId: 'u_legal_ng',
          reason: 'looks fine',
        });
      });
    }

    it('resolve with every action', () => {
      for (const action of RESOLVE_ACTIONS) {
        assert.deepEqual(
          parseArgs(['resolve', EXEC, STEP, '--action', action, '--actor', 'ops@acme.example', '--output', '{"x":1}']),
          {
            command: 'resolve',
            verbose: false,
            yes: false,
            executionId: EXEC,
            stepId: STEP,
            action,
            actorId: 'ops@acme.example',
            output: { x: 1 },
            reason: undefined,
          },
        );
      }
    });

    it('cancel-step', () => {
      assert.deepEqual(parseArgs(['cancel-step', EXEC, STEP, '--actor', 'ops', '--reason', 'stuck', '--yes']), {
        command: 'cancel-step',
        verbose: false,
        yes: true,
        executionId: EXEC,
        stepId: STEP,
        actorId: 'ops',
        reason: 'stuck',
      });
    });

    it('--help after each verb shows its usage, and the main help lists them', () => {
      for (const verb of WRITE_COMMANDS) {
        assert.deepEqual(parseArgs([verb, '--help']), { command: 'help', topic: verb });
        assert.match(helpText(verb), new RegExp(`^Usage: velt-executions ${verb} `));
        assert.match(helpText(undefined), new RegExp(`\\b${verb}\\b`));
      }
      assert.match(helpText(undefined), /10 a write the API did not record/);
    });
  });

  describe('mistakes (exit 2)', () => {
    const cases: [string, string[], RegExp][] = [
      ['dispatch without a definition', ['dispatch'], /missing definition ID: velt-executions dispatch <definitionId>/],
      ['a malformed definition id', ['dispatch', 'Invoice Approval'], /is not a definition ID/],
      ['two definitions', ['dispatch', 'doc-signoff', 'invoice-approval'], /unexpected argument "invoice-approval"/],
      ['--input and --input-file', ['dispatch', 'doc-signoff', '--input', '{}', '--input-file', 'x'], /not both/],
      [
        '--input that is an array',
        ['dispatch', 'doc-signoff', '--input', '[1]'],
        /--input must be a JSON object.*an array/,
      ],
      ['--input that is a string', ['dispatch', 'doc-signoff', '--input', '"x"'], /got a string/],
      ['--input null', ['dispatch', 'doc-signoff', '--input', 'null'], /got null/],
      ['a bad idempotency key', ['dispatch', 'doc-signoff', '--idempotency-key', 'a b'], /--idempotency-key must be/],
      ['a 201-character key', ['dispatch', 'doc-signoff', '--idempotency-key', 'k'.repeat(201)], /--idempotency-key/],
      ['a bad correlation id', ['dispatch', 'doc-signoff', '--correlation-id', 'ä'], /--correlation-id must be/],
      [
        '--webhook-url without a secret',
        ['dispatch', 'doc-signoff', '--webhook-url', 'https://h.example'],
        /--webhook-url needs --webhook-secret/,
      ],
      [
        '--webhook-secret without a url',
        ['dispatch', 'doc-signoff', '--webhook-secret', SECRET],
        /--webhook-secret needs --webhook-url/,
      ],
      [
        'a plain-http webhook elsewhere',
        ['dispatch', 'doc-signoff', '--webhook-url', 'http://h.example', '--webhook-secret', SECRET],
        /must use https/,
      ],
      [
        'a short webhook secret',
        ['dispatch', 'doc-signoff', '--webhook-url', 'https://h.example', '--webhook-secret', 'short'],
        /--webhook-secret must be 16-512 characters/,
      ],
      ['cancel without an id', ['cancel'], /missing execution ID/],
      ['cancel with a bad id', ['cancel', 'exec_1'], /Not an execution ID/],
      ['cancel with a long reason', ['cancel', EXEC, '--reason', 'r'.repeat(501)], /at most 500 characters; got 501/],
      ['approve without a step', ['approve', EXEC, '--reviewer', 'u'], /missing step ID/],
      ['approve without a reviewer', ['approve', EXEC, STEP], /missing --reviewer/],
      ['reject with an empty reviewer', ['reject', EXEC, STEP, '--reviewer', ' '], /--reviewer must be 1-256/],
      [
        'approve with a third positional',
        ['approve', EXEC, STEP, 'extra', '--reviewer', 'u'],
        /unexpected argument "extra"/,
      ],
      ['a reason past 2000', ['approve', EXEC, STEP, '--reviewer', 'u', '--reason', 'r'.repeat(2001)], /at most 2000/],
      ['a step id with a newline', ['approve', EXEC, 'a\nb', '--reviewer', 'u'], /is not a step ID/],
      ['resolve without --action', ['resolve', EXEC, STEP, '--actor', 'ops'], /missing --action: one of force-approve/],
      [
        'resolve with an unknown action',
        ['resolve', EXEC, STEP, '--action', 'approve', '--actor', 'ops'],
        /--action must be one of/,
      ],
      ['resolve without --actor', ['resolve', EXEC, STEP, '--action', 'force-fail'], /missing --actor/],
      [
        'resolve --output that is not an object',
        ['resolve', EXEC, STEP, '--action', 'force-fail', '--actor', 'o', '--output', '42'],
        /--output must be a JSON object.*got a number/,
      ],
      ['cancel-step without --actor', ['cancel-step', EXEC, STEP], /missing --actor/],
      ['--yes with a value', ['cancel', EXEC, '--yes=no'], /--yes takes no value/],
      ['a flag of another verb', ['cancel', EXEC, '--actor', 'x'], /unknown option "--actor" for "cancel"/],
      ['--reviewer on resolve', ['resolve', EXEC, STEP, '--reviewer', 'u'], /unknown option "--reviewer"/],
    ];
    for (const [label, argv, message] of cases) {
      it(`refuses ${label}`, () => {
        const error = usage(argv, message);
        assert.equal(error.command, argv[0]);
      });
    }

    it('never quotes the webhook secret back', () => {
      const secret = 'tooshort-secret';
      const error = usage(
        ['dispatch', 'doc-signoff', '--webhook-url', 'https://h.example', '--webhook-secret', secret],
        /--webhook-secret/,
      );
      assert.ok(!error.message.includes(secret));
    });
  });

  describe('bad JSON names its position', () => {
    const cases: [string, string, number, number, number][] = [
      // text, source, line, column, offset
      ['a trailing comma', '{"a": 1,}', 1, 9, 8],
      ['a half-typed literal', '{"a": tru}', 1, 10, 9],
      ['a missing quote on a key', '{a: 1}', 1, 2, 1],
      ['a missing comma', '{"a": 1 "b": 2}', 1, 9, 8],
      ['single quotes', "{'a': 1}", 1, 2, 1],
      ['an unclosed object', '{"a": 1', 1, 8, 7],
      ['an empty input', '', 1, 1, 0],
      ['junk after the object', '{} x', 1, 4, 3],
      // The first character that cannot be right: "n" could start null, "o" cannot follow it.
      ['a mistake on line 3', '{\n  "a": 1,\n  "b": nope\n}', 3, 9, 20],
      ['a bad escape', '{"a": "\\q"}', 1, 9, 8],
      ['a raw newline in a string', '{"a": "x\ny"}', 1, 9, 8],
      ['a leading zero', '{"a": 01}', 1, 8, 7],
      ['a lone minus', '{"a": -}', 1, 8, 7],
    ];
    for (const [label, text, line, column, offset] of cases) {
      it(`${label}: line ${line}, column ${column}`, () => {
        assert.throws(
          () => parseJsonObject(text, '--input', 'dispatch'),
          (error: unknown) => {
            assert.ok(error instanceof UsageError);
            assert.match(
              error.message,
              new RegExp(`^--input is not valid JSON: .+ at line ${line}, column ${column} \\(offset ${offset}\\)`),
            );
            assert.ok(!error.message.includes('\n'), 'one line');
            assert.ok(!/is not valid JSON at|\.\.\."/.test(error.message), "the engine's echo of the input is cut");
            return true;
          },
        );
      });
    }

    it('the scanner agrees with JSON.parse on valid documents, including deep nesting', () => {
      const valid = [
        '{}',
        '{"a":[1,-2.5e+3,true,false,null,"\\u00e9\\n",{"b":[]}]}',
        ' \n{ "a" : { } } \n',
        '[[[[[]]]]]',
        '"x"',
        '0',
        '-0.1E-2',
        `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      ];
      for (const text of valid) assert.equal(syntaxErrorOffset(text), undefined, text.slice(0, 40));
    });

    it('counts lines and columns from 1', () => {
      assert.deepEqual(lineAndColumn('ab\ncd', 0), { line: 1, column: 1 });
      assert.deepEqual(lineAndColumn('ab\ncd', 4), { line: 2, column: 2 });
    });

    it('--output on resolve is parsed with the same rules', () => {
      usage(
        ['resolve', EXEC, STEP, '--action', 'force-complete', '--actor', 'o', '--output', '{"ok": yes}'],
        /^--output is not valid JSON: .* at line 1, column 8 \(offset 7\)/,
      );
    });
  });
});
