import { availableParallelism } from 'node:os';
import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import { createConcurrencyLimit } from '../util/concurrency.js';

/** OWASP's minimum for argon2id: 19 MiB, 2 iterations, 1 lane. */
export const ARGON2_OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

/** At most one hash per core runs at once; the other threads of libuv's pool stay free for the database. */
const runHashing = createConcurrencyLimit(Math.max(1, availableParallelism()));

export function hashPassword(password: string): Promise<string> {
  return runHashing(() => argon2.hash(password, ARGON2_OPTIONS));
}

/** False for a wrong password and for a hash that cannot be parsed; never throws for those. */
export function verifyPassword(hash: string, password: string): Promise<boolean> {
  return runHashing(() => argon2.verify(hash, password).catch(() => false));
}

/** How every hash made with today's parameters begins (argon2 0x13 is version 19). */
const CURRENT_HASH_PREFIX = `$argon2id$v=19$m=${ARGON2_OPTIONS.memoryCost},t=${ARGON2_OPTIONS.timeCost},p=${ARGON2_OPTIONS.parallelism}$`;

/**
 * True when the stored hash was made with weaker parameters than today's. A hash with today's
 * prefix needs none, without argon2.needsRehash's full PHC parse (the second parse of the same
 * string per login, after verify's; a visible part of a login's main-thread time). Called after
 * a successful verify, so the hash is well formed.
 */
export function passwordNeedsRehash(hash: string): boolean {
  if (hash.startsWith(CURRENT_HASH_PREFIX)) return false;
  try {
    return argon2.needsRehash(hash, ARGON2_OPTIONS);
  } catch {
    return true;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as checking a real password, for logins of unknown users and of
 * accounts without a password, so that response time does not reveal whether an account
 * exists or has a password.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(await dummyHash, password);
  return false;
}

/** Checks `password` against the stored hash; with none (an account without a password), against the dummy: always false, in the same time. */
export function verifyStoredPassword(hash: string | null, password: string): Promise<boolean> {
  return hash === null ? verifyAgainstDummy(password) : verifyPassword(hash, password);
}
