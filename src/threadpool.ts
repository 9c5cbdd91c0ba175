import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';

/**
 * libuv's thread pool (4 threads by default) runs argon2, bounded to one hash per core (see
 * password/passwords.ts), plus file-system calls and DNS lookups; SQLite reads run on the main thread
 * (better-sqlite3) and PostgreSQL's on sockets, so neither needs the pool. One thread more than
 * the hashes keeps a DNS lookup from waiting behind two hashes. No more than that: with glibc's
 * default malloc settings each thread keeps its 19 MiB argon2 buffer once it has hashed, so every
 * idle extra thread costs about 20 MB of resident memory (measured: 4 threads -> 3 threads, about
 * -20 MB after logins). `npm start` gives glibc one shared arena, so that the threads reuse the
 * buffers instead (see scripts/start.js); run without it, the bound still matters.
 * Must run before anything uses the pool, which is why main.ts imports this module first.
 */
if (process.env.UV_THREADPOOL_SIZE === undefined) {
  process.env.UV_THREADPOOL_SIZE = String(Math.max(2, availableParallelism() + 1));
}

/**
 * V8 lets the old generation grow by up to 4x the live heap before a full collection; under a
 * steady `me` load that left 150+ MB of garbage (heap used 45 MB -> 180 MB, RSS 255 -> 320 MB
 * within seconds). A 20% growth factor keeps the heap near the live set (RSS about 215 MB, flat)
 * for a few percent more CPU per request (bench figures in README's Performance section).
 * (Heap *sizes*, such as the young generation's --max-semi-space-size, are fixed when V8 starts
 * and ignore setFlagsFromString: those are on `npm start`'s node command line.)
 */
setFlagsFromString('--heap-growing-percent=20');
