import * as assert from 'node:assert/strict';
import { ApiError } from '../../../src/api';
import { notRecordedMessage, writeErrorMessage } from '../../../src/actions/messages';

describe('actions: what a user reads when a write did not go through', () => {
  it('names the next step for each kind of failure', () => {
    const cases: [unknown, RegExp][] = [
      [
        new ApiError('other', 'refused', { status: 'FAILED_PRECONDITION', serverMessage: 'step is completed' }),
        /did not apply it: step is completed\. The step or execution changed meanwhile; refresh it/,
      ],
      [new ApiError('unauthenticated', 'x', { status: 'PERMISSION_DENIED' }), /Pick a declared reviewer/],
      [new ApiError('network', 'Could not reach the API.'), /may or may not have taken effect: refresh the execution/],
      [new ApiError('environmentChanged', 'x'), /nothing was sent/],
      [new ApiError('invalidArgument', 'The API rejected the request as invalid.'), /^The API rejected the request/],
      [new Error('boom'), /^The write failed: boom$/],
    ];
    for (const [error, expected] of cases) assert.match(writeErrorMessage(error), expected);
  });

  it('explains every rejectionReason of recordReviewerDecision', () => {
    assert.match(notRecordedMessage('ann', 'idempotent'), /ann had already decided/);
    assert.match(notRecordedMessage('ann', 'already-terminal'), /already finished/);
    assert.match(notRecordedMessage('ann', 'unknown-responder'), /ann is not a declared reviewer/);
    assert.match(notRecordedMessage('ann', 'aggregator-missing'), /Force Approve or Force Reject/);
    assert.match(notRecordedMessage('ann', 'brand-new'), /not recorded \(brand-new\)/);
    assert.match(notRecordedMessage('ann', null), /no reason given/);
  });
});
