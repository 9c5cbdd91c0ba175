/** The fixed numbers of two-factor sign-in (settings that operators change are in config/mfa.ts). */

/** How long a login that answered MFA_REQUIRED waits for its code (its mfaToken lives this long). */
export const MFA_TOKEN_TTL_SECONDS = 5 * 60;

/** Wrong codes one mfaToken takes; the next attempt is refused (sign in again), besides the account's login budget. */
export const WRONG_CODES_PER_MFA_TOKEN = 5;

/** How long an unconfirmed authenticator app can be confirmed. */
export const PENDING_FACTOR_TTL_SECONDS = 10 * 60;

/** Authenticator apps per account, confirmed or not (a bound on rows, and on the codes a login tries). */
export const MAX_TOTP_FACTORS = 10;

/** Recovery codes per set; a new set replaces the old one. */
export const RECOVERY_CODE_COUNT = 10;

export const FACTOR_NAME_MAX_LENGTH = 64;
