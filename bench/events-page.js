// The security-event log's first pages with 1,000 events in the table and with 1,000,000
// (BENCH_LARGE_EVENTS): `securityEvents` (a user's own events, newest first, 20 a page by
// default) and `auditLog` (admins: everyone's, newest first, 50 a page by default). The user's own
// share stays the same in both cases (OWN_EVENTS): only other people's events grow, so a page
// that costs more at 1M is a query that scans instead of walking its index (security_events_user_at_index
// for one user, security_events_at_index for everyone). Events are seeded straight into the SQLite
// file while the server is stopped (one transaction, one prepared multi-row INSERT), spread over
// many users and over the last 90 days (inside the default 180-day retention, so that the prune
// deletes none of them).
'use strict';

const { randomBytes } = require('node:crypto');
const { copyFileSync, existsSync, mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const Database = require('better-sqlite3');
const { BENCH_PASSWORD, positiveInt, startCloudAuth, gql, login } = require('./lib.js');
const { log, warmThenMeasure, rowOf, ratio, timed } = require('./measure-row.js');

/** The measured user's own events, the same in both tables (25 pages of 20). */
const OWN_EVENTS = 500;
/** Events of other users: about this many each (a million events: 50,000 other accounts). */
const EVENTS_PER_OTHER_USER = 20;
const SPAN_MS = 90 * 24 * 3600 * 1000;
const ROWS_PER_STATEMENT = 500;
const USER = 'events-bench-user';
const ADMIN = 'events-bench-admin';
const OWN_PAGE_SIZE = 20; // securityEvents' default `first` (src/events/limits.ts)
const AUDIT_PAGE_SIZE = 50; // auditLog's default `first`

const EVENT_FIELDS = 'edges { cursor node { id type at userId actorId sessionId ipAddress userAgent } } pageInfo { hasNextPage endCursor }';
const OWN_PAGE = `{ securityEvents { ${EVENT_FIELDS} } }`;
const AUDIT_PAGE = `{ auditLog { ${EVENT_FIELDS} } }`;
const REGISTER = 'mutation ($input: RegisterInput!) { register(input: $input) { id } }';

// What a log of sign-ins mostly holds: sign-ins, sign-outs, some failures, rare account changes.
const EVENT_MIX = [
  ['SIGNED_IN', 55], ['SIGN_IN_FAILED', 15], ['SIGNED_OUT', 15], ['SESSION_REVOKED', 5],
  ['PASSWORD_CHANGED', 3], ['MFA_ENABLED', 2], ['EMAIL_CHANGED', 2], ['ACCOUNT_LOCKED', 2], ['PASSKEY_ADDED', 1],
];
const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
];

// ---------------------------------------------------------------------------------------------
// Seeding

// Random bytes drawn 64 KiB at a time: two UUIDs a row, one randomBytes call each, made seeding a
// million rows take seconds longer than inserting them.
const randomPool = { buffer: Buffer.alloc(0), offset: 0 };
function random16() {
  if (randomPool.offset + 16 > randomPool.buffer.length) Object.assign(randomPool, { buffer: randomBytes(65536), offset: 0 });
  const bytes = Buffer.from(randomPool.buffer.subarray(randomPool.offset, randomPool.offset + 16));
  randomPool.offset += 16;
  return bytes;
}

