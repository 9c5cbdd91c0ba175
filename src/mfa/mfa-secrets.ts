import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';
import { deriveKey, open, seal, type SealedValue } from '../crypto/secret-box.js';
import { RECOVERY_ALPHABET } from './codes.js';
import { RECOVERY_CODE_COUNT } from './limits.js';

/**
 * The secrets of two-factor sign-in at rest, under keys derived from KEY_ENCRYPTION_KEY (or
 * JWT_SECRET) with info strings of their own, unrelated to the signing keys' and the tokens':
 * - TOTP secrets are sealed (AES-256-GCM), the factor's id as additional data;
 * - recovery codes are stored as HMAC-SHA256 under a pepper, so that a copy of the database alone
 *   cannot test guesses of their 50 bits;
 * - mfaTokens (256 random bits) as SHA-256: nothing to guess there.
 */
export class MfaSecrets {
  private readonly sealingKey: Buffer;
  private readonly pepper: Buffer;

  constructor(settings: { keyEncryptionKey: string | undefined; jwtSecret: string }) {
    const input = settings.keyEncryptionKey ?? settings.jwtSecret;
    this.sealingKey = deriveKey(input, 'cloud-auth totp-secret encryption v1');
    this.pepper = deriveKey(input, 'cloud-auth recovery-code pepper v1');
  }

  sealTotpSecret(secret: string, factorId: string): SealedValue {
    return seal(Buffer.from(secret, 'utf8'), this.sealingKey, factorAdditionalData(factorId));
  }

  /** Throws when the secret was sealed for another factor or under another key. */
  openTotpSecret(sealed: SealedValue, factorId: string): string {
    return open(sealed, this.sealingKey, factorAdditionalData(factorId)).toString('utf8');
  }

  /** A recovery code (normalised: codes.ts) of one account, as stored. */
  recoveryCodeHash(userId: string, code: string): string {
    return createHmac('sha256', this.pepper).update(`${userId}\0${code}`).digest('hex');
  }
}

const factorAdditionalData = (factorId: string) => Buffer.from(`cloud-auth totp secret v1\0${factorId}`, 'utf8');

/** A fresh set of recovery codes: 10 characters each from a 30-letter alphabet (49 bits), as xxxxx-xxxxx. */
export function newRecoveryCodes(count: number = RECOVERY_CODE_COUNT): string[] {
  const code = () => Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
  return Array.from({ length: count }, () => {
    const text = code();
    return `${text.slice(0, 5)}-${text.slice(5)}`;
  });
}

/** An mfaToken: 256 random bits, base64url (43 characters); stored as its SHA-256. */
export const newMfaToken = (): string => randomBytes(32).toString('base64url');
export const MFA_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
export const mfaTokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');
