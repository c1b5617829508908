// Every failure of the request module becomes an ApiError with a `kind`; callers branch on the kind,
// never on message text. Messages are one line a user can act on and never contain credentials.

export type ApiErrorKind =
  | 'invalidArgument'
  | 'unauthenticated'
  | 'missingCredentials'
  | 'credentialsOriginMismatch'
  | 'environmentChanged'
  | 'notFound'
  | 'rateLimited'
  | 'deadlineExceeded'
  | 'unavailable'
  | 'network'
  | 'timeout'
  | 'invalidResponse'
  /** The server keeps announcing more events without sending any (endless or stuck cursor). */
  | 'pagingStalled'
  | 'insecureUrl'
  | 'cancelled'
  | 'other';

export interface ApiErrorOptions {
  /** The API's `error.status` (e.g. NOT_FOUND) when the server sent one. */
  status?: string;
  httpStatus?: number;
  /** Milliseconds the server asked us to wait (Retry-After), when known. */
  retryAfterMs?: number;
  /** The server's own message, shown only in logs and detail views. */
  serverMessage?: string;
  /** For invalid responses: the path of the field that failed validation. */
  field?: string;
  attempts?: number;
  /** For pagingStalled: the seq after which reading stopped (resume with sinceSeq = this). */
  resumeAfterSeq?: number;
}

/**
 * Marks every ApiError, whichever copy of this module made it: the request module is a bundle of its own
 * (dist/api.js) with its own ApiError class, so `instanceof` alone would not recognise its errors in the
 * extension's bundle. Symbol.for gives both copies the same key.
 */
const API_ERROR_BRAND = Symbol.for('velt-workflow-inspector.ApiError');

export class ApiError extends Error {
  readonly [API_ERROR_BRAND] = true;
  readonly kind: ApiErrorKind;
  readonly status: string | undefined;
  readonly httpStatus: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly serverMessage: string | undefined;
  readonly field: string | undefined;
  readonly attempts: number | undefined;
  readonly resumeAfterSeq: number | undefined;

  constructor(kind: ApiErrorKind, message: string, options: ApiErrorOptions = {}) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = options.status;
    this.httpStatus = options.httpStatus;
    this.retryAfterMs = options.retryAfterMs;
    this.serverMessage = options.serverMessage;
    this.field = options.field;
    this.attempts = options.attempts;
    this.resumeAfterSeq = options.resumeAfterSeq;
  }

  /** Whether a read may be retried automatically. */
  get retryable(): boolean {
    return (
      this.kind === 'rateLimited' ||
      this.kind === 'unavailable' ||
      this.kind === 'deadlineExceeded' ||
      this.kind === 'network'
    );
  }

  withAttempts(attempts: number): ApiError {
    return new ApiError(this.kind, this.message, { ...this.options(), attempts });
  }

  private options(): ApiErrorOptions {
    return {
      status: this.status,
      httpStatus: this.httpStatus,
      retryAfterMs: this.retryAfterMs,
      serverMessage: this.serverMessage,
      field: this.field,
      attempts: this.attempts,
      resumeAfterSeq: this.resumeAfterSeq,
    };
  }
}

export function isApiError(value: unknown): value is ApiError {
  return (
    value instanceof ApiError ||
    (typeof value === 'object' &&
      value !== null &&
      (value as { [API_ERROR_BRAND]?: unknown })[API_ERROR_BRAND] === true)
  );
}

/** Missing, rejected or other-host credentials: no retry or next page helps until the user sets them again. */
export function isCredentialsError(value: unknown): value is ApiError {
  return (
    isApiError(value) &&
    (value.kind === 'unauthenticated' ||
      value.kind === 'missingCredentials' ||
      value.kind === 'credentialsOriginMismatch')
  );
}