function uuidFrom(bytes) {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A UUIDv7 of time `atMs`, as the server's newEventId makes them (src/events/event-id.ts). */
function eventId(atMs) {
  const bytes = random16();
  bytes.writeUIntBE(atMs, 0, 6);
  bytes[6] = 0x70 | (bytes[6] & 0x0f);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  return uuidFrom(bytes);
}

const randomUuid = () => {
  const bytes = random16();
  bytes[6] = 0x40 | (bytes[6] & 0x0f);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  return uuidFrom(bytes);
};

function weightedTypePicker() {
  const total = EVENT_MIX.reduce((sum, [, weight]) => sum + weight, 0);
  return () => {
    let draw = Math.random() * total;
    for (const [type, weight] of EVENT_MIX) if ((draw -= weight) < 0) return type;
    return EVENT_MIX[0][0];
  };
}

/**
 * `count` event rows at times spread evenly (with jitter) over the SPAN_MS before `endMs`, oldest
 * first, each of `userIdOf(i)`; the columns in the table's order. A generator: a million rows are
 * made as they are inserted, never all held at once.
 */
function* eventRows(count, endMs, userIdOf) {
  const pickType = weightedTypePicker();
  const step = SPAN_MS / Math.max(1, count);
  for (let i = 0; i < count; i += 1) {
    const at = Math.floor(endMs - SPAN_MS + (i + Math.random()) * step);
    const ip = `10.${i % 250}.${(i >> 8) % 250}.${1 + (i % 200)}`;
    yield [eventId(at), pickType(), at, userIdOf(i), null, randomUuid(), ip, USER_AGENTS[i % USER_AGENTS.length]];
  }
}

/**
 * Inserts the rows in one transaction with one prepared multi-row INSERT (the last, short batch
 * its own); returns how many. The table's secondary indexes are dropped first and made again
 * after, from their own CREATE INDEX statements (so they are exactly the migration's): building an
 * index from a million rows sorts them once, which is several times faster than a million inserts
 * at random places of (user_id, at, id). The server is stopped; it finds the same schema.
 */
function insertEvents(db, rows) {
  const indexes = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'security_events' AND sql IS NOT NULL")
    .all();
  const columns = '(id, type, at, user_id, actor_id, session_id, ip_address, user_agent)';
  const sql = (count) => `INSERT INTO security_events ${columns} VALUES ${Array(count).fill('(?,?,?,?,?,?,?,?)').join(',')}`;
  const fullBatch = db.prepare(sql(ROWS_PER_STATEMENT));
  let inserted = 0;
  db.transaction(() => {
    for (const index of indexes) db.exec(`DROP INDEX \`${index.name}\``);
    let batch = [];
    const flush = () => {
      if (batch.length === 0) return;
      (batch.length === ROWS_PER_STATEMENT ? fullBatch : db.prepare(sql(batch.length))).run(batch.flat());
      inserted += batch.length;
      batch = [];
    };
    for (const row of rows) {
      batch.push(row);
      if (batch.length === ROWS_PER_STATEMENT) flush();
    }
    flush();
    for (const index of indexes) db.exec(index.sql);
  })();
  return inserted;
}

function openForSeeding(path) {
  const db = new Database(path);
  db.exec('PRAGMA synchronous = OFF; PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY;');
  return db;
}

/** Leaves no large write-ahead log for the server to replay. */
function closeAfterSeeding(db) {
  db.exec('PRAGMA wal_checkpoint(TRUNCATE);');
  db.close();
}

/**
 * The measured user's OWN_EVENTS events and other users' events up to `total` in the table, and
 * the admin's role (the server is stopped). Returns the number of rows inserted.
 */
function seedEvents(path, { userId, adminUsername, total }) {
  const db = openForSeeding(path);
  try {
    db.prepare("UPDATE users SET role = 'ADMIN' WHERE username = ?").run(adminUsername);
    // Everything seeded is older than the sign-ins the bench makes afterwards.
    const endMs = Date.now() - 60_000;
    const own = db.prepare('SELECT count(*) AS n FROM security_events WHERE user_id = ?').get(userId).n;
    const ownCount = Math.max(0, OWN_EVENTS - own);
    const existing = db.prepare('SELECT count(*) AS n FROM security_events').get().n + ownCount;
    const othersCount = Math.max(0, total - existing);
    const otherUsers = Array.from({ length: Math.max(50, Math.ceil(othersCount / EVENTS_PER_OTHER_USER)) }, randomUuid);
    const otherUser = () => otherUsers[Math.floor(Math.random() * otherUsers.length)];
    return insertEvents(db, (function* () {
      yield* eventRows(ownCount, endMs, () => userId);
      yield* eventRows(othersCount, endMs, otherUser);
    })());
  } finally {
    closeAfterSeeding(db);
  }
}

// ---------------------------------------------------------------------------------------------
// Checks

/** What the page must hold, read from the file itself (WAL: a reader beside the running server). */
function expectedPages(path, userId) {
  const db = new Database(path, { readonly: true });
  try {
    const ids = (sql, ...params) => db.prepare(sql).all(...params).map((row) => row.id);
    const plan = (sql, ...params) => db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params).map((row) => row.detail).join('; ');
    // The server's queries read every column (SELECT *): their plans are those of SELECT *.
    const ownSql = 'SELECT * FROM security_events WHERE user_id = ? ORDER BY at DESC, id DESC LIMIT ?';
    const auditSql = 'SELECT * FROM security_events ORDER BY at DESC, id DESC LIMIT ?';
    return {
      total: db.prepare('SELECT count(*) AS n FROM security_events').get().n,
      own: ids(ownSql, userId, OWN_PAGE_SIZE),
      audit: ids(auditSql, AUDIT_PAGE_SIZE),
      plans: { own: plan(ownSql, userId, OWN_PAGE_SIZE + 1), audit: plan(auditSql, AUDIT_PAGE_SIZE + 1) },
    };
  } finally {
    db.close();
  }
}

