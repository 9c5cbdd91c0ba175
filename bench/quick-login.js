#!/usr/bin/env node
// A quick side-by-side of login and raw argon2.verify (the bench's login_vs_argon2), for
// iterating on the login path; `npm run bench` is the full measurement. Seeds BENCH_USERS users
// (one template registered through the API, copied by bench/seed.js), then runs raw argon2
// (bench/argon2-rate.js, BENCH_CONNECTIONS calls in flight) and the login load (as many
// connections) alternately for BENCH_ROUNDS rounds of BENCH_SECONDS each, after a warm-up.
// Prints per round: both rates, their ratio, and the CPU of each process per operation (all
// threads, and the server's main thread alone). On a machine shared with other work the rates
// swing with the neighbours' load; the ratio by CPU (argon2's CPU per verify over the server's
// CPU per login: the ratio the two would reach with the same cores to themselves) is steadier.
'use strict';

const { spawn, execFileSync } = require('node:child_process');
const { mkdtempSync, readFileSync, readdirSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const lib = require('./lib.js');
const { seedUsers } = require('./seed.js');

const SECONDS = lib.positiveInt('BENCH_SECONDS', 5);
const CONNECTIONS = lib.positiveInt('BENCH_CONNECTIONS', 16);
const USERS = lib.positiveInt('BENCH_USERS', 1000);
const ROUNDS = lib.positiveInt('BENCH_ROUNDS', 2);
const PREFIX = 'bench-';
const TICKS = 100; // sysconf(_SC_CLK_TCK)

/** CPU seconds (utime + stime) of one thread: the main thread's tid is the pid. */
function threadCpuSeconds(pid, tid) {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return NaN;
  }
}

/**
 * CPU seconds of the main thread and of all the others together (libuv's pool, where argon2
 * runs, and V8's helpers; Node 20 leaves them all named "node").
 */
function cpuByThreadName(pid) {
  const totals = { main: 0, 'other threads': 0 };
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const seconds = threadCpuSeconds(pid, tid);
    if (Number.isFinite(seconds)) totals[Number(tid) === pid ? 'main' : 'other threads'] += seconds;
  }
  return totals;
}

/** Nanoseconds the main thread ran and waited runnable for a CPU, from /proc/<pid>/schedstat. */
function mainSchedstat(pid) {
  try {
    const [run, wait] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').trim().split(' ').map(Number);
    return { run, wait };
  } catch {
    return { run: NaN, wait: NaN };
  }
}

/** Raw argon2.verify at CONNECTIONS in flight, in its own process; its CPU measured from /proc. */
function runArgon2(hash, seconds) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, 'argon2-rate.js'), hash, lib.BENCH_PASSWORD, String(CONNECTIONS), String(seconds)], {
      cwd: lib.ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    let cpu = 0;
    // Sample the CPU just before exit: /proc of a reaped child is gone.
    const sampler = setInterval(() => {
      const now = lib.cpuSeconds(child.pid);
      if (Number.isFinite(now)) cpu = now;
    }, 50);
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.once('exit', (code) => {
      clearInterval(sampler);
      if (code !== 0) return reject(new Error(`argon2-rate exited ${code}`));
      const result = JSON.parse(stdout);
      resolve({ ...result, cpuMsPerOp: (cpu * 1000) / result.verifies });
    });
  });
}

function templateHash(dbPath) {
  const Database = require('better-sqlite3');
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare('SELECT password_hash FROM users WHERE username = ?').get(`${PREFIX}0`).password_hash;
  } finally {
    db.close();
  }
}

async function main() {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: lib.ROOT, stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'cloud-auth-quick-login-'));
  const dbPath = join(dir, 'auth.db');
  const loadgen = lib.startLoadGenerator();
  let server = await lib.startCloudAuth(dbPath);
  try {
    await lib.gql(server.url, 'mutation ($input: RegisterInput!) { register(input: $input) { id } }', {
      input: { username: `${PREFIX}0`, email: `${PREFIX}0@bench.example`, password: lib.BENCH_PASSWORD, passwordConfirm: lib.BENCH_PASSWORD },
    });
    await server.stop();
    await seedUsers(dbPath, { prefix: PREFIX, total: USERS });
    const hash = templateHash(dbPath);
    server = await lib.startCloudAuth(dbPath);
    const job = {
      name: 'login', kind: 'login', url: server.url, connections: CONNECTIONS, seconds: SECONDS,
      userPrefix: PREFIX, userCount: USERS, password: lib.BENCH_PASSWORD,
    };
    await loadgen.run([{ ...job, seconds: 2 }]);
    const ratios = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      const argon2 = await runArgon2(hash, SECONDS);
      const before = { all: lib.cpuSeconds(server.pid), threads: cpuByThreadName(server.pid), sched: mainSchedstat(server.pid) };
      const [result] = await loadgen.run([job]);
      const after = { all: lib.cpuSeconds(server.pid), threads: cpuByThreadName(server.pid), sched: mainSchedstat(server.pid) };
      const perLogin = (seconds) => (seconds * 1000) / Math.max(1, result.requests);
      const threads = Object.keys(after.threads)
        .map((name) => `${name} ${perLogin(after.threads[name] - (before.threads[name] ?? 0)).toFixed(1)}`)
        .join(', ');
      const ratio = result.rps / argon2.rps;
      ratios.push(ratio);
      process.stdout.write(
        `round ${round}: argon2 ${argon2.rps.toFixed(1)}/s (CPU ${argon2.cpuMsPerOp.toFixed(1)} ms/verify); ` +
          `login ${result.rps.toFixed(1)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, errors ${result.errors}; ` +
          `server CPU ${perLogin(after.all - before.all).toFixed(1)} ms/login (${threads}; main thread ran ` +
          `${perLogin((after.sched.run - before.sched.run) / 1e9).toFixed(2)} ms, waited for a CPU ` +
          `${perLogin((after.sched.wait - before.sched.wait) / 1e9).toFixed(2)} ms); ` +
          `login/argon2 = ${ratio.toFixed(2)}, by CPU (argon2 CPU per verify / server CPU per login) = ` +
          `${(argon2.cpuMsPerOp / perLogin(after.all - before.all)).toFixed(2)}\n`,
      );
    }
    process.stdout.write(`mean login/argon2 = ${(ratios.reduce((a, b) => a + b, 0) / ratios.length).toFixed(2)}\n`);
  } finally {
    loadgen.stop();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
