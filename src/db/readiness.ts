import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/knex';
import { migrationsList } from './migrations/index.js';

export interface DatabaseReadiness {
  ready: boolean;
  database: 'ok' | 'unreachable';
  migrations: 'ok' | 'pending' | 'unknown';
}

/** A readiness probe must answer quickly even when the database hangs. */
const PROBE_TIMEOUT_MS = 2_000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Is the database reachable, and has every migration this code knows been applied? Read-only
 * (unlike the migrator's own "pending" check, which creates its table when missing), so a probe
 * can never change the database.
 */
export async function checkDatabaseReadiness(orm: MikroORM): Promise<DatabaseReadiness> {
  const knex = (orm.em as unknown as SqlEntityManager).getKnex();
  try {
    await withTimeout(knex.raw('select 1'), PROBE_TIMEOUT_MS);
  } catch {
    return { ready: false, database: 'unreachable', migrations: 'unknown' };
  }
  try {
    const table = orm.config.get('migrations').tableName ?? 'mikro_orm_migrations';
    const rows: Array<{ name: string }> = await withTimeout(knex.select('name').from(table), PROBE_TIMEOUT_MS);
    const applied = new Set(rows.map((row) => row.name.replace(/\.[jt]s$/, '')));
    const pending = migrationsList.some((migration) => !applied.has(migration.name));
    return pending ? { ready: false, database: 'ok', migrations: 'pending' } : { ready: true, database: 'ok', migrations: 'ok' };
  } catch {
    // No migrations table at all: nothing was ever applied.
    return { ready: false, database: 'ok', migrations: 'pending' };
  }
}