/** Throws unless the API's page is the expected one: the newest events, newest first, a next page. */
function checkPage(name, connection, expectedIds, userId) {
  const ids = connection.edges.map((edge) => edge.node.id);
  const times = connection.edges.map((edge) => Date.parse(edge.node.at));
  const newestFirst = times.every((at, i) => i === 0 || at <= times[i - 1]);
  const problems = [];
  if (ids.join() !== expectedIds.join()) problems.push(`ids differ from the table's newest ${expectedIds.length}`);
  if (!newestFirst) problems.push('not newest first');
  if (!connection.pageInfo.hasNextPage) problems.push('no next page');
  if (userId && connection.edges.some((edge) => edge.node.userId !== userId)) problems.push("another user's event");
  if (problems.length > 0) throw new Error(`${name} first page is wrong: ${problems.join(', ')}`);
}

// ---------------------------------------------------------------------------------------------
// Measuring

async function registerUsers(startServer, dbPath) {
  const server = await startServer(dbPath);
  try {
    const ids = {};
    for (const username of [USER, ADMIN]) {
      const input = { username, email: `${username}@bench.example`, password: BENCH_PASSWORD, passwordConfirm: BENCH_PASSWORD };
      ids[username] = (await gql(server.url, REGISTER, { input })).register.id;
    }
    return ids;
  } finally {
    await server.stop();
  }
}

async function sessionsOf(url, username, count) {
  const tokens = [];
  for (let i = 0; i < count; i += 1) tokens.push((await login(url, username)).accessToken);
  return tokens;
}

/**
 * One table size, served: its server started, both pages checked against the file, and the jobs
 * that load them (each connection its own session).
 */
