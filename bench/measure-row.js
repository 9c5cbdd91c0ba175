// Helpers of bench/events-page.js, bench/postgres-lines.js and bench/data-lines.js: one load
// warmed up then measured, with the server's CPU per request, as a row of the bench's table
// (the same shape as bench/run.js's rows, so that the lead can print them in one table).
'use strict';

const { cpuSeconds, rssMb } = require('./lib.js');

const log = (message) => process.stderr.write(`[bench] ${message}\n`);

/**
 * Runs `job` for `warmupSeconds` (not measured: JIT, caches, the pool's connections), then for
 * its own seconds, and returns the load's result with `cpuMsPerRequest`: the server's CPU time
 * (process `pid`, all its threads) per request. On a shared machine CPU per request is a steadier
 * measure of our own cost than req/s. `databasePids()`, when given, names the database's own
 * processes (PostgreSQL's backends), read after the warm-up so that the pool's connections are
 * open: their CPU per request is `databaseCpuMsPerRequest`.
 */
async function warmThenMeasure(loadgen, job, warmupSeconds, pid, { databasePids, warmupJob = job } = {}) {
  await loadgen.run([{ ...warmupJob, name: `${job.name}-warmup`, seconds: warmupSeconds }]);
  const dbPids = databasePids ? await databasePids() : [];
  const before = [pid, ...dbPids].map(cpuSeconds);
  const [result] = await loadgen.run([job]);
  const [serverMs, ...dbMs] = [pid, ...dbPids].map((each, index) => (cpuSeconds(each) - before[index]) * 1000);
  const perRequest = (ms) => ms / Math.max(1, result.requests);
  return {
    ...result,
    cpuMsPerRequest: perRequest(serverMs),
    ...(databasePids ? { databaseCpuMsPerRequest: perRequest(dbMs.reduce((sum, ms) => sum + ms, 0)), databaseProcesses: dbPids.length } : {}),
  };
}

/** A table row of `result`, logged as it is made (unless `quiet`: a row already logged). */
function rowOf(label, result, { connections, pid, quiet = false }) {
  if (!quiet) log(`${label}: ${result.rps.toFixed(1)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, errors ${result.errors}`);
  return { label, connections, ...result, rssMb: pid ? rssMb(pid) : undefined };
}

/** Of several rounds of one load, the best (the most req/s): the one a neighbour's burst spoiled least. */
const bestRound = (results) => results.reduce((best, result) => (result.rps > best.rps ? result : best));

const ratio = (a, b) => (b > 0 ? a / b : NaN);

function timed(fn) {
  const started = process.hrtime.bigint();
  return Promise.resolve(fn()).then((value) => ({ value, seconds: Number(process.hrtime.bigint() - started) / 1e9 }));
}

module.exports = { log, warmThenMeasure, rowOf, bestRound, ratio, timed };
