// The bench's optional peer: Better Auth's `get-session` (bench/better-auth-server.js, its own
// process and SQLite file) under the same load as our `me`: one signed-in user per connection,
// each connection sending its own session cookie. measureBetterAuthPeer() starts the peer,
// signs its users up and in over HTTP, checks one session, warms up, measures, and stops it.
'use strict';

const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { ROOT, BENCH_PASSWORD, freePort, startNodeProcess, cpuSeconds, rssMb } = require('./lib.js');

// Better Auth signs its session cookie with this (any fixed value of 32+ characters will do).
const PEER_SECRET = 'bench-better-auth-secret-that-is-32-bytes-or-more';
const SESSION_COOKIE = 'better-auth.session_token';
const USER_PREFIX = 'ba-bench-';

/** The installed version, for the row's label (its exports do not include package.json). */
function betterAuthVersion() {
  return JSON.parse(readFileSync(join(ROOT, 'node_modules', 'better-auth', 'package.json'), 'utf8')).version;
}

const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

/** `nodeOptions` (e.g. ['--cpu-prof', '--cpu-prof-dir=...']) go on the peer's node command line. */
async function startBetterAuth(dbPath, nodeOptions = []) {
  const server = await startNodeProcess({
    name: 'better-auth',
    args: [join(__dirname, 'better-auth-server.js')],
    nodeOptions,
    port: await freePort(),
    readyPath: '/healthz',
    env: { NODE_ENV: 'production', BETTER_AUTH_DB: dbPath, BETTER_AUTH_SECRET: PEER_SECRET },
  });
  return { ...server, authUrl: server.url.replace(/\/graphql$/, '/api/auth') };
}

/** A POST as the peer's own web page would send it: Better Auth refuses one without its Origin. */
async function postJson(url, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: new URL(url).origin },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
  return response;
}

/** `name=value` of the session cookie a sign-in set (what a browser would send back). */
function sessionCookieOf(response) {
  const pair = response.headers
    .getSetCookie()
    .map((header) => header.split(';')[0])
    .find((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`));
  if (!pair) throw new Error(`sign-in set no ${SESSION_COOKIE} cookie`);
  return pair;
}

/** Signs `count` users up, then in (a session of its own each): [{cookie, expect: email}]. */
async function signInUsers(authUrl, count) {
  const sessions = [];
  for (let i = 0; i < count; i += 1) {
    const email = `${USER_PREFIX}${i}@bench.example`;
    await postJson(`${authUrl}/sign-up/email`, { email, password: BENCH_PASSWORD, name: `${USER_PREFIX}${i}` });
    const signedIn = await postJson(`${authUrl}/sign-in/email`, { email, password: BENCH_PASSWORD });
    sessions.push({ cookie: sessionCookieOf(signedIn), expect: email });
  }
  return sessions;
}

/** One get-session with the cookie must answer that user: else the load would measure refusals. */
async function checkSession(authUrl, { cookie, expect }) {
  const response = await fetch(`${authUrl}/get-session`, { headers: { cookie }, signal: AbortSignal.timeout(30_000) });
  const body = await response.json();
  if (response.status !== 200 || body?.user?.email !== expect) {
    throw new Error(`Better Auth get-session did not answer ${expect}: ${response.status} ${JSON.stringify(body)}`);
  }
}

/**
 * Better Auth's get-session at `connections` connections for `seconds` (after `warmupSeconds`),
 * run by the bench's load generator: {row, rps, p50, p99, errors, cpuMsPerRequest, rss}, where
 * cpuMsPerRequest is the peer's own CPU time (all threads) per answered request, as run.js
 * measures ours (and loadWindow the measured load's span, for a profile taken with nodeOptions).
 */
async function measureBetterAuthPeer({ loadgen, connections, seconds, warmupSeconds, nodeOptions = [] }) {
  const dir = mkdtempSync(join(tmpdir(), 'cloud-auth-better-auth-'));
  let peer = null;
  try {
    peer = await startBetterAuth(join(dir, 'better-auth.db'), nodeOptions);
    const sessions = await signInUsers(peer.authUrl, connections);
    await checkSession(peer.authUrl, sessions[0]);
    const job = { name: 'better-auth get-session', kind: 'cookie-get', url: `${peer.authUrl}/get-session`, connections, seconds, sessions };
    await loadgen.run([{ ...job, seconds: warmupSeconds }]);
    const before = cpuSeconds(peer.pid);
    const fromMicros = monotonicMicros();
    const [result] = await loadgen.run([job]);
    // The load's span on the monotonic clock (a --cpu-prof profile's clock), to profile it alone.
    const loadWindow = { fromMicros, toMicros: monotonicMicros() };
    const cpuMsPerRequest = ((cpuSeconds(peer.pid) - before) * 1000) / Math.max(1, result.requests);
    const rss = rssMb(peer.pid);
    const { rps, p50, p99, errors } = result;
    const label = `get-session, Better Auth ${betterAuthVersion()} (cookie cache off)`;
    const row = { label, connections, rps, p50, p99, errors, cpuMsPerRequest, rssMb: rss };
    return { row, rps, p50, p99, errors, cpuMsPerRequest, rss, loadWindow };
  } finally {
    if (peer) await peer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { measureBetterAuthPeer, startBetterAuth, signInUsers, checkSession };
