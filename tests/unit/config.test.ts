import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PRODUCTION_SECRET } from '../helpers/production-secret.js';
import { ConfigError, loadConfig, parseDurationSeconds } from '../../src/config/index.js';
import { estimateSecretBits } from '../../src/secret-strength.js';

describe('configuration', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      port: 4000,
      host: '127.0.0.1',
      database: { kind: 'sqlite', path: './data/auth.db' },
      accessTokenTtlSeconds: 300,
      refreshTokenTtlSeconds: 86400,
      introspection: true,
      jwtSecret: undefined,
      jwtAlgorithm: 'ES256',
      keyEncryptionKey: undefined,
      signingKeysRefreshSeconds: 30,
      publicUrl: undefined,
    });
  });

  it('reads the signing-key settings, and refuses a predictable KEY_ENCRYPTION_KEY in production', () => {
    expect(loadConfig({ JWT_ALGORITHM: 'RS256', SIGNING_KEYS_REFRESH: '5', PUBLIC_URL: 'https://auth.example.com/' })).toMatchObject({
      jwtAlgorithm: 'RS256',
      signingKeysRefreshSeconds: 5,
      publicUrl: 'https://auth.example.com',
    });
    expect(() => loadConfig({ JWT_ALGORITHM: 'EdDSA' })).toThrow('Invalid configuration: JWT_ALGORITHM must be ES256, RS256 or HS256');
    expect(() => loadConfig({ PUBLIC_URL: 'https://auth.example.com/?x=1' })).toThrow(/^Invalid configuration: PUBLIC_URL/);
    const production = { NODE_ENV: 'production', JWT_SECRET: PRODUCTION_SECRET };
    expect(() => loadConfig({ ...production, KEY_ENCRYPTION_KEY: 'a'.repeat(40) })).toThrow(
      /^Invalid configuration: KEY_ENCRYPTION_KEY is too predictable for production/,
    );
    expect(loadConfig({ ...production, KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64') }).keyEncryptionKey).toBeDefined();
  });

  it('reads durations in seconds or with a unit', () => {
    expect(parseDurationSeconds('300')).toBe(300);
    expect(parseDurationSeconds('5m')).toBe(300);
    expect(parseDurationSeconds('1d')).toBe(86400);
    expect(parseDurationSeconds('0')).toBeUndefined();
    expect(parseDurationSeconds('-5')).toBeUndefined();
    expect(parseDurationSeconds('5 minutes')).toBeUndefined();
  });

  it('turns introspection off in production unless asked for', () => {
    const secret = { JWT_SECRET: PRODUCTION_SECRET };
    expect(loadConfig({ NODE_ENV: 'production', ...secret }).introspection).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true', ...secret }).introspection).toBe(true);
  });

  it('accepts PostgreSQL URLs and sqlite paths', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db' }).database).toEqual({
      kind: 'postgresql',
      url: 'postgres://u:p@127.0.0.1:5432/db',
    });
    expect(loadConfig({ DATABASE_URL: 'sqlite:/var/lib/auth.db' }).database).toEqual({ kind: 'sqlite', path: '/var/lib/auth.db' });
  });

  it('measures JWT_SECRET in bytes and names the variable when it is short', () => {
    expect(() => loadConfig({ JWT_SECRET: 'x'.repeat(31) })).toThrow(
      new ConfigError('Invalid configuration: JWT_SECRET must be at least 32 bytes'),
    );
    expect(loadConfig({ JWT_SECRET: 'é'.repeat(16) }).jwtSecret).toHaveLength(16);
  });

  it('refuses, in production, a JWT_SECRET of one repeated character or a short repeated pattern, naming JWT_SECRET', () => {
    const weak = ['a'.repeat(32), 'p'.repeat(64), 'ab'.repeat(16), 'changeme-'.repeat(4), 'secret'.repeat(5) + '12', '0123456789'.repeat(4)];
    for (const secret of weak) {
      expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: secret }), secret).toThrow(
        /^Invalid configuration: JWT_SECRET is too predictable for production \(about \d+ bits estimated, at least 64 needed\): use 32 random bytes, e\.g\. `openssl rand -base64 32`$/,
      );
    }
  });

  it('admits random secrets in production: 32 bytes as base64 or hex, 16 bytes as hex', () => {
    for (let round = 0; round < 200; round += 1) {
      for (const secret of [randomBytes(32).toString('base64'), randomBytes(32).toString('hex'), randomBytes(16).toString('hex')]) {
        expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: secret }).jwtSecret).toBe(secret);
      }
    }
  });

  it('estimates a secret\'s bits with repeats counted once, and leaves development and test alone', () => {
    expect(estimateSecretBits('a'.repeat(32))).toBe(0);
    expect(estimateSecretBits('abcd'.repeat(8))).toBe(10); // 2 bits per character x (4 characters + 1 repeat)
    expect(estimateSecretBits('abcdefghijklmnopqrstuvwxyz012345')).toBe(160); // 32 distinct: 5 bits x 32
    expect(estimateSecretBits(randomBytes(32).toString('base64'))).toBeGreaterThan(150);
    expect(loadConfig({ NODE_ENV: 'development', JWT_SECRET: 'a'.repeat(32) }).jwtSecret).toBe('a'.repeat(32));
    expect(loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'a'.repeat(32) }).jwtSecret).toBe('a'.repeat(32));
  });

  it('reads SHUTDOWN_DELAY: 5 s by default in production, 0 otherwise, and 0 or a duration when set', () => {
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: PRODUCTION_SECRET }).shutdownDelaySeconds).toBe(5);
    expect(loadConfig({}).shutdownDelaySeconds).toBe(0);
    expect(loadConfig({ NODE_ENV: 'test' }).shutdownDelaySeconds).toBe(0);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: PRODUCTION_SECRET, SHUTDOWN_DELAY: '0' }).shutdownDelaySeconds).toBe(0);
    expect(loadConfig({ SHUTDOWN_DELAY: '1m' }).shutdownDelaySeconds).toBe(60);
    expect(() => loadConfig({ SHUTDOWN_DELAY: 'soon' })).toThrow(
      new ConfigError('Invalid configuration: SHUTDOWN_DELAY "soon" is not a duration (e.g. 0, 5, 5s, 1m)'),
    );
  });

  it('reads REFRESH_REUSE_INTERVAL in whole seconds: 10 by default, 0 for strict reuse detection, nothing negative', () => {
    expect(loadConfig({}).refreshReuseIntervalSeconds).toBe(10);
    expect(loadConfig({ REFRESH_REUSE_INTERVAL: '0' }).refreshReuseIntervalSeconds).toBe(0);
    expect(loadConfig({ REFRESH_REUSE_INTERVAL: '2' }).refreshReuseIntervalSeconds).toBe(2);
    expect(() => loadConfig({ REFRESH_REUSE_INTERVAL: '-1' })).toThrow(/REFRESH_REUSE_INTERVAL/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(4000);
  });
});
