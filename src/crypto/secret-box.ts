import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Secrets at rest (signing keys' private halves, TOTP secrets): AES-256-GCM with a fresh 96-bit
 * IV per value and additional data naming the row the value belongs to, so that a ciphertext
 * copied into another row, or decrypted under another purpose's key, fails GCM's authentication.
 * node:crypto does the cryptography; this only fixes the choices in one place.
 */

/** A value encrypted at rest, each part base64url (the columns store them apart). */
export interface SealedValue {
  iv: string;
  tag: string;
  ciphertext: string;
}

/** A 256-bit key for one purpose, derived from an operator's secret by HKDF-SHA256 with `info` naming the purpose. */
export function deriveKey(secret: string, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'cloud-auth', info, 32));
}

export function seal(plaintext: Buffer, key: Buffer, additionalData: Buffer): SealedValue {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(additionalData);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv: iv.toString('base64url'), tag: cipher.getAuthTag().toString('base64url'), ciphertext: ciphertext.toString('base64url') };
}

/** Throws (GCM's authentication) when the key or the additional data is not the one it was sealed with. */
export function open(sealed: SealedValue, key: Buffer, additionalData: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64url'));
  decipher.setAAD(additionalData);
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64url')), decipher.final()]);
}
