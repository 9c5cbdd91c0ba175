import type { EntityManager } from '@mikro-orm/core';
import type { SessionAuthentication } from '../../sessions/authentication.js';
import type { CallerProfile } from '../../core/request-meta.js';
import { decodeAuthMethods, encodeAuthMethods } from '../entities/auth-methods.js';
import { Session, User } from '../entities/index.js';
import { runRawQuery } from '../raw-query.js';
import { readRow } from '../read-row.js';
import { dateFromRow } from '../row-values.js';
import { isSqlite, onSqliteWriter } from '../sqlite-writer.js';
import { statementCache } from '../statement-cache.js';
import type { SqlWrite } from './sql-write.js';
import { profileColumns, profileFromRow, type ProfileRow } from './user-store.js';

/** The row of a new session. */
export interface NewSession {
  id: string;
  userId: string;
  currentTokenId: string;
  createdAt: Date;
  expiresAt: Date;
  userAgent: string | null;
  ipAddress: string | null;
  authentication: SessionAuthentication;
}

/** What decides whether an access token's session still lets it in, and whose session it is. */
export interface SessionLiveness {
  userId: string;
  revokedAt: Date | null;
  expiresAt: Date;
  /** The session's user as stored now (public fields only: no password hash is ever read here). */
  user: CallerProfile;
}

/** What refresh, verifyToken and password changes need of a session besides its liveness. */
export interface SessionState extends SessionLiveness {
  createdAt: Date;
  /** The id (`jti`) of the one refresh token currently valid for the session. */
  currentTokenId: string;
  /** How the session was last authenticated: its tokens carry it. */
  authentication: SessionAuthentication;
  /** The refresh token id the last rotation replaced, and when (null before any rotation). */
  previousTokenId: string | null;
  rotatedAt: Date | null;
}

export interface Rotation {
  sessionId: string;
  userId: string;
  /** The refresh token id the caller presented: the update applies only if it is still current. */
  presentedTokenId: string;
  nextTokenId: string;
  now: Date;
  expiresAt: Date;
}

/** The liveness statement's columns: the session's, aliased, then the profile's (user-store.ts). */
interface LivenessRow extends ProfileRow {
  revokedAt: unknown;
  expiresAt: unknown;
}

interface StateRow extends LivenessRow {
  createdAt: unknown;
  currentTokenId: unknown;
  authMethods: unknown;
  assuranceLevel: unknown;
  authenticatedAt: unknown;
  previousTokenId: unknown;
  rotatedAt: unknown;
}

const statements = statementCache((names) => {
  const sessions = names.table(Session);
  const column = (property: keyof Session & string) => names.column(Session, property);
  const s = (property: keyof Session & string) => names.column(Session, property, 's');
  // The user's id comes from the session row (the join's key).
  const profile = profileColumns(names, 'u').filter(([alias]) => alias !== 'userId');
  const liveness: Array<[keyof LivenessRow, string]> = [
    ['userId', s('user')],
    ['revokedAt', s('revokedAt')],
    ['expiresAt', s('expiresAt')],
    ...profile,
  ];
  const state: Array<[keyof StateRow, string]> = [
    ...liveness,
    ['createdAt', s('createdAt')],
    ['currentTokenId', s('currentTokenId')],
    ['authMethods', s('authMethods')],
    ['assuranceLevel', s('assuranceLevel')],
    ['authenticatedAt', s('authenticatedAt')],
    ['previousTokenId', s('previousTokenId')],
    ['rotatedAt', s('rotatedAt')],
  ];
  const fromSessionAndUser =
    `from ${sessions} s join ${names.table(User)} u on ${names.column(User, 'id', 'u')} = ${s('user')} where ${s('id')} = ?`;
  const inserted = (
    [
      'id',
      'user',
      'createdAt',
      'lastUsedAt',
      'expiresAt',
      'userAgent',
      'ipAddress',
      'currentTokenId',
      'authMethods',
      'assuranceLevel',
      'authenticatedAt',
    ] as const
  ).map(column);
  return {
    liveness: `select ${names.aliased(liveness)} ${fromSessionAndUser}`,
    state: `select ${names.aliased(state)} ${fromSessionAndUser}`,
    insert: `insert into ${sessions} (${inserted.join(', ')}) values (${inserted.map(() => '?').join(', ')})`,
    rotate:
      `update ${sessions} set ${column('currentTokenId')} = ?, ${column('previousTokenId')} = ?, ${column('rotatedAt')} = ?, ` +
      `${column('lastUsedAt')} = ?, ${column('expiresAt')} = ? ` +
      `where ${column('id')} = ? and ${column('user')} = ? and ${column('currentTokenId')} = ? and ` +
      `${column('revokedAt')} is null and ${column('expiresAt')} > ?`,
  };
});

