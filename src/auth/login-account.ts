import type { EntityManager, MetadataStorage } from '@mikro-orm/core';
import { User } from '../db/entities/index.js';
import { sqliteReaderFor } from '../db/sqlite-reader.js';

/**
 * The account a login names, read lean: one raw SELECT by a unique key (the normalised
 * username or email), not `em.findOne`, whose query builder, criteria processing and
 * populate planning the bench's profile of the login load showed costing several times the
 * query. It becomes a User only once the login has succeeded (`toUser`), with the writes of the
 * login applied; nothing goes through the unit of work, so nothing is left to flush.
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
 * The signed-in account as a User, with the login's changes as they now are in the database.
 * Built from the row directly (each column converted by its property's runtime type: SQLite
 * answers dates as epoch milliseconds and booleans as 1/0), not with `em.map`: the login hands
 * the user only to the response, and `em.map`'s hydration, identity-map merge and change-set
 * snapshot cost about 0.2 ms of main-thread time per login (perf, at login rates), more than
 * the rest of the sign-in writes. The User is detached: not in the request's identity map.
 */
export function toUser(em: EntityManager, account: LoginAccount, changes: LoginChanges): User {
  const user = new User();
  const fields = user as unknown as Record<string, unknown>;
  for (const { property, column, kind } of scalarColumnsOf(em)) {
    const value = account.row[column];
    fields[property] = value === null || value === undefined ? null : kind === 'Date' ? toDate(value) : kind === 'boolean' ? Boolean(value) : value;
  }
  user.lastLogin = changes.lastLogin;
  if (changes.passwordHash !== undefined) user.passwordHash = changes.passwordHash;
  return user;
}

/** SQLite returns epoch milliseconds, PostgreSQL a Date; anything else is parsed. */
function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  const number = Number(value);
  return new Date(Number.isNaN(number) ? String(value) : number);
}

interface ScalarColumn {
  property: string;
  column: string;
  kind: 'Date' | 'boolean' | 'other';
}

const scalarColumnCache = new WeakMap<MetadataStorage, ScalarColumn[]>();

function scalarColumnsOf(em: EntityManager): ScalarColumn[] {
  const storage = em.getMetadata();
  let columns = scalarColumnCache.get(storage);
  if (!columns) {
    columns = storage.get<User>(User.name).props.map((prop) => {
      if (prop.kind !== 'scalar' || prop.fieldNames.length !== 1) throw new Error(`toUser maps scalar columns only (${prop.name})`);
      const kind = prop.runtimeType === 'Date' ? 'Date' : prop.runtimeType === 'boolean' ? 'boolean' : 'other';
      return { property: prop.name, column: prop.fieldNames[0], kind };
    });
    scalarColumnCache.set(storage, columns);
  }
  return columns;
}

interface UserColumns {
  id: string;
  passwordHash: string;
  isActive: string;
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
