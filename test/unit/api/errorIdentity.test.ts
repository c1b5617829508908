// The request module is a bundle of its own (dist/api.js) with its own copy of errors.ts: an ApiError it
// throws must still be recognised by isApiError in the extension's bundle.
import * as assert from 'node:assert/strict';
import { ApiError, isApiError } from '../../../src/api/errors';

/** A second, independent copy of errors.ts, as the second bundle has. */
function otherCopy(): typeof import('../../../src/api/errors') {
  const file = require.resolve('../../../src/api/errors');
  const cached = require.cache[file];
  delete require.cache[file];
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a second, fresh copy of the module
    return require(file) as typeof import('../../../src/api/errors');
  } finally {
    if (cached) require.cache[file] = cached;
  }
}

describe('ApiError identity across bundles', () => {
  it('recognises an ApiError made by another copy of the module', () => {
    const copy = otherCopy();
    assert.notEqual(copy.ApiError, ApiError, 'the test needs a distinct class');
    const error = new copy.ApiError('notFound', 'Execution not found.');
    assert.equal(error instanceof ApiError, false);
    assert.equal(isApiError(error), true);
    assert.equal(isApiError(error.withAttempts(2)), true);
  });

  it('recognises no other value', () => {
    for (const value of [
      new Error('x'),
      { kind: 'notFound', name: 'ApiError', message: 'x' },
      null,
      undefined,
      'ApiError',
      0,
    ]) {
      assert.equal(isApiError(value), false, String(value));
    }
  });
});
