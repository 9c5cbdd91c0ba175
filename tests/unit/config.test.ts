import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseDurationSeconds } from '../../src/config.js';

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
    });
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
    const secret = { JWT_SECRET: 'p'.repeat(32) };
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

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(4000);
  });
});