const nullableDate = (value: unknown): Date | null => (value === null || value === undefined ? null : dateFromRow(value));

function livenessFromRow(row: LivenessRow): SessionLiveness {
  return {
    userId: String(row.userId),
    revokedAt: nullableDate(row.revokedAt),
    expiresAt: dateFromRow(row.expiresAt),
    user: profileFromRow(row),
  };
}

/**
 * The `sessions` table. The reads of the hot paths are one primary-key SELECT joined to users,
 * through the connection directly (no query builder, no criteria processing, no entity): the
 * session check runs on every authenticated request (it is what makes revocation immediate),
 * and the bench's profiles of the `me` load showed `em.findOne(Session)` costing several times
 * the raw query and `em.map` of the user about 9% of a request. Table and column names come
 * from the entity metadata and `?` placeholders are translated per dialect by the connection.
 */
export class SessionStore {
  /** One session's liveness and its user's public fields, in one statement: the hot path. */
  async readLiveness(em: EntityManager, sessionId: string): Promise<SessionLiveness | null> {
    const row = await readRow<LivenessRow>(em, statements(em).liveness, [sessionId]);
    return row ? livenessFromRow(row) : null;
  }

  /** The session with its token chain's head and its user's public fields, in one statement. */
  async readState(em: EntityManager, sessionId: string): Promise<SessionState | null> {
    const row = await readRow<StateRow>(em, statements(em).state, [sessionId]);
    if (!row) return null;
    const createdAt = dateFromRow(row.createdAt);
    return {
      ...livenessFromRow(row),
      createdAt,
      currentTokenId: String(row.currentTokenId),
      authentication: {
        methods: decodeAuthMethods(row.authMethods),
        assuranceLevel: Number(row.assuranceLevel) === 2 ? 2 : 1,
        // Rows from before the column were filled by its migration; a null would be one of those.
        authenticatedAt: nullableDate(row.authenticatedAt) ?? createdAt,
      },
      previousTokenId: row.previousTokenId === null || row.previousTokenId === undefined ? null : String(row.previousTokenId),
      rotatedAt: nullableDate(row.rotatedAt),
    };
  }

  /**
   * INSERTs the session and runs `alongside` (other stores' writes: e.g. the SIGNED_IN event's
   * row and the login's change to the account, in that order) in the same transaction, all or
   * none. Raw statements instead of a unit-of-work flush, whose change sets, query builders and
   * knex transaction the bench's profile of the login load showed as the largest part of a
   * login's main-thread time.
   *
   * SQLite: one synchronous better-sqlite3 transaction with prepared statements on the ORM's own
   * connection (sqlite-writer.ts). PostgreSQL: one statement, the INSERT and all but the last of
   * `alongside` as data-modifying CTEs of the last (atomic, one round trip). Inside a caller's
   * transaction, its statements join it.
   */
  async insert(em: EntityManager, session: NewSession, alongside: SqlWrite[] = []): Promise<void> {
    const date = (value: Date) => em.getPlatform().processDateProperty(value);
    const params = [
      session.id,
      session.userId,
      date(session.createdAt),
      date(session.createdAt),
      date(session.expiresAt),
      session.userAgent,
      session.ipAddress,
      session.currentTokenId,
      encodeAuthMethods(session.authentication.methods),
      session.authentication.assuranceLevel,
      date(session.authentication.authenticatedAt),
    ];
    const writes: SqlWrite[] = [{ sql: statements(em).insert, params }, ...alongside];
    const done = await onSqliteWriter(em, (db) => {
      const prepared = writes.map((write) => ({ statement: db.prepare(write.sql), params: write.params }));
      db.transaction(() => {
        for (const write of prepared) write.statement.run(...write.params);
      })();
    });
    if (done) return;
    if (!isSqlite(em)) {
      // PostgreSQL: `with w0 as (insert ...), w1 as (insert ...) update ...`, one statement.
      const last = writes[writes.length - 1];
      const ctes = writes.slice(0, -1).map((write, index) => `w${index} as (${write.sql})`);
      const sql = ctes.length > 0 ? `with ${ctes.join(', ')} ${last.sql}` : last.sql;
      await runRawQuery(em, sql, writes.flatMap((write) => write.params), 'run');
      return;
    }
    // SQLite inside a caller's transaction: its connection, its transaction.
    for (const write of writes) await runRawQuery(em, write.sql, write.params, 'run');
  }

