import type { EntityManager, MetadataStorage } from '@mikro-orm/core';
import { User } from '../db/entities/index.js';
import { sqliteReaderFor } from '../db/sqlite-reader.js';

/**
 * The account a login names, read lean: one raw SELECT by a unique key (the normalised
 * username or email), not `em.findOne`, whose query builder, criteria processing and
 * populate planning the bench's profile of the login load showed costing several times the
 * query. It becomes a managed User only once the login has succeeded (`toUser`), with the
 * writes of the login applied, so the unit of work never has a change to flush.
 */
export interface LoginAccount {
  id: string;
  passwordHash: string;
  isActive: boolean;
  /** The users row as the database returned it (column names), for `toUser`. */
  row: Record<string, unknown>;
}

export type LoginKey = 'usernameKey' | 'emailKey';

export async function findLoginAccount(em: EntityManager, key: LoginKey, value: string): Promise<LoginAccount | null> {
  const sql = selectByKeyQuery(em, key);
  // On SQLite, a prepared statement on the read-only connection, synchronously (sqlite-reader.ts).
  const reader = sqliteReaderFor(em);
  const row = reader
    ? reader.get(sql, [value])
    : await em.getConnection().execute<Record<string, unknown> | undefined>(sql, [value], 'get', em.getTransactionContext());
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
 * The account as a managed User (`em.map`, as a find would build it), with the login's changes
 * as they are now in the database.
 */
export function toUser(em: EntityManager, account: LoginAccount, changes: LoginChanges): User {
  const columns = columnsOf(em);
  const row = { ...account.row, [columns.lastLogin]: em.getPlatform().processDateProperty(changes.lastLogin) };
  if (changes.passwordHash !== undefined) row[columns.passwordHash] = changes.passwordHash;
  return em.map(User, row);
}

interface UserColumns {
  id: string;
  passwordHash: string;
  isActive: string;
  lastLogin: string;
}

const columnCache = new WeakMap<MetadataStorage, UserColumns>();

function columnsOf(em: EntityManager): UserColumns {
  const storage = em.getMetadata();
  let columns = columnCache.get(storage);
  if (!columns) {
    const { properties } = storage.get<User>(User.name);
    columns = {
      id: properties.id.fieldNames[0],
      passwordHash: properties.passwordHash.fieldNames[0],
      isActive: properties.isActive.fieldNames[0],
      lastLogin: properties.lastLogin.fieldNames[0],
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
