import { createHmac } from 'node:crypto';
import type { AuthenticatorTransportFuture } from '@simplewebauthn/server';
import { deriveKey } from '../crypto/secret-box.js';

/**
 * What startPasskeySignIn offers for a username without passkeys, known or not: one credential id
 * derived from the name under a key of the service's (HMAC-SHA256, 16 bytes, the length of a
 * platform passkey's id), with a synced passkey's transports. The same name gets the same answer
 * every time, so asking twice tells nothing; an account's real list and a decoy look alike, so the
 * options do not say whether an account exists or has passkeys.
 */
export class DecoyCredentials {
  private readonly key: Buffer;

  constructor(settings: { keyEncryptionKey: string | undefined; jwtSecret: string }) {
    this.key = deriveKey(settings.keyEncryptionKey ?? settings.jwtSecret, 'cloud-auth passkey decoy credentials v1');
  }

  for(usernameKey: string): Array<{ id: string; transports: AuthenticatorTransportFuture[] }> {
    const id = createHmac('sha256', this.key).update(usernameKey).digest().subarray(0, 16).toString('base64url');
    return [{ id, transports: ['hybrid', 'internal'] }];
  }
}
