import type { EntityManager, MikroORM } from '@mikro-orm/core';
// The driver under @mikro-orm/better-sqlite (orm.ts); types in better-sqlite3.d.ts.
import BetterSqlite3 from 'better-sqlite3';

/**
 * A second, read-only connection to the SQLite file for the hot path (the session check of
 * every authenticated request), with its statements prepared once. The bench's profile of the
 * `me` load showed the ORM's path to one primary-key SELECT (knex's runner, pool acquire,
 * and a fresh `prepare` of the same SQL by knex's better-sqlite3 dialect on every query)
 * costing several times the SELECT itself.
 *
 * A separate connection rather than the ORM's: that one may be inside another request's
 * transaction, whose uncommitted rows must not be seen. In WAL mode (orm.ts) a reader never
 * waits for the writer, and every statement outside a transaction reads the newest committed
 * state, so a revocation committed by one request is seen by the very next one.
 */
export interface SqliteReader {
  /** The first row of `sql` with `params`, or undefined. */
  get(sql: string, params: unknown[]): Record<string, unknown> | undefined;
  close(): void;
}

const readers = new WeakMap<object, SqliteReader>();

function openReader(path: string): SqliteReader {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    get(sql, params) {
      let statement = statements.get(sql);
      if (!statement) statements.set(sql, (statement = db.prepare(sql)));
      return statement.get(...params);
    },
    close: () => db.close(),
  };
}

/**
 * Gives an SQLite ORM (on a file, not `:memory:`, which a second connection cannot share) its
 * reader, closed together with the ORM.
 */
export function attachSqliteReader(orm: MikroORM, path: string): void {
  if (path === ':memory:') return;
  const reader = openReader(path);
  readers.set(orm.em.getDriver(), reader);
  const close = orm.close.bind(orm);
  orm.close = async (force?: boolean) => {
    readers.delete(orm.em.getDriver());
    reader.close();
    await close(force);
  };
}

/**
 * The reader for this EntityManager's database, or undefined (PostgreSQL, `:memory:`, or an
 * EntityManager inside a transaction, which must see its own uncommitted writes).
 */
export function sqliteReaderFor(em: EntityManager): SqliteReader | undefined {
  if (em.isInTransaction()) return undefined;
  return readers.get(em.getDriver());
}
