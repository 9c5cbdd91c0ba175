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
 * instance cannot leave it held. SQLite is one file on one machine: no lock is needed there.
 */
export async function migrateUnderLock(orm: MikroORM, dialect: DatabaseConfig['kind'], logger?: Logger): Promise<void> {
  const migrator = orm.getMigrator();
  if (dialect !== 'postgresql') {
    await migrator.up();
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
