import { isIP } from 'node:net';
import { z } from 'zod';
import {
  DEFAULT_RATE_LIMITS,
  isRateLimitName,
  RATE_LIMIT_NAMES,
  type RateLimitName,
  type RateLimitRule,
} from './limits/rate-limit-defaults.js';
import { estimateSecretBits, MIN_PRODUCTION_SECRET_BITS } from './secret-strength.js';

/**
 * Every environment variable the service reads, parsed and validated once.
 * Nothing else in the code reads process.env: everything receives a Config.
 */

const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** "300", "300s", "5m", "12h", "1d" -> seconds. */
export function parseDurationSeconds(text: string): number | undefined {
  const match = /^(\d+)\s*([smhd]?)$/.exec(text.trim());
  if (!match) return undefined;
  const seconds = Number(match[1]) * DURATION_UNITS[match[2] || 's'];
  return Number.isSafeInteger(seconds) && seconds > 0 ? seconds : undefined;
}

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const seconds = parseDurationSeconds(text);
      if (seconds === undefined) {
        ctx.addIssue({ code: 'custom', message: `"${text}" is not a positive duration (e.g. 300, 5m, 1d)` });
        return z.NEVER;
      }
      return seconds;
    });

/** A pause: seconds or a duration like `duration`, and 0 (none) allowed; undefined when unset. */
const pause = () =>
  z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined) return undefined;
      const seconds = /^0+\s*[smhd]?$/.test(text.trim()) ? 0 : parseDurationSeconds(text);
      if (seconds === undefined) {
        ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration (e.g. 0, 5, 5s, 1m)` });
        return z.NEVER;
      }
      return seconds;
    });

/** An optional true/false flag; undefined when unset so that the default can depend on other settings. */
const booleanFlag = () =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .optional()
    .transform((value) => (value === undefined ? undefined : ['true', '1', 'yes'].includes(value)));

/** A whole number within bounds, from an environment string. */
const boundedInt = (fallback: number, min: number, max: number) =>
  z.coerce
    .number({ message: 'must be a whole number' })
    .int({ message: 'must be a whole number' })
    .min(min, { message: `must be at least ${min}` })
    .max(max, { message: `must be at most ${max}` })
    .default(fallback);

/** "register=5/1h, refreshToken=100/15m": overrides of the named throttles in limits/rate-limit-defaults.ts. */
export function parseRateLimitOverrides(text: string): Partial<Record<RateLimitName, RateLimitRule>> | string {
  const overrides: Partial<Record<RateLimitName, RateLimitRule>> = {};
  for (const entry of text.split(',').map((part) => part.trim()).filter(Boolean)) {
    const match = /^(\w+)\s*=\s*(\d+)\s*\/\s*(\w+)$/.exec(entry);
    if (!match) return `entry "${entry}" is not name=points/duration (e.g. register=50/1h)`;
    const [, name, points, duration] = match;
    if (!isRateLimitName(name)) return `has an unknown limit "${name}" (known: ${RATE_LIMIT_NAMES.join(', ')})`;
    const durationSeconds = parseDurationSeconds(duration);
    if (durationSeconds === undefined || Number(points) < 1) return `entry "${entry}" needs points >= 1 and a positive duration`;
    overrides[name] = { points: Number(points), durationSeconds };
  }
  return overrides;
}

export type TrustProxy = false | number | string[];

const TRUST_PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** Express's `trust proxy`, limited to the safe forms: off, a hop count, or addresses/CIDRs. */
export function parseTrustProxy(text: string): TrustProxy | undefined {
  if (text === 'false') return false;
  if (/^\d+$/.test(text)) return Number(text);
  const entries = text.split(',').map((part) => part.trim()).filter(Boolean);
  const valid = (entry: string) => {
    if (TRUST_PROXY_NAMES.has(entry)) return true;
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    if (!family || rest.length > 0) return false;
    return prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
  };
  return entries.length > 0 && entries.every(valid) ? entries : undefined;
}

/** "https://app.example.com, http://localhost:3000" -> exact origins (scheme, host, port; no path). */
export function parseOrigins(text: string): string[] | string {
  const origins: string[] = [];
  for (const entry of text.split(',').map((part) => part.trim().replace(/\/$/, '')).filter(Boolean)) {
    let origin: string | undefined;
    try {
      origin = new URL(entry).origin;
    } catch {
      origin = undefined;
    }
    if (!origin || origin === 'null' || origin !== entry) return `"${entry}" is not an origin like https://app.example.com`;
    origins.push(origin);
  }
  return origins;
}

