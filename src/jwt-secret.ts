import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from './config.js';
import type { Logger } from './logger.js';

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
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  chmodSync(file, 0o600);
  logger.warn({ file }, 'JWT_SECRET is not set: generated a development secret. Set JWT_SECRET in production.');
  return readFileSync(file, 'utf8').trim();
}
