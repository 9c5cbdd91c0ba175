import { Secret, TOTP } from 'otpauth';

/**
 * RFC 6238 codes through otpauth: SHA-1, 6 digits, 30-second steps (what every authenticator app
 * reads from an otpauth:// URI without asking), one step of clock drift either way.
 */

const PERIOD_SECONDS = 30;
const DIGITS = 6;
/** Steps accepted either side of now: a phone's clock a little off, a code typed as it turned. */
const WINDOW = 1;

/** A new shared secret: 160 random bits (RFC 4226's recommendation), as base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app scans: `issuer:label`, with the issuer parameter too. */
export function otpauthUri(secret: string, issuer: string, label: string): string {
  return totpOf(secret, { issuer, label }).toString();
}

/**
 * The time step the code belongs to, when it is the right code for now or one step either side;
 * null otherwise. The step is what replay protection remembers (a code of a step already used is
 * refused).
 */
export function matchingStep(secret: string, code: string, now: number = Date.now()): number | null {
  const delta = totpOf(secret).validate({ token: code, timestamp: now, window: WINDOW });
  return delta === null ? null : currentStep(now) + delta;
}

export const currentStep = (now: number = Date.now()): number => Math.floor(now / 1000 / PERIOD_SECONDS);

function totpOf(secret: string, labels: { issuer?: string; label?: string } = {}): TOTP {
  return new TOTP({ ...labels, algorithm: 'SHA1', digits: DIGITS, period: PERIOD_SECONDS, secret: Secret.fromBase32(secret) });
}