/** Apollo Sandbox's hosted origin, admitted by default outside production. */
export const APOLLO_STUDIO_ORIGIN = 'https://studio.apollographql.com';
/** A link put into mails: an http(s) URL in which `{token}` is replaced by the one-time token. */
const linkTemplate = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((text) => /^https?:\/\/[^\s]+$/.test(text) && text.includes('{token}'), {
      message: 'must be an http(s) URL containing {token}',
    });

export type DatabaseConfig = { kind: 'sqlite'; path: string } | { kind: 'postgresql'; url: string };

function parseDatabaseUrl(text: string): DatabaseConfig | undefined {
  if (text.startsWith('sqlite:')) {
    const path = text.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    return path ? { kind: 'sqlite', path } : undefined;
  }
  if (/^postgres(ql)?:\/\//.test(text)) return { kind: 'postgresql', url: text };
  return undefined;
}

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_URL: z
      .string()
      .default('sqlite:./data/auth.db')
      .transform((text, ctx) => {
        const parsed = parseDatabaseUrl(text);
        if (!parsed) {
          ctx.addIssue({ code: 'custom', message: 'must be sqlite:<path> or postgres://user:pass@host:port/db' });
          return z.NEVER;
        }
        return parsed;
      }),
    JWT_SECRET: z
      .string()
      .optional()
      .refine((secret) => secret === undefined || Buffer.byteLength(secret, 'utf8') >= 32, {
        message: 'must be at least 32 bytes',
      }),
    JWT_ISSUER: z.string().min(1).default('cloud-auth'),
    JWT_AUDIENCE: z.string().min(1).default('cloud-auth'),
    ACCESS_TOKEN_TTL: duration('300'),
    REFRESH_TOKEN_TTL: duration('86400'),
    SESSION_MAX_LIFETIME: duration('30d'),
    SECURITY_EVENT_RETENTION: duration('180d'),
    REFRESH_REUSE_INTERVAL: boundedInt(10, 0, 300),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    GRAPHQL_INTROSPECTION: booleanFlag(),
    GRAPHQL_MAX_ALIASES: boundedInt(15, 0, 1000),
    GRAPHQL_MAX_DEPTH: boundedInt(10, 1, 100),
    GRAPHQL_MAX_TOKENS: boundedInt(1000, 50, 100_000),
    GRAPHQL_MAX_DIRECTIVES: boundedInt(50, 0, 1000),
    GRAPHQL_MAX_COST: boundedInt(5000, 1, 1_000_000),
    GRAPHQL_MAX_BATCH: boundedInt(0, 0, 10),
    RATE_LIMIT_ENABLED: booleanFlag(),
    RATE_LIMITS: z
      .string()
      .default('')
      .transform((text, ctx) => {
        const parsed = parseRateLimitOverrides(text);
        if (typeof parsed === 'string') {
          ctx.addIssue({ code: 'custom', message: parsed });
          return z.NEVER;
        }
        return parsed;
      }),
    RATE_LIMIT_IPV6_PREFIX: boundedInt(64, 1, 128),
    RATE_LIMIT_KEY_PREFIX: z.string().regex(/^[\w:.-]{1,64}$/, 'must be 1-64 letters, digits or : . - _').default('cloud-auth'),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\/\S+$/, 'must be redis://host:port[/db] or rediss://…')
      .optional(),
    CORS_ORIGINS: z
      .string()
      .optional()
      .transform((text, ctx) => {
        if (text === undefined) return undefined;
        const parsed = parseOrigins(text);
        if (typeof parsed === 'string') {
          ctx.addIssue({ code: 'custom', message: parsed });
          return z.NEVER;
        }
        return parsed;
      }),
    TRUST_PROXY: z
      .string()
      .default('false')
      .transform((text, ctx) => {
        const parsed = parseTrustProxy(text.trim());
        if (parsed === undefined) {
          ctx.addIssue({ code: 'custom', message: 'must be false, a hop count, or comma-separated proxy addresses/CIDRs' });
          return z.NEVER;
        }
        return parsed;
      }),
    // Prometheus metrics: off unless METRICS_PORT is set, and then on loopback unless told otherwise.
    METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    METRICS_HOST: z.string().min(1).default('127.0.0.1'),
    SHUTDOWN_TIMEOUT: duration('10'),
    // Seconds between SIGTERM and closing the listener (main.ts): default 5 in production, 0 otherwise.
    SHUTDOWN_DELAY: pause(),
    REFRESH_TOKEN_COOKIE: booleanFlag(),
    // Mail and the account lifecycle (issue 5).
    REQUIRE_EMAIL_ACTIVATION: booleanFlag(),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/[^\s]+$/, { message: 'must be smtp://[user:pass@]host[:port] or smtps://…' })
      .optional(),
    MAIL_FROM: z.string().min(3).default('cloud-auth <no-reply@localhost>'),
    ACTIVATION_URL: linkTemplate('http://localhost:3000/activate?token={token}'),
    PASSWORD_RESET_URL: linkTemplate('http://localhost:3000/reset-password?token={token}'),
    ACTIVATION_TOKEN_TTL: duration('3d'),
    PASSWORD_RESET_TOKEN_TTL: duration('1h'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.JWT_SECRET === undefined) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is required when NODE_ENV=production' });
    }
    // A typed or patterned secret can be guessed offline from one token (secret-strength.ts).
    if (env.NODE_ENV === 'production' && env.JWT_SECRET !== undefined) {
      const bits = Math.floor(estimateSecretBits(env.JWT_SECRET));
      if (bits < MIN_PRODUCTION_SECRET_BITS) {
        ctx.addIssue({
          code: 'custom',
          path: ['JWT_SECRET'],
          message:
            `is too predictable for production (about ${bits} bits estimated, at least ${MIN_PRODUCTION_SECRET_BITS} needed): ` +
            'use 32 random bytes, e.g. `openssl rand -base64 32`',
        });
      }
    }
    // Production never logs a mail's link (it carries a secret token), so activation needs real mail.
    if (env.NODE_ENV === 'production' && env.REQUIRE_EMAIL_ACTIVATION && env.SMTP_URL === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['SMTP_URL'],
        message: 'is required when NODE_ENV=production and REQUIRE_EMAIL_ACTIVATION=true',
      });
    }
  });

