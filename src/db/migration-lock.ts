import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/knex';
import type { DatabaseConfig } from '../config/index.js';
import type { Logger } from '../logger.js';

/**
 * The key of the PostgreSQL advisory lock that serialises migrations: any fixed bigint that no
 * other application on the same database uses (the ASCII bytes of "cloud-" read as a number).
 */
export const MIGRATION_LOCK_KEY = String(0x636c6f75642d);

/**
 * Applies pending migrations. On PostgreSQL the whole of `migrator.up()` (including the creation
 * of the migrations table, which is not safe to race) runs while this process holds a
 * transaction-scoped advisory lock: of several instances starting at once, one migrates and the
 * others wait, then find nothing pending. The lock dies with its transaction, so a crashed
 * instance cannot leave it held. SQLite is one file on one machine: no lock is needed there
 * (see migrateSqlite for its foreign keys).
 */
export async function migrateUnderLock(orm: MikroORM, dialect: DatabaseConfig['kind'], logger?: Logger): Promise<void> {
  const migrator = orm.getMigrator();
  if (dialect !== 'postgresql') {
    await migrateSqlite(orm);
    return;
  }
  const knex = (orm.em as unknown as SqlEntityManager).getKnex();
  await knex.transaction(async (trx) => {
    const attempt = await trx.raw('select pg_try_advisory_xact_lock(?::bigint) as locked', [MIGRATION_LOCK_KEY]);
    if (!attempt.rows[0].locked) {
      logger?.info({ source: 'migrations' }, 'another instance is migrating the database; waiting for it');
      await trx.raw('select pg_advisory_xact_lock(?::bigint)', [MIGRATION_LOCK_KEY]);
    }
    await migrator.up();
  });
}

/**
 * SQLite changes a column's constraints by rebuilding its table (create, copy, drop, rename),
 * and dropping `users` while foreign keys are enforced would cascade-delete every session and
 * token. The pragma is a no-op inside a transaction, and the migrations run in one: so it is
 * turned off on the connection before (knex's SQLite pool is that one connection; the migrator
 * cannot be handed a transaction of ours, as it reads its own table outside it, on the same
 * connection), every foreign key is checked after the migrations (the start that ran them fails,
 * loudly, if a row names a row that does not exist), and enforcement is back on after, whatever
 * happened. Nothing
 * pending (every start but the first after an upgrade): nothing done.
 */
async function migrateSqlite(orm: MikroORM): Promise<void> {
  const migrator = orm.getMigrator();
  if ((await migrator.getPendingMigrations()).length === 0) return;
  const connection = (orm.em as unknown as SqlEntityManager).getConnection();
  await connection.execute('pragma foreign_keys = off');
  try {
    await migrator.up();
    const broken = await connection.execute<unknown[]>('pragma foreign_key_check');
    if (broken.length > 0) {
      throw new Error(`after the migrations, ${broken.length} rows name a row that does not exist (pragma foreign_key_check)`);
    }
  } finally {
    await connection.execute('pragma foreign_keys = on');
  }
}
