import type { EntityManager, MetadataStorage } from '@mikro-orm/core';
import { Session, User } from '../db/entities/index.js';
import { readRow } from '../db/read-row.js';
import { dateFromRow } from '../db/row-values.js';
import { aliasedColumns, profileColumns, profileFromRow, type ProfileRow } from './caller-profile.js';
import type { CallerProfile } from './request-meta.js';

/**
 * Not revoked and not expired: whether a session still lets its tokens in. Expired includes
 * past the session's absolute lifetime (SESSION_MAX_LIFETIME): every write of `expiresAt`
 * (login, refresh, password change) caps it at `createdAt` + that lifetime, so this one
 * comparison covers both without reading anything more.
 */
export const isLive = <T extends { revokedAt: Date | null; expiresAt: Date }>(session: T | null, now = new Date()): session is T =>
  session !== null && session.revokedAt === null && session.expiresAt > now;

/**
 * Whether a session read with its user lets in a token of `userId`: live, that user's, and the
 * account active (a deactivated account's sessions stop at once). The account's state comes
 * from the same statement as the session's, so this costs the hot path nothing.
 */
export const admits = <T extends SessionLiveness>(session: T | null, userId: string, now = new Date()): session is T =>
  isLive(session, now) && session.userId === userId && session.user.isActive;

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

/** What refresh, verifyToken and password changes need of a session besides its liveness. */
export interface SessionState extends SessionLiveness {
  createdAt: Date;
  /** The id (`jti`) of the one refresh token currently valid for the session. */
  currentTokenId: string;
}

/**
 * The session with its token chain's head and its user's public fields, in one statement like
 * the liveness read (not the hot path: refresh, verifyToken, changePassword). Read before the
 * refresh's compare-and-set: the session's creation time caps the new expiry, and the account's
 * state decides whether it may refresh at all.
 */
export async function readSessionState(em: EntityManager, sessionId: string): Promise<SessionState | null> {
  const row = await readRow<StateRow>(em, stateQuery(em), [sessionId]);
  if (!row) return null;
  return {
    userId: String(row.userId),
    revokedAt: row.revokedAt === null || row.revokedAt === undefined ? null : dateFromRow(row.revokedAt),
    expiresAt: dateFromRow(row.expiresAt),
    createdAt: dateFromRow(row.createdAt),
    currentTokenId: String(row.currentTokenId),
    user: profileFromRow(row),
  };
}

/** The liveness statement's columns: the session's, aliased, then the profile's (caller-profile.ts). */
interface LivenessRow extends ProfileRow {
  revokedAt: unknown;
  expiresAt: unknown;
}

interface StateRow extends LivenessRow {
  createdAt: unknown;
  currentTokenId: unknown;
}

interface Queries {
  liveness: string;
  state: string;
}

const queries = new WeakMap<MetadataStorage, Queries>();

const livenessQuery = (em: EntityManager) => queriesFor(em).liveness;
const stateQuery = (em: EntityManager) => queriesFor(em).state;

function queriesFor(em: EntityManager): Queries {
  const storage = em.getMetadata();
  let built = queries.get(storage);
  if (!built) {
    const sessions = storage.get<Session>(Session.name);
    const users = storage.get<User>(User.name);
    const quote = (name: string) => em.getPlatform().quoteIdentifier(name);
    const sessionColumn = (property: 'id' | 'user' | 'revokedAt' | 'expiresAt' | 'createdAt' | 'currentTokenId') =>
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
    const state: Array<[keyof StateRow, string]> = [
      ...liveness,
      ['createdAt', sessionColumn('createdAt')],
      ['currentTokenId', sessionColumn('currentTokenId')],
    ];
    const fromSessionAndUser =
      `from ${quote(sessions.tableName)} s join ${quote(users.tableName)} u ` +
      `on ${userId} = ${sessionColumn('user')} where ${sessionColumn('id')} = ?`;
    built = {
      liveness: `select ${aliasedColumns(em, liveness)} ${fromSessionAndUser}`,
      state: `select ${aliasedColumns(em, state)} ${fromSessionAndUser}`,
    };
    queries.set(storage, built);
  }
  return built;
}
