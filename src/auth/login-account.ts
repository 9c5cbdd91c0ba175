import type { EntityManager, MetadataStorage } from '@mikro-orm/core';
import { User, type Role } from '../db/entities/index.js';
import { runRawQuery } from '../db/raw-query.js';
import { dateFromRow } from '../db/row-values.js';
import { sqliteReaderFor } from '../db/sqlite-reader.js';
import type { CallerProfile } from './request-meta.js';

/**
 * The account a login names, read lean: one raw SELECT by a unique key (the normalised
 * username or email), not `em.findOne`, whose query builder, criteria processing and
 * populate planning the bench's profile of the login load showed costing several times the
 * query. Its public fields become the answer's profile once the login has succeeded
 * (`toProfile`), with the writes of the login applied; nothing goes through the unit of work.
 */
export interface LoginAccount {
  id: string;
  passwordHash: string;
  isActive: boolean;
  /** The users row as the database returned it (column names), for `toProfile`. */
  row: Record<string, unknown>;
}

export type LoginKey = 'usernameKey' | 'emailKey';

export async function findLoginAccount(em: EntityManager, key: LoginKey, value: string): Promise<LoginAccount | null> {
  const sql = selectByKeyQuery(em, key);
  // On SQLite, a prepared statement on the read-only connection, synchronously (sqlite-reader.ts).
  const reader = sqliteReaderFor(em);
  const row = reader
    ? reader.get(sql, [value])
    : await runRawQuery<Record<string, unknown> | undefined>(em, sql, [value], 'get');
  if (!row) return null;
  const columns = columnsOf(em);
  return {
    id: String(row[columns.id]),
    passwordHash: String(row[columns.passwordHash]),
    // SQLite answers 1/0, PostgreSQL true/false.
    isActive: Boolean(row[columns.isActive]),
    row,
  };
}

/** What a successful login wrote to the account's row (see session-start.ts). */
export interface LoginChanges {
  lastLogin: Date;
  /** A new hash when the stored one had weaker parameters. */
  passwordHash?: string;
}

/**
 * The signed-in account's public fields, with the login's lastLogin, for the answer: a plain
 * profile (as the session check reads one), not `em.map`, whose hydration, identity-map merge and
 * change-set snapshot cost about 0.2 ms of main-thread time per login (perf, at login rates).
 */
export function toProfile(em: EntityManager, account: LoginAccount, changes: LoginChanges): CallerProfile {
  const columns = columnsOf(em);
  const row = account.row;
  return {
    id: account.id,
    username: String(row[columns.username]),
    email: String(row[columns.email]),
    role: row[columns.role] as Role,
    isActive: account.isActive,
    dateJoined: dateFromRow(row[columns.dateJoined]),
    lastLogin: changes.lastLogin,
  };
}

type UserColumns = Record<'id' | 'passwordHash' | 'isActive' | 'username' | 'email' | 'role' | 'dateJoined', string>;

const columnCache = new WeakMap<MetadataStorage, UserColumns>();

function columnsOf(em: EntityManager): UserColumns {
  const storage = em.getMetadata();
  let columns = columnCache.get(storage);
  if (!columns) {
    const { properties } = storage.get<User>(User.name);
    const column = (property: keyof UserColumns) => properties[property].fieldNames[0];
    columns = {
      id: column('id'),
      passwordHash: column('passwordHash'),
      isActive: column('isActive'),
      username: column('username'),
      email: column('email'),
      role: column('role'),
      dateJoined: column('dateJoined'),
    };
    columnCache.set(storage, columns);
  }
  return columns;
}

const queries = new WeakMap<MetadataStorage, Map<LoginKey, string>>();

function selectByKeyQuery(em: EntityManager, key: LoginKey): string {
  const storage = em.getMetadata();
  let perKey = queries.get(storage);
  if (!perKey) queries.set(storage, (perKey = new Map()));
  let query = perKey.get(key);
  if (!query) {
    const users = storage.get<User>(User.name);
    const quote = (name: string) => em.getPlatform().quoteIdentifier(name);
    query = `select * from ${quote(users.tableName)} where ${quote(users.properties[key].fieldNames[0])} = ?`;
    perKey.set(key, query);
  }
  return query;
}
