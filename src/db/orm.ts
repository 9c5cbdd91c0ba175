import { dirname } from 'node:path';
import { mkdirSync } from 'node:fs';
import { MikroORM, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { SqliteDriver } from '@mikro-orm/sqlite';
import type { DatabaseConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { entities } from './entities/index.js';
import { migrateUnderLock } from './migration-lock.js';
import { migrationsList } from './migrations/index.js';

export type Orm = MikroORM;

/**
 * SQLite pragmas applied on every new connection: WAL so that readers never wait for the
 * writer and a killed process loses no committed transaction; a busy timeout so that a
 * second process on the same file (e.g. createsuperuser) waits instead of failing.
 */
const SQLITE_PRAGMAS = ['journal_mode = WAL', 'synchronous = NORMAL', 'busy_timeout = 5000', 'foreign_keys = ON'];

type SqliteConnection = { exec(sql: string, callback: (error: Error | null) => void): void };

function sqliteOptions(path: string): Options {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  return {
    driver: SqliteDriver,
    dbName: path,
    pool: {
      afterCreate(connection: SqliteConnection, done: (error: Error | null, connection: unknown) => void) {
        connection.exec(SQLITE_PRAGMAS.map((pragma) => `PRAGMA ${pragma};`).join(' '), (error) => done(error, connection));
      },
    },
  };
}

/**
 * PostgreSQL: the database must exist (`ensureDatabase: false`): several instances starting at
 * once would race to create it, and a production role rarely has CREATEDB anyway.
 */
function postgresqlOptions(url: string): Options {
  return {
    driver: PostgreSqlDriver,
    clientUrl: url,
    ensureDatabase: false,
    pool: { min: 0, max: 10, idleTimeoutMillis: 30_000 },
  };
}

export function ormOptions(database: DatabaseConfig, logger?: Logger): Options {
  return {
    ...(database.kind === 'sqlite' ? sqliteOptions(database.path) : postgresqlOptions(database.url)),
    entities,
    discovery: { warnWhenNoEntities: true },
    extensions: [Migrator],
    migrations: { migrationsList, snapshot: false, transactional: true, allOrNothing: true },
    // Entities are fetched per request in a fresh fork; nothing relies on the global context.
    allowGlobalContext: false,
    forceUtcTimezone: true,
    debug: false,
    colors: false,
    // MikroORM's own messages (e.g. "Applied migration X") go to our JSON log.
    logger: (message: string) => logger?.info({ source: 'mikro-orm' }, message),
  };
}

/**
 * Connects and applies every pending migration (never `schema:update`). On PostgreSQL several
 * instances may start at once: one migrates, the others wait for it (see migration-lock.ts).
 */
export async function openDatabase(database: DatabaseConfig, logger?: Logger): Promise<Orm> {
  const orm = await MikroORM.init(ormOptions(database, logger));
  try {
    await migrateUnderLock(orm, database.kind, logger);
  } catch (error) {
    await orm.close();
    throw error;
  }
  return orm;
}
