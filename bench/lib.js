// Helpers shared by the benchmark scripts: child processes, HTTP, /proc readings.
'use strict';

const { fork, spawn } = require('node:child_process');
const { readFileSync, readlinkSync, realpathSync } = require('node:fs');
const { createServer } = require('node:net');
const { delimiter, dirname, join } = require('node:path');

const ROOT = join(__dirname, '..');
const BENCH_JWT_SECRET = 'bench-secret-that-is-at-least-32-bytes-long!!';
/** The password of every seeded user (they all share one precomputed hash). */
const BENCH_PASSWORD = 'violet-Mountain-47';

function positiveInt(name, fallback) {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new Error(`${name} must be a positive integer, got "${text}"`);
  }
  return value;
}

/** A port that was free a moment ago (the child binds it right after). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts `node <args>` (or `command <args>`) with `env` added, waits until `readyPath` answers 200, and returns a
 * handle whose stop() sends SIGTERM and waits for the exit. Its stderr is kept for error reports.
 */
async function startNodeProcess({ name, args, env, port, readyPath, nodeOptions = [], command }) {
  const child = spawn(command ?? process.execPath, command ? args : [...nodeOptions, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let exitInfo = null;
  exited.then((info) => (exitInfo = info));

  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exitInfo) throw new Error(`${name} exited before serving (${JSON.stringify(exitInfo)}):\n${stderr}`);
    try {
      const response = await fetch(origin + readyPath, { method: readyPath === '/graphql' ? 'POST' : 'GET',
        headers: { 'content-type': 'application/json' }, body: readyPath === '/graphql' ? '{"query":"{__typename}"}' : undefined });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not become ready within 60 s:\n${stderr}`);
    }
    await sleep(100);
  }

  return {
    name,
    pid: child.pid,
    url: `${origin}/graphql`,
    stderr: () => stderr,
    async stop() {
      if (exitInfo) return exitInfo;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const info = await exited;
      clearTimeout(timer);
      return info;
    },
  };
}

function startLoadGenerator() {
  const child = fork(join(__dirname, 'load.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let pending = null;
  child.on('message', (message) => {
    const settle = pending;
    pending = null;
    if (!settle) return;
    if (message.error) settle.reject(new Error(`load generator: ${message.error}`));
    else settle.resolve(message.results);
  });
  child.on('exit', (code) => pending?.reject(new Error(`load generator exited (${code})`)));
  return {
    /** Runs the jobs at the same time; resolves with one result per job. */
    run(jobs) {
      return new Promise((resolve, reject) => {
        pending = { resolve, reject };
        child.send({ jobs });
      });
    },
    stop: () => child.kill('SIGTERM'),
  };
}

/**
 * The real server, built, in production mode, on `dbPath`, started exactly as `npm start` starts
 * it: package.json's start script run by `sh -c` (as npm runs scripts), so that its environment
 * (glibc's malloc settings) and node flags (the young generation's size) are the ones measured.
 * The script must `exec node`, so that the pid measured is the server's own. `nodeOptions`
 * (e.g. ['--cpu-prof'], which NODE_OPTIONS does not accept) are added to that node command line.
 */
/** `env` overrides the bench's settings (e.g. JWT_ALGORITHM=HS256 for the side-by-side loads). */
async function startCloudAuth(dbPath, nodeOptions = [], env = {}) {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const quote = (word) => `'${word.replaceAll("'", "'\\''")}'`;
  if (!/\bexec node /.test(scripts.start)) throw new Error(`package.json's start script must exec node: "${scripts.start}"`);
  const script = scripts.start.replace(/\bexec node /, `exec node ${nodeOptions.map((option) => `${quote(option)} `).join('')}`);
  const server = await startNodeProcess({
    command: '/bin/sh',
    args: ['-c', script],
    name: 'cloud-auth',
    port: await freePort(),
    readyPath: '/healthz',
    env: {
      // `node` in the script is the node running the bench.
      PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
      NODE_ENV: 'production',
      JWT_SECRET: BENCH_JWT_SECRET,
      RATE_LIMIT_ENABLED: 'false',
      DATABASE_URL: `sqlite:${dbPath}`,
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'warn',
      // Long enough that no access token expires during a slow run; costs nothing per request.
      ACCESS_TOKEN_TTL: '1h',
      // Nothing balances load across bench servers: stop at once on SIGTERM (production waits 5 s).
      SHUTDOWN_DELAY: '0',
      // The whole bench under one algorithm (e.g. HS256 to compare with a tree from before ES256).
      ...(process.env.BENCH_JWT_ALGORITHM ? { JWT_ALGORITHM: process.env.BENCH_JWT_ALGORITHM } : {}),
      ...env,
    },
  });
  let exe = '';
  try {
    exe = readlinkSync(`/proc/${server.pid}/exe`);
  } catch {
    // not Linux: nothing to check
  }
  if (exe && exe !== realpathSync(process.execPath)) {
    await server.stop();
    throw new Error(`package.json's start script must exec node (the process measured is ${exe}): "${scripts.start}"`);
  }
  return server;
}

/**
 * For a bench's own child server (the minimal me, the peer): on SIGTERM (startNodeProcess's
 * stop) close it, drop its kept-alive connections, run `cleanup` (its database) and exit.
 */
function exitOnSigterm(server, cleanup) {
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    cleanup();
    process.exit(0);
  });
}

/** Resident set size of a process in MiB, from /proc/<pid>/status (VmRSS). */
function rssMb(pid) {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/**
 * CPU time (user + system, all threads) a process has used so far, in seconds, from
 * /proc/<pid>/stat. On a machine shared with other work, CPU per request is a steadier
 * measure of our own cost than requests per second.
 */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[11] and [12] are utime and stime (fields 14 and 15 of proc(5)), in clock ticks.
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}
const CLOCK_TICKS_PER_SECOND = 100; // sysconf(_SC_CLK_TCK) on Linux

/** One GraphQL request; throws when the answer carries errors. */
async function gql(url, query, variables = {}, accessToken) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`);
  return body.data;
}

const LOGIN = `mutation ($input: LoginInput!) { login(input: $input) { accessToken refreshToken } }`;

async function login(url, username, password = BENCH_PASSWORD) {
  const data = await gql(url, LOGIN, { input: { username, password } });
  return data.login;
}

module.exports = {
  ROOT,
  exitOnSigterm,
  BENCH_JWT_SECRET,
  BENCH_PASSWORD,
  LOGIN,
  positiveInt,
  freePort,
  sleep,
  startNodeProcess,
  startLoadGenerator,
  startCloudAuth,
  rssMb,
  cpuSeconds,
  gql,
  login,
};
