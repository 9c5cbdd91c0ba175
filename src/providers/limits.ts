/** The fixed numbers of identity providers and emailed sign-in links (operator settings: config/providers.ts). */

/** How long a provider round trip (its state) waits for the callback. */
export const FLOW_TTL_SECONDS = 10 * 60;

/** How long the code the callback hands the app waits for completeIdentityProviderSignIn. */
export const CALLBACK_CODE_TTL_SECONDS = 2 * 60;

/** How long an emailed sign-in link works. */
export const EMAIL_SIGN_IN_TTL_SECONDS = 15 * 60;

/** How long a provider's discovery document (and the client built from it) is reused before it is read again. */
export const DISCOVERY_CACHE_SECONDS = 60 * 60;

/** After a failed discovery, how long the failure is answered from memory (a provider that is down is not asked on every click). */
export const DISCOVERY_FAILURE_CACHE_SECONDS = 5;

/** Suffixes tried to make a derived username unique ("alice", "alice2", …) before a random one. */
export const USERNAME_SUFFIX_TRIES = 20;

/** A redirectUri longer than this is refused before it is compared with the allowed ones. */
export const REDIRECT_URI_MAX_LENGTH = 2048;
