// --definition-file F (repeatable): how the extension hands the sandbox the files its setting matches.
import * as assert from 'node:assert/strict';
import { parseArgs } from '../../../src/sandbox/args';

describe('sandbox CLI: --definition-file', () => {
  it('collects every file in order, alongside --definitions', () => {
    const parsed = parseArgs(['--definition-file', 'a.json', '--definitions', 'defs', '--definition-file=b c.json']);
    assert.ok(parsed.ok);
    assert.deepEqual([parsed.options.definitionsDir, parsed.options.definitionFiles], ['defs', ['a.json', 'b c.json']]);
    assert.equal((parseArgs([]) as { options: { definitionFiles?: string[] } }).options.definitionFiles, undefined);
    assert.equal(parseArgs(['--definition-file']).ok, false);
  });
});
