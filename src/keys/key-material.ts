import { createPrivateKey, createPublicKey, generateKeyPair, randomBytes, type JsonWebKey, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { deriveKey, open, seal, type SealedValue } from '../crypto/secret-box.js';
import type { AsymmetricAlgorithm } from '../config/index.js';

/**
 * Key pairs and the encryption of their private halves at rest. Generation and the JWK come from
 * node:crypto (generateKeyPair, KeyObject.export({ format: 'jwk' })); the private half is sealed
 * with AES-256-GCM (crypto/secret-box.ts), the key's kid and algorithm as additional data, so that
 * a ciphertext copied into another row does not decrypt there.
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
  return { key: deriveKey(input, 'cloud-auth signing-key encryption v1'), variable };
}

export type EncryptedPrivateKey = SealedValue;

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
  return seal(privateKey.export({ format: 'der', type: 'pkcs8' }), wrapping.key, additionalData(kid, algorithm));
}

/** Throws (GCM's authentication) when the wrapping key, the kid or the algorithm is not the one it was encrypted with. */
export function decryptPrivateKey(encrypted: EncryptedPrivateKey, kid: string, algorithm: string, wrapping: KeyEncryptionKey): KeyObject {
  const der = open(encrypted, wrapping.key, additionalData(kid, algorithm));
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
