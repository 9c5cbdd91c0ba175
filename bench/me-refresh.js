// `me` and `refreshToken` (rotating) on a running cloud-auth, the same way whatever database is
// under it: bench/postgres-lines.js runs it on PostgreSQL, bench/data-lines.js on SQLite, so that
// the two lines differ in the database only (same users, same sessions, same loads).
'use strict';

const { BENCH_PASSWORD, gql, login } = require('./lib.js');
const { warmThenMeasure, rowOf, bestRound } = require('./measure-row.js');

const REGISTER = 'mutation ($input: RegisterInput!) { register(input: $input) { id } }';
const ME_CHECK = '{ me { id username } }';
const USER_PREFIX = 'data-bench-';
/** Spare sessions per connection for the refresh loads: a broken chain takes a spare (load.js). */
const CHAINS_PER_CONNECTION = 3;

/** `count` users registered through the API (each one a real argon2 hash: count stays small). */
async function registerUsers(url, count) {
  const usernames = [];
  for (let i = 0; i < count; i += 1) {
    const username = `${USER_PREFIX}${i}`;
    const input = { username, email: `${username}@bench.example`, password: BENCH_PASSWORD, passwordConfirm: BENCH_PASSWORD };
    await gql(url, REGISTER, { input });
    usernames.push(username);
  }
  return usernames;
}

/** `count` fresh sessions, the users taken in turn. */
async function sessionsOf(url, usernames, count) {
  const sessions = [];
  for (let i = 0; i < count; i += 1) sessions.push(await login(url, usernames[i % usernames.length]));
  return sessions;
}

/**
 * Registers `connections` users on `server` (a fresh database), then measures `me` (one session
 * per connection) and `refreshToken` (each connection rotating its own chain; every warm-up and
 * round spends fresh chains, since a rotated token used again would be taken for a stolen one),
 * `rounds` times in turn, each load keeping its best round (bestRound). `databasePids`
 * (optional) names the database's processes, for their CPU per request. Returns { me, refresh, rows }.
 */
async function measureMeAndRefresh({ loadgen, server, connections, seconds, warmupSeconds, label, databasePids, rounds = 2 }) {
  const usernames = await registerUsers(server.url, connections);
  const meSessions = await sessionsOf(server.url, usernames, connections);
  await gql(server.url, ME_CHECK, {}, meSessions[0].accessToken);
  const job = (name, kind, extra) => ({ name, kind, url: server.url, connections, seconds, ...extra });
  const meJob = job('me', 'me', { accessTokens: meSessions.map((session) => session.accessToken) });
  const refreshJob = async () => {
    const chains = await sessionsOf(server.url, usernames, connections * CHAINS_PER_CONNECTION);
    return job('refresh', 'refresh', { refreshTokens: chains.map((session) => session.refreshToken) });
  };
  const results = { me: [], refresh: [] };
  for (let round = 1; round <= rounds; round += 1) {
    const me = await warmThenMeasure(loadgen, meJob, warmupSeconds, server.pid, { databasePids });
    results.me.push(rowOf(`me (${label}), round ${round}`, me, { connections, pid: server.pid }));
    const [measured, warmup] = [await refreshJob(), await refreshJob()];
    const refresh = await warmThenMeasure(loadgen, measured, warmupSeconds, server.pid, { databasePids, warmupJob: warmup });
    results.refresh.push(rowOf(`refreshToken (rotating, ${label}), round ${round}`, refresh, { connections, pid: server.pid }));
  }
  const me = bestRound(results.me);
  const refresh = bestRound(results.refresh);
  const rows = [
    { ...me, label: `me (${label})` },
    { ...refresh, label: `refreshToken (rotating, ${label})` },
  ];
  return { me, refresh, rows };
}

module.exports = { measureMeAndRefresh };
