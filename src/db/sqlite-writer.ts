import type { EntityManager } from '@mikro-orm/core';

/** The little of a better-sqlite3 Database that a write needs (its own types: see better-sqlite3.d.ts). */
export interface SqliteWriter {
  prepare(sql: string): { run(...params: unknown[]): { changes: number } };
  transaction<F extends (...args: never[]) => unknown>(fn: F): F;
  readonly inTransaction: boolean;
}

interface KnexClient {
  driverName?: string;
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<void>;
}

/** The knex client under the ORM's connection (both drivers here are knex-based). */
function knexClient(em: EntityManager): KnexClient | undefined {
  const connection = em.getConnection() as unknown as { getKnex?: () => { client: KnexClient } };
  return connection.getKnex?.().client;
}

/** True on SQLite (either driver), false on PostgreSQL. */
export function isSqlite(em: EntityManager): boolean {
  return knexClient(em)?.driverName?.includes('sqlite') ?? false;
}

/**
 * Runs `work` synchronously on the ORM's own SQLite connection, checked out of knex's pool for
 * the duration, so that its statements use real placeholders and the connection's cached
 * prepared statements (orm.ts). MikroORM's `execute` inlines every value into the SQL text,
 * so each INSERT is a new statement to prepare, and a unit-of-work flush costs a query builder,
 * change-set computation and a knex transaction of four round trips; the bench's profile of
 * the login load showed that flush as the largest part of a login's main-thread time.
 *
 * SQLite's knex pool holds one connection: holding it means no other request is inside a
 * transaction on it, and `work` runs to its end without yielding, so a transaction opened in
 * `work` (better-sqlite3's `transaction`) holds only our statements.
 *
 * Resolves to `{ value }`, or to undefined without running `work` when the database is not
 * better-sqlite3 or the EntityManager is inside a transaction (whose connection is the one
 * to use: see the caller's fallback).
 */
export async function onSqliteWriter<T>(em: EntityManager, work: (db: SqliteWriter) => T): Promise<{ value: T } | undefined> {
  if (em.isInTransaction()) return undefined;
  const client = knexClient(em);
  if (client?.driverName !== 'better-sqlite3') return undefined;
  const db = (await client.acquireConnection()) as SqliteWriter;
  try {
    if (db.inTransaction) throw new Error('the SQLite connection is inside a transaction it does not own');
    return { value: work(db) };
  } finally {
    await client.releaseConnection(db);
  }
}
