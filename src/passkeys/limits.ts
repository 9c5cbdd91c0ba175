/** The fixed numbers of passkeys (the relying party's settings are in config/webauthn.ts). */

/** How long a ceremony's challenge can be answered (the options' `timeout` says the same to the browser). */
export const CHALLENGE_TTL_SECONDS = 5 * 60;

/** Passkeys per account (a bound on rows, and on a sign-in's allowCredentials). */
export const MAX_PASSKEYS_PER_ACCOUNT = 20;

export const PASSKEY_NAME_MAX_LENGTH = 64;

/** WebAuthn credential ids are at most 1023 bytes: 1364 characters of base64url. */
export const CREDENTIAL_ID_MAX_LENGTH = 1364;

/** Any one string of a response (clientDataJSON, attestationObject, signature, ...), as base64url. */
export const RESPONSE_FIELD_MAX_LENGTH = 16 * 1024;

/** Random bytes of each challenge (WebAuthn asks for at least 16). */
export const CHALLENGE_BYTES = 32;
