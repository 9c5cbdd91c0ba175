import type { EntityManager } from '@mikro-orm/core';
import { IdentityCallbackCode, IdentityFlow, IdentityFlowPurpose, LinkedIdentity, Passkey } from '../entities/index.js';

export interface NewIdentityFlow {
  stateHash: string;
  providerId: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  callbackUrl: string;
  purpose: IdentityFlowPurpose;
  userId: string | null;
  expiresAt: Date;
}

export interface NewLinkedIdentity {
  userId: string;
  providerId: string;
  issuer: string;
  subject: string;
  email: string | null;
  now: Date;
}

/** Plain reads: nothing here is kept in the unit of work (every change is a native statement). */
const UNMANAGED = { disableIdentityMap: true } as const;

/**
 * The tables of identity providers: linked_identities, identity_flows, identity_callback_codes.
 * Each single-use rule is one DELETE whose affected-row count says who won, so that it holds
 * across instances without locks.
 */
export class IdentityStore {
  /** Stores a round trip, after removing every expired one (of anyone: they are only looked up by state). */
  async insertFlow(em: EntityManager, flow: NewIdentityFlow): Promise<void> {
    const now = new Date();
    await em.nativeDelete(IdentityFlow, { expiresAt: { $lte: now } });
    await em.insert(IdentityFlow, {
      id: crypto.randomUUID(),
      stateHash: flow.stateHash,
      providerId: flow.providerId,
      nonce: flow.nonce,
      codeVerifier: flow.codeVerifier,
      redirectUri: flow.redirectUri,
      callbackUrl: flow.callbackUrl,
      purpose: flow.purpose,
      user: flow.userId,
      createdAt: now,
      expiresAt: flow.expiresAt,
    });
  }

  /**
   * Takes the live round trip of this state: the row, deleted; null when unknown, expired or
   * already taken (by this instance or another).
   */
  async takeFlow(em: EntityManager, stateHash: string, now: Date): Promise<IdentityFlow | null> {
    const flow = await em.findOne(IdentityFlow, { stateHash, expiresAt: { $gt: now } }, UNMANAGED);
    if (!flow) return null;
    return (await em.nativeDelete(IdentityFlow, { id: flow.id })) === 1 ? flow : null;
  }

  findIdentity(em: EntityManager, issuer: string, subject: string): Promise<LinkedIdentity | null> {
    return em.findOne(LinkedIdentity, { issuer, subject }, UNMANAGED);
  }

  async insertIdentity(em: EntityManager, identity: NewLinkedIdentity): Promise<string> {
    const id = crypto.randomUUID();
    await em.insert(LinkedIdentity, {
      id,
      user: identity.userId,
      providerId: identity.providerId,
      issuer: identity.issuer,
      subject: identity.subject,
      email: identity.email,
      linkedAt: identity.now,
      lastUsedAt: identity.now,
    });
    return id;
  }

  async touchIdentity(em: EntityManager, id: string, email: string | null, now: Date): Promise<void> {
    await em.nativeUpdate(LinkedIdentity, { id }, { lastUsedAt: now, ...(email ? { email } : {}) });
  }

  listIdentities(em: EntityManager, userId: string): Promise<LinkedIdentity[]> {
    return em.find(LinkedIdentity, { user: userId }, { orderBy: { linkedAt: 'asc', id: 'asc' }, ...UNMANAGED });
  }

  countIdentities(em: EntityManager, userId: string, exceptId?: string): Promise<number> {
    return em.count(LinkedIdentity, { user: userId, ...(exceptId ? { id: { $ne: exceptId } } : {}) });
  }

  /** True when the account had this identity and it is gone. */
  async deleteIdentity(em: EntityManager, userId: string, id: string): Promise<boolean> {
    return (await em.nativeDelete(LinkedIdentity, { id, user: userId })) === 1;
  }

  /** Stores a callback code, after removing every expired one. */
  async insertCallbackCode(em: EntityManager, code: { codeHash: string; userId: string; identityId: string; expiresAt: Date }): Promise<void> {
    const now = new Date();
    await em.nativeDelete(IdentityCallbackCode, { expiresAt: { $lte: now } });
    await em.insert(IdentityCallbackCode, {
      id: crypto.randomUUID(),
      codeHash: code.codeHash,
      user: code.userId,
      identity: code.identityId,
      createdAt: now,
      expiresAt: code.expiresAt,
    });
  }

  /** Takes a live callback code: its account and identity, the row deleted; null when unknown, expired or used. */
  async takeCallbackCode(em: EntityManager, codeHash: string, now: Date): Promise<{ userId: string; identityId: string } | null> {
    const row = await em.findOne(IdentityCallbackCode, { codeHash, expiresAt: { $gt: now } }, UNMANAGED);
    if (!row) return null;
    if ((await em.nativeDelete(IdentityCallbackCode, { id: row.id })) !== 1) return null;
    return { userId: row.user.id, identityId: row.identity.id };
  }

  /** The account's passkeys (a way to sign in of their own). */
  countPasskeys(em: EntityManager, userId: string): Promise<number> {
    return em.count(Passkey, { user: userId });
  }
}
