import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { OneTimeToken, TokenPurpose, type User } from '../db/entities/index.js';
import type { OneTimeTokenStore } from '../db/stores/one-time-token-store.js';
import { badUserInput } from '../errors.js';

/**
 * Tokens mailed to users: 256 random bits, shown once (in the mail), stored only as SHA-256.
 * A token works for its purpose only, once, until it expires, and only while the account's
 * security stamp is the one it was issued under (core/security-stamp.ts: a new password, an
 * applied email change or a deactivation ends it). Issuing a new token of a purpose replaces the
 * user's older ones.
 */

export interface OneTimeTokenTtls {
  activationSeconds: number;
  passwordResetSeconds: number;
  /** Emailed sign-in links (src/providers/email-link.ts); 15 minutes when not given. */
  emailSignInSeconds?: number;
}

/** 32 bytes in base64url: 43 characters. Anything else is refused before touching the database. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const INVALID_TOKEN = 'The token is invalid, has expired or was already used.';
export const invalidToken = (message = INVALID_TOKEN) => badUserInput({ token: [message] }, 'The token is not valid.');

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export class OneTimeTokenService {
  constructor(
    private readonly ttls: OneTimeTokenTtls,
    private readonly store: OneTimeTokenStore,
  ) {}

  ttlSeconds(purpose: TokenPurpose): number {
    if (purpose === TokenPurpose.EMAIL_SIGN_IN) return this.ttls.emailSignInSeconds ?? 15 * 60;
    return purpose === TokenPurpose.PASSWORD_RESET ? this.ttls.passwordResetSeconds : this.ttls.activationSeconds;
  }

  /**
   * Adds a token for `user` to the unit of work (the caller's flush stores it, in the same
   * transaction as the change it belongs to) and returns the token to mail.
   */
  create(em: EntityManager, user: User, purpose: TokenPurpose, newEmail: string | null = null): string {
    const token = randomBytes(32).toString('base64url');
    em.create(OneTimeToken, {
      user,
      purpose,
      tokenHash: sha256(token),
      securityStamp: user.securityStamp,
      newEmail,
      expiresAt: new Date(Date.now() + this.ttlSeconds(purpose) * 1000),
    });
    return token;
  }

  /** Replaces the user's tokens of this purpose by a new one and stores it now. */
  async issue(em: EntityManager, user: User, purpose: TokenPurpose, newEmail: string | null = null): Promise<string> {
    await this.store.deleteForPurposeAndExpired(em, user.id, purpose);
    const token = this.create(em, user, purpose, newEmail);
    await em.flush();
    return token;
  }

  /** The live token, with its user loaded; null when it is unknown, used, expired, of another purpose or outdated. */
  async find(em: EntityManager, token: unknown, purposes: TokenPurpose[]): Promise<OneTimeToken | null> {
    if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return null;
    const row = await this.store.findLive(em, sha256(token), purposes);
    if (!row || row.securityStamp !== row.user.getEntity().securityStamp) return null;
    return row;
  }

  /** Deletes the token; true for exactly one of several concurrent uses of it. */
  async consume(em: EntityManager, row: OneTimeToken): Promise<boolean> {
    return this.store.delete(em, row.id);
  }
}
