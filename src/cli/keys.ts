import '../threadpool.js';
import 'reflect-metadata';
import { isAsymmetric, loadConfig } from '../config/index.js';
import { openKeyRing } from '../keys/index.js';
import { openDatabase } from '../db/orm.js';
import { createStores } from '../db/stores/index.js';
import { SecurityEventStore } from '../db/stores/security-events.store.js';
import type { SigningKey } from '../db/entities/index.js';
import { SecurityEventSink } from '../events/index.js';
import { resolveJwtSecret } from '../jwt-secret.js';
import { JWKS_MAX_AGE_SECONDS, SigningKeyService } from '../keys/index.js';
import { createLogger } from '../logger.js';
import { refusal, runCommand, UsageError } from './run-command.js';

/**
 * `npm run keys -- list | rotate | revoke KID`
 *
 * The operator's side of signing keys, on the database of DATABASE_URL (SQLite or PostgreSQL),
 * with the server's own configuration (JWT_ALGORITHM, JWT_SECRET or KEY_ENCRYPTION_KEY), also
 * while servers run on it: they pick a change up within SIGNING_KEYS_REFRESH seconds. Changes
 * are recorded as security events with no actor. Exit codes: 0 done, 1 refused, 2 usage or
 * configuration.
 */

const USAGE = 'usage: npm run keys -- list | rotate | revoke <kid>';

type Command = { name: 'list' } | { name: 'rotate' } | { name: 'revoke'; kid: string };

function parseCommand(argv: string[]): Command {
  const [name, ...rest] = argv;
  if (name === 'list' && rest.length === 0) return { name };
  if (name === 'rotate' && rest.length === 0) return { name };
  if (name === 'revoke' && rest.length === 1) return { name, kid: rest[0] };
  throw new UsageError(USAGE);
}

const iso = (date: Date | null) => (date ? date.toISOString() : '-');

/** One line per key, newest first, and whether the STANDBY key has been published long enough to sign. */
function printKeys(keys: SigningKey[], refreshSeconds: number): void {
  process.stdout.write('kid                       state     algorithm  created                   activated\n');
  for (const key of keys) {
    process.stdout.write(
      `${key.kid.padEnd(25)} ${key.state.padEnd(9)} ${key.algorithm.padEnd(10)} ${iso(key.createdAt).padEnd(25)} ${iso(key.activatedAt)}\n`,
    );
  }
  const standby = keys.find((key) => key.state === 'STANDBY');
  if (standby) process.stdout.write(readiness(standby, refreshSeconds));
}

/** The runbook's wait: a STANDBY key should be in every consumer's cached JWK Set before it signs. */
function readiness(standby: SigningKey, refreshSeconds: number): string {
  const waitSeconds = JWKS_MAX_AGE_SECONDS + refreshSeconds;
  const published = Math.floor((Date.now() - standby.createdAt.getTime()) / 1000);
  return published >= waitSeconds
    ? `STANDBY ${standby.kid} has been published for ${published} s: ready to rotate.\n`
    : `STANDBY ${standby.kid} has been published for ${published} s; wait until ${waitSeconds} s (JWKS max-age + SIGNING_KEYS_REFRESH) before rotating, so that every consumer's cached key set has it.\n`;
}

async function main(): Promise<number> {
  const config = loadConfig();
  const command = parseCommand(process.argv.slice(2));
  const logger = createLogger(['debug', 'trace'].includes(config.logLevel) ? config.logLevel : 'error');
  if (!isAsymmetric(config.jwtAlgorithm)) {
    if (command.name === 'list') {
      process.stdout.write('JWT_ALGORITHM is HS256: access tokens are signed with a key derived from JWT_SECRET; there are no signing keys.\n');
      return 0;
    }
    process.stderr.write('JWT_ALGORITHM is HS256: there are no signing keys to rotate or revoke.\n');
    return 1;
  }
  const secret = resolveJwtSecret(config, logger);
  const orm = await openDatabase(config.database, logger);
  try {
    const stores = createStores();
    // Opening the ring checks that the keys decrypt with this configuration (a rotation with a
    // wrong secret would write a key no server could use) and makes the first keys if none exist.
    const ring = await openKeyRing(config, secret, orm, stores.signingKeys, logger, { requireCurrent: false });
    const keys = new SigningKeyService(stores.signingKeys, new SecurityEventSink(new SecurityEventStore(), logger), ring);
    const em = orm.em.fork();
    const actor = { actorId: null, meta: null };
    if (command.name === 'list') {
      printKeys(await keys.list(em), config.signingKeysRefreshSeconds);
    } else if (command.name === 'rotate') {
      const current = await keys.rotate(em, actor);
      process.stdout.write(
        `Rotated: ${current.kid} (${current.algorithm}) is CURRENT; the previous key is PREVIOUS and still verifies its tokens. ` +
          `Servers sign with the new key within SIGNING_KEYS_REFRESH (${config.signingKeysRefreshSeconds} s).\n`,
      );
    } else {
      const revoked = await keys.revoke(em, command.kid, actor);
      process.stdout.write(
        `Revoked: ${revoked.kid}. Its tokens fail on every server within SIGNING_KEYS_REFRESH (${config.signingKeysRefreshSeconds} s); ` +
          `services verifying offline drop it once their cached key set expires (max-age ${JWKS_MAX_AGE_SECONDS} s).\n`,
      );
    }
    return 0;
  } catch (error) {
    const fieldErrors = refusal(error);
    if (fieldErrors) {
      const messages = Object.values(fieldErrors).flat();
      process.stderr.write(`${messages.length > 0 ? messages.join('\n') : (error as Error).message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await orm.close();
  }
}

runCommand('keys', main);