async function serveTable({ startServer, dbPath, userId, connections, seconds, label }) {
  const server = await startServer(dbPath);
  try {
    const userTokens = await sessionsOf(server.url, USER, connections);
    const adminTokens = await sessionsOf(server.url, ADMIN, connections);
    const expected = expectedPages(dbPath, userId);
    checkPage('securityEvents', (await gql(server.url, OWN_PAGE, {}, userTokens[0])).securityEvents, expected.own, userId);
    checkPage('auditLog', (await gql(server.url, AUDIT_PAGE, {}, adminTokens[0])).auditLog, expected.audit, null);
    log(`${label}: ${expected.total} events; plans: own "${expected.plans.own}", audit "${expected.plans.audit}"`);
    const job = (name, query, accessTokens) => ({ name, kind: 'query', query, accessTokens, url: server.url, connections, seconds });
    const pages = [
      { key: 'own', label: `securityEvents first page (own, ${label})`, job: job('events-own', OWN_PAGE, userTokens) },
      { key: 'audit', label: `auditLog first page (admin, everyone's, ${label})`, job: job('events-audit', AUDIT_PAGE, adminTokens) },
    ];
    return { server, pages, total: expected.total, plans: expected.plans };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/**
 * Both tables' pages measured in turn (1K own, 1K audit, 1M own, 1M audit), `rounds` times; each
 * keeps its best round (the most req/s). The two servers run side by side, one of them idle at a
 * time: a neighbour's burst on the shared machine then spoils one round of one line rather than
 * everything measured after it, and the ratio compares loads minutes apart no more.
 */
async function measureInTurns(loadgen, tables, { rounds, warmupSeconds, connections }) {
  const best = tables.map(() => ({}));
  for (let round = 1; round <= rounds; round += 1) {
    for (const [index, table] of tables.entries()) {
      for (const page of table.pages) {
        const result = await warmThenMeasure(loadgen, page.job, warmupSeconds, table.server.pid);
        rowOf(`${page.label}, round ${round}`, result, { connections, pid: table.server.pid });
        if (!best[index][page.key] || result.rps > best[index][page.key].rps) best[index][page.key] = result;
      }
    }
  }
  return tables.map((table, index) => ({
    ...best[index],
    rows: table.pages.map((page) => rowOf(page.label, best[index][page.key], { connections, pid: table.server.pid, quiet: true })),
  }));
}

const eventsLabel = (count) => (count >= 1_000_000 ? `${count / 1_000_000}M events` : count >= 1000 ? `${count / 1000}K events` : `${count} events`);

function copyDatabase(from, to) {
  for (const suffix of ['', '-wal']) if (existsSync(from + suffix)) copyFileSync(from + suffix, to + suffix);
}

/**
 * Rows for both pages at `smallEvents` and `largeEvents` events, and `events_1m_vs_1k`: the p50
 * latency at the large table over the p50 at the small one, the worse of the two pages (like
 * me_1m_vs_1k: the growth of the median; req/s ratios are in `details`). Goal: <= 1.2. Uses
 * databases of its own (a temp dir): the small file is seeded, copied, and the copy grown to
 * `largeEvents`, so that both hold the same users and the same own events.
 * `startServer(dbPath)` starts cloud-auth (default lib.js's startCloudAuth, the bench's settings).
 */
async function measureEventsPage({
  loadgen,
  connections,
  seconds,
  warmupSeconds,
  smallEvents = 1000,
  largeEvents = positiveInt('BENCH_LARGE_EVENTS', 1_000_000),
  rounds = 2,
  startServer = (dbPath) => startCloudAuth(dbPath),
}) {
  const dir = mkdtempSync(join(tmpdir(), 'cloud-auth-events-'));
  const paths = [join(dir, 'small.db'), join(dir, 'large.db')];
  const sizes = [smallEvents, Math.max(smallEvents, largeEvents)];
  const tables = [];
  try {
    const ids = await registerUsers(startServer, paths[0]);
    const userId = ids[USER];
    const seeding = {};
    for (const [index, total] of sizes.entries()) {
      if (index > 0) copyDatabase(paths[0], paths[index]);
      const seeded = await timed(() => seedEvents(paths[index], { userId, adminUsername: ADMIN, total }));
      seeding[total] = { inserted: seeded.value, seconds: seeded.seconds };
      log(`seeded ${seeded.value} events (table: ${total}) in ${seeded.seconds.toFixed(1)} s`);
    }
    for (const [index, total] of sizes.entries()) {
      tables.push(await serveTable({ startServer, dbPath: paths[index], userId, connections, seconds, label: eventsLabel(total) }));
    }
    const [small, large] = await measureInTurns(loadgen, tables, { rounds, warmupSeconds, connections });
    const ownP50Growth = ratio(large.own.p50, small.own.p50);
    const auditP50Growth = ratio(large.audit.p50, small.audit.p50);
    return {
      rows: [...small.rows, ...large.rows],
      ratios: { events_1m_vs_1k: Math.max(ownP50Growth, auditP50Growth) },
      details: {
        ownP50Growth,
        auditP50Growth,
        ownRpsRatio: ratio(large.own.rps, small.own.rps),
        auditRpsRatio: ratio(large.audit.rps, small.audit.rps),
        // The server's CPU per request, large over small: the steadier figure on a shared machine.
        ownCpuGrowth: ratio(large.own.cpuMsPerRequest, small.own.cpuMsPerRequest),
        auditCpuGrowth: ratio(large.audit.cpuMsPerRequest, small.audit.cpuMsPerRequest),
        events: { small: tables[0].total, large: tables[1].total, ownPerUser: OWN_EVENTS },
        plans: tables[1].plans,
        seeding,
        rounds,
      },
    };
  } finally {
    await Promise.all(tables.map((table) => table.server.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { measureEventsPage, seedEvents };
