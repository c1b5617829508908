// What Set Credentials says when checking a pair against the service fails, as one message with the
// actions that fit: a rejected pair can be typed again (the typed values are kept), an unreachable
// service can be asked again or the pair saved anyway. The reason (host not found, connection refused,
// timed out…) comes from the request module's message. Pure, so it is unit-tested without VS Code.
import { isApiError } from '../api';

export type CheckAction = 'Try Again' | 'Save Anyway';

export interface CheckFailure {
  outcome: 'rejected' | 'unreachable';
  /** One line: what happened and what to do (environment name still to be made inert by the caller). */
  message: string;
  actions: CheckAction[];
  /** "Try Again" asks for the values again (prefilled) instead of checking the same pair once more. */
  retryAsks: boolean;
  /** An expected failure is logged as one line; anything else with its stack. */
  expected: boolean;
}

export function describeCheckFailure(environment: string, error: unknown): CheckFailure {
  if (isApiError(error) && (error.kind === 'unauthenticated' || error.kind === 'invalidArgument'))
    return {
      outcome: 'rejected',
      message: `${environment} rejected the API key or auth token. Nothing was saved: check both values in the Velt Console and try again.`,
      actions: ['Try Again'],
      retryAsks: true,
      expected: true,
    };
  if (isApiError(error) && error.kind === 'insecureUrl')
    return { outcome: 'rejected', message: error.message, actions: [], retryAsks: false, expected: true };
  const expected = isApiError(error);
  const reason = expected ? error.message : 'an unexpected error (details in the Velt log)';
  return {
    outcome: 'unreachable',
    message: `Could not check the credentials with ${environment}: ${reason} Nothing was saved yet.`,
    actions: ['Try Again', 'Save Anyway'],
    retryAsks: false,
    expected,
  };
}
