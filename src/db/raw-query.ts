import type { EntityManager } from '@mikro-orm/core';
import type { AbstractSqlConnection } from '@mikro-orm/knex';

export type RawResultKind = 'all' | 'get' | 'run';

/** What MikroORM makes of a driver's raw result (rows, one row, or { affectedRows }), per dialect. */
type ResultShaper = { transformRawResult<T>(result: unknown, kind: RawResultKind): T };

/**
 * Runs one SQL statement with `?` placeholders and its parameters bound, in the EntityManager's
 * transaction if it is in one, through the connection's knex.
 *
 * Not `em.getConnection().execute(sql, params)`: MikroORM writes the parameters into the SQL text
 * there, so every call is a new statement text. On SQLite that defeats the connection's
 * prepared-statement cache (db/orm.ts): the bench's profile of refreshToken showed SQLite
 * preparing the rotation UPDATE afresh on every request (about 4% of its CPU), and the cache
 * filled with one-off texts. Bound parameters keep one text per statement.
 */
export async function runRawQuery<T>(em: EntityManager, sql: string, params: unknown[], kind: RawResultKind): Promise<T> {
  const connection = em.getConnection() as AbstractSqlConnection;
  const query = connection.getKnex().raw(sql, params as never[]);
  const transaction = em.getTransactionContext();
  if (transaction) query.transacting(transaction);
  return (connection as unknown as ResultShaper).transformRawResult<T>(await query, kind);
}
