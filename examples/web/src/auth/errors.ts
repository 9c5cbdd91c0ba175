import { CombinedGraphQLErrors } from '@apollo/client';

/** The server's answer for a missing, expired or revoked token (or refused credentials). */
export function isUnauthenticated(error: unknown): boolean {
  return CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
}

/** A failure the page already put in words a person can act on (e.g. the browser's passkey dialog was closed). */
export class Explained extends Error {}

/** A message a person can act on: every field error of BAD_USER_INPUT, or the error's own message. */
export function describeError(error: unknown): string {
  if (error instanceof Explained) return error.message;
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

/** The `extensions.code` of the first GraphQL error that has one (null for a network failure). */
export function errorCodeOf(error: unknown): string | null {
  if (!CombinedGraphQLErrors.is(error)) return null;
  const withCode = error.errors.find((e) => typeof e.extensions?.code === 'string');
  return (withCode?.extensions?.code as string | undefined) ?? null;
}

/** The pending sign-in of a login that answered MFA_REQUIRED: its mfaToken and the factors that can finish it. */
export interface MfaChallenge {
  mfaToken: string;
  factors: string[];
}

export function mfaChallengeOf(error: unknown): MfaChallenge | null {
  if (!CombinedGraphQLErrors.is(error)) return null;
  const required = error.errors.find((e) => e.extensions?.code === 'MFA_REQUIRED');
  const mfaToken = required?.extensions?.mfaToken;
  if (typeof mfaToken !== 'string') return null;
  const factors = required?.extensions?.factors;
  return { mfaToken, factors: Array.isArray(factors) ? factors.map(String) : [] };
}

/** A sensitive change refused until this session proves its user again (reauthenticate, then retry). */
export const needsReauthentication = (error: unknown) => errorCodeOf(error) === 'REAUTHENTICATION_REQUIRED';

/** Whether BAD_USER_INPUT named this field. */
export function hasFieldError(error: unknown, field: string): boolean {
  return (
    CombinedGraphQLErrors.is(error) &&
    error.errors.some((e) => {
      const fieldErrors = e.extensions?.fieldErrors as Record<string, string[]> | undefined;
      return Boolean(fieldErrors?.[field]?.length);
    })
  );
}
