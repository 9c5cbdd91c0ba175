import { isIP } from 'node:net';
import { z } from 'zod';
import { estimateSecretBits, MIN_PRODUCTION_SECRET_BITS } from '../secret-strength.js';
import { isRateLimitName, RATE_LIMIT_NAMES, type RateLimitName, type RateLimitRule } from '../limits/rate-limit-defaults.js';

/** The zod building blocks every slice uses to read environment strings. */

const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** "300", "300s", "5m", "12h", "1d" -> seconds. */
export function parseDurationSeconds(text: string): number | undefined {
  const match = /^(\d+)\s*([smhd]?)$/.exec(text.trim());
  if (!match) return undefined;
  const seconds = Number(match[1]) * DURATION_UNITS[match[2] || 's'];
  return Number.isSafeInteger(seconds) && seconds > 0 ? seconds : undefined;
}

/** Runs a parser that returns its value or a message, turning the message into the variable's issue. */
export const parsedWith = <T>(parse: (text: string) => T | string) => (text: string, ctx: z.RefinementCtx) => {
  const parsed = parse(text);
  if (typeof parsed === 'string') {
    ctx.addIssue({ code: 'custom', message: parsed });
    return z.NEVER;
  }
  return parsed;
};

export const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform(parsedWith((text) => parseDurationSeconds(text) ?? `"${text}" is not a positive duration (e.g. 300, 5m, 1d)`));

/** A pause: seconds or a duration like `duration`, and 0 (none) allowed; undefined when unset. */
export const pause = () =>
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
export const booleanFlag = () =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .optional()
    .transform((value) => (value === undefined ? undefined : ['true', '1', 'yes'].includes(value)));

/** A whole number within bounds, from an environment string. */
export const boundedInt = (fallback: number, min: number, max: number) =>
  z.coerce
    .number({ message: 'must be a whole number' })
    .int({ message: 'must be a whole number' })
    .min(min, { message: `must be at least ${min}` })
    .max(max, { message: `must be at most ${max}` })
    .default(fallback);

/** A TCP port number. */
export const port = () => z.coerce.number().int().min(0).max(65535);

/** A link put into mails: an http(s) URL in which `{token}` is replaced by the one-time token. */
export const linkTemplate = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((text) => /^https?:\/\/[^\s]+$/.test(text) && text.includes('{token}'), {
      message: 'must be an http(s) URL containing {token}',
    });

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

/** Production: a secret typed by a person or built from a pattern can be guessed offline (secret-strength.ts). */
export function requireUnguessable(variable: string, secret: string, ctx: z.RefinementCtx): void {
  const bits = Math.floor(estimateSecretBits(secret));
  if (bits >= MIN_PRODUCTION_SECRET_BITS) return;
  ctx.addIssue({
    code: 'custom',
    path: [variable],
    message:
      `is too predictable for production (about ${bits} bits estimated, at least ${MIN_PRODUCTION_SECRET_BITS} needed): ` +
      'use 32 random bytes, e.g. `openssl rand -base64 32`',
  });
}
