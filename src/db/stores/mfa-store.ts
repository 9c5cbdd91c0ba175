import type { EntityManager } from '@mikro-orm/core';
import { AuthMethod, MfaChallenge, Passkey, RecoveryCode, TotpFactor, User } from '../entities/index.js';

/** A new authenticator app's row: its secret already sealed (mfa/mfa-secrets.ts). */
export interface NewTotpFactor {
  id: string;
  userId: string;
  name: string;
  sealedSecret: { iv: string; tag: string; ciphertext: string };
  createdAt: Date;
  expiresAt: Date;
}

export interface NewMfaChallenge {
  userId: string;
  tokenHash: string;
  securityStamp: string;
  expiresAt: Date;
  /** What proved the first factor; PASSWORD when not given. */
  firstMethod?: AuthMethod;
}

/**
 * Reads that decide something are not kept in the unit of work: every change here is a native
 * statement, and a managed entity would only be compared, field by field, at the end of each
 * transaction (the profile of completeMfaLogin showed that flush, writing back unchanged dates,
 * as a third of its CPU).
 */
const UNMANAGED = { disableIdentityMap: true } as const;

/**
 * The tables of two-factor sign-in: totp_factors, recovery_codes, mfa_challenges, and the
 * `users.mfa_enabled` flag that follows them. Every single-use rule is one conditional UPDATE or
 * DELETE whose affected-row count says who won, so that it holds across instances without locks.
 * Through the ORM: none of this is on the hot path of `me`.
 */
export class MfaStore {
  /** Adds an unconfirmed factor, after removing the account's expired unconfirmed ones. */
  async insertPendingFactor(em: EntityManager, factor: NewTotpFactor): Promise<void> {
    await em.nativeDelete(TotpFactor, { user: factor.userId, confirmedAt: null, expiresAt: { $lte: factor.createdAt } });
    await em.insert(TotpFactor, {
      id: factor.id,
      user: factor.userId,
      name: factor.name,
      secretIv: factor.sealedSecret.iv,
      secretTag: factor.sealedSecret.tag,
      secretCiphertext: factor.sealedSecret.ciphertext,
      createdAt: factor.createdAt,
      expiresAt: factor.expiresAt,
    });
  }

  /** The account's factors that count: confirmed ones, and unconfirmed ones not yet expired; oldest first. */
  listFactors(em: EntityManager, userId: string, now: Date): Promise<TotpFactor[]> {
    return em.find(
      TotpFactor,
      { user: userId, $or: [{ confirmedAt: { $ne: null } }, { expiresAt: { $gt: now } }] },
      { orderBy: { createdAt: 'asc', id: 'asc' } },
    );
  }

  countFactors(em: EntityManager, userId: string, now: Date): Promise<number> {
    return em.count(TotpFactor, { user: userId, $or: [{ confirmedAt: { $ne: null } }, { expiresAt: { $gt: now } }] });
  }

  confirmedFactors(em: EntityManager, userId: string): Promise<TotpFactor[]> {
    return em.find(TotpFactor, { user: userId, confirmedAt: { $ne: null } }, { orderBy: { createdAt: 'asc', id: 'asc' }, ...UNMANAGED });
  }

  /** An unconfirmed, unexpired factor of this account (someone else's is not found). */
  findPendingFactor(em: EntityManager, userId: string, factorId: string, now: Date): Promise<TotpFactor | null> {
    return em.findOne(TotpFactor, { id: factorId, user: userId, confirmedAt: null, expiresAt: { $gt: now } }, UNMANAGED);
  }

  /** Confirms a pending factor with the step of the code that proved it; true for exactly one of concurrent confirmations. */
  async confirmFactor(em: EntityManager, factorId: string, step: number, now: Date): Promise<boolean> {
    const confirmed = await em.nativeUpdate(
      TotpFactor,
      { id: factorId, confirmedAt: null, expiresAt: { $gt: now } },
      { confirmedAt: now, expiresAt: null, lastUsedAt: now, lastUsedStep: step },
    );
    return confirmed === 1;
  }

  /**
   * Spends the code of `step` of a confirmed factor: true unless a code of this step or a later one
   * was accepted already (a replay, here or on another instance).
   */
  async useStep(em: EntityManager, factorId: string, step: number, now: Date): Promise<boolean> {
    const used = await em.nativeUpdate(
      TotpFactor,
      { id: factorId, confirmedAt: { $ne: null }, $or: [{ lastUsedStep: null }, { lastUsedStep: { $lt: step } }] },
      { lastUsedAt: now, lastUsedStep: step },
    );
    return used === 1;
  }

