import type { EntityManager, MetadataStorage } from '@mikro-orm/core';
import { Session, User } from '../db/entities/index.js';
import { runRawQuery } from '../db/raw-query.js';
import type { RawStatement } from '../db/stores/security-events.store.js';
import { isSqlite, onSqliteWriter } from '../db/sqlite-writer.js';

/** The row of a new session. */
export interface NewSession {
  id: string;
  userId: string;
  currentTokenId: string;
  createdAt: Date;
  expiresAt: Date;
  userAgent: string | null;
  ipAddress: string | null;
}

/** What the login changes on the user's row. */
export interface SignInUpdate {
  lastLogin: Date;
  /** Set when the stored hash was rehashed with today's parameters. */
  passwordHash?: string;
}

/**
 * The writes of a successful login, all or none: INSERT the session, UPDATE the user's
 * lastLogin (and password hash when rehashed). Raw statements instead of a unit-of-work flush,
 * whose change sets, query builders and knex transaction the bench's profile of the login
 * load showed as the largest part of a login's main-thread time.
 *
 * SQLite: one synchronous better-sqlite3 transaction with prepared statements on the ORM's own
 * connection (sqlite-writer.ts). PostgreSQL: one statement, the INSERT as a data-modifying CTE
 * of the UPDATE (atomic, one round trip). Inside a caller's transaction, its statements join it.
 * Column names come from the entity metadata and dates go through the platform (epoch
 * milliseconds on SQLite, timestamptz on PostgreSQL), as a flush would write them.
 */
export async function writeSignIn(
  em: EntityManager,
  session: NewSession,
  update: SignInUpdate,
  /** More INSERTs of the same transaction (the SIGNED_IN event's row). */
  alsoInsert: RawStatement[] = [],
): Promise<void> {
  const platform = em.getPlatform();
  const date = (value: Date) => platform.processDateProperty(value);
  const sessionParams = [
    session.id,
    session.userId,
    date(session.createdAt),
    date(session.createdAt),
    date(session.expiresAt),
    session.userAgent,
    session.ipAddress,
    session.currentTokenId,
  ];
  const rehashed = update.passwordHash !== undefined;
  const userParams = [date(update.lastLogin), ...(rehashed ? [update.passwordHash] : []), session.userId];
  const sql = statementsFor(em);
  const userUpdate = rehashed ? sql.updateUserRehashed : sql.updateUser;

  const done = await onSqliteWriter(em, (db) => {
    const insert = db.prepare(sql.insertSession);
    const updateUser = db.prepare(userUpdate);
    const extra = alsoInsert.map((statement) => ({ run: db.prepare(statement.sql), params: statement.params }));
    db.transaction(() => {
      insert.run(...sessionParams);
      updateUser.run(...userParams);
      for (const statement of extra) statement.run.run(...statement.params);
    })();
  });
  if (done) return;

  // Bound parameters, in the EntityManager's transaction if it is in one (raw-query.ts).
  if (!isSqlite(em)) {
    // PostgreSQL: `with s as (insert ...), e0 as (insert ...) update ...`, one statement.
    const ctes = [sql.insertSession, ...alsoInsert.map((statement) => statement.sql)].map((insert, i) => `${i === 0 ? 's' : `e${i}`} as (${insert})`);
    const params = [...sessionParams, ...alsoInsert.flatMap((statement) => statement.params), ...userParams];
    await runRawQuery(em, `with ${ctes.join(', ')} ${userUpdate}`, params, 'run');
    return;
  }
  // SQLite inside a caller's transaction: its connection, its transaction.
  await runRawQuery(em, sql.insertSession, sessionParams, 'run');
  await runRawQuery(em, userUpdate, userParams, 'run');
  for (const statement of alsoInsert) await runRawQuery(em, statement.sql, statement.params, 'run');
}

interface Statements {
  insertSession: string;
  updateUser: string;
  updateUserRehashed: string;
}

const cache = new WeakMap<MetadataStorage, Statements>();

function statementsFor(em: EntityManager): Statements {
  const storage = em.getMetadata();
  let statements = cache.get(storage);
  if (!statements) {
    const sessions = storage.get<Session>(Session.name);
    const users = storage.get<User>(User.name);
    const quote = (name: string) => em.getPlatform().quoteIdentifier(name);
    const sessionColumn = (property: keyof Session & string) => quote(sessions.properties[property].fieldNames[0]);
    const userColumn = (property: keyof User & string) => quote(users.properties[property].fieldNames[0]);
    const columns = (['id', 'user', 'createdAt', 'lastUsedAt', 'expiresAt', 'userAgent', 'ipAddress', 'currentTokenId'] as const).map(
      sessionColumn,
    );
    const updateUser = (setHash: boolean) =>
      `update ${quote(users.tableName)} set ${userColumn('lastLogin')} = ?` +
      `${setHash ? `, ${userColumn('passwordHash')} = ?` : ''} where ${userColumn('id')} = ?`;
    statements = {
      insertSession: `insert into ${quote(sessions.tableName)} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`,
      updateUser: updateUser(false),
      updateUserRehashed: updateUser(true),
    };
    cache.set(storage, statements);
  }
  return statements;
}