/** Maps the API's `error.status` to a kind; the HTTP code is the fallback only. */
export function errorFromStatus(
  status: string,
  httpStatus: number,
  serverMessage: string,
  retryAfterMs?: number,
): ApiError {
  const options: ApiErrorOptions = { status, httpStatus, serverMessage, retryAfterMs };
  switch (status) {
    case 'INVALID_ARGUMENT':
      return new ApiError(
        'invalidArgument',
        `The API rejected the request as invalid: ${oneLine(serverMessage)}. Check the ID or filter you entered.`,
        options,
      );
    case 'PERMISSION_DENIED':
    case 'UNAUTHENTICATED':
      return new ApiError(
        'unauthenticated',
        'The API key or auth token was rejected. Run "Velt: Set Credentials" to sign in again.',
        options,
      );
    case 'NOT_FOUND':
      return new ApiError(
        'notFound',
        'Not found in this environment. Check the execution ID and the selected environment.',
        options,
      );
    case 'RESOURCE_EXHAUSTED':
      return new ApiError('rateLimited', rateLimitedMessage(retryAfterMs), options);
    case 'DEADLINE_EXCEEDED':
      return new ApiError('deadlineExceeded', 'The Velt API timed out internally. Try again in a moment.', options);
    case 'UNAVAILABLE':
    case 'INTERNAL':
    case 'UNKNOWN':
      return new ApiError('unavailable', `The Velt API is unavailable (${status}). Try again in a moment.`, options);
    default:
      return errorFromHttpStatus(httpStatus, serverMessage, retryAfterMs, status);
  }
}

export function errorFromHttpStatus(
  httpStatus: number,
  serverMessage: string,
  retryAfterMs?: number,
  status?: string,
): ApiError {
  const options: ApiErrorOptions = { status, httpStatus, serverMessage, retryAfterMs };
  if (httpStatus === 401 || httpStatus === 403) return errorFromStatus('PERMISSION_DENIED', httpStatus, serverMessage);
  if (httpStatus === 404) return errorFromStatus('NOT_FOUND', httpStatus, serverMessage);
  if (httpStatus === 429) return new ApiError('rateLimited', rateLimitedMessage(retryAfterMs), options);
  if (httpStatus === 504) return errorFromStatus('DEADLINE_EXCEEDED', httpStatus, serverMessage, retryAfterMs);
  if (httpStatus >= 500) {
    return new ApiError(
      'unavailable',
      `The Velt API is unavailable (HTTP ${httpStatus}). Try again in a moment.`,
      options,
    );
  }
  const label = status ?? `HTTP ${httpStatus}`;
  return new ApiError(
    'other',
    `The Velt API refused the request (${label}): ${oneLine(serverMessage) || 'no message'}.`,
    options,
  );
}

/** Stored credentials are bound to the origin they were given for; the environment now names another. */
export function credentialsOriginMismatch(storedOrigin: string, currentOrigin: string): ApiError {
  return new ApiError(
    'credentialsOriginMismatch',
    `Credentials were stored for ${storedOrigin}; this environment now points at ${currentOrigin}. Run "Velt: Set Credentials" to use this host.`,
  );
}

/** A call pinned to one environment (a panel's, an export's) found another one active. */
export function environmentChanged(expected: string, active: string): ApiError {
  return new ApiError(
    'environmentChanged',
    `This belongs to ${expected}; the active environment is now ${active}. Switch back to ${expected}, or reopen the execution in ${active}.`,
  );
}

export function rateLimitedMessage(retryAfterMs?: number): string {
  return retryAfterMs !== undefined
    ? `Rate limited by the Velt API. Wait ${Math.ceil(retryAfterMs / 1000)} s and try again.`
    : 'Rate limited by the Velt API. Wait a moment and try again.';
}

export function invalidResponse(detail: string, field?: string, httpStatus?: number): ApiError {
  return new ApiError(
    'invalidResponse',
    `The Velt API sent a response this version cannot read (${detail}). Check the environment's base URL; details are in the log.`,
    { field, httpStatus },
  );
}

/** A cursor that announces more but never delivers: stopped so a faulty server cannot keep us busy forever. */
export function pagingStalled(detail: string, resumeAfterSeq: number): ApiError {
  return new ApiError(
    'pagingStalled',
    `The Velt API kept announcing more events without sending any (${detail}), so reading stopped after seq ${resumeAfterSeq}. Try again later; if it keeps happening, check the environment's base URL.`,
    { field: 'nextCursor', resumeAfterSeq },
  );
}

function oneLine(text: string): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > 200 ? flat.slice(0, 199) + '…' : flat;
}