  /**
   * The compare-and-set of refresh rotation as one raw UPDATE: true when this call swapped the
   * session's current token (live, the caller's, not yet rotated), keeping the presented id as
   * the previous one and `now` as the rotation time. The statement `nativeUpdate`
   * would send, without the query builder (toQuery alone was about 7% of the server's CPU in
   * the bench's profile of the refresh load).
   */
  async rotate(em: EntityManager, rotation: Rotation): Promise<boolean> {
    const date = (value: Date) => em.getPlatform().processDateProperty(value);
    const result = await runRawQuery<{ affectedRows: number }>(
      em,
      statements(em).rotate,
      [
        rotation.nextTokenId,
        rotation.presentedTokenId,
        date(rotation.now),
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

  /** Revokes the session unless `presentedTokenId` is still its current token; true when it did. */
  async revokeRotatedAway(em: EntityManager, sessionId: string, presentedTokenId: string): Promise<boolean> {
    const revoked = await em.nativeUpdate(
      Session,
      { id: sessionId, revokedAt: null, currentTokenId: { $ne: presentedTokenId } },
      { revokedAt: new Date() },
    );
    return revoked > 0;
  }

  /**
   * Gives a live session of `userId` a new refresh token id and expiry, with no previous token
   * (the one it had must not get the new one: changePassword, reauthenticate), and with a new
   * authentication when given (reauthenticate); true when it did.
   */
  async renew(
    em: EntityManager,
    renewal: Omit<Rotation, 'presentedTokenId'>,
    authentication?: SessionAuthentication,
  ): Promise<boolean> {
    const renewed = await em.nativeUpdate(
      Session,
      { id: renewal.sessionId, user: renewal.userId, revokedAt: null, expiresAt: { $gt: renewal.now } },
      {
        currentTokenId: renewal.nextTokenId,
        previousTokenId: null,
        rotatedAt: renewal.now,
        lastUsedAt: renewal.now,
        expiresAt: renewal.expiresAt,
        ...(authentication
          ? {
              authMethods: authentication.methods,
              assuranceLevel: authentication.assuranceLevel,
              authenticatedAt: authentication.authenticatedAt,
            }
          : {}),
      },
    );
    return renewed === 1;
  }

  /** The user's live sessions, newest first. */
  listActive(em: EntityManager, userId: string): Promise<Session[]> {
    return em.find(
      Session,
      { user: userId, revokedAt: null, expiresAt: { $gt: new Date() } },
      { orderBy: { createdAt: 'desc', id: 'desc' } },
    );
  }

  /** How many sessions are live right now, across all users (one count query). */
  countActive(em: EntityManager): Promise<number> {
    return em.count(Session, { revokedAt: null, expiresAt: { $gt: new Date() } });
  }

  /** Revokes one live session of the user; true when there was one. */
  async revokeLive(em: EntityManager, userId: string, sessionId: string): Promise<boolean> {
    const revoked = await em.nativeUpdate(
      Session,
      { id: sessionId, user: userId, revokedAt: null, expiresAt: { $gt: new Date() } },
      { revokedAt: new Date() },
    );
    return revoked > 0;
  }

  /** Revokes the session of `userId` if not revoked yet, live or not (logout); true when it did. */
  async revoke(em: EntityManager, userId: string, sessionId: string): Promise<boolean> {
    return (await em.nativeUpdate(Session, { id: sessionId, user: userId, revokedAt: null }, { revokedAt: new Date() })) > 0;
  }

  /** Revokes every session of the user not revoked yet, but `exceptSessionId` when given. Returns how many. */
  revokeAll(em: EntityManager, userId: string, exceptSessionId?: string): Promise<number> {
    return em.nativeUpdate(
      Session,
      { user: userId, revokedAt: null, ...(exceptSessionId ? { id: { $ne: exceptSessionId } } : {}) },
      { revokedAt: new Date() },
    );
  }
}
