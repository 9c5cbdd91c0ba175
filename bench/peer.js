#!/usr/bin/env node
// `npm run bench:peer`: our `me` beside Better Auth's `get-session` (bench/better-auth-peer.js),
// one after the other in one run, with the same connections and duration: one signed-in user per
// connection on each side, each server on a fresh SQLite file, each in a process of its own,
// driven by the same load-generator process. Prints both rows and, last, the `ratios:` line
// (me_vs_better_auth: our req/s over its; better_auth_cpu_vs_me: its CPU ms per request over ours).
//
// BENCH_SECONDS (10)            length of each measured load (a quarter of it, at least 1 s, warms up)
// BENCH_CONNECTIONS (16)        concurrent connections of each load
// BENCH_PEER_PROFILE_DIR        if set: the peer runs under `node --cpu-prof` writing there, and
//                               the measured load's share of its profile is printed (to stderr)
'use strict';

const { execFileSync } = require('node:child_process');
const { mkdirSync, mkdtempSync, readdirSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const lib = require('./lib.js');
const { measureBetterAuthPeer } = require('./better-auth-peer.js');
const { summarise } = require('./cpuprofile-top.js');

const SECONDS = lib.positiveInt('BENCH_SECONDS', 10);
const CONNECTIONS = lib.positiveInt('BENCH_CONNECTIONS', 16);
const WARMUP_SECONDS = Math.max(1, Math.round(SECONDS / 4));
const PROFILE_DIR = process.env.BENCH_PEER_PROFILE_DIR ? resolve(process.env.BENCH_PEER_PROFILE_DIR) : null;
const REGISTER = 'mutation ($input: RegisterInput!) { register(input: $input) { id } }';

const log = (message) => process.stderr.write(`[bench:peer] ${message}\n`);

/** `count` users registered and signed in through the API: one access token each. */
async function registerAndLogin(url, count) {
  const tokens = [];
  for (let i = 0; i < count; i += 1) {
    const username = `peer-bench-${i}`;
    const input = { username, email: `${username}@bench.example`, password: lib.BENCH_PASSWORD, passwordConfirm: lib.BENCH_PASSWORD };
    await lib.gql(url, REGISTER, { input });
    tokens.push((await lib.login(url, username)).accessToken);
  }
  return tokens;
}

/** Our `me` (one token per connection) on a fresh server, measured as run.js measures it. */
async function measureMe(loadgen) {
  const dir = mkdtempSync(join(tmpdir(), 'cloud-auth-peer-'));
  let server = null;
  try {
    server = await lib.startCloudAuth(join(dir, 'auth.db'));
    const tokens = await registerAndLogin(server.url, CONNECTIONS);
    await lib.gql(server.url, '{ me { id username } }', {}, tokens[0]);
    const job = { name: 'me', kind: 'me', url: server.url, connections: CONNECTIONS, seconds: SECONDS, accessTokens: tokens };
    await loadgen.run([{ ...job, seconds: WARMUP_SECONDS }]);
    const before = lib.cpuSeconds(server.pid);
    const [result] = await loadgen.run([job]);
    const cpuMsPerRequest = ((lib.cpuSeconds(server.pid) - before) * 1000) / Math.max(1, result.requests);
    const { rps, p50, p99, errors } = result;
    const label = `me, cloud-auth (${CONNECTIONS} users)`;
    return { label, connections: CONNECTIONS, rps, p50, p99, errors, cpuMsPerRequest, rssMb: lib.rssMb(server.pid) };
  } finally {
    if (server) await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function formatRows(rows) {
  const header = ['load', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'server CPU ms/req', 'server RSS MB'];
  const cells = rows.map((row) => [
    row.label,
    String(row.connections),
    row.rps.toFixed(1),
    String(row.p50),
    String(row.p99),
    String(row.errors),
    row.cpuMsPerRequest.toFixed(3),
    row.rssMb.toFixed(0),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => line[column].length)));
  const render = (line) => `| ${line.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  return [render(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...cells.map(render)].join('\n');
}

const fixed = (value) => (Number.isFinite(value) ? value.toFixed(2) : 'NaN');

/** The peer's profile, restricted to the measured load (the sign-ups' scrypt would swamp it). */
function printPeerProfile(loadWindow) {
  const written = readdirSync(PROFILE_DIR).filter((name) => name.endsWith('.cpuprofile')).sort();
  if (written.length === 0) throw new Error(`the peer wrote no .cpuprofile into ${PROFILE_DIR}`);
  process.stderr.write(`${summarise(join(PROFILE_DIR, written[written.length - 1]), 25, loadWindow)}\n`);
}

async function main() {
  log(`BENCH_SECONDS=${SECONDS} BENCH_CONNECTIONS=${CONNECTIONS}`);
  log('building (npm run build)');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: lib.ROOT, stdio: 'inherit' });
  const loadgen = lib.startLoadGenerator();
  try {
    log('me (cloud-auth)');
    const me = await measureMe(loadgen);
    log('get-session (Better Auth)');
    if (PROFILE_DIR) mkdirSync(PROFILE_DIR, { recursive: true });
    const nodeOptions = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
    const peer = await measureBetterAuthPeer({ loadgen, connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, nodeOptions });
    if (PROFILE_DIR) printPeerProfile(peer.loadWindow);
    process.stdout.write(`${formatRows([me, peer.row])}\n`);
    process.stdout.write(
      `ratios: me_vs_better_auth=${fixed(me.rps / peer.rps)} better_auth_cpu_vs_me=${fixed(peer.cpuMsPerRequest / me.cpuMsPerRequest)}\n`,
    );
  } finally {
    loadgen.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
