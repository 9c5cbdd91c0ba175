import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  hkdfSync,
  randomBytes,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { promisify } from 'node:util';
import type { AsymmetricAlgorithm } from '../config/index.js';

/**
 * Key pairs and the encryption of their private halves at rest. Generation and the JWK come from
 * node:crypto (generateKeyPair, KeyObject.export({ format: 'jwk' })); the only thing done by hand
 * is AES-256-GCM wrapping, with the key's kid and algorithm as additional data, so that a
 * ciphertext copied into another row does not decrypt there.
 */

/** The secret the private keys are encrypted with, and the variable an operator must fix when it is wrong. */
export interface KeyEncryptionKey {
  key: Buffer;
  variable: 'KEY_ENCRYPTION_KEY' | 'JWT_SECRET';
}

/**
 * KEY_ENCRYPTION_KEY when set, else JWT_SECRET, through HKDF with an info string of its own: the
 * derived key is unrelated to the token keys derived from the same JWT_SECRET (tokens.ts).
 */
export function keyEncryptionKey(settings: { keyEncryptionKey: string | undefined; jwtSecret: string }): KeyEncryptionKey {
  const variable = settings.keyEncryptionKey !== undefined ? 'KEY_ENCRYPTION_KEY' : 'JWT_SECRET';
  const input = settings.keyEncryptionKey ?? settings.jwtSecret;
  return { key: Buffer.from(hkdfSync('sha256', input, 'cloud-auth', 'cloud-auth signing-key encryption v1', 32)), variable };
}

export interface EncryptedPrivateKey {
  iv: string;
  tag: string;
  ciphertext: string;
}

/** The key's public parameters only (never `d`, `p`, `q`, `dp`, `dq`, `qi`). */
export type PublicJwk = { kty: string; crv?: string; x?: string; y?: string; n?: string; e?: string };

export interface GeneratedKey {
  kid: string;
  algorithm: AsymmetricAlgorithm;
  publicJwk: PublicJwk;
  privateKey: KeyObject;
  encrypted: EncryptedPrivateKey;
}

const additionalData = (kid: string, algorithm: string) => Buffer.from(`cloud-auth signing key v1\0${kid}\0${algorithm}`, 'utf8');

export function encryptPrivateKey(privateKey: KeyObject, kid: string, algorithm: string, wrapping: KeyEncryptionKey): EncryptedPrivateKey {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', wrapping.key, iv);
  cipher.setAAD(additionalData(kid, algorithm));
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  const ciphertext = Buffer.concat([cipher.update(der), cipher.final()]);
  return { iv: iv.toString('base64url'), tag: cipher.getAuthTag().toString('base64url'), ciphertext: ciphertext.toString('base64url') };
}

/** Throws (GCM's authentication) when the wrapping key, the kid or the algorithm is not the one it was encrypted with. */
export function decryptPrivateKey(encrypted: EncryptedPrivateKey, kid: string, algorithm: string, wrapping: KeyEncryptionKey): KeyObject {
  const decipher = createDecipheriv('aes-256-gcm', wrapping.key, Buffer.from(encrypted.iv, 'base64url'));
  decipher.setAAD(additionalData(kid, algorithm));
  decipher.setAuthTag(Buffer.from(encrypted.tag, 'base64url'));
  const der = Buffer.concat([decipher.update(Buffer.from(encrypted.ciphertext, 'base64url')), decipher.final()]);
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}

/** The public parameters of a key as a JWK: node's export, filtered to the members a public key has. */
export function publicJwkOf(publicKey: KeyObject): PublicJwk {
  const jwk = publicKey.export({ format: 'jwk' }) as JsonWebKey;
  if (jwk.kty === 'EC') return { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y };
  if (jwk.kty === 'RSA') return { kty: 'RSA', n: jwk.n, e: jwk.e };
  throw new Error(`unexpected key type ${String(jwk.kty)}`);
}

export function publicKeyFromJwk(jwk: PublicJwk): KeyObject {
  return createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
}

const generatePair = promisify(generateKeyPair);

/**
 * A new key pair: P-256 for ES256, RSA 2048 for RS256 (NIST's and RFC 7518's minimum). Generated
 * on libuv's thread pool, not the event loop: an RSA key takes a noticeable while, and a rotation
 * happens on a serving instance.
 */
export async function generateSigningKey(algorithm: AsymmetricAlgorithm, wrapping: KeyEncryptionKey): Promise<GeneratedKey> {
  const { publicKey, privateKey } =
    algorithm === 'ES256'
      ? await generatePair('ec', { namedCurve: 'P-256' })
      : await generatePair('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
  // Random, not a thumbprint: it names the row, says nothing about the key, and is short.
  const kid = randomBytes(12).toString('base64url');
  return { kid, algorithm, publicJwk: publicJwkOf(publicKey), privateKey, encrypted: encryptPrivateKey(privateKey, kid, algorithm, wrapping) };
}
