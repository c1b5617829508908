// Set Credentials says why a check failed, in one message, with the actions that fit.
import { strict as assert } from 'node:assert';
import { ApiError } from '../../../src/api';
import { describeCheckFailure } from '../../../src/auth/credentialCheck';

describe('credential check failures', () => {
  it('a rejected pair: one error, Try Again asks again with the typed values', () => {
    const failure = describeCheckFailure('Staging', new ApiError('unauthenticated', 'The API key was rejected.'));
    assert.equal(failure.outcome, 'rejected');
    assert.match(failure.message, /^Staging rejected the API key or auth token\. Nothing was saved/);
    assert.deepEqual(failure.actions, ['Try Again']);
    assert.equal(failure.retryAsks, true);
    assert.equal(failure.expected, true);
  });

  it('an unreachable host: the reason from the request module, Try Again checks the same pair, or Save Anyway', () => {
    for (const reason of ['host not found — are you offline?', 'connection refused', 'connection timed out']) {
      const failure = describeCheckFailure(
        'Staging',
        new ApiError('network', `Could not reach the Velt API (${reason}). Check your connection.`),
      );
      assert.equal(failure.outcome, 'unreachable');
      assert.ok(failure.message.startsWith('Could not check the credentials with Staging: '), failure.message);
      assert.ok(failure.message.includes(reason), failure.message);
      assert.deepEqual(failure.actions, ['Try Again', 'Save Anyway']);
      assert.equal(failure.retryAsks, false);
      assert.equal(failure.expected, true, 'logged without a stack');
    }
    const timeout = describeCheckFailure('Staging', new ApiError('timeout', 'The Velt API did not answer within 10s.'));
    assert.match(timeout.message, /did not answer within 10s/);
  });

  it('an insecure URL cannot be retried; a surprise is unexpected (logged with its stack)', () => {
    const insecure = describeCheckFailure('Staging', new ApiError('insecureUrl', 'Use https.'));
    assert.deepEqual([insecure.outcome, insecure.actions, insecure.message], ['rejected', [], 'Use https.']);
    const surprise = describeCheckFailure('Staging', new TypeError('boom'));
    assert.equal(surprise.expected, false);
    assert.doesNotMatch(surprise.message, /boom/);
  });
});
