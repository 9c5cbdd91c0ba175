#!/usr/bin/env node
// A quick side-by-side of `me`, `refreshToken` and the bare Apollo `hello` (BENCH_SECONDS each, after a warm-up),
// for iterating on the hot path; `npm run bench` is the full measurement.
'use strict';
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { execFileSync } = require('node:child_process');
const lib = require('./lib.js');

const SECONDS = lib.positiveInt('BENCH_SECONDS', 5);
const { readFileSync } = require('node:fs');
/** [user, system] CPU seconds of a process (proc(5) fields 14 and 15, at 100 ticks/s). */
const cpuSplit = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return [Number(fields[11]) / 100, Number(fields[12]) / 100];
};
const CONNECTIONS = lib.positiveInt('BENCH_CONNECTIONS', 16);

async function main() {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: lib.ROOT, stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'cloud-auth-quick-'));
  const loadgen = lib.startLoadGenerator();
  const hello = await lib.startNodeProcess({
    name: 'apollo-hello', args: [join(__dirname, 'apollo-hello.js')], port: await lib.freePort(),
    readyPath: '/graphql', env: { NODE_ENV: 'production' },
  });
  const server = await lib.startCloudAuth(join(dir, 'auth.db'));
  try {
    const tokens = [];
    for (let i = 0; i < CONNECTIONS; i += 1) {
      await lib.gql(server.url, 'mutation ($input: RegisterInput!) { register(input: $input) { id } }', {
        input: { username: `q-${i}`, email: `q-${i}@bench.example`, password: lib.BENCH_PASSWORD, passwordConfirm: lib.BENCH_PASSWORD },
      });
      tokens.push((await lib.login(server.url, `q-${i}`)).accessToken);
    }
    const jobs = {
      hello: { name: 'hello', kind: 'hello', url: hello.url, connections: CONNECTIONS, seconds: SECONDS },
      me: { name: 'me', kind: 'me', url: server.url, connections: CONNECTIONS, seconds: SECONDS, accessTokens: tokens },
    };
    // Fresh sessions for each refresh load: a rotated-away token would count as reuse.
    const freshChains = async () => {
      const chains = [];
      for (let i = 0; i < CONNECTIONS * 3; i += 1) chains.push((await lib.login(server.url, `q-${i % CONNECTIONS}`)).refreshToken);
      return chains;
    };
    jobs.refresh = { name: 'refresh', kind: 'refresh', url: server.url, connections: CONNECTIONS, seconds: SECONDS };
    const pids = { hello: hello.pid, me: server.pid, refresh: server.pid };
    const results = {};
    for (const round of [1, 2]) {
      for (const name of ['hello', 'me', 'refresh']) {
        if (name === 'refresh') jobs.refresh.refreshTokens = await freshChains();
        else await loadgen.run([{ ...jobs[name], seconds: 2 }]);
        const before = cpuSplit(pids[name]);
        const [result] = await loadgen.run([jobs[name]]);
        const after = cpuSplit(pids[name]);
        const perRequest = (index) => ((after[index] - before[index]) * 1000) / Math.max(1, result.requests);
        const cpu = perRequest(0) + perRequest(1);
        process.stdout.write(`round ${round} ${name}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, errors ${result.errors}, CPU ${cpu.toFixed(3)} ms/req (user ${perRequest(0).toFixed(3)}, system ${perRequest(1).toFixed(3)}), RSS ${lib.rssMb(pids[name]).toFixed(0)} MB\n`);
        results[name] = result;
      }
      process.stdout.write(
        `round ${round} me/hello = ${(results.me.rps / results.hello.rps).toFixed(2)}, refresh/me = ${(results.refresh.rps / results.me.rps).toFixed(2)}\n`,
      );
    }
  } finally {
    loadgen.stop();
    await Promise.all([hello.stop(), server.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
}
main().catch((error) => { process.stderr.write(`${error.stack}\n`); process.exit(1); });
