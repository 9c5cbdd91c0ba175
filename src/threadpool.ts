import { availableParallelism } from 'node:os';

/**
 * argon2 and the SQLite driver share libuv's thread pool (4 threads by default). Password
 * hashes are bounded to one per core (see auth/passwords.ts); the pool gets more threads than
 * that so that database reads always find one free. Must run before anything uses the pool,
 * which is why main.ts imports this module first.
 */
if (process.env.UV_THREADPOOL_SIZE === undefined) {
  process.env.UV_THREADPOOL_SIZE = String(Math.max(4, availableParallelism() + 2));
}
