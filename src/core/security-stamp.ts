import { randomBytes } from 'node:crypto';

/**
 * An account's security stamp: a random value stored with the account and replaced in the same
 * write as every change that must end what was granted before it — a new password (change or
 * reset), an applied email change, a deactivation. One-time tokens carry the stamp they were
 * issued under and die when it changes (verification/one-time-tokens.ts); the login throttle is
 * keyed by it, so that a reset lifts a lockout (limits/rate-limit.ts: accountThrottleKey).
 * It does not depend on the password, so accounts without one (passkeys, identity providers)
 * have one too.
 */

/** Length of a stamp: 32 random bytes in hex (also the column size, and what the migration writes). */
export const SECURITY_STAMP_LENGTH = 64;

export function newSecurityStamp(): string {
  return randomBytes(SECURITY_STAMP_LENGTH / 2).toString('hex');
}
