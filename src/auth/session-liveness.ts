import type { EntityManager, MetadataStorage } from '@mikro-orm/core';
import { Session, User } from '../db/entities/index.js';
import { readRow } from '../db/read-row.js';
import { dateFromRow } from '../db/row-values.js';
import { aliasedColumns, profileColumns, profileFromRow, type ProfileRow } from './caller-profile.js';
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
  const row = await readRow<LivenessRow>(em, livenessQuery(em), [sessionId]);
  if (!row) return null;
  return {
    userId: String(row.userId),
    revokedAt: row.revokedAt === null || row.revokedAt === undefined ? null : dateFromRow(row.revokedAt),
    expiresAt: dateFromRow(row.expiresAt),
    user: profileFromRow(row),
  };
}

/** The public fields of one user (no entity, as above), for refreshToken's answer. */
export async function readCallerProfile(em: EntityManager, userId: string): Promise<CallerProfile | null> {
  const row = await readRow<ProfileRow>(em, profileQuery(em), [userId]);
  return row ? profileFromRow(row) : null;
}

/** The liveness statement's columns: the session's, aliased, then the profile's (caller-profile.ts). */
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
    const userId = `u.${quote(users.properties.id.fieldNames[0])}`;
    // The user's id comes from the session row (the join's key).
    const profile = profileColumns(em, 'u').filter(([alias]) => alias !== 'userId');
    const liveness: Array<[keyof LivenessRow, string]> = [
      ['userId', sessionColumn('user')],
      ['revokedAt', sessionColumn('revokedAt')],
      ['expiresAt', sessionColumn('expiresAt')],
      ...profile,
    ];
    built = {
      liveness:
        `select ${aliasedColumns(em, liveness)} from ${quote(sessions.tableName)} s join ${quote(users.tableName)} u ` +
        `on ${userId} = ${sessionColumn('user')} where ${sessionColumn('id')} = ?`,
      profile: `select ${aliasedColumns(em, profileColumns(em, 'u'))} from ${quote(users.tableName)} u where ${userId} = ?`,
    };
    queries.set(storage, built);
  }
  return built;
}
