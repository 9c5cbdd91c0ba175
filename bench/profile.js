#!/usr/bin/env node
// `npm run bench:profile`: runs the real server under `node --cpu-prof` while the `me` load
// (BENCH_CONNECTIONS connections, BENCH_SECONDS) hits it, then prints the functions and
// packages with the most self time during the load alone (start-up and seeding left out). The profile is kept in bench/profiles/ (open it in Chrome
// DevTools for the whole call tree). BENCH_PROFILE_KIND=login|refresh profiles those instead;
// BENCH_PROFILE_KIND=query with BENCH_PROFILE_QUERY='{ __typename }' any fixed operation, signed in.
'use strict';

const { execFileSync } = require('node:child_process');
const { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { summarise } = require('./cpuprofile-top.js');
const {
  ROOT,
  BENCH_PASSWORD,
  positiveInt,
  startCloudAuth,
  startLoadGenerator,
  gql,
  login,
} = require('./lib.js');

const SECONDS = positiveInt('BENCH_SECONDS', 10);
const CONNECTIONS = positiveInt('BENCH_CONNECTIONS', 16);
const KIND = process.env.BENCH_PROFILE_KIND || 'me';
const PROFILE_DIR = join(__dirname, 'profiles');

async function main() {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  mkdirSync(PROFILE_DIR, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'cloud-auth-profile-'));
  const loadgen = startLoadGenerator();
  const server = await startCloudAuth(join(dir, 'auth.db'), ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`]);
  const startedAt = Date.now();
  let window;
  try {
    const users = Math.max(CONNECTIONS, 4);
    for (let i = 0; i < users; i += 1) {
      await gql(server.url, 'mutation ($input: RegisterInput!) { register(input: $input) { id } }', {
        input: { username: `bench-${i}`, email: `bench-${i}@bench.example`, password: BENCH_PASSWORD, passwordConfirm: BENCH_PASSWORD },
      });
    }
    const sessions = [];
    for (let i = 0; i < CONNECTIONS * 3; i += 1) sessions.push(await login(server.url, `bench-${i % users}`));
    const job = {
      name: KIND,
      kind: KIND,
      url: server.url,
      connections: CONNECTIONS,
      seconds: SECONDS,
      accessTokens: sessions.map((session) => session.accessToken),
      refreshTokens: sessions.map((session) => session.refreshToken),
      userPrefix: 'bench-',
      userCount: users,
      password: BENCH_PASSWORD,
      query: process.env.BENCH_PROFILE_QUERY,
    };
    const fromMicros = Number(process.hrtime.bigint() / 1000n);
    const [result] = await loadgen.run([job]);
    window = { fromMicros, toMicros: Number(process.hrtime.bigint() / 1000n) };
    process.stdout.write(`${KIND}: ${result.rps.toFixed(1)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, errors ${result.errors}\n\n`);
  } finally {
    loadgen.stop();
    await server.stop(); // SIGTERM: the server exits cleanly and V8 writes the profile
    rmSync(dir, { recursive: true, force: true });
  }
  const written = readdirSync(PROFILE_DIR)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => join(PROFILE_DIR, name))
    .filter((path) => statSync(path).mtimeMs >= startedAt)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (written.length === 0) throw new Error('the server wrote no .cpuprofile');
  process.stdout.write(summarise(written[0], positiveInt('BENCH_PROFILE_ROWS', 30), window) + '\n');
}

main().catch((error) => {
  process.stderr.write(`profile failed: ${error.stack || error}\n`);
  process.exit(1);
});
