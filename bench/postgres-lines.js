// `me` and `refreshToken` on PostgreSQL, to be set beside the same loads on SQLite (same machine,
// same run): what the database costs. A fresh database bench_<random hex> on the local server
// (BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432, trust auth), migrated by cloud-auth
// itself at start, dropped afterwards whatever happens. Besides the cloud-auth process's CPU per
// request, the CPU of PostgreSQL's own processes (the backends of that database, and the
// cluster's background writers: the WAL of every rotation is written by them), read from
// /proc/<pid>/stat: it works because PostgreSQL runs on this machine; elsewhere it reads NaN.
'use strict';

const { randomBytes } = require('node:crypto');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { Client } = require('pg');
const { startCloudAuth } = require('./lib.js');
const { measureMeAndRefresh } = require('./me-refresh.js');
const { log, ratio } = require('./measure-row.js');

const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432';

/** A client on the cluster's `postgres` database (for CREATE/DROP DATABASE and pg_stat_activity). */
async function adminClient(baseUrl) {
  const client = new Client({ connectionString: `${baseUrl}/postgres`, connectionTimeoutMillis: 5000 });
  await client.connect();
  return client;
}

/**
 * The processes whose CPU is the database's: the backends connected to `database` (cloud-auth's
 * pool) and PostgreSQL's background processes (WAL writer, checkpointer, background writer...),
 * which do the writes' flushing for every database at once (the bench's the only load on them).
 */
async function databaseProcesses(client, database) {
  const { rows } = await client.query(
    "SELECT pid FROM pg_stat_activity WHERE datname = $1 OR (backend_type <> 'client backend' AND datname IS NULL)",
    [database],
  );
  return rows.map((row) => row.pid);
}

async function dropDatabase(client, database) {
  try {
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  } catch (error) {
    log(`could not drop PostgreSQL database ${database}: ${error.message}`);
  }
}

/**
 * Rows for `me` and `refreshToken` on PostgreSQL, and the results to compare with SQLite's
 * (postgresVsSqlite). Null, with the reason logged, when PostgreSQL is not reachable.
 * `startServer(dbPath, env)` starts cloud-auth (default lib.js's startCloudAuth, the bench's
 * settings); DATABASE_URL in `env` points it at the new database.
 */
async function measurePostgres({
  loadgen,
  connections,
  seconds,
  warmupSeconds,
  rounds = 2,
  baseUrl = process.env.BENCH_PG_URL || DEFAULT_PG_URL,
  startServer = (dbPath, env) => startCloudAuth(dbPath, [], env),
}) {
  let client;
  try {
    client = await adminClient(baseUrl);
  } catch (error) {
    log(`PostgreSQL not reachable at ${baseUrl} (${error.message}): no PostgreSQL lines`);
    return null;
  }
  const database = `bench_${randomBytes(6).toString('hex')}`;
  // Unused by the server (DATABASE_URL points at PostgreSQL); startCloudAuth's path argument.
  const dir = mkdtempSync(join(tmpdir(), 'cloud-auth-pg-'));
  let server;
  try {
    await client.query(`CREATE DATABASE "${database}"`);
    log(`PostgreSQL: database ${database}`);
    server = await startServer(join(dir, 'unused.db'), { DATABASE_URL: `${baseUrl}/${database}` });
    const tables = await countTables(baseUrl, database);
    // The server migrates an empty database before it listens: no tables means the process that
    // answered the readiness check is not the one started on this database.
    if (tables === 0) throw new Error(`cloud-auth answered on ${server.url} but ${database} has no tables (migrations not run?)`);
    const measured = await measureMeAndRefresh({
      loadgen,
      server,
      connections,
      seconds,
      warmupSeconds,
      rounds,
      label: 'PostgreSQL',
      databasePids: () => databaseProcesses(client, database),
    });
    return { ...measured, database: { name: database, tables, version: await serverVersion(client) } };
  } finally {
    await server?.stop();
    await dropDatabase(client, database);
    await client.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Tables in the new database's public schema: the server's migrations ran if there are some. */
async function countTables(baseUrl, database) {
  const client = new Client({ connectionString: `${baseUrl}/${database}`, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rows } = await client.query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'");
    return rows[0].n;
  } finally {
    await client.end();
  }
}

async function serverVersion(client) {
  const { rows } = await client.query('SHOW server_version');
  return rows[0].server_version;
}

/**
 * The PostgreSQL lines over the SQLite ones, in req/s (like refresh_vs_me): 1 means the database
 * costs nothing more than SQLite's in-process reads and writes. `sqlite` is { me, refresh } of
 * load results from the same run (e.g. measureMeAndRefresh's, or run.js's meResult/refreshResult).
 * Also the CPU per request of everything involved: cloud-auth alone on SQLite (the database is
 * in-process) against cloud-auth plus PostgreSQL's processes.
 */
function postgresVsSqlite(postgres, sqlite) {
  const totalCpu = (result) => result.cpuMsPerRequest + (result.databaseCpuMsPerRequest ?? 0);
  return {
    ratios: {
      me_pg_vs_sqlite: ratio(postgres.me.rps, sqlite.me.rps),
      refresh_pg_vs_sqlite: ratio(postgres.refresh.rps, sqlite.refresh.rps),
    },
    cpuMsPerRequest: {
      me: { sqlite: totalCpu(sqlite.me), postgres: totalCpu(postgres.me), postgresServerOnly: postgres.me.cpuMsPerRequest },
      refresh: {
        sqlite: totalCpu(sqlite.refresh),
        postgres: totalCpu(postgres.refresh),
        postgresServerOnly: postgres.refresh.cpuMsPerRequest,
      },
    },
  };
}

module.exports = { measurePostgres, postgresVsSqlite };
