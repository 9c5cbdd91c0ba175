import { AuthMethod } from '../db/entities/index.js';

export { AuthMethod };

/**
 * What every way of signing in produces, and all that sessions know of it: who, by which
 * methods (first one first), at which assurance level, when. Sessions start from it and store
 * it, tokens carry it (`amr`, `aal`, `auth_time`); nothing in the session service knows how a
 * method is checked.
 */
export interface AuthenticationResult {
  userId: string;
  methods: AuthMethod[];
  /** 1: one factor; 2: two factors (or a passkey with user verification). */
  assuranceLevel: 1 | 2;
  authenticatedAt: Date;
}

/** The part of a result a session keeps and its tokens carry. */
export type SessionAuthentication = Omit<AuthenticationResult, 'userId'>;

/**
 * RFC 8176 Authentication Method Reference values for the `amr` claim:
 * - PASSWORD: `pwd` (password-based authentication);
 * - TOTP: `otp` (one-time password; RFC 8176 names TOTP);
 * - RECOVERY_CODE: `kba` (knowledge-based: a stored secret the user answers with; kept apart
 *   from `otp` so that a relying party can tell a recovery from a second factor);
 * - PASSKEY: `hwk` (proof of possession of a hardware-secured key; a synced passkey is
 *   software-held, but which one a passkey is cannot be told without attestation);
 * - IDENTITY_PROVIDER: `fed` (not in RFC 8176's list, which has no federation value; the
 *   registry allows values outside it);
 * - EMAIL_LINK: `otp` (a single-use secret sent out of band).
 * Two methods or more add `mfa` (RFC 8176: multiple-factor authentication).
 */
export const AMR_VALUES: Readonly<Record<AuthMethod, string>> = {
  [AuthMethod.PASSWORD]: 'pwd',
  [AuthMethod.TOTP]: 'otp',
  [AuthMethod.RECOVERY_CODE]: 'kba',
  [AuthMethod.PASSKEY]: 'hwk',
  [AuthMethod.IDENTITY_PROVIDER]: 'fed',
  [AuthMethod.EMAIL_LINK]: 'otp',
};

/** The `amr` claim of a session's tokens: each method's RFC 8176 value once, in order. */
export function amrClaim(methods: readonly AuthMethod[]): string[] {
  const values = [...new Set(methods.map((method) => AMR_VALUES[method]))];
  return methods.length > 1 ? [...values, 'mfa'] : values;
}

/** The result of a password login of `userId` at `at`: one factor. */
export const passwordAuthentication = (userId: string, at: Date): AuthenticationResult => ({
  userId,
  methods: [AuthMethod.PASSWORD],
  assuranceLevel: 1,
  authenticatedAt: at,
});
