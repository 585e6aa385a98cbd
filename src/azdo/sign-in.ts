/**
 * Where the transport meets sign-in: the header of each attempt, and refusals that say which
 * sign-in method the refused token came from.
 */
import type { Authorizer } from '../auth/authorizer.ts';
import { SignInError } from '../auth/sign-in-error.ts';
import { AzureDevOpsError, changedError, redactSecret, type RequestSummary } from './errors.ts';

/**
 * The header for the next attempt. Entra ID giving no token is a sign-in refusal like a 401 (exit 5
 * before anything is triggered); `@azure/identity` has already retried what it could.
 */
export async function authorize(authorizer: Authorizer, summary: RequestSummary): Promise<string> {
  try {
    return await authorizer.header();
  } catch (error) {
    if (!(error instanceof SignInError)) throw error;
    throw authorizer.secrets().reduce(
      redactSecret,
      new AzureDevOpsError(error.message, {
        kind: 'signIn',
        request: summary,
        status: null,
        cause: error,
      }),
    );
  }
}

/** A refused Entra ID token: the message says where it came from, the first thing to check. */
export function withSignInMethod(
  authorizer: Authorizer,
  error: AzureDevOpsError,
): AzureDevOpsError {
  const method = authorizer.method;
  if (error.kind !== 'signIn' || method === null) return error;
  return changedError(error, { message: `${error.message} (the token came from ${method})` });
}
