import { z } from 'zod';

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

/** An optional true/false flag; undefined when unset so that the default can depend on other settings. */
const booleanFlag = () =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .optional()
    .transform((value) => (value === undefined ? undefined : ['true', '1', 'yes'].includes(value)));

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
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    GRAPHQL_INTROSPECTION: booleanFlag(),
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
  logLevel: string;
  introspection: boolean;
  /** New accounts stay inactive until the mailed token is used; a new email waits for confirmation. */
  requireEmailActivation: boolean;
  /** Undefined: mail is written to the log (development) or dropped with a warning (production). */
  smtpUrl: string | undefined;
  mailFrom: string;
  activationUrl: string;
  passwordResetUrl: string;
  activationTokenTtlSeconds: number;
  passwordResetTokenTtlSeconds: number;
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
    logLevel: parsed.LOG_LEVEL,
    introspection: parsed.GRAPHQL_INTROSPECTION ?? !isProduction,
    requireEmailActivation: parsed.REQUIRE_EMAIL_ACTIVATION ?? false,
    smtpUrl: parsed.SMTP_URL,
    mailFrom: parsed.MAIL_FROM,
    activationUrl: parsed.ACTIVATION_URL,
    passwordResetUrl: parsed.PASSWORD_RESET_URL,
    activationTokenTtlSeconds: parsed.ACTIVATION_TOKEN_TTL,
    passwordResetTokenTtlSeconds: parsed.PASSWORD_RESET_TOKEN_TTL,
  };
}
