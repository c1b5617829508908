// error.status (and the HTTP fallback) → ApiError kind; messages are one line and carry no secrets.
import { strict as assert } from 'node:assert';
import {
  ApiError,
  errorFromHttpStatus,
  errorFromStatus,
  invalidResponse,
  isApiError,
  isCredentialsError,
  rateLimitedMessage,
  type ApiErrorKind,
} from '../../../src/api/errors';

/** Every ApiErrorKind, in the union's order. */
const ALL_KINDS: ApiErrorKind[] = [
  'invalidArgument',
  'unauthenticated',
  'missingCredentials',
  'credentialsOriginMismatch',
  'environmentChanged',
  'notFound',
  'rateLimited',
  'deadlineExceeded',
  'unavailable',
  'network',
  'timeout',
  'invalidResponse',
  'pagingStalled',
  'insecureUrl',
  'cancelled',
  'other',
];

const SECRET_KEY = 'ak_live_SECRETKEY123';
const SECRET_TOKEN = 'at_SECRETTOKEN456';

describe('api/errors', () => {
  describe('errorFromStatus', () => {
    const table: [string, number, ApiErrorKind, boolean][] = [
      ['INVALID_ARGUMENT', 400, 'invalidArgument', false],
      ['PERMISSION_DENIED', 403, 'unauthenticated', false],
      ['UNAUTHENTICATED', 401, 'unauthenticated', false],
      ['NOT_FOUND', 404, 'notFound', false],
      ['RESOURCE_EXHAUSTED', 429, 'rateLimited', true],
      ['DEADLINE_EXCEEDED', 504, 'deadlineExceeded', true],
      ['UNAVAILABLE', 503, 'unavailable', true],
      ['INTERNAL', 500, 'unavailable', true],
      ['UNKNOWN', 500, 'unavailable', true],
      ['ALREADY_EXISTS', 409, 'other', false],
      ['FAILED_PRECONDITION', 400, 'other', false],
      ['SOMETHING_NEW', 418, 'other', false],
    ];
    for (const [status, http, kind, retryable] of table) {
      it(`${status} → ${kind}${retryable ? ' (retryable)' : ''}`, () => {
        const error = errorFromStatus(status, http, 'server says hi');
        assert.ok(isApiError(error));
        assert.equal(error.kind, kind);
        assert.equal(error.retryable, retryable);
        assert.equal(error.httpStatus, http);
        assert.ok(error.message.length > 10);
        assert.ok(!error.message.includes('\n'));
      });
    }

    it('keys on error.status, not on the HTTP code', () => {
      assert.equal(errorFromStatus('NOT_FOUND', 200, '').kind, 'notFound');
      assert.equal(errorFromStatus('RESOURCE_EXHAUSTED', 400, '').kind, 'rateLimited');
      assert.equal(errorFromStatus('INVALID_ARGUMENT', 500, 'x').kind, 'invalidArgument');
    });

    it('falls back to the HTTP code for an unknown status', () => {
      assert.equal(errorFromStatus('WEIRD', 404, '').kind, 'notFound');
      assert.equal(errorFromStatus('WEIRD', 503, '').kind, 'unavailable');
      assert.equal(errorFromStatus('WEIRD', 429, '').kind, 'rateLimited');
      const other = errorFromStatus('WEIRD', 418, 'teapot');
      assert.equal(other.kind, 'other');
      assert.match(other.message, /WEIRD/);
    });

    it('keeps the server message and Retry-After for rate limiting', () => {
      const error = errorFromStatus('RESOURCE_EXHAUSTED', 429, 'quota', 2_500);
      assert.equal(error.retryAfterMs, 2_500);
      assert.equal(error.serverMessage, 'quota');
      assert.match(error.message, /Wait 3 s/);
    });

    it('puts the server message of INVALID_ARGUMENT on one line, capped in length', () => {
      const error = errorFromStatus('INVALID_ARGUMENT', 400, `line one\nline two\t${'x'.repeat(1_000)}`);
      assert.ok(!error.message.includes('\n'));
      assert.ok(error.message.length < 400, `message is ${error.message.length} chars`);
      assert.match(error.message, /line one line two/);
    });

    it('does not invent secrets: no message mentions a credential it was not given', () => {
      for (const status of [
        'INVALID_ARGUMENT',
        'PERMISSION_DENIED',
        'NOT_FOUND',
        'RESOURCE_EXHAUSTED',
        'DEADLINE_EXCEEDED',
        'UNAVAILABLE',
        'X',
      ]) {
        const error = errorFromStatus(status, 400, 'plain message');
        assert.ok(!error.message.includes(SECRET_KEY) && !error.message.includes(SECRET_TOKEN));
      }
      // The unauthenticated message says what to do, without echoing anything from the server.
      const auth = errorFromStatus('PERMISSION_DENIED', 403, `token ${SECRET_TOKEN} is not registered`);
      assert.ok(!auth.message.includes(SECRET_TOKEN));
      const notFound = errorFromStatus('NOT_FOUND', 404, `key ${SECRET_KEY}`);
      assert.ok(!notFound.message.includes(SECRET_KEY));
    });
  });

  describe('errorFromHttpStatus', () => {
    const table: [number, ApiErrorKind][] = [
      [400, 'other'],
      [401, 'unauthenticated'],
      [403, 'unauthenticated'],
      [404, 'notFound'],
      [408, 'other'],
      [429, 'rateLimited'],
      [500, 'unavailable'],
      [502, 'unavailable'],
      [503, 'unavailable'],
      [504, 'deadlineExceeded'],
    ];
    for (const [http, kind] of table) {
      it(`HTTP ${http} → ${kind}`, () => {
        const error = errorFromHttpStatus(http, '');
        assert.equal(error.kind, kind);
        assert.equal(error.httpStatus, http);
      });
    }

    it('keeps Retry-After on 429 and 503', () => {
      assert.equal(errorFromHttpStatus(429, '', 1_000).retryAfterMs, 1_000);
      assert.equal(errorFromHttpStatus(503, '', 4_000).retryAfterMs, 4_000);
    });

    it('says "no message" when a refused request had none', () => {
      assert.match(errorFromHttpStatus(400, '').message, /HTTP 400.*no message/);
    });
  });

  describe('ApiError', () => {
    it('withAttempts keeps every field', () => {
      const original = new ApiError('rateLimited', 'm', {
        status: 'RESOURCE_EXHAUSTED',
        httpStatus: 429,
        retryAfterMs: 5,
        serverMessage: 's',
        field: 'f',
      });
      const copy = original.withAttempts(3);
      assert.equal(copy.attempts, 3);
      assert.equal(copy.kind, 'rateLimited');
      assert.equal(copy.status, 'RESOURCE_EXHAUSTED');
      assert.equal(copy.httpStatus, 429);
      assert.equal(copy.retryAfterMs, 5);
      assert.equal(copy.serverMessage, 's');
      assert.equal(copy.field, 'f');
      assert.equal(copy.message, 'm');
      assert.equal(original.attempts, undefined, 'the original is unchanged');
    });

    it('is retryable only for rate limits, unavailability, deadlines and network errors', () => {
      const retryable = ALL_KINDS.filter((kind) => new ApiError(kind, 'x').retryable);
      assert.deepEqual(retryable, ['rateLimited', 'deadlineExceeded', 'unavailable', 'network']);
    });

    it('is an Error named ApiError; isApiError rejects look-alikes', () => {
      const error = new ApiError('other', 'x');
      assert.ok(error instanceof Error);
      assert.equal(error.name, 'ApiError');
      assert.equal(isApiError({ kind: 'other', message: 'x' }), false);
      assert.equal(isApiError(new Error('x')), false);
    });

    it('isCredentialsError: missing, rejected and other-host credentials only, and only on an ApiError', () => {
      assert.deepEqual(
        ALL_KINDS.filter((kind) => isCredentialsError(new ApiError(kind, 'x'))),
        ['unauthenticated', 'missingCredentials', 'credentialsOriginMismatch'],
      );
      assert.equal(isCredentialsError({ kind: 'unauthenticated', message: 'x' }), false);
      assert.equal(isCredentialsError(undefined), false);
    });

    it('invalidResponse names the field and the detail', () => {
      const error = invalidResponse('field "events.0.seq": expected number', 'events.0.seq', 200);
      assert.equal(error.kind, 'invalidResponse');
      assert.equal(error.field, 'events.0.seq');
      assert.match(error.message, /events\.0\.seq/);
    });

    it('rateLimitedMessage rounds seconds up and has a fallback', () => {
      assert.match(rateLimitedMessage(1), /Wait 1 s/);
      assert.match(rateLimitedMessage(60_000), /Wait 60 s/);
      assert.match(rateLimitedMessage(), /Wait a moment/);
    });
  });
});
