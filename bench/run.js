#!/usr/bin/env node
// `npm run bench`: measures cloud-auth against its physical limits, side by side in one run on
// one machine (absolute numbers on a shared machine are noise; ratios are not):
//   - the real server (dist/main.js, production mode, rate limits off, a fresh SQLite file),
//   - a bare Apollo Server 5 with one `hello` query (bench/apollo-hello.js),
//   - raw argon2.verify with the server's parameters (bench/argon2-rate.js),
//   - the minimal `me` (bench/minimal-me.js): node:http, one JWT verification, one prepared
//     SQLite read of the session and its user on the server's own file, JSON out,
//   - Better Auth's get-session, the peer (bench/better-auth-server.js, its cookie cache off),
//   - securityEvents' first page at 1K and BENCH_LARGE_EVENTS events (bench/events-page.js),
//   - me and refreshToken on PostgreSQL beside SQLite (bench/postgres-lines.js; BENCH_PG_URL),
// all driven by one load-generator process (bench/load.js, autocannon) with the same
// connections and duration. Prints a table and, last, the `ratios:` line; writes
// bench/results.json (or BENCH_RESULTS). Progress goes to stderr.
//
// BENCH_SECONDS (10)          length of each measured load
// BENCH_CONNECTIONS (16)      concurrent connections of each load (and argon2 calls in flight)
// BENCH_SMALL_USERS (1000)    users in the database for the main loads
// BENCH_LARGE_USERS (1000000) users for the "large database" loads (scale down for smoke runs)
// BENCH_LARGE_EVENTS (1000000) security events in the large table of the events line (idem)
// BENCH_PG_URL (postgres://postgres@127.0.0.1:5432) the PostgreSQL server of the PostgreSQL lines
// BENCH_RESULTS               where to write the JSON (default bench/results.json)
'use strict';

const { execFileSync, execFile } = require('node:child_process');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { promisify } = require('node:util');
const {
  ROOT,
  BENCH_JWT_SECRET,
  BENCH_PASSWORD,
  positiveInt,
  freePort,
  startNodeProcess,
  startLoadGenerator,
  startCloudAuth,
  rssMb,
  cpuSeconds,
  gql,
  login,
} = require('./lib.js');
const { seedUsers } = require('./seed.js');
const { enrollMfaUsers } = require('./mfa-users.js');
const { BENCH_WEBAUTHN_ENV, registerPasskeyUsers } = require('./passkey-users.js');
const { measureBetterAuthPeer } = require('./better-auth-peer.js');
const { measureEventsPage } = require('./events-page.js');
const { measurePostgres, postgresVsSqlite } = require('./postgres-lines.js');

const SECONDS = positiveInt('BENCH_SECONDS', 10);
const CONNECTIONS = positiveInt('BENCH_CONNECTIONS', 16);
const SMALL_USERS = positiveInt('BENCH_SMALL_USERS', 1000);
const LARGE_USERS = Math.max(SMALL_USERS, positiveInt('BENCH_LARGE_USERS', 1_000_000));
const WARMUP_SECONDS = Math.max(1, Math.round(SECONDS / 4));
// A login takes tens of milliseconds of argon2 and queues behind 15 others: loads of logins run
// at least 3 s, so that even a smoke run (BENCH_SECONDS=1) completes some of them.
const LOGIN_SECONDS = Math.max(3, SECONDS);
const RESULTS_PATH = process.env.BENCH_RESULTS || join(__dirname, 'results.json');
const USER_PREFIX = 'bench-';
// Accounts with an authenticator app, apart from the others (no common prefix: seeding counts by
// prefix) so that plain login loads never meet one.
const MFA_USER_PREFIX = 'mfa-bench-';
// Each one signs in at most once per 30-second step (3 steps at first): enough for every connection
// to keep signing in, at up to about 5 sign-ins a second each, through the warm-up and the load.
// Accounts with a passkey (which counts as a second factor: apart from the others too).
const PASSKEY_USER_PREFIX = 'pk-bench-';
const PASSKEY_USERS = CONNECTIONS * 4;
const MFA_USERS = CONNECTIONS * (Math.ceil((Math.max(3, SECONDS) + WARMUP_SECONDS) * 1.8) + 2);
// The main loads' JWT_ALGORITHM: the server's default, or BENCH_JWT_ALGORITHM (lib.js passes it on).
const MAIN_ALGORITHM = process.env.BENCH_JWT_ALGORITHM || 'ES256';
// cloud-auth's verified-access-token cache (VERIFIED_ACCESS_TOKENS, an LRU, in src/tokens/tokens.ts).
const SERVER_VERIFIED_TOKENS = 5_000;
// The cold `me` cycles through this many distinct valid access tokens, one per request. An LRU
// cache under cyclic access to more keys than it holds never hits: between two uses of a token
// come all the others. With CONNECTIONS requests in flight the server may see a few of them out
// of order, hence the margin well above CONNECTIONS.
const COLD_TOKENS = SERVER_VERIFIED_TOKENS + Math.max(1_400, 4 * CONNECTIONS);
// Minting them (refresh chains) stops the bench if it takes longer than this.
const MINT_DEADLINE_MS = 180_000;

