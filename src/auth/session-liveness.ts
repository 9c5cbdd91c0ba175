import type { EntityManager, MetadataStorage } from '@mikro-orm/core';
import { Session, User } from '../db/entities/index.js';
import { sqliteReaderFor } from '../db/sqlite-reader.js';

/** What decides whether an access token's session still lets it in. */
/** Not revoked and not expired: the one rule for whether a session still lets its tokens in. */
export const isLive = <T extends { revokedAt: Date | null; expiresAt: Date }>(session: T | null, now = new Date()): session is T =>
  session !== null && session.revokedAt === null && session.expiresAt > now;

export interface SessionLiveness {
  userId: string;
  revokedAt: Date | null;
  expiresAt: Date;
}

/**
 * Reads one session's liveness and, in the same statement, its user: one primary-key SELECT
 * joined to users, through the connection directly (no query builder, no criteria processing,
 * no populate planning). This read runs on every authenticated request (it is what makes
 * revocation immediate), and the bench's profile of the `me` load showed `em.findOne(Session)`
 * costing several times the raw query, then the separate user read of `me` costing as much
 * again. A live session's user is put into this request's identity map (`em.map`), so
 * that `me` and any other read of the caller by id costs no second query.
 *
 * Table and column names come from the entity metadata and `?` placeholders are translated
 * per dialect by the connection, so the statement serves SQLite and PostgreSQL alike.
 */
export async function readSessionLiveness(em: EntityManager, sessionId: string): Promise<SessionLiveness | null> {
  // On SQLite, a prepared statement on a read-only connection, synchronously (sqlite-reader.ts).
  const reader = sqliteReaderFor(em);
  const row = reader
    ? reader.get(livenessQuery(em), [sessionId])
    : await em.getConnection().execute<Record<string, unknown> | undefined>(livenessQuery(em), [sessionId], 'get');
  if (!row) return null;
  const { [USER_ID]: userId, [REVOKED_AT]: revokedAt, [EXPIRES_AT]: expiresAt, ...userRow } = row;
  const liveness = {
    userId: String(userId),
    revokedAt: revokedAt === null || revokedAt === undefined ? null : toDate(revokedAt),
    expiresAt: toDate(expiresAt),
  };
  if (isLive(liveness)) em.map(User, userRow);
  return liveness;
}

// Aliases of the session's columns, distinct from every column of users.
const USER_ID = '__session_user_id';
const REVOKED_AT = '__session_revoked_at';
const EXPIRES_AT = '__session_expires_at';

/** SQLite returns epoch milliseconds, PostgreSQL a Date; anything else is parsed. */
function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  const number = Number(value);
  return new Date(Number.isNaN(number) ? String(value) : number);
}

const queries = new WeakMap<MetadataStorage, string>();

function livenessQuery(em: EntityManager): string {
  const storage = em.getMetadata();
  let query = queries.get(storage);
  if (!query) {
    const sessions = storage.get<Session>(Session.name);
    const users = storage.get<User>(User.name);
    const quote = (name: string) => em.getPlatform().quoteIdentifier(name);
    const column = (property: 'id' | 'user' | 'revokedAt' | 'expiresAt') =>
      `s.${quote(sessions.properties[property].fieldNames[0])}`;
    query =
      `select ${column('user')} as ${USER_ID}, ${column('revokedAt')} as ${REVOKED_AT}, ` +
      `${column('expiresAt')} as ${EXPIRES_AT}, u.* ` +
      `from ${quote(sessions.tableName)} s join ${quote(users.tableName)} u ` +
      `on u.${quote(users.properties.id.fieldNames[0])} = ${column('user')} where ${column('id')} = ?`;
    queries.set(storage, query);
  }
  return query;
}
