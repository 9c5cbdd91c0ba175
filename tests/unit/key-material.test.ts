import { describe, expect, it } from 'vitest';
import { decryptPrivateKey, generateSigningKey, keyEncryptionKey } from '../../src/keys/key-material.js';

const wrapping = keyEncryptionKey({ keyEncryptionKey: undefined, jwtSecret: 'unit-test-secret-that-is-long-enough-0123456789' });

describe('signing-key material', () => {
  it('decrypts a private key only with its own kid, algorithm and wrapping key', async () => {
    const key = await generateSigningKey('ES256', wrapping);
    const other = await generateSigningKey('ES256', wrapping);
    expect(decryptPrivateKey(key.encrypted, key.kid, 'ES256', wrapping).asymmetricKeyType).toBe('ec');
    // A ciphertext moved to another row (another kid), relabelled, or opened with another secret fails.
    expect(() => decryptPrivateKey(key.encrypted, other.kid, 'ES256', wrapping)).toThrow();
    expect(() => decryptPrivateKey(key.encrypted, key.kid, 'RS256', wrapping)).toThrow();
    const elsewhere = keyEncryptionKey({ keyEncryptionKey: undefined, jwtSecret: 'another-secret-that-is-long-enough-9876543210' });
    expect(elsewhere.variable).toBe('JWT_SECRET');
    expect(() => decryptPrivateKey(key.encrypted, key.kid, 'ES256', elsewhere)).toThrow();
  });

  it('derives the wrapping key from KEY_ENCRYPTION_KEY when set, and never from the token keys', () => {
    const separate = keyEncryptionKey({ keyEncryptionKey: 'k'.repeat(32), jwtSecret: 'unit-test-secret-that-is-long-enough-0123456789' });
    expect(separate.variable).toBe('KEY_ENCRYPTION_KEY');
    expect(separate.key.equals(wrapping.key)).toBe(false);
  });

  it('publishes only public parameters', async () => {
    expect(Object.keys((await generateSigningKey('ES256', wrapping)).publicJwk).sort()).toEqual(['crv', 'kty', 'x', 'y']);
    expect(Object.keys((await generateSigningKey('RS256', wrapping)).publicJwk).sort()).toEqual(['e', 'kty', 'n']);
  });
});
