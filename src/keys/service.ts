import type { EntityManager } from '@mikro-orm/core';
import type { RequestMeta } from '../core/request-meta.js';
import { SigningKeyState, type SigningKey } from '../db/entities/index.js';
import type { SigningKeyStore } from '../db/stores/signing-key-store.js';
import { SecurityEventType, type SecurityEventSink } from '../events/index.js';
import { keysNotUsed, noSuchKey, noSuchKeyUnderHmac, notRevocable } from './errors.js';
import { rowOf, type KeyRing } from './key-ring.js';

/** Who changes a key: an admin (GraphQL), or nobody in particular (the CLI: actorId null). */
export interface KeyChangeActor {
  actorId: string | null;
  meta?: RequestMeta | null;
}

/** How long revoked keys stay in the admins' list. */
const REVOKED_LISTED_FOR_MS = 30 * 24 * 3600 * 1000;
const MAX_KID_LENGTH = 64;

/**
 * Listing, rotating and revoking signing keys (GraphQL and `npm run keys`). Each change runs in
 * one transaction with its event (SIGNING_KEY_ROTATED / SIGNING_KEY_REVOKED, no userId), holding
 * the key-change lock on PostgreSQL so that two changes at once apply one after the other; the
 * ring of this process reloads before the answer, so that a revoked key's tokens fail here at
 * once (elsewhere within SIGNING_KEYS_REFRESH). Without a ring (HS256) there are no keys.
 */
export class SigningKeyService {
  constructor(
    private readonly store: SigningKeyStore,
    private readonly events: SecurityEventSink,
    private readonly ring: KeyRing | undefined,
  ) {}

  /** Every key that is not REVOKED and the ones revoked in the last 30 days, newest first. */
  list(em: EntityManager): Promise<SigningKey[]> {
    if (!this.ring) return Promise.resolve([]);
    return this.store.listRecent(em, new Date(Date.now() - REVOKED_LISTED_FOR_MS));
  }

  /**
   * STANDBY becomes CURRENT, CURRENT becomes PREVIOUS, and a new STANDBY is made. No token stops
   * working: the PREVIOUS key still verifies what it signed. Returns the new CURRENT key.
   */
  async rotate(em: EntityManager, actor: KeyChangeActor): Promise<SigningKey> {
    const ring = this.ring;
    if (!ring) throw keysNotUsed();
    // Generated before the transaction (on the thread pool): an RSA key takes a while, and nobody
    // should wait on the lock for it.
    const fresh = await ring.generate();
    const promoted = await this.events.transaction(em, async (tx, emit) => {
      await this.store.lockForChange(tx);
      const now = new Date();
      const current = await this.store.findInState(tx, SigningKeyState.CURRENT);
      const standby = await this.store.findInState(tx, SigningKeyState.STANDBY);
      if (current) await this.store.retire(tx, current.kid, now);
      let kid: string;
      if (standby) {
        await this.store.activate(tx, standby.kid, now);
        await this.store.insert(tx, rowOf(fresh, SigningKeyState.STANDBY, now));
        kid = standby.kid;
      } else {
        // No STANDBY (the table was edited by hand): a new key signs at once, and another stands by.
        await this.store.insert(tx, rowOf(fresh, SigningKeyState.CURRENT, now));
        await this.store.insert(tx, rowOf(await ring.generate(), SigningKeyState.STANDBY, now));
        kid = fresh.kid;
      }
      emit({ type: SecurityEventType.SIGNING_KEY_ROTATED, userId: null, actorId: actor.actorId, meta: actor.meta });
      return kid;
    });
    await ring.reload();
    return (await this.store.findByKid(em, promoted))!;
  }

  /** A PREVIOUS key becomes REVOKED (its private half erased); every token it signed fails from now on. */
  async revoke(em: EntityManager, kid: string, actor: KeyChangeActor): Promise<SigningKey> {
    const ring = this.ring;
    if (!ring) throw noSuchKeyUnderHmac();
    if (typeof kid !== 'string' || kid.length === 0 || kid.length > MAX_KID_LENGTH) throw noSuchKey();
    await this.events.transaction(em, async (tx, emit) => {
      await this.store.lockForChange(tx);
      const key = await this.store.findByKid(tx, kid);
      if (!key) throw noSuchKey();
      if (key.state !== SigningKeyState.PREVIOUS) throw notRevocable(key.state);
      if ((await this.store.revoke(tx, kid, new Date())) !== 1) throw notRevocable(key.state);
      emit({ type: SecurityEventType.SIGNING_KEY_REVOKED, userId: null, actorId: actor.actorId, meta: actor.meta });
    });
    await ring.reload();
    return (await this.store.findByKid(em, kid))!;
  }
}
