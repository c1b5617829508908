// The one mapping from failures to exit codes, and the one-line messages the CLI prints for them.
// ApiError messages are written for the editor ("Run Velt: Set Credentials"); here they name the
// environment variables instead.
import { isApiError, type ApiError, type ApiErrorKind } from '../api';
import { UsageError } from './args';

export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  notFound: 3,
  unauthenticated: 4,
  unavailable: 5,
  invalidResponse: 6,
  network: 7,
  /** The server kept announcing more events without sending any (endless or stuck cursor). */
  pagingStalled: 8,
  /** reconcile: events in the stream are missing from the ledger. */
  missingEvents: 9,
  /**
   * A write the API answered but did not carry out (recorded: false, or cancelled / resolved false). Issue 15
   * asked for 8, which paging-stalled already means; 9 is reconcile's "events missing".
   */
  notRecorded: 10,
  interrupted: 130,
} as const;

/** Exit code for every ApiError kind; the switch is exhaustive so a new kind fails to compile. */
export function exitCodeForKind(kind: ApiErrorKind): number {
  switch (kind) {
    case 'invalidArgument':
    case 'missingCredentials':
    case 'credentialsOriginMismatch':
    case 'insecureUrl':
      return EXIT.usage;
    case 'notFound':
      return EXIT.notFound;
    case 'unauthenticated':
      return EXIT.unauthenticated;
    case 'rateLimited':
    case 'unavailable':
    case 'deadlineExceeded':
      return EXIT.unavailable;
    case 'invalidResponse':
      return EXIT.invalidResponse;
    case 'pagingStalled':
      return EXIT.pagingStalled;
    case 'network':
    case 'timeout':
      return EXIT.network;
    case 'cancelled':
      return EXIT.interrupted;
    case 'environmentChanged':
    case 'other':
      return EXIT.failure;
  }
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return EXIT.usage;
  if (isApiError(error)) return exitCodeForKind(error.kind);
  return EXIT.failure;
}

export interface MessageContext {
  baseUrl: string;
  timeoutMs: number;
  executionId?: string | undefined;
  /** `definitions get` (a definition ID given to `list --definition` only filters, so it is never "not found"). */
  definitionId?: string | undefined;
}

/** One actionable line (without the program prefix) for an error. */
export function messageFor(error: unknown, context: MessageContext): string {
  if (error instanceof UsageError) return error.message;
  if (!isApiError(error)) return `unexpected error: ${oneLine(error instanceof Error ? error.message : String(error))}`;
  return lowerFirst(oneLine(apiMessage(error, context)));
}

/** `velt-executions: rate limited…`, but `VELT_BASE_URL: …` and `API …` keep their capitals. */
function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

function apiMessage(error: ApiError, { baseUrl, timeoutMs, executionId, definitionId }: MessageContext): string {
  const attempts = (text: string): string =>
    error.attempts && error.attempts > 1
      ? `${text.replace(/\.$/, '')} (gave up after ${error.attempts} attempts).`
      : text;
  switch (error.kind) {
    case 'notFound':
      if (definitionId)
        return `definition ${definitionId} was not found at ${baseUrl} (never created, or deleted). Check the ID with "definitions list" and VELT_BASE_URL.`;
      return executionId
        ? `execution ${executionId} was not found at ${baseUrl}. Check the ID and VELT_BASE_URL (is it the right environment?).`
        : `not found at ${baseUrl}. Check VELT_BASE_URL.`;
    case 'unauthenticated':
      return `the API key or auth token was rejected by ${baseUrl}${error.status ? ` (${error.status})` : ''}. Check VELT_API_KEY and VELT_AUTH_TOKEN.`;
    case 'missingCredentials':
      return 'no credentials: set VELT_API_KEY and VELT_AUTH_TOKEN.';
    case 'insecureUrl':
      return `VELT_BASE_URL: ${error.message.replace(/ in the "velt\.environments" setting/, '')}`;
    case 'invalidArgument':
      return `${error.message.replace(/\.$/, '')}.`;
    case 'rateLimited':
    case 'unavailable':
    case 'deadlineExceeded':
      return attempts(error.message);
    case 'invalidResponse':
      return `${error.message.replace(/Check the environment's base URL; details are in the log\./, 'Check VELT_BASE_URL; run with --verbose for details.')}`;
    case 'pagingStalled':
      return `${error.message.replace(/ Try again later;.*$/, '')} Re-run with --since ${error.resumeAfterSeq ?? 0} to continue from there, or check VELT_BASE_URL.`;
    case 'network':
      return attempts(error.message.replace(/the environment's base URL/, `VELT_BASE_URL (${baseUrl})`));
    case 'timeout':
      return `the Velt API at ${baseUrl} did not answer within ${timeoutMs} ms. Check your connection, or raise VELT_TIMEOUT_MS.`;
    case 'cancelled':
      return 'interrupted.';
    // The CLI binds the pair to VELT_BASE_URL itself and has no environments: neither happens here.
    case 'credentialsOriginMismatch':
    case 'environmentChanged':
    case 'other':
      return error.message;
  }
}

/** API or user text made safe for one stderr line: control characters removed, cut at 300. */
export function oneLine(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .trim()
    .slice(0, 300);
}
