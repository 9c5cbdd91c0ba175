import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { SigningKey, SigningKeyState } from '../entities/index.js';
import { runRawQuery } from '../raw-query.js';
import { isSqlite } from '../sqlite-writer.js';

/** A key as the service writes it. */
export interface SigningKeyRow {
  kid: string;
  algorithm: string;
  state: SigningKeyState;
  publicJwk: string;
  privateKeyIv: string;
  privateKeyTag: string;
  privateKeyCiphertext: string;
  createdAt: Date;
  activatedAt: Date | null;
}

/**
 * The advisory lock that serialises key changes on PostgreSQL (rotations and revocations from
 * several instances or the CLI at once): the ASCII bytes of "keys!" as a number, unlike the
 * migration lock's. SQLite has one writer for the whole file already.
 */
const KEY_CHANGE_LOCK = String(0x6b65797321);

/** Every SQL statement of the signing_keys table. */
export class SigningKeyStore {
  /** The keys that still verify (every state but REVOKED), oldest first. */
  listLive(em: EntityManager): Promise<SigningKey[]> {
    return em.find(SigningKey, { state: { $ne: SigningKeyState.REVOKED } }, { orderBy: { createdAt: 'asc', kid: 'asc' } });
  }

  /** Every live key and the keys revoked since `revokedSince`, newest first. */
  listRecent(em: EntityManager, revokedSince: Date): Promise<SigningKey[]> {
    return em.find(
      SigningKey,
      { $or: [{ state: { $ne: SigningKeyState.REVOKED } }, { revokedAt: { $gte: revokedSince } }] },
      { orderBy: { createdAt: 'desc', kid: 'desc' } },
    );
  }

  /**
   * Inserts the first CURRENT and STANDBY keys in one transaction. False when another instance
   * inserted its own first (the one-CURRENT index refused this one): nothing of this one stays.
   */
  async insertFirst(em: EntityManager, current: SigningKeyRow, standby: SigningKeyRow): Promise<boolean> {
    try {
      await em.transactional(async (tx) => {
        await tx.insert(SigningKey, current);
        await tx.insert(SigningKey, standby);
      });
      return true;
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) return false;
      throw error;
    }
  }

  /** Within a transaction: waits for any other key change to commit first (PostgreSQL). */
  async lockForChange(tx: EntityManager): Promise<void> {
    if (isSqlite(tx)) return;
    await runRawQuery(tx, 'select pg_advisory_xact_lock(?::bigint)', [KEY_CHANGE_LOCK], 'get');
  }

  findByKid(tx: EntityManager, kid: string): Promise<SigningKey | null> {
    return tx.findOne(SigningKey, { kid }, { refresh: true });
  }

  findInState(tx: EntityManager, state: SigningKeyState): Promise<SigningKey | null> {
    return tx.findOne(SigningKey, { state }, { refresh: true });
  }

  insert(tx: EntityManager, row: SigningKeyRow): Promise<unknown> {
    return tx.insert(SigningKey, row);
  }

  /** CURRENT -> PREVIOUS. */
  retire(tx: EntityManager, kid: string, now: Date): Promise<number> {
    return tx.nativeUpdate(SigningKey, { kid, state: SigningKeyState.CURRENT }, { state: SigningKeyState.PREVIOUS, retiredAt: now });
  }

  /** STANDBY -> CURRENT. */
  activate(tx: EntityManager, kid: string, now: Date): Promise<number> {
    return tx.nativeUpdate(SigningKey, { kid, state: SigningKeyState.STANDBY }, { state: SigningKeyState.CURRENT, activatedAt: now });
  }

  /** PREVIOUS -> REVOKED, erasing the private half: nothing will ever sign with it again. */
  revoke(tx: EntityManager, kid: string, now: Date): Promise<number> {
    return tx.nativeUpdate(
      SigningKey,
      { kid, state: SigningKeyState.PREVIOUS },
      { state: SigningKeyState.REVOKED, revokedAt: now, privateKeyIv: null, privateKeyTag: null, privateKeyCiphertext: null },
    );
  }
}
