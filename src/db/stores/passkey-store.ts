import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { LinkedIdentity, Passkey, User, WebauthnCeremony, WebauthnChallenge } from '../entities/index.js';
import { runRawQuery } from '../raw-query.js';

export interface NewWebauthnChallenge {
  ceremony: WebauthnCeremony;
  challenge: string;
  userId: string | null;
  mfaChallengeId?: string | null;
  name?: string | null;
  discoverable?: boolean;
  expiresAt: Date;
}

/** What an answer must match besides its id: the ceremony, and for whom the challenge was issued. */
export interface ChallengeBinding {
  ceremony: WebauthnCeremony;
  /** REGISTRATION: the caller. */
  userId?: string;
  /** MFA: the pending login. */
  mfaChallengeId?: string;
}

/** A challenge as it was issued, once its single use is taken. */
export interface ConsumedChallenge {
  id: string;
  ceremony: WebauthnCeremony;
  challenge: string;
  userId: string | null;
  name: string | null;
  discoverable: boolean;
}

export interface NewPasskey {
  userId: string;
  credentialId: string;
  publicKey: string;
  counter: number;
  transports: string[];
  backedUp: boolean;
  deviceType: string;
  name: string;
  createdAt: Date;
}

/** Reads that decide something stay out of the unit of work (as in MfaStore): every change here is a native statement. */
const UNMANAGED = { disableIdentityMap: true } as const;

/**
 * The tables of passkeys: `passkeys` and `webauthn_challenges`. As in MfaStore, every single-use
 * rule is one conditional DELETE or UPDATE whose affected-row count says who won, so that it
 * holds across instances without locks. Through the ORM: nothing here is on the hot path of `me`.
 */
export class PasskeyStore {
  /** Stores a challenge after removing every expired one (of anyone: they are only looked up by id); returns its id. */
  async insertChallenge(em: EntityManager, challenge: NewWebauthnChallenge): Promise<string> {
    const now = new Date();
    await em.nativeDelete(WebauthnChallenge, { expiresAt: { $lte: now } });
    const id = crypto.randomUUID();
    await em.insert(WebauthnChallenge, {
      id,
      ceremony: challenge.ceremony,
      challenge: challenge.challenge,
      user: challenge.userId,
      mfaChallenge: challenge.mfaChallengeId ?? null,
      name: challenge.name ?? null,
      discoverable: challenge.discoverable ?? false,
      createdAt: now,
      expiresAt: challenge.expiresAt,
    });
    return id;
  }

  /**
   * Takes the single use of a live challenge bound as `binding` says: the challenge, or null when
   * there is none (unknown, expired, used, another ceremony's or someone else's) or another
   * answer took it first. A challenge that does not match is left alone: naming someone else's
   * challengeId cannot spend it.
   */
  async consumeChallenge(em: EntityManager, id: string, binding: ChallengeBinding, now: Date): Promise<ConsumedChallenge | null> {
    const where = {
      id,
      ceremony: binding.ceremony,
      expiresAt: { $gt: now },
      ...(binding.userId !== undefined ? { user: binding.userId } : {}),
      ...(binding.mfaChallengeId !== undefined ? { mfaChallenge: binding.mfaChallengeId } : {}),
    };
    const row = await em.findOne(WebauthnChallenge, where, UNMANAGED);
    if (!row) return null;
    if ((await em.nativeDelete(WebauthnChallenge, { id })) !== 1) return null;
    return {
      id: row.id,
      ceremony: row.ceremony,
      challenge: row.challenge,
      userId: row.user?.id ?? null,
      name: row.name,
      discoverable: row.discoverable,
    };
  }

  listPasskeys(em: EntityManager, userId: string): Promise<Passkey[]> {
    return em.find(Passkey, { user: userId }, { orderBy: { createdAt: 'asc', id: 'asc' }, ...UNMANAGED });
  }

  countPasskeys(em: EntityManager, userId: string): Promise<number> {
    return em.count(Passkey, { user: userId });
  }

  /** The passkey of a credential id, with its account (a sign-in needs both). */
  findByCredentialId(em: EntityManager, credentialId: string): Promise<Passkey | null> {
    return em.findOne(Passkey, { credentialId }, { populate: ['user'], ...UNMANAGED });
  }

  /** Adds a passkey; false when its credential id is registered already (to this account or another). */
  async insertPasskey(em: EntityManager, passkey: NewPasskey): Promise<Passkey | null> {
    const id = crypto.randomUUID();
    try {
      await em.insert(Passkey, {
        id,
        user: passkey.userId,
        credentialId: passkey.credentialId,
        publicKey: passkey.publicKey,
        counter: passkey.counter,
        transports: passkey.transports.join(','),
        backedUp: passkey.backedUp,
        deviceType: passkey.deviceType,
        name: passkey.name,
        createdAt: passkey.createdAt,
      });
    } catch (error) {
      // The error's message holds the whole INSERT: never let it travel.
      if (error instanceof UniqueConstraintViolationException) return null;
      throw error;
    }
    return em.findOne(Passkey, { id }, UNMANAGED);
  }

  /** The renamed passkey, or null when the account has none with this id. */
  async renamePasskey(em: EntityManager, userId: string, id: string, name: string): Promise<Passkey | null> {
    if ((await em.nativeUpdate(Passkey, { id, user: userId }, { name })) !== 1) return null;
    return em.findOne(Passkey, { id }, UNMANAGED);
  }

  /** The removed passkey, or null when the account had none with this id (or a concurrent removal took it). */
  async deletePasskey(em: EntityManager, userId: string, id: string): Promise<Passkey | null> {
    const passkey = await em.findOne(Passkey, { id, user: userId }, UNMANAGED);
    if (!passkey) return null;
    return (await em.nativeDelete(Passkey, { id, user: userId })) === 1 ? passkey : null;
  }

  /**
   * Records a verified use: the counter moves to `counter` only if it is above the stored one
   * (or both are 0, an authenticator without a counter), so that of two uses reporting counters
   * out of order the later-written lower one is refused, here or on another instance.
   */
  async advanceCounter(em: EntityManager, id: string, use: { counter: number; backedUp: boolean; now: Date }): Promise<boolean> {
    const counterCondition = use.counter === 0 ? { counter: 0 } : { counter: { $lt: use.counter } };
    const updated = await em.nativeUpdate(
      Passkey,
      { id, ...counterCondition },
      { counter: use.counter, backedUp: use.backedUp, lastUsedAt: use.now },
    );
    return updated === 1;
  }

  /**
   * Serialises changes to an account's ways of signing in within a transaction: a no-op write of
   * its users row, which PostgreSQL row-locks until the commit (SQLite serialises every write
   * transaction anyway). Two removals of an account's last two passkeys then run one after the
   * other, and the second sees that the first left nothing.
   */
  async lockAccount(em: EntityManager, userId: string): Promise<void> {
    await runRawQuery(em, 'update users set mfa_enabled = mfa_enabled where id = ?', [userId], 'run');
  }

  /**
   * The ways to sign in to an account besides passkeys, read under lockAccount: its password and
   * its linked identity-provider accounts (src/providers/).
   */
  async otherSignInMethods(em: EntityManager, userId: string): Promise<{ password: boolean; identities: number }> {
    const user = await em.findOne(User, { id: userId }, { fields: ['passwordHash'], ...UNMANAGED });
    return { password: user?.passwordHash != null, identities: await em.count(LinkedIdentity, { user: userId }) };
  }
}
