import type { EntityManager } from '@mikro-orm/core';
import { runRawQuery } from './raw-query.js';
import { sqliteReaderFor } from './sqlite-reader.js';

/**
 * The first row of one SELECT, or undefined: on SQLite through the read-only connection's
 * prepared statement, synchronously (sqlite-reader.ts), otherwise (PostgreSQL, `:memory:`, or
 * inside a transaction, which must see its own writes) through the ORM's connection.
 */
export async function readRow<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T | undefined> {
  const reader = sqliteReaderFor(em);
  const row = reader ? reader.get(sql, params) : await runRawQuery<Record<string, unknown> | undefined>(em, sql, params, 'get');
  return row as T | undefined;
}
