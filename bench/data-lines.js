#!/usr/bin/env node
// `npm run bench:data`: the bench's data lines on their own (bench/run.js takes them in too):
//   - securityEvents / auditLog first pages with 1K and BENCH_LARGE_EVENTS events (bench/events-page.js),
//   - me and refreshToken on a fresh SQLite file, then on a fresh PostgreSQL database
//     (bench/postgres-lines.js), the same loads one after the other in this run.
// Prints a table and, last, a `ratios:` line: events_1m_vs_1k (p50 growth, goal <= 1.2),
// me_pg_vs_sqlite and refresh_pg_vs_sqlite (req/s, PostgreSQL over SQLite).
//
// Each load runs BENCH_ROUNDS times (in turn with the others of its group) and keeps its best round:
// the machine is shared, and one neighbour's burst otherwise decides a ratio.
//
// BENCH_SECONDS (10), BENCH_CONNECTIONS (16), BENCH_LARGE_EVENTS (1000000), BENCH_ROUNDS (2),
// BENCH_PG_URL (postgres://postgres@127.0.0.1:5432). BENCH_DATA_ONLY=events|postgres runs one half.
'use strict';

const { execFileSync } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { ROOT, positiveInt, startLoadGenerator, startCloudAuth } = require('./lib.js');
const { measureEventsPage } = require('./events-page.js');
const { measureMeAndRefresh } = require('./me-refresh.js');
const { measurePostgres, postgresVsSqlite } = require('./postgres-lines.js');
const { log } = require('./measure-row.js');

const SECONDS = positiveInt('BENCH_SECONDS', 10);
const CONNECTIONS = positiveInt('BENCH_CONNECTIONS', 16);
const LARGE_EVENTS = positiveInt('BENCH_LARGE_EVENTS', 1_000_000);
const WARMUP_SECONDS = Math.max(1, Math.round(SECONDS / 4)); // as bench/run.js
const ROUNDS = positiveInt('BENCH_ROUNDS', 2);
const ONLY = process.env.BENCH_DATA_ONLY || '';

async function measureSqlite(settings) {
  const dir = mkdtempSync(join(tmpdir(), 'cloud-auth-sqlite-'));
  const server = await startCloudAuth(join(dir, 'auth.db'));
  try {
    return await measureMeAndRefresh({ ...settings, server, label: 'SQLite' });
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function formatTable(rows) {
  const header = ['load', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'server CPU ms/req', 'db CPU ms/req', 'server RSS MB'];
  const cell = (value, digits) => (value === undefined || Number.isNaN(value) ? '' : digits === undefined ? String(value) : value.toFixed(digits));
  const lines = rows.map((row) => [
    row.label,
    cell(row.connections),
    cell(row.rps, 1),
    cell(row.p50),
    cell(row.p99),
    cell(row.errors),
    cell(row.cpuMsPerRequest, 2),
    cell(row.databaseCpuMsPerRequest, 2),
    cell(row.rssMb, 0),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column].length)));
  const render = (cells) => `| ${cells.map((text, column) => text.padEnd(widths[column])).join(' | ')} |`;
  return [render(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...lines.map(render)].join('\n');
}

const fixed = (value) => (Number.isFinite(value) ? value.toFixed(2) : 'NaN');

async function main() {
  log(`BENCH_SECONDS=${SECONDS} BENCH_CONNECTIONS=${CONNECTIONS} BENCH_LARGE_EVENTS=${LARGE_EVENTS} BENCH_ROUNDS=${ROUNDS}`);
  log('building (npm run build)');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const loadgen = startLoadGenerator();
  const settings = { loadgen, connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, rounds: ROUNDS };
  const rows = [];
  const ratios = {};
  const notes = [];
  try {
    if (ONLY !== 'postgres') {
      const events = await measureEventsPage({ ...settings, largeEvents: LARGE_EVENTS });
      rows.push(...events.rows);
      Object.assign(ratios, events.ratios);
      const { ownP50Growth, auditP50Growth, ownCpuGrowth, auditCpuGrowth, seeding, plans } = events.details;
      const seeded = Object.entries(seeding).map(([total, { inserted, seconds }]) => `${inserted} in ${seconds.toFixed(1)} s (to ${total})`);
      notes.push(`events seeded: ${seeded.join(', ')}; p50 growth: own page ${fixed(ownP50Growth)}, audit page ${fixed(auditP50Growth)}; ` +
          `CPU/req growth: own ${fixed(ownCpuGrowth)}, audit ${fixed(auditCpuGrowth)} (best of ${ROUNDS} rounds)`);
      notes.push(`plans at ${events.details.events.large} events: own "${plans.own}"; audit "${plans.audit}"`);
    }
    if (ONLY !== 'events') {
      const sqlite = await measureSqlite(settings);
      rows.push(...sqlite.rows);
      const postgres = await measurePostgres(settings);
      if (postgres) {
        rows.push(...postgres.rows);
        const comparison = postgresVsSqlite(postgres, sqlite);
        Object.assign(ratios, comparison.ratios);
        const { me, refresh } = comparison.cpuMsPerRequest;
        notes.push(
          `CPU ms/req, cloud-auth + database: me SQLite ${fixed(me.sqlite)} vs PostgreSQL ${fixed(me.postgres)} ` +
            `(server ${fixed(me.postgresServerOnly)}); refresh SQLite ${fixed(refresh.sqlite)} vs PostgreSQL ` +
            `${fixed(refresh.postgres)} (server ${fixed(refresh.postgresServerOnly)}); PostgreSQL ${postgres.database.version}, ` +
            `${postgres.me.databaseProcesses} processes counted`,
        );
      } else {
        Object.assign(ratios, { me_pg_vs_sqlite: NaN, refresh_pg_vs_sqlite: NaN });
      }
    }
  } finally {
    loadgen.stop();
  }
  const line = `ratios: ${Object.entries(ratios).map(([name, value]) => `${name}=${fixed(value)}`).join(' ')}`;
  process.stdout.write(`\n${formatTable(rows)}\n\n${notes.join('\n')}\n${line}\n`);
}

main().catch((error) => {
  process.stderr.write(`bench:data failed: ${error.stack || error}\n`);
  process.exit(1);
});