  /** True when the account had the factor (confirmed or not) and it is gone. */
  async deleteFactor(em: EntityManager, userId: string, factorId: string): Promise<boolean> {
    return (await em.nativeDelete(TotpFactor, { id: factorId, user: userId })) === 1;
  }

  async deleteAllFactors(em: EntityManager, userId: string): Promise<number> {
    return em.nativeDelete(TotpFactor, { user: userId });
  }

  /** An admin's reset of an account that has a password: its passkeys go too (they are second factors there). */
  async deleteAllPasskeys(em: EntityManager, userId: string): Promise<number> {
    return em.nativeDelete(Passkey, { user: userId });
  }

  /**
   * Sets `users.mfa_enabled` from the second factors: confirmed authenticator apps and passkeys
   * (src/passkeys/); returns it. Run in the transaction that changed them.
   */
  async syncMfaFlag(em: EntityManager, userId: string): Promise<boolean> {
    const [apps, passkeys] = await Promise.all([
      em.count(TotpFactor, { user: userId, confirmedAt: { $ne: null } }),
      em.count(Passkey, { user: userId }),
    ]);
    const enabled = apps + passkeys > 0;
    await em.nativeUpdate(User, { id: userId }, { mfaEnabled: enabled });
    return enabled;
  }

  /** The account's recovery codes become exactly these (hashes). */
  async replaceRecoveryCodes(em: EntityManager, userId: string, codeHashes: string[], now: Date): Promise<void> {
    await em.nativeDelete(RecoveryCode, { user: userId });
    await em.insertMany(
      RecoveryCode,
      codeHashes.map((codeHash) => ({ id: crypto.randomUUID(), user: userId, codeHash, createdAt: now })),
    );
  }

  async deleteRecoveryCodes(em: EntityManager, userId: string): Promise<void> {
    await em.nativeDelete(RecoveryCode, { user: userId });
  }

  countRecoveryCodes(em: EntityManager, userId: string): Promise<number> {
    return em.count(RecoveryCode, { user: userId });
  }

  /** Uses a recovery code up: true for exactly one of concurrent uses. */
  async consumeRecoveryCode(em: EntityManager, userId: string, codeHash: string): Promise<boolean> {
    return (await em.nativeDelete(RecoveryCode, { user: userId, codeHash })) === 1;
  }

  /** Stores a pending login, after removing every expired one (of anyone: they are only ever looked up by token). */
  async insertChallenge(em: EntityManager, challenge: NewMfaChallenge): Promise<void> {
    const now = new Date();
    await em.nativeDelete(MfaChallenge, { expiresAt: { $lte: now } });
    await em.insert(MfaChallenge, {
      id: crypto.randomUUID(),
      user: challenge.userId,
      tokenHash: challenge.tokenHash,
      securityStamp: challenge.securityStamp,
      firstMethod: challenge.firstMethod ?? AuthMethod.PASSWORD,
      createdAt: now,
      expiresAt: challenge.expiresAt,
    });
  }

  /** The pending login of this token, unexpired, with its user. */
  findLiveChallenge(em: EntityManager, tokenHash: string, now: Date): Promise<MfaChallenge | null> {
    return em.findOne(MfaChallenge, { tokenHash, expiresAt: { $gt: now } }, { populate: ['user'], ...UNMANAGED });
  }

  /** Ends a pending login (finished, or out of attempts): true for exactly one of concurrent finishes. */
  async consumeChallenge(em: EntityManager, challengeId: string): Promise<boolean> {
    return (await em.nativeDelete(MfaChallenge, { id: challengeId })) === 1;
  }

  /**
   * Counts a wrong code against a pending login, unless it has taken `maxWrong` already: false
   * then (the attempt is refused without checking its code).
   */
  async countWrongCode(em: EntityManager, challengeId: string, maxWrong: number): Promise<boolean> {
    const challenge = await em.findOne(MfaChallenge, { id: challengeId }, { fields: ['failedAttempts'] });
    if (!challenge || challenge.failedAttempts >= maxWrong) return false;
    const counted = await em.nativeUpdate(
      MfaChallenge,
      { id: challengeId, failedAttempts: challenge.failedAttempts },
      { failedAttempts: challenge.failedAttempts + 1 },
    );
    // Lost a race with another wrong code of the same token: count again from what it wrote.
    return counted === 1 ? true : this.countWrongCode(em, challengeId, maxWrong);
  }

  async deleteChallengesOf(em: EntityManager, userId: string): Promise<void> {
    await em.nativeDelete(MfaChallenge, { user: userId });
  }
}
