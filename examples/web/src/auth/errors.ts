import { CombinedGraphQLErrors } from '@apollo/client';

/** The server's answer for a missing, expired or revoked token (or refused credentials). */
export function isUnauthenticated(error: unknown): boolean {
  return CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
}

/** A message a person can act on: every field error of BAD_USER_INPUT, or the error's own message. */
export function describeError(error: unknown): string {
  if (CombinedGraphQLErrors.is(error)) {
    return error.errors
      .map((e) => {
        const fieldErrors = e.extensions?.fieldErrors as Record<string, string[]> | undefined;
        return fieldErrors
          ? Object.entries(fieldErrors).map(([field, messages]) => `${field}: ${messages.join(' ')}`).join('\n')
          : e.message;
      })
      .join('\n');
  }
  return error instanceof Error ? `Could not reach the server (${error.message}).` : String(error);
}