const GOALS = {
  me_vs_apollo: '>= 0.70',
  // Our me over the minimal me (bench/minimal-me.js) doing one HS256 verification per request.
  me_vs_limit: '>= 0.50',
  // The same over a minimal me that caches verified tokens as ours does: no goal, it shows what is left.
  me_vs_cached_limit: 'reported',
  login_vs_argon2: '>= 0.90',
  me_p99_flood_vs_idle: '<= 3',
  refresh_vs_me: '>= 0.5',
  me_1m_vs_1k: '<= 1.2',
  rss_mb: '<= 150',
  // ES256 (the default) signs at each login and refresh and verifies once per token (the verified-token cache).
  me_es256_vs_hs256: '>= 0.95',
  // Our me with a new token each request (one ECDSA verification each) over the minimal me doing the same.
  me_es256_cold_vs_limit: '>= 0.50',
  login_es256_vs_hs256: '>= 0.95',
  // login + completeMfaLogin: one argon2 verify like login, plus a TOTP check and a session start.
  mfa_login_vs_argon2: '>= 0.85',
  // A passkey sign-in has no argon2: one ES256 verification and a session start, several times a login.
  passkey_signin_vs_login: '>= 3',
  // The peer (optional in the issue): our me / Better Auth's get-session with its cookie cache off.
  me_vs_better_auth: 'reported',
  // The first page of securityEvents / auditLog (the worse p50 growth) on 1,000,000 events vs 1,000.
  events_1m_vs_1k: '<= 1.2',
  // PostgreSQL (same machine) over SQLite, req/s: what the database costs; no goal.
  me_pg_vs_sqlite: 'reported',
  refresh_pg_vs_sqlite: 'reported',
};

const log = (message) => process.stderr.write(`[bench] ${message}\n`);

// ---------------------------------------------------------------------------------------------
// Processes

async function startApolloHello() {
  return startNodeProcess({
    name: 'apollo-hello',
    args: [join(__dirname, 'apollo-hello.js')],
    port: await freePort(),
    readyPath: '/graphql',
    env: { NODE_ENV: 'production' },
  });
}

/**
 * The minimal `me` on the running server's SQLite file: `algorithm` HS256 (JWT_SECRET) or ES256
 * (the keys `server` publishes), `cache` warm (verified tokens cached, like ours) or none.
 */
async function startMinimalMe({ server, dbPath, algorithm, cache }) {
  return startNodeProcess({
    name: `minimal-me (${algorithm}, ${cache})`,
    args: [join(__dirname, 'minimal-me.js')],
    port: await freePort(),
    readyPath: '/healthz',
    env: {
      NODE_ENV: 'production',
      MINIMAL_ME_DB: dbPath,
      MINIMAL_ME_ALGORITHM: algorithm,
      MINIMAL_ME_VERIFIED_CACHE: cache,
      MINIMAL_ME_JWKS_URL: new URL('/.well-known/jwks.json', server.url).href,
      JWT_SECRET: BENCH_JWT_SECRET,
    },
  });
}