export interface Config {
  env: 'development' | 'production' | 'test';
  isProduction: boolean;
  port: number;
  host: string;
  database: DatabaseConfig;
  /** Undefined in development when none is set: the caller generates and keeps one. */
  jwtSecret: string | undefined;
  jwtIssuer: string;
  jwtAudience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** How long a session may live from its login, however often it is refreshed (SESSION_MAX_LIFETIME). */
  sessionMaxLifetimeSeconds: number;
  /** How long security events are kept before the background prune deletes them (SECURITY_EVENT_RETENTION). */
  securityEventRetentionSeconds: number;
  /**
   * Seconds after a rotation during which the rotated-away refresh token gets the same successor
   * again instead of counting as reuse (REFRESH_REUSE_INTERVAL; 0: strict reuse detection).
   */
  refreshReuseIntervalSeconds: number;
  logLevel: string;
  introspection: boolean;
  /** Per-document limits enforced before anything executes (src/graphql/limits.ts). */
  graphqlLimits: GraphQLLimits;
  rateLimit: RateLimitConfig;
  /** Shared store for rate limits (and whatever else needs cross-instance state); unset: in memory. */
  redisUrl: string | undefined;
  cors: CorsConfig;
  trustProxy: TrustProxy;
  /** Where GET /metrics is served; undefined: nowhere. */
  metrics: { port: number; host: string } | undefined;
  /** How long SIGTERM waits for in-flight requests before closing their connections. */
  shutdownTimeoutSeconds: number;
  /**
   * How long after SIGTERM the instance keeps accepting and serving (answering `Connection:
   * close`, `/readyz` already 503) before it stops accepting, so that a load balancer can take it
   * out first.
   */
  shutdownDelaySeconds: number;
  /** New accounts stay inactive until the mailed token is used; a new email waits for confirmation. */
  requireEmailActivation: boolean;
  /** Undefined: mail is written to the log (development) or dropped with a warning (production). */
  smtpUrl: string | undefined;
  mailFrom: string;
  activationUrl: string;
  passwordResetUrl: string;
  activationTokenTtlSeconds: number;
  passwordResetTokenTtlSeconds: number;
  /** Also hand the refresh token over as an httpOnly cookie, and accept it from there (browser apps). */
  refreshTokenCookie: boolean;
}

