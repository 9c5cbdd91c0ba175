import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from './config/index.js';
import type { Logger } from './logger.js';
import { ensurePrivateDirectory, PRIVATE_FILE_MODE, sharedWithOthers } from './util/private-files.js';

/** Where a development secret is kept: beside the SQLite file, or in ./data otherwise. */
export function dataDirectory(config: Config): string {
  return config.database.kind === 'sqlite' && config.database.path !== ':memory:' ? dirname(config.database.path) : 'data';
}

/**
 * JWT_SECRET when set. In development without one, a random secret is generated on first start
 * and kept (readable by the owner only) in the data folder, so that tokens survive restarts.
 * Production never gets here without a secret: configuration refuses to start.
 */
export function resolveJwtSecret(config: Config, logger: Logger): string {
  if (config.jwtSecret) return config.jwtSecret;
  if (config.isProduction) throw new Error('JWT_SECRET is required in production');
  const file = join(dataDirectory(config), 'jwt-secret');
  if (existsSync(file)) return readKeptSecret(file);
  ensurePrivateDirectory(dirname(file));
  writeFileSync(file, randomBytes(48).toString('base64url'), { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  chmodSync(file, PRIVATE_FILE_MODE);
  logger.warn({ file }, 'JWT_SECRET is not set: generated a development secret. Set JWT_SECRET in production.');
  return readFileSync(file, 'utf8').trim();
}

/**
 * Anyone who can read the kept secret can sign tokens for any account, and anyone who can write
 * it can swap in their own: such a file is refused rather than used.
 */
function readKeptSecret(file: string): string {
  const mode = statSync(file).mode & 0o777;
  if (sharedWithOthers(mode)) {
    throw new Error(
      `${file} is readable or writable by group or others (mode ${mode.toString(8)}): run chmod 600 ${file}, or set JWT_SECRET`,
    );
  }
  return readFileSync(file, 'utf8').trim();
}
