import { chmodSync, existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { MikroORM, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
// Types only: the PostgreSQL driver (pg and its dependencies) is loaded when DATABASE_URL names
// PostgreSQL, so that an SQLite deployment does not carry it in memory.
import type * as MikroOrmPostgresql from '@mikro-orm/postgresql';
import { BetterSqliteDriver } from '@mikro-orm/better-sqlite';
import type { DatabaseConfig } from '../config/index.js';
import type { Logger } from '../logger.js';
import { entities } from './entities/index.js';
import { migrateUnderLock } from './migration-lock.js';
import { migrationsList } from './migrations/index.js';
import { attachSqliteReader } from './sqlite-reader.js';
import { createPrivateFile, ensurePrivateDirectory, PRIVATE_FILE_MODE, sharedWithOthers } from '../util/private-files.js';

export type Orm = MikroORM;

/**
 * SQLite pragmas applied on every new connection: WAL so that readers never wait for the
 * writer and a killed process loses no committed transaction; a busy timeout so that a
 * second process on the same file (e.g. createsuperuser) waits instead of failing.
 */
const SQLITE_PRAGMAS = ['journal_mode = WAL', 'synchronous = NORMAL', 'busy_timeout = 5000', 'foreign_keys = ON'];

/** A better-sqlite3 Database: synchronous, so `exec` returns once the pragmas are applied. */
type SqliteConnection = { exec(sql: string): unknown; prepare(sql: string): unknown };

/** Distinct SQL texts whose prepared statements a connection keeps (the app has a few dozen). */
const PREPARED_STATEMENTS_KEPT = 500;

/**
 * knex's better-sqlite3 dialect prepares every query afresh; the bench's profile of the refresh
 * load showed that `prepare` at about 4% of the server's CPU. A statement can be run again with
 * new bindings (and SQLite re-prepares it by itself after a schema change), so the connection
 * keeps the statements it prepared, by SQL text, the oldest dropped beyond the bound.
 */
function keepPreparedStatements(connection: SqliteConnection): void {
  const prepare = connection.prepare.bind(connection);
  const statements = new Map<string, unknown>();
  connection.prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = prepare(sql);
      if (statements.size >= PREPARED_STATEMENTS_KEPT) statements.delete(statements.keys().next().value as string);
      statements.set(sql, statement);
    }
    return statement;
  };
}

function sqliteOptions(path: string): Options {
  return {
    // better-sqlite3 rather than node-sqlite3: its statements run synchronously on the main
    // thread. node-sqlite3 crosses libuv's thread pool for each prepare/step/finalize, which the
    // bench's profile showed to be most of an authenticated request's cost (and, under a login
    // flood, those reads queued for CPU behind argon2 on the same pool).
    driver: BetterSqliteDriver,
    dbName: path,
    pool: {
      afterCreate(connection: SqliteConnection, done: (error: Error | null, connection: unknown) => void) {
        try {
          connection.exec(SQLITE_PRAGMAS.map((pragma) => `PRAGMA ${pragma};`).join(' '));
          keepPreparedStatements(connection);
          done(null, connection);
        } catch (error) {
          done(error as Error, connection);
        }
      },
    },
  };
}

/**
 * PostgreSQL: the database must exist (`ensureDatabase: false`): several instances starting at
 * once would race to create it, and a production role rarely has CREATEDB anyway.
 */
function postgresqlOptions(url: string): Options {
  const { PostgreSqlDriver } = require('@mikro-orm/postgresql') as typeof MikroOrmPostgresql;
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
  const sqliteFile = database.kind === 'sqlite' && database.path !== ':memory:' ? database.path : undefined;
  const created = sqliteFile !== undefined && createSqliteFile(sqliteFile, logger);
  const orm = await MikroORM.init(ormOptions(database, logger));
  try {
    await migrateUnderLock(orm, database.kind, logger);
    if (database.kind === 'sqlite') attachSqliteReader(orm, database.path);
    if (created && sqliteFile) makeSqliteSidecarsPrivate(sqliteFile);
  } catch (error) {
    await orm.close();
    throw error;
  }
  return orm;
}

/**
 * The database holds password hashes and sessions: a file we create is the owner's alone (600,
 * in a folder of ours 700), whatever the umask. An existing file keeps the mode its operator
 * gave it, with a warning when others may read or write it.
 */
function createSqliteFile(path: string, logger?: Logger): boolean {
  ensurePrivateDirectory(dirname(path));
  if (createPrivateFile(path)) return true;
  const mode = statSync(path).mode & 0o777;
  if (sharedWithOthers(mode)) {
    logger?.warn({ file: path, mode: mode.toString(8) }, 'the database file is readable or writable by group or others: chmod 600 it');
  }
  return false;
}

/**
 * SQLite gives its -wal and -shm files the database file's mode by itself; they hold the same
 * rows, so that is checked rather than trusted.
 */
function makeSqliteSidecarsPrivate(path: string): void {
  for (const sidecar of [`${path}-wal`, `${path}-shm`]) if (existsSync(sidecar)) chmodSync(sidecar, PRIVATE_FILE_MODE);
}
