import { describe, expect, it } from 'vitest';
import { PRODUCTION_SECRET } from '../helpers/production-secret.js';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { DEFAULT_RATE_LIMITS } from '../../src/limits/rate-limit-defaults.js';

const invalid = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('hardening configuration', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config.graphqlLimits).toEqual({ maxAliases: 15, maxDepth: 10, maxTokens: 1000, maxDirectives: 50, maxCost: 5000, maxBatch: 0 });
    expect(config.rateLimit).toEqual({ enabled: true, rules: DEFAULT_RATE_LIMITS, keyPrefix: 'cloud-auth', ipv6Prefix: 64 });
    expect(config.rateLimit.rules.loginAccount).toEqual({ points: 10, durationSeconds: 900 });
    expect(config.rateLimit.rules.loginAddress).toEqual({ points: 100, durationSeconds: 900 });
    expect(config.rateLimit.rules.loginAccountGlobal).toEqual({ points: 100, durationSeconds: 86400 });
    expect(config.rateLimit.rules.mailPerAccount).toEqual({ points: 3, durationSeconds: 3600 });
    expect(config.redisUrl).toBeUndefined();
    expect(config.trustProxy).toBe(false);
    expect(config.cors).toEqual({ origins: ['https://studio.apollographql.com'], allowLocalhost: true });
  });

  it('admits no browser origin in production unless listed', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: PRODUCTION_SECRET };
    expect(loadConfig(production).cors).toEqual({ origins: [], allowLocalhost: false });
    expect(loadConfig({ ...production, CORS_ORIGINS: 'https://a.example.com, https://b.example.com:8443/' }).cors).toEqual({
      origins: ['https://a.example.com', 'https://b.example.com:8443'],
      allowLocalhost: false,
    });
  });

  it('overrides named limits with RATE_LIMITS and keeps the others', () => {
    const { rules } = loadConfig({ RATE_LIMITS: 'register=5/1h, loginAccount=20/30m' }).rateLimit;
    expect(rules.register).toEqual({ points: 5, durationSeconds: 3600 });
    expect(rules.loginAccount).toEqual({ points: 20, durationSeconds: 1800 });
    expect(rules.verifyToken).toEqual(DEFAULT_RATE_LIMITS.verifyToken);
  });

  it('reads RATE_LIMIT_IPV6_PREFIX as the prefix length IPv6 clients are grouped by', () => {
    expect(loadConfig({ RATE_LIMIT_IPV6_PREFIX: '56' }).rateLimit.ipv6Prefix).toBe(56);
  });

  it('reads TRUST_PROXY as off, a hop count, or addresses and CIDRs', () => {
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8, fd00::/8' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8']);
  });

  it('names the variable of every invalid value', () => {
    expect(invalid({ RATE_LIMITS: 'login=5/1h' })).toMatch(/^Invalid configuration: RATE_LIMITS has an unknown limit "login"/);
    expect(invalid({ RATE_LIMITS: 'register=5' })).toMatch(/^Invalid configuration: RATE_LIMITS entry "register=5"/);
    expect(invalid({ TRUST_PROXY: 'true' })).toMatch(/^Invalid configuration: TRUST_PROXY /);
    expect(invalid({ TRUST_PROXY: '10.0.0.0/33' })).toMatch(/^Invalid configuration: TRUST_PROXY /);
    expect(invalid({ CORS_ORIGINS: 'https://a.example.com/path' })).toMatch(/^Invalid configuration: CORS_ORIGINS /);
    expect(invalid({ GRAPHQL_MAX_BATCH: '50' })).toBe('Invalid configuration: GRAPHQL_MAX_BATCH must be at most 10');
    expect(invalid({ GRAPHQL_MAX_DEPTH: 'deep' })).toMatch(/^Invalid configuration: GRAPHQL_MAX_DEPTH must be a whole number/);
    expect(invalid({ RATE_LIMIT_ENABLED: 'maybe' })).toBe('Invalid configuration: RATE_LIMIT_ENABLED must be true or false');
    expect(invalid({ REDIS_URL: 'localhost:6379' })).toMatch(/^Invalid configuration: REDIS_URL /);
    expect(invalid({ RATE_LIMIT_IPV6_PREFIX: '0' })).toBe('Invalid configuration: RATE_LIMIT_IPV6_PREFIX must be at least 1');
    expect(invalid({ RATE_LIMIT_IPV6_PREFIX: '129' })).toBe('Invalid configuration: RATE_LIMIT_IPV6_PREFIX must be at most 128');
  });
});