async function measureArgon2(hash) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(__dirname, 'argon2-rate.js'), hash, BENCH_PASSWORD, String(CONNECTIONS), String(LOGIN_SECONDS)],
    { cwd: ROOT },
  );
  return JSON.parse(stdout);
}

// ---------------------------------------------------------------------------------------------
// Helpers

const username = (index) => `${USER_PREFIX}${index}`;
const randomIndex = (count) => Math.floor(Math.random() * count);

/** `count` fresh sessions of random seeded users (each one a real login). */
async function loginMany(url, count, userCount) {
  const sessions = [];
  for (let i = 0; i < count; i += 1) sessions.push(await login(url, username(1 + randomIndex(userCount - 1 || 1))));
  return sessions;
}

const ME_CHECK = '{ me { id username } }';
const REFRESH = 'mutation ($t: String!) { refreshToken(refreshToken: $t) { accessToken refreshToken } }';

/**
 * `count` distinct valid access tokens, cheaply: CONNECTIONS logins (argon2 each), then refresh
 * chains side by side, each refresh a new access token for its session. An access token stays
 * valid after its session refreshes (SessionService.authenticate checks the token and that the
 * session is live, not which refresh minted it), so all of them are good for `me` until they
 * expire (ACCESS_TOKEN_TTL=1h in the bench). Bounded: `count` refreshes, MINT_DEADLINE_MS.
 */
async function mintAccessTokens(url, count, userCount) {
  const deadline = Date.now() + MINT_DEADLINE_MS;
  const chains = await loginMany(url, CONNECTIONS, userCount);
  const perChain = Math.ceil(count / chains.length);
  const minted = await Promise.all(
    chains.map(async (session) => {
      const tokens = [];
      let refreshToken = session.refreshToken;
      for (let i = 0; i < perChain; i += 1) {
        if (Date.now() > deadline) throw new Error(`minting ${count} access tokens took over ${MINT_DEADLINE_MS} ms`);
        const rotated = (await gql(url, REFRESH, { t: refreshToken })).refreshToken;
        tokens.push(rotated.accessToken);
        refreshToken = rotated.refreshToken;
      }
      return tokens;
    }),
  );
  return minted.flat().slice(0, count);
}

function timed(fn) {
  const started = process.hrtime.bigint();
  return fn().then((value) => ({ value, seconds: Number(process.hrtime.bigint() - started) / 1e9 }));
}

// ---------------------------------------------------------------------------------------------
// Output

function formatTable(rows) {
  const header = ['load', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'server CPU ms/req', 'server RSS MB'];
  const lines = rows.map((row) => [
    row.label,
    String(row.connections ?? ''),
    row.rps === undefined ? '' : row.rps.toFixed(1),
    row.p50 === undefined ? '' : String(row.p50),
    row.p99 === undefined ? '' : String(row.p99),
    row.errors === undefined ? '' : String(row.errors),
    row.cpuMsPerRequest === undefined ? '' : row.cpuMsPerRequest.toFixed(2),
    row.rssMb === undefined ? '' : row.rssMb.toFixed(0),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column].length)));
  const render = (cells) => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  return [render(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...lines.map(render)].join(
    '\n',
  );
}

const ratio = (a, b) => (b > 0 ? a / b : NaN);

