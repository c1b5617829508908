// velt.sandbox.definitions: the glob a folder's value gives, and how per-file problems read.
import * as assert from 'node:assert/strict';
import { definitionPattern, problemLines, problemSummary } from '../../../src/sandboxHost/definitionProblems';

describe('sandbox host: velt.sandbox.definitions', () => {
  it('reads a glob inside the folder; empty is off; absolute paths and .. are refused with what to write', () => {
    assert.deepEqual(definitionPattern('workflows/*.json'), { kind: 'glob', glob: 'workflows/*.json' });
    assert.deepEqual(definitionPattern('  defs\\**\\*.json '), { kind: 'glob', glob: 'defs/**/*.json' });
    for (const off of ['', '   ', undefined, null, 3, ['a']]) assert.deepEqual(definitionPattern(off), { kind: 'off' });
    for (const outside of ['/etc/*.json', 'C:/defs/*.json', '../other/*.json', 'defs/../../x.json']) {
      const pattern = definitionPattern(outside);
      assert.equal(pattern.kind, 'invalid', outside);
      assert.match(
        pattern.kind === 'invalid' ? pattern.message : '',
        /inside the workspace folder \(such as "workflows\/\*\.json"\)/,
      );
    }
    assert.deepEqual(
      definitionPattern('a..b/*.json'),
      { kind: 'glob', glob: 'a..b/*.json' },
      'only a .. segment leaves',
    );
  });

  it('one log line per problem with its JSON path, and one summary naming the counts', () => {
    const problems = [
      { file: '/w/defs/a.json', path: '$.nodes[1].config', code: 'too_small', message: 'At least one reviewer' },
      { file: '/w/defs/a.json', path: '$', code: 'missing-breach-edge', message: 'No breach edge' },
      { file: '/w/defs/b.json', path: '$', code: 'invalid-json', message: 'Unexpected end' },
    ];
    assert.deepEqual(
      problemLines(problems, (f) => f.replace('/w/', '')),
      [
        'defs/a.json $.nodes[1].config: too_small: At least one reviewer',
        'defs/a.json $: missing-breach-edge: No breach edge',
        'defs/b.json $: invalid-json: Unexpected end',
      ],
    );
    assert.match(
      problemSummary(problems),
      /^3 problems in 2 sandbox definition files \(velt\.sandbox\.definitions\): a file with problems is not loaded\./,
    );
    assert.match(problemSummary(problems.slice(2)), /^1 problem in 1 sandbox definition file /);
  });
});