export interface GraphQLLimits {
  maxAliases: number;
  maxDepth: number;
  maxTokens: number;
  maxDirectives: number;
  maxCost: number;
  /** Operations per batched (JSON array) request; 0 turns batching off. */
  maxBatch: number;
}

export interface RateLimitConfig {
  enabled: boolean;
  rules: Record<RateLimitName, RateLimitRule>;
  /** Prefix of every limiter key, so that several deployments (or test runs) can share one Redis. */
  keyPrefix: string;
  /** IPv6 clients are counted per network of this prefix length (one host usually holds a /64). */
  ipv6Prefix: number;
}

export interface CorsConfig {
  /** Exact origins allowed to call /graphql from a browser. */
  origins: string[];
  /** Development convenience: any http(s)://localhost, 127.0.0.1 or [::1] origin on any port. */
  allowLocalhost: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; throws a ConfigError whose message is one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Treat empty strings as unset, as a shell's `VAR=` usually means "no value".
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = envSchema.safeParse(present);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = issue.path.join('.') || 'environment';
    throw new ConfigError(`Invalid configuration: ${variable} ${issue.message}`);
  }
  const parsed = result.data;
  const isProduction = parsed.NODE_ENV === 'production';
  return {
    env: parsed.NODE_ENV,
    isProduction,
    port: parsed.PORT,
    host: parsed.HOST,
    database: parsed.DATABASE_URL,
    jwtSecret: parsed.JWT_SECRET,
    jwtIssuer: parsed.JWT_ISSUER,
    jwtAudience: parsed.JWT_AUDIENCE,
    accessTokenTtlSeconds: parsed.ACCESS_TOKEN_TTL,
    refreshTokenTtlSeconds: parsed.REFRESH_TOKEN_TTL,
    sessionMaxLifetimeSeconds: parsed.SESSION_MAX_LIFETIME,
    securityEventRetentionSeconds: parsed.SECURITY_EVENT_RETENTION,
    refreshReuseIntervalSeconds: parsed.REFRESH_REUSE_INTERVAL,
    logLevel: parsed.LOG_LEVEL,
    introspection: parsed.GRAPHQL_INTROSPECTION ?? !isProduction,
    graphqlLimits: {
      maxAliases: parsed.GRAPHQL_MAX_ALIASES,
      maxDepth: parsed.GRAPHQL_MAX_DEPTH,
      maxTokens: parsed.GRAPHQL_MAX_TOKENS,
      maxDirectives: parsed.GRAPHQL_MAX_DIRECTIVES,
      maxCost: parsed.GRAPHQL_MAX_COST,
      maxBatch: parsed.GRAPHQL_MAX_BATCH,
    },
    rateLimit: {
      enabled: parsed.RATE_LIMIT_ENABLED ?? true,
      rules: { ...DEFAULT_RATE_LIMITS, ...parsed.RATE_LIMITS },
      keyPrefix: parsed.RATE_LIMIT_KEY_PREFIX,
      ipv6Prefix: parsed.RATE_LIMIT_IPV6_PREFIX,
    },
    redisUrl: parsed.REDIS_URL,
    cors: parsed.CORS_ORIGINS
      ? { origins: parsed.CORS_ORIGINS, allowLocalhost: false }
      : { origins: isProduction ? [] : [APOLLO_STUDIO_ORIGIN], allowLocalhost: !isProduction },
    trustProxy: parsed.TRUST_PROXY,
    metrics: parsed.METRICS_PORT === undefined ? undefined : { port: parsed.METRICS_PORT, host: parsed.METRICS_HOST },
    shutdownTimeoutSeconds: parsed.SHUTDOWN_TIMEOUT,
    shutdownDelaySeconds: parsed.SHUTDOWN_DELAY ?? (isProduction ? 5 : 0),
    refreshTokenCookie: parsed.REFRESH_TOKEN_COOKIE ?? false,
    requireEmailActivation: parsed.REQUIRE_EMAIL_ACTIVATION ?? false,
    smtpUrl: parsed.SMTP_URL,
    mailFrom: parsed.MAIL_FROM,
    activationUrl: parsed.ACTIVATION_URL,
    passwordResetUrl: parsed.PASSWORD_RESET_URL,
    activationTokenTtlSeconds: parsed.ACTIVATION_TOKEN_TTL,
    passwordResetTokenTtlSeconds: parsed.PASSWORD_RESET_TOKEN_TTL,
  };
}