function ratiosLine(ratios) {
  const fixed = (value) => (Number.isFinite(value) ? value.toFixed(2) : 'NaN');
  return (
    `ratios: me_vs_apollo=${fixed(ratios.me_vs_apollo)} me_vs_limit=${fixed(ratios.me_vs_limit)} ` +
    `me_vs_cached_limit=${fixed(ratios.me_vs_cached_limit)} ` +
    `login_vs_argon2=${fixed(ratios.login_vs_argon2)} ` +
    `me_p99_flood_vs_idle=${fixed(ratios.me_p99_flood_vs_idle)} refresh_vs_me=${fixed(ratios.refresh_vs_me)} ` +
    `me_1m_vs_1k=${fixed(ratios.me_1m_vs_1k)} rss_mb=${Number.isFinite(ratios.rss_mb) ? Math.round(ratios.rss_mb) : 'NaN'} ` +
    `me_es256_vs_hs256=${fixed(ratios.me_es256_vs_hs256)} me_es256_cold_vs_limit=${fixed(ratios.me_es256_cold_vs_limit)} ` +
    `login_es256_vs_hs256=${fixed(ratios.login_es256_vs_hs256)} ` +
    `mfa_login_vs_argon2=${fixed(ratios.mfa_login_vs_argon2)} passkey_signin_vs_login=${fixed(ratios.passkey_signin_vs_login)} ` +
    `me_vs_better_auth=${fixed(ratios.me_vs_better_auth)} events_1m_vs_1k=${fixed(ratios.events_1m_vs_1k)} ` +
    `me_pg_vs_sqlite=${fixed(ratios.me_pg_vs_sqlite)} refresh_pg_vs_sqlite=${fixed(ratios.refresh_pg_vs_sqlite)}`
  );
}

// ---------------------------------------------------------------------------------------------

