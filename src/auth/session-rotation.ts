import type { EntityManager, MetadataStorage } from '@mikro-orm/core';
import { Session } from '../db/entities/index.js';
import { runRawQuery } from '../db/raw-query.js';

export interface Rotation {
  sessionId: string;
  userId: string;
  /** The refresh token id the caller presented: the update applies only if it is still current. */
  presentedTokenId: string;
  nextTokenId: string;
  now: Date;
  expiresAt: Date;
}

/**
 * The compare-and-set of refresh rotation as one raw UPDATE: true when this call swapped the
 * session's current token (live, the caller's, not yet rotated). The same statement
 * `em.nativeUpdate` would send, without the query builder and criteria processing, which the
 * bench's profile of the refresh load showed costing most of the update (toQuery alone about 7%
 * of the server's CPU). Column names come from the entity metadata, dates go through the
 * platform (epoch milliseconds on SQLite, timestamptz on PostgreSQL), and `?` placeholders are
 * translated per dialect, so the statement serves SQLite and PostgreSQL alike.
 */
export async function rotateSessionToken(em: EntityManager, rotation: Rotation): Promise<boolean> {
  const platform = em.getPlatform();
  const date = (value: Date) => platform.processDateProperty(value);
  // In the caller's transaction, if any (runRawQuery).
  const result = await runRawQuery<{ affectedRows: number }>(
    em,
    rotationQuery(em),
    [
      rotation.nextTokenId,
      date(rotation.now),
      date(rotation.expiresAt),
      rotation.sessionId,
      rotation.userId,
      rotation.presentedTokenId,
      date(rotation.now),
    ],
    'run',
  );
  return result.affectedRows === 1;
}

const queries = new WeakMap<MetadataStorage, string>();

function rotationQuery(em: EntityManager): string {
  const storage = em.getMetadata();
  let query = queries.get(storage);
  if (!query) {
    const sessions = storage.get<Session>(Session.name);
    const quote = (name: string) => em.getPlatform().quoteIdentifier(name);
    const column = (property: 'id' | 'user' | 'currentTokenId' | 'lastUsedAt' | 'revokedAt' | 'expiresAt') =>
      quote(sessions.properties[property].fieldNames[0]);
    query =
      `update ${quote(sessions.tableName)} set ${column('currentTokenId')} = ?, ${column('lastUsedAt')} = ?, ` +
      `${column('expiresAt')} = ? where ${column('id')} = ? and ${column('user')} = ? and ` +
      `${column('currentTokenId')} = ? and ${column('revokedAt')} is null and ${column('expiresAt')} > ?`;
    queries.set(storage, query);
  }
  return query;
}
