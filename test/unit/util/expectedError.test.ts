// Expected failures are logged without a stack (src/log.ts describeError uses this); bugs keep theirs.
import * as assert from 'node:assert/strict';
import { ApiError } from '../../../src/api/errors';
import { isExpectedError } from '../../../src/util/expectedError';

const withCode = (code: string): Error => Object.assign(new Error(`${code}: failed`), { code });

describe('isExpectedError', () => {
  it('counts API errors and file-system errors a user can act on as expected', () => {
    assert.equal(isExpectedError(new ApiError('rateLimited', 'Rate limited')), true);
    for (const code of ['EACCES', 'ENOSPC', 'EROFS', 'EPERM', 'ENOENT'])
      assert.equal(isExpectedError(withCode(code)), true, code);
    // vscode.FileSystemError carries its kind as `code`.
    assert.equal(isExpectedError(withCode('NoPermissions')), true);
  });

  it('keeps programming errors and unknown codes unexpected', () => {
    assert.equal(isExpectedError(new TypeError('x is undefined')), false);
    assert.equal(isExpectedError(withCode('ERR_INVALID_ARG_TYPE')), false);
    assert.equal(isExpectedError('a string'), false);
    assert.equal(isExpectedError({ code: 'EACCES' }), false);
  });
});
