/**
 * The one catalogue of failures the API reports (see the header of contract.graphql).
 * Services throw these; the GraphQL layer turns them into errors with `extensions.code`.
 * Nothing here knows about GraphQL or HTTP, so services stay testable on their own.
 */

export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'RATE_LIMITED'
  /** The password was right and the account has a second factor (src/mfa/errors.ts). */
  | 'MFA_REQUIRED'
  /** A sensitive change, and this session's last proof of identity is too old (src/mfa/errors.ts). */
  | 'REAUTHENTICATION_REQUIRED'
  /** An identity provider did not answer in time, or at all (src/providers/errors.ts). */
  | 'PROVIDER_UNAVAILABLE';

/** Input field name -> human-readable messages. */
export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  override name = 'AppError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra, safe-to-show details merged into `extensions` (fieldErrors, retryAfter, reason). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The single message for every failed credential check, so that none reveals which part was wrong. */
export const INVALID_CREDENTIALS = 'Invalid username/email or password.';

export const unauthenticated = (message = 'Authentication required.', details: Record<string, unknown> = {}) =>
  new AppError('UNAUTHENTICATED', message, details);

export const invalidCredentials = () => unauthenticated(INVALID_CREDENTIALS);

export const forbidden = (message = 'You are not allowed to do this.', details: Record<string, unknown> = {}) =>
  new AppError('FORBIDDEN', message, details);

export const badUserInput = (fieldErrors: FieldErrors, message = 'The input is not valid.') =>
  new AppError('BAD_USER_INPUT', message, { fieldErrors });

export const rateLimited = (retryAfterSeconds: number) =>
  new AppError('RATE_LIMITED', `Too many attempts. Try again in ${retryAfterSeconds} seconds.`, {
    retryAfter: retryAfterSeconds,
  });

/** Collects field errors while validating, so that the caller learns every problem at once. */
export class FieldErrorCollector {
  private readonly errors: FieldErrors = {};

  add(field: string, message: string): void {
    (this.errors[field] ??= []).push(message);
  }

  has(field: string): boolean {
    return field in this.errors;
  }

  get isEmpty(): boolean {
    return Object.keys(this.errors).length === 0;
  }

  /** Throws BAD_USER_INPUT when anything was collected. */
  throwIfAny(): void {
    if (!this.isEmpty) throw badUserInput(this.errors);
  }
}
