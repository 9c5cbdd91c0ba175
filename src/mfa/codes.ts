/**
 * What a person typed as a second factor: a 6-digit TOTP code or a recovery code. Spaces around
 * are dropped (copy and paste adds them); anything else that is not one of the two shapes is
 * malformed and refused before any secret is touched or any budget spent.
 */

/** Recovery codes are 10 characters of this alphabet (no 0/o, 1/l/i, u: nothing to misread), shown as xxxxx-xxxxx. */
export const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstvwxyz23456789';

export type SecondFactorCode = { kind: 'totp'; code: string } | { kind: 'recovery'; code: string };

const TOTP_PATTERN = /^\d{6}$/;
const RECOVERY_PATTERN = new RegExp(`^([${RECOVERY_ALPHABET}]{5})-?([${RECOVERY_ALPHABET}]{5})$`);

export function parseSecondFactorCode(input: unknown): SecondFactorCode | null {
  if (typeof input !== 'string' || input.length > 64) return null;
  const text = input.trim();
  if (TOTP_PATTERN.test(text)) return { kind: 'totp', code: text };
  const recovery = RECOVERY_PATTERN.exec(text.toLowerCase());
  return recovery ? { kind: 'recovery', code: `${recovery[1]}-${recovery[2]}` } : null;
}

/** Only a TOTP code (confirming an authenticator app). */
export function parseTotpCode(input: unknown): string | null {
  const parsed = parseSecondFactorCode(input);
  return parsed?.kind === 'totp' ? parsed.code : null;
}
