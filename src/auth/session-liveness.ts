import type { EntityManager, MetadataStorage } from '@mikro-orm/core';
import { Role, Session, User } from '../db/entities/index.js';
import { runRawQuery } from '../db/raw-query.js';
import { dateFromRow } from '../db/row-values.js';
import { sqliteReaderFor } from '../db/sqlite-reader.js';
import type { CallerProfile } from './request-meta.js';

/** Not revoked and not expired: the one rule for whether a session still lets its tokens in. */
export const isLive = <T extends { revokedAt: Date | null; expiresAt: Date }>(session: T | null, now = new Date()): session is T =>
  session !== null && session.revokedAt === null && session.expiresAt > now;

/** What decides whether an access token's session still lets it in, and whose session it is. */
export interface SessionLiveness {
  userId: string;
  revokedAt: Date | null;
  expiresAt: Date;
  /** The session's user as stored now (public fields only: no password hash is ever read here). */
  user: CallerProfile;
}

/**
 * Reads one session's liveness and, in the same statement, the public fields of its user: one
 * primary-key SELECT joined to users, through the connection directly (no query builder, no
 * criteria processing, no populate planning, no entity). This read runs on every authenticated
 * request (it is what makes revocation immediate). The bench's profiles of the `me` load showed
 * `em.findOne(Session)` costing several times the raw query, then mapping the user's row into
 * the identity map (`em.map`) costing about 9% of a request by itself: the caller is kept as a
 * plain record instead, enough for `me` and the role checks; the few operations that change
 * the caller read the entity themselves.
 *
 * Table and column names come from the entity metadata and `?` placeholders are translated
 * per dialect by the connection, so the statement serves SQLite and PostgreSQL alike.
 */
export async function readSessionLiveness(em: EntityManager, sessionId: string): Promise<SessionLiveness | null> {
  // On SQLite, a prepared statement on a read-only connection, synchronously (sqlite-reader.ts).
  const reader = sqliteReaderFor(em);
  const row = (
    reader
      ? reader.get(livenessQuery(em), [sessionId])
      : await runRawQuery<Record<string, unknown> | undefined>(em, livenessQuery(em), [sessionId], 'get')
  ) as LivenessRow | undefined;
  if (!row) return null;
  return {
    userId: String(row.userId),
    revokedAt: row.revokedAt === null || row.revokedAt === undefined ? null : dateFromRow(row.revokedAt),
    expiresAt: dateFromRow(row.expiresAt),
    user: profileFromRow(row),
  };
}

/**
 * The public fields of one user (no entity, as above), for refreshToken's answer: on SQLite
 * through the read-only connection's prepared statement, otherwise one raw primary-key SELECT.
 */
export async function readCallerProfile(em: EntityManager, userId: string): Promise<CallerProfile | null> {
  const reader = sqliteReaderFor(em);
  const query = profileQuery(em);
  const row = (
    reader
      ? reader.get(query, [userId])
      : await runRawQuery<Record<string, unknown> | undefined>(em, query, [userId], 'get')
  ) as ProfileRow | undefined;
  return row ? profileFromRow(row) : null;
}

function profileFromRow(row: ProfileRow): CallerProfile {
  return {
    id: String(row.userId),
    username: String(row.username),
    email: String(row.email),
    role: row.role === Role.ADMIN ? Role.ADMIN : Role.USER,
    // SQLite stores booleans as 0/1, PostgreSQL returns a boolean.
    isActive: Boolean(row.isActive),
    dateJoined: dateFromRow(row.dateJoined),
    lastLogin: row.lastLogin === null || row.lastLogin === undefined ? null : dateFromRow(row.lastLogin),
  };
}

/** The statements' columns, aliased to these names (quoted: PostgreSQL folds unquoted aliases). */
interface ProfileRow {
  userId: unknown;
  username: unknown;
  email: unknown;
  role: unknown;
  isActive: unknown;
  dateJoined: unknown;
  lastLogin: unknown;
}
interface LivenessRow extends ProfileRow {
  revokedAt: unknown;
  expiresAt: unknown;
}

interface Queries {
  liveness: string;
  profile: string;
}

const queries = new WeakMap<MetadataStorage, Queries>();

const livenessQuery = (em: EntityManager) => queriesFor(em).liveness;
const profileQuery = (em: EntityManager) => queriesFor(em).profile;

function queriesFor(em: EntityManager): Queries {
  const storage = em.getMetadata();
  let built = queries.get(storage);
  if (!built) {
    const sessions = storage.get<Session>(Session.name);
    const users = storage.get<User>(User.name);
    const quote = (name: string) => em.getPlatform().quoteIdentifier(name);
    const sessionColumn = (property: 'id' | 'user' | 'revokedAt' | 'expiresAt') =>
      `s.${quote(sessions.properties[property].fieldNames[0])}`;
    const userColumn = (property: keyof CallerProfile) => `u.${quote(users.properties[property].fieldNames[0])}`;
    const profileColumns: Array<[keyof ProfileRow, string]> = [
      ['username', userColumn('username')],
      ['email', userColumn('email')],
      ['role', userColumn('role')],
      ['isActive', userColumn('isActive')],
      ['dateJoined', userColumn('dateJoined')],
      ['lastLogin', userColumn('lastLogin')],
    ];
    const select = (columns: Array<[keyof LivenessRow, string]>) =>
      `select ${columns.map(([alias, column]) => `${column} as ${quote(alias)}`).join(', ')}`;
    built = {
      liveness:
        `${select([['userId', sessionColumn('user')], ['revokedAt', sessionColumn('revokedAt')], ['expiresAt', sessionColumn('expiresAt')], ...profileColumns])} ` +
        `from ${quote(sessions.tableName)} s join ${quote(users.tableName)} u ` +
        `on ${userColumn('id')} = ${sessionColumn('user')} where ${sessionColumn('id')} = ?`,
      profile:
        `${select([['userId', userColumn('id')], ...profileColumns])} ` +
        `from ${quote(users.tableName)} u where ${userColumn('id')} = ?`,
    };
    queries.set(storage, built);
  }
  return built;
}