async function main() {
  log(`BENCH_SECONDS=${SECONDS} BENCH_CONNECTIONS=${CONNECTIONS} users ${SMALL_USERS} / ${LARGE_USERS}`);
  log('building (npm run build)');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });

  const dir = mkdtempSync(join(tmpdir(), 'cloud-auth-bench-'));
  const dbPath = join(dir, 'auth.db');
  const loadgen = startLoadGenerator();
  const running = new Set();
  const track = (proc) => (running.add(proc), proc);
  const stop = async (proc) => (running.delete(proc), proc.stop());
  const rows = [];
  const seeding = {};

  try {
    const hello = track(await startApolloHello());

    // 1. A fresh database, migrated by the server itself; one user registered through the API
    //    is the template every seeded user copies (and so shares its argon2id hash).
    let server = track(await startCloudAuth(dbPath));
    for (const prefix of [USER_PREFIX, MFA_USER_PREFIX, PASSKEY_USER_PREFIX]) {
      await gql(server.url, 'mutation ($input: RegisterInput!) { register(input: $input) { id } }', {
        input: {
          username: `${prefix}0`,
          email: `${prefix}0@bench.example`,
          password: BENCH_PASSWORD,
          passwordConfirm: BENCH_PASSWORD,
        },
      });
    }
    await stop(server);

    log(`seeding ${SMALL_USERS} users`);
    seeding.small = await timed(() => seedUsers(dbPath, { prefix: USER_PREFIX, total: SMALL_USERS }));
    seeding.small = { users: SMALL_USERS, seconds: seeding.small.seconds };
    await seedUsers(dbPath, { prefix: MFA_USER_PREFIX, total: MFA_USERS + 1 });
    await seedUsers(dbPath, { prefix: PASSKEY_USER_PREFIX, total: PASSKEY_USERS + 1 });
    server = track(await startCloudAuth(dbPath, [], BENCH_WEBAUTHN_ENV));

    const load = (name, kind, extra = {}, seconds = SECONDS) => ({
      name,
      kind,
      url: server.url,
      connections: CONNECTIONS,
      seconds,
      ...extra,
    });
    const warm = (job) => loadgen.run([{ ...job, seconds: WARMUP_SECONDS }]);
    // One load on its own, with the server's CPU time per request (all its threads): on a shared
    // machine a steadier measure of our own cost than req/s.
    const measure = async (job, pid) => {
      const before = cpuSeconds(pid);
      const [result] = await loadgen.run([job]);
      return { ...result, cpuMsPerRequest: ((cpuSeconds(pid) - before) * 1000) / Math.max(1, result.requests) };
    };
    const addRow = (label, result, rss) => {
      const row = { label, connections: CONNECTIONS, ...result, rssMb: rss };
      rows.push(row);
      log(`${label}: ${result.rps.toFixed(1)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, errors ${result.errors}`);
      return row;
    };

    // 2. Bare Apollo.
    const helloJob = { name: 'hello', kind: 'hello', url: hello.url, connections: CONNECTIONS, seconds: SECONDS };
    log('hello (bare Apollo Server 5)');
    await warm(helloJob);
    const helloResult = await measure(helloJob, hello.pid);
    addRow('hello, bare Apollo Server 5', helloResult, rssMb(hello.pid));
    await stop(hello);

    // The same me job against the minimal me (bench/minimal-me.js) on this server's file and
    // keys: warmed up and measured like ours, its row beside ours. Returns the measure.
    const measureLimit = async (job, label, algorithm, cache) => {
      const limit = track(await startMinimalMe({ server, dbPath, algorithm, cache }));
      const limitJob = { ...job, name: `${job.name}-limit`, url: limit.url };
      log(label);
      const warmed = await warm(limitJob);
      const result = await measure({ ...limitJob, tokenOffset: warmed[0].tokensUsed }, limit.pid);
      addRow(label, result, rssMb(limit.pid));
      await stop(limit);
      return result;
    };

    // me with valid access tokens (one session per connection), then login, on the running
    // server: the main loads, again on a server with another JWT_ALGORITHM, and with LARGE_USERS.
    // `limit`: the minimal me with the same tokens, right after ours, with its verified-token
    // cache `warm` (like ours) or `none` (one verification per request).
    const measureMeAndLogin = async (userCount, algorithm, jobSuffix, { limit } = {}) => {
      const tokens = await loginMany(server.url, CONNECTIONS, userCount);
      await gql(server.url, ME_CHECK, {}, tokens[0].accessToken);
      const meJob = load(`me${jobSuffix}`, 'me', { accessTokens: tokens.map((session) => session.accessToken) });
      log(`me (${userCount} users, ${algorithm})`);
      await warm(meJob);
      const meResult = await measure(meJob, server.pid);
      const meRow = addRow(`me (${userCount} users, ${algorithm})`, meResult, rssMb(server.pid));
      const limitLabel = `me, physical limit (${algorithm}, ${limit === 'warm' ? 'verified-token cache' : 'one verification each request'}; bench/minimal-me.js)`;
      const limitResult = limit ? await measureLimit(meJob, limitLabel, algorithm, limit) : undefined;
      const loginJob = load(
        `login${jobSuffix}`,
        'login',
        { userPrefix: USER_PREFIX, userCount, password: BENCH_PASSWORD },
        LOGIN_SECONDS,
      );
      log(`login (${userCount} users, ${algorithm})`);
      await warm(loginJob);
      const loginResult = await measure(loginJob, server.pid);
      addRow(`login (${userCount} users, ${algorithm})`, loginResult, rssMb(server.pid));
      return { meJob, meResult, meRow, limitResult, loginJob, loginResult };
    };

    // The cold me, ours then the limit's (no verified-token cache), each warmed up first. The
    // measured load resumes the token cycle where its warm-up stopped (tokenOffset), so that it
    // never starts on a token the warm-up has just left in our cache.
    const measureColdMe = async (tokens) => {
      if (tokens.length <= SERVER_VERIFIED_TOKENS + CONNECTIONS) throw new Error(`${tokens.length} tokens: too few to miss the cache`);
      await gql(server.url, ME_CHECK, {}, tokens[tokens.length - 1]);
      const coldJob = load('me-cold', 'me', { accessTokens: tokens, tokenPerRequest: true });
      const label = `me, cold (${MAIN_ALGORITHM}, a new token each request; ${tokens.length} tokens)`;
      log(label);
      const warmed = await warm(coldJob);
      const meCold = await measure({ ...coldJob, tokenOffset: warmed[0].tokensUsed }, server.pid);
      addRow(label, meCold, rssMb(server.pid));
      const limitLabel = `me, physical limit cold (${MAIN_ALGORITHM}, one verification each request)`;
      const meColdLimit = await measureLimit(coldJob, limitLabel, MAIN_ALGORITHM, 'none');
      return { meCold, meColdLimit };
    };

    // 3 and 4. me and login with the main algorithm; raw argon2.verify at the same concurrency.
    const {
      meJob,
      meResult,
      meRow,
      limitResult: meLimit,
      loginJob,
      loginResult,
    } = await measureMeAndLogin(SMALL_USERS, MAIN_ALGORITHM, '', { limit: 'warm' });

    // 3b. The peer: Better Auth's get-session (cookie cache off) on its own process and file, same load.
    log('Better Auth get-session (peer)');
    const peer = await measureBetterAuthPeer({ loadgen, connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS });
    rows.push(peer.row);

    log('argon2.verify, raw');
    const hash = await templateHash(dbPath);
    const argon2Result = await measureArgon2(hash);
    rows.push({ label: 'argon2.verify raw (no server)', connections: CONNECTIONS, rps: argon2Result.rps });

    // 4b. login + completeMfaLogin (TOTP), beside plain login and against the same argon2 limit.
    log(`enrolling ${MFA_USERS} accounts with an authenticator app`);
    const mfaUsers = await enrollMfaUsers(server.url, { prefix: MFA_USER_PREFIX, count: MFA_USERS });
    const mfaJob = load('mfa-login', 'mfa-login', { mfaUsers, password: BENCH_PASSWORD }, LOGIN_SECONDS);
    log('login + completeMfaLogin');
    const mfaResult = await runMfaLoads(loadgen, mfaJob, WARMUP_SECONDS, server.pid);
    addRow(`login + completeMfaLogin (TOTP, ${MAIN_ALGORITHM}; req/s = sign-ins/s)`, mfaResult, rssMb(server.pid));

    // 4c. Passkey sign-in (startPasskeySignIn + finishPasskeySignIn: an ES256 verification each), beside login.
    log(`registering passkeys for ${PASSKEY_USERS} accounts`);
    const credentials = await registerPasskeyUsers(server.url, { prefix: PASSKEY_USER_PREFIX, count: PASSKEY_USERS });
    const passkeyJob = load('passkey-signin', 'passkey-signin', { credentials });
    log('startPasskeySignIn + finishPasskeySignIn');
    await warm(passkeyJob);
    const passkeyResult = await measureSignIns(loadgen, passkeyJob, server.pid);
    addRow(`passkey sign-in (start + finish, ${MAIN_ALGORITHM} tokens; req/s = sign-ins/s)`, passkeyResult, rssMb(server.pid));

    // 5. me while a flood of logins saturates argon2.
    log('me under a login flood');
    const [meFlood, loginFlood] = await loadgen.run([
      { ...meJob, name: 'me-flood', seconds: LOGIN_SECONDS },
      { ...loginJob, name: 'login-flood' },
    ]);
    addRow('me during login flood', meFlood, rssMb(server.pid));
    addRow('  the login flood', loginFlood, undefined);

    // 6. refreshToken, each request rotating its connection's newest token.
    const chains = await loginMany(server.url, CONNECTIONS * 3, SMALL_USERS);
    log('refreshToken');
    const refreshResult = await measure(
      load('refresh', 'refresh', { refreshTokens: chains.map((session) => session.refreshToken) }),
      server.pid,
    );
    addRow(`refreshToken (rotating, ${MAIN_ALGORITHM})`, refreshResult, rssMb(server.pid));

    // 6a. The cold me: every request a token the server has not verified before (one signature
    //     verification each), ours against the minimal me verifying every request too.
    log(`minting ${COLD_TOKENS} access tokens (refresh chains)`);
    const coldTokens = await mintAccessTokens(server.url, COLD_TOKENS, SMALL_USERS);
    const { meCold, meColdLimit } = await measureColdMe(coldTokens);
    await stop(server);

    // 6b. The same me and login with JWT_ALGORITHM=HS256 (today's single-service mode), side by
    //     side with the ES256 loads above: what asymmetric signing costs.
    server = track(await startCloudAuth(dbPath, [], { JWT_ALGORITHM: 'HS256' }));
    // Its minimal me is the physical limit: one HS256 verification on every request.
    const {
      meResult: hsMe,
      loginResult: hsLogin,
      limitResult: hsLimit,
    } = await measureMeAndLogin(SMALL_USERS, 'HS256', '-hs256', { limit: 'none' });
    await stop(server);

    // 7. The same me and login with LARGE_USERS users.
    log(`seeding up to ${LARGE_USERS} users`);
    const large = await timed(() => seedUsers(dbPath, { prefix: USER_PREFIX, total: LARGE_USERS }));
    seeding.large = { users: LARGE_USERS, seconds: large.seconds };
    log(`seeded ${large.value} users in ${large.seconds.toFixed(1)} s`);
    server = track(await startCloudAuth(dbPath));
    const { meResult: largeMe, loginResult: largeLogin } = await measureMeAndLogin(LARGE_USERS, MAIN_ALGORITHM, '-large');
    await stop(server);

    // 8. securityEvents and auditLog, first page, on a table of 1,000 events and one of
    //    BENCH_LARGE_EVENTS (their own databases and servers: bench/events-page.js).
    log('securityEvents / auditLog first page, 1K vs large');
    const events = await measureEventsPage({ loadgen, connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS });
    rows.push(...events.rows);

    // 9. me and refreshToken on PostgreSQL (a fresh database, dropped after), against the SQLite
    //    loads above; skipped with a message when PostgreSQL is not reachable (bench/postgres-lines.js).
    log('me and refreshToken on PostgreSQL');
    const postgres = await measurePostgres({ loadgen, connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, rounds: 1 });
    if (postgres) rows.push(...postgres.rows);
    const onPostgres = postgres ? postgresVsSqlite(postgres, { me: meResult, refresh: refreshResult }) : null;

    const meP50Growth = ratio(largeMe.p50, meResult.p50);
    const loginP50Growth = ratio(largeLogin.p50, loginResult.p50);
    const ratios = {
      me_vs_apollo: ratio(meResult.rps, helloResult.rps),
      // Against the minimal me as issue 19 defines it (one HS256 verification per request, no cache).
      me_vs_limit: ratio(meResult.rps, hsLimit.rps),
      // Against the minimal me that, like ours, verifies each token once (same algorithm).
      me_vs_cached_limit: ratio(meResult.rps, meLimit.rps),
      login_vs_argon2: ratio(loginResult.rps, argon2Result.rps),
      me_p99_flood_vs_idle: ratio(meFlood.p99, meResult.p99),
      refresh_vs_me: ratio(refreshResult.rps, meResult.rps),
      // The worse of the two: both lookups (session by id, user by name) must not grow with the table.
      me_1m_vs_1k: Math.max(meP50Growth, loginP50Growth),
      rss_mb: meRow.rssMb,
      me_es256_vs_hs256: ratio(meResult.rps, hsMe.rps),
      me_es256_cold_vs_limit: ratio(meCold.rps, meColdLimit.rps),
      login_es256_vs_hs256: ratio(loginResult.rps, hsLogin.rps),
      mfa_login_vs_argon2: ratio(mfaResult.rps, argon2Result.rps),
      passkey_signin_vs_login: ratio(passkeyResult.rps, loginResult.rps),
      me_vs_better_auth: ratio(meResult.rps, peer.rps),
      events_1m_vs_1k: events.ratios.events_1m_vs_1k,
      me_pg_vs_sqlite: onPostgres?.ratios.me_pg_vs_sqlite ?? NaN,
      refresh_pg_vs_sqlite: onPostgres?.ratios.refresh_pg_vs_sqlite ?? NaN,
    };

    const table = formatTable(rows);
    const seedLine =
      `seeded ${seeding.small.users} users in ${seeding.small.seconds.toFixed(1)} s, ` +
      `${seeding.large.users} in ${seeding.large.seconds.toFixed(1)} s (bulk INSERT, one precomputed hash); ` +
      `p50 growth ${LARGE_USERS}/${SMALL_USERS} users: me ${meP50Growth.toFixed(2)}, login ${loginP50Growth.toFixed(2)}`;
    // The limit's CPU per request over ours: the same comparison as me_vs_limit in CPU time. At
    // ten thousand requests a second and more, one load-generator process on a shared machine may
    // be what caps the minimal server's req/s (its CPU shows it idle part of the time), so req/s
    // flatters us there; CPU per request does not depend on who is waiting for whom.
    const cpuVsLimit = {
      me: ratio(hsLimit.cpuMsPerRequest, meResult.cpuMsPerRequest),
      meCached: ratio(meLimit.cpuMsPerRequest, meResult.cpuMsPerRequest),
      meCold: ratio(meColdLimit.cpuMsPerRequest, meCold.cpuMsPerRequest),
    };
    const limitLine =
      `server CPU per request, minimal me / ours: me ${cpuVsLimit.me.toFixed(2)}, against the cached limit ` +
      `${cpuVsLimit.meCached.toFixed(2)}, me cold ${cpuVsLimit.meCold.toFixed(2)} ` +
      '(the CPU-time reading of me_vs_limit, me_vs_cached_limit and me_es256_cold_vs_limit)';
    const line = ratiosLine(ratios);
    writeFileSync(
      RESULTS_PATH,
      JSON.stringify(
        {
          date: new Date().toISOString(),
          node: process.version,
          settings: { seconds: SECONDS, connections: CONNECTIONS, smallUsers: SMALL_USERS, largeUsers: LARGE_USERS },
          ratios,
          goals: GOALS,
          details: { meP50Growth, loginP50Growth, argon2: argon2Result, seeding, cpuPerRequestLimitVsOurs: cpuVsLimit },
          loads: rows,
          ratiosLine: line,
        },
        null,
        2,
      ) + '\n',
    );
    const { ownP50Growth, auditP50Growth, plans } = events.details;
    const eventsLine =
      `events: ${events.details.events.large}/${events.details.events.small}, p50 growth own page ${ownP50Growth.toFixed(2)}, ` +
      `audit page ${auditP50Growth.toFixed(2)}; plans: own "${plans.own}", audit "${plans.audit}"`;
    const postgresLine = onPostgres
      ? `CPU ms/req, cloud-auth + database: me SQLite ${onPostgres.cpuMsPerRequest.me.sqlite.toFixed(2)} vs PostgreSQL ` +
        `${onPostgres.cpuMsPerRequest.me.postgres.toFixed(2)}, refresh SQLite ${onPostgres.cpuMsPerRequest.refresh.sqlite.toFixed(2)} ` +
        `vs PostgreSQL ${onPostgres.cpuMsPerRequest.refresh.postgres.toFixed(2)} (PostgreSQL ${postgres.database.version})`
      : 'PostgreSQL: not reachable, no lines';
    const notes = [seedLine, limitLine, eventsLine, postgresLine].join('\n');
    process.stdout.write(`\n${table}\n\n${notes}\nresults: ${RESULTS_PATH}\n${line}\n`);
  } finally {
    loadgen.stop();
    await Promise.all([...running].map((proc) => proc.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The mfa-login load, warmed up then measured. The server takes one code per time step and
 * account, and the load generator keeps the steps it used to itself, so the warm-up signs in
 * accounts of its own (a share of them as large as its share of the time) and the measure the
 * others. The rate is whole sign-ins per second, CPU per sign-in.
 */
async function runMfaLoads(loadgen, job, warmSeconds, pid) {
  const warmShare = warmSeconds / (warmSeconds + job.seconds);
  const warmCount = Math.max(job.connections, Math.ceil(job.mfaUsers.length * warmShare));
  await loadgen.run([{ ...job, seconds: warmSeconds, mfaUsers: job.mfaUsers.slice(0, warmCount) }]);
  return measureSignIns(loadgen, { ...job, mfaUsers: job.mfaUsers.slice(warmCount) }, pid);
}

/** A two-request sign-in load, measured in whole sign-ins per second and server CPU per sign-in. */
async function measureSignIns(loadgen, job, pid) {
  const before = cpuSeconds(pid);
  const [measured] = await loadgen.run([job]);
  const signIns = measured.completed ?? 0;
  return { ...measured, rps: measured.completedPerSecond ?? 0, cpuMsPerRequest: ((cpuSeconds(pid) - before) * 1000) / Math.max(1, signIns) };
}

/** The argon2id hash every seeded user shares (read from the stopped or running server's file). */
async function templateHash(dbPath) {
  const Database = require('better-sqlite3');
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare('SELECT password_hash FROM users WHERE username = ?').get(username(0)).password_hash;
  } finally {
    db.close();
  }
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error.stack || error}\n`);
  process.exit(1);
});
