/**
 * How long consumers may cache /.well-known/jwks.json (its Cache-Control max-age). A STANDBY key
 * is published from the moment it is made, and it signs only at the next rotation: rotating no
 * sooner than this long (plus SIGNING_KEYS_REFRESH) after the STANDBY appeared means every
 * consumer's cached set has it by then (README, "Signing keys"). It is also how long a consumer
 * may go on accepting a key after it is revoked, so it stays short.
 */
export const JWKS_MAX_AGE_SECONDS = 300;
