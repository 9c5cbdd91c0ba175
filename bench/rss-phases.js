#!/usr/bin/env node
// Where the server's resident memory goes, phase by phase, the way `npm run bench` drives it:
// RSS right after start, after one register and BENCH_CONNECTIONS logins (argon2 on the libuv
// threads), and after a `me` load (2 s warm-up + BENCH_SECONDS), with the server's CPU ms per
// `me` request. BENCH_RUNS (3) fresh servers, one after another; the server is started by
// bench/lib.js startCloudAuth, i.e. the way `npm start` runs it.
//
//   node bench/rss-phases.js            (builds first)
//   BENCH_RUNS=5 BENCH_SECONDS=10 node bench/rss-phases.js
//   BENCH_LOGIN_SECONDS=5 node bench/rss-phases.js   (then a login load: CPU ms per login)
//   BENCH_GC_STATS=1 node bench/rss-phases.js        (V8's GC pauses during the me load, per request)
'use strict';
const { execFileSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const lib = require('./lib.js');

const SECONDS = lib.positiveInt('BENCH_SECONDS', 10);
const CONNECTIONS = lib.positiveInt('BENCH_CONNECTIONS', 16);
const RUNS = lib.positiveInt('BENCH_RUNS', 3);
const GC_STATS = process.env.BENCH_GC_STATS === '1';
const LOGIN_SECONDS = Number(process.env.BENCH_LOGIN_SECONDS || 0);

/** Anonymous resident memory by kind, from /proc/<pid>/smaps (MiB): big mappings vs the rest. */
function smapsSummary(pid) {
  let text;
  try {
    text = readFileSync(`/proc/${pid}/smaps`, 'utf8');
  } catch {
    return '';
  }
  let file = 0;
  let anon = 0;
  let heap = 0;
  let current = null;
  for (const line of text.split('\n')) {
    const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header) {
      current = header[1];
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (!rss) continue;
    const kb = Number(rss[1]);
    if (current === '[heap]') heap += kb;
    else if (current.startsWith('/')) file += kb;
    else anon += kb;
  }
  const mb = (kb) => (kb / 1024).toFixed(0);
  return `file ${mb(file)} brk ${mb(heap)} anon ${mb(anon)}`;
}

async function oneRun(run, loadgen) {
  const dir = mkdtempSync(join(tmpdir(), 'cloud-auth-rss-'));
  const server = await lib.startCloudAuth(join(dir, 'auth.db'), GC_STATS ? ['-r', join(__dirname, 'gc-stats.js')] : []);
  try {
    await lib.sleep(500);
    const atStart = lib.rssMb(server.pid);
    const startDetail = smapsSummary(server.pid);
    await lib.gql(server.url, 'mutation ($input: RegisterInput!) { register(input: $input) { id } }', {
      input: { username: 'r-0', email: 'r-0@bench.example', password: lib.BENCH_PASSWORD, passwordConfirm: lib.BENCH_PASSWORD },
    });
    const tokens = [];
    for (let i = 0; i < CONNECTIONS; i += 1) tokens.push((await lib.login(server.url, 'r-0')).accessToken);
    await lib.sleep(200);
    const afterLogins = lib.rssMb(server.pid);
    const loginDetail = smapsSummary(server.pid);
    const job = { name: 'me', kind: 'me', url: server.url, connections: CONNECTIONS, seconds: SECONDS, accessTokens: tokens };
    await loadgen.run([{ ...job, seconds: 2 }]);
    if (GC_STATS) process.kill(server.pid, 'SIGUSR2');
    const before = lib.cpuSeconds(server.pid);
    const [result] = await loadgen.run([job]);
    const cpu = ((lib.cpuSeconds(server.pid) - before) * 1000) / Math.max(1, result.requests);
    let gc = '';
    if (GC_STATS) {
      process.kill(server.pid, 'SIGUSR2');
      await lib.sleep(300);
      const lines = server.stderr().split('\n').filter((line) => line.startsWith('GCSTATS '));
      const { pauses, heap } = JSON.parse(lines[lines.length - 1].slice(8));
      const total = Object.values(pauses).reduce((sum, pause) => sum + pause.ms, 0);
      gc = `; GC pauses ${((total * 1000) / result.requests).toFixed(1)} us/req (${Object.entries(pauses)
        .map(([kind, pause]) => `${kind} ${pause.count}x ${pause.ms.toFixed(0)} ms`)
        .join(', ')}); V8 heap MiB after me ${JSON.stringify(heap)}`;
    }
    const afterMe = lib.rssMb(server.pid);
    const meDetail = smapsSummary(server.pid);
    const row = { run, atStart, afterLogins, afterMe, cpu, rps: result.rps, errors: result.errors, loginCpu: NaN };
    if (LOGIN_SECONDS > 0) {
      // Optionally, logins at full concurrency: CPU per login (argon2 plus whatever malloc does).
      const loginJob = { name: 'login', kind: 'login', url: server.url, connections: CONNECTIONS, seconds: LOGIN_SECONDS,
        userPrefix: 'r-', userCount: 1, password: lib.BENCH_PASSWORD };
      const cpuBefore = lib.cpuSeconds(server.pid);
      const [logins] = await loadgen.run([loginJob]);
      row.loginCpu = ((lib.cpuSeconds(server.pid) - cpuBefore) * 1000) / Math.max(1, logins.requests);
      row.afterLoginLoad = lib.rssMb(server.pid);
      process.stdout.write(`        login load: ${logins.rps.toFixed(1)} req/s, CPU ${row.loginCpu.toFixed(1)} ms/login, errors ${logins.errors}, RSS ${row.afterLoginLoad.toFixed(0)} MB\n`);
    }
    process.stdout.write(
      `run ${run}: RSS start ${atStart.toFixed(0)} MB, after logins ${afterLogins.toFixed(0)} MB, after me ${afterMe.toFixed(0)} MB; ` +
        `me ${result.rps.toFixed(0)} req/s, CPU ${cpu.toFixed(3)} ms/req, errors ${result.errors}${gc}\n` +
        `        smaps start [${startDetail}] logins [${loginDetail}] me [${meDetail}]\n`,
    );
    return row;
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  if (!process.env.BENCH_NO_BUILD) execFileSync('npm', ['run', '--silent', 'build'], { cwd: lib.ROOT, stdio: 'inherit' });
  const loadgen = lib.startLoadGenerator();
  const rows = [];
  try {
    for (let run = 1; run <= RUNS; run += 1) rows.push(await oneRun(run, loadgen));
  } finally {
    loadgen.stop();
  }
  const median = (key) => {
    const values = rows.map((row) => row[key]).sort((a, b) => a - b);
    return values[Math.floor(values.length / 2)];
  };
  process.stdout.write(
    `median of ${RUNS}: RSS start ${median('atStart').toFixed(0)} MB, after logins ${median('afterLogins').toFixed(0)} MB, ` +
      `after me ${median('afterMe').toFixed(0)} MB; me CPU ${median('cpu').toFixed(3)} ms/req` +
      (LOGIN_SECONDS > 0 ? `; login CPU ${median('loginCpu').toFixed(1)} ms/login` : '') + '\n',
  );
}
main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
