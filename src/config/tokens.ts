import { z } from 'zod';
import { booleanFlag, boundedInt, duration, requireUnguessable } from './parsers.js';

/** Signing secrets, token lifetimes and the session rules that follow from them. */

export const tokensEnv = z.object({
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
  REFRESH_REUSE_INTERVAL: boundedInt(10, 0, 300),
  REFRESH_TOKEN_COOKIE: booleanFlag(),
});

export interface TokensSettings {
  /** Undefined in development when none is set: the caller generates and keeps one. */
  jwtSecret: string | undefined;
  jwtIssuer: string;
  jwtAudience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** How long a session may live from its login, however often it is refreshed (SESSION_MAX_LIFETIME). */
  sessionMaxLifetimeSeconds: number;
  /**
   * Seconds after a rotation during which the rotated-away refresh token gets the same successor
   * again instead of counting as reuse (REFRESH_REUSE_INTERVAL; 0: strict reuse detection).
   */
  refreshReuseIntervalSeconds: number;
  /** Also hand the refresh token over as an httpOnly cookie, and accept it from there (browser apps). */
  refreshTokenCookie: boolean;
}

export function tokensSettings(env: z.output<typeof tokensEnv>): TokensSettings {
  return {
    jwtSecret: env.JWT_SECRET,
    jwtIssuer: env.JWT_ISSUER,
    jwtAudience: env.JWT_AUDIENCE,
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL,
    refreshTokenTtlSeconds: env.REFRESH_TOKEN_TTL,
    sessionMaxLifetimeSeconds: env.SESSION_MAX_LIFETIME,
    refreshReuseIntervalSeconds: env.REFRESH_REUSE_INTERVAL,
    refreshTokenCookie: env.REFRESH_TOKEN_COOKIE ?? false,
  };
}

/** Production needs a secret that nobody can guess offline from one token (secret-strength.ts). */
export function checkTokensForProduction(env: z.output<typeof tokensEnv>, ctx: z.RefinementCtx): void {
  if (env.JWT_SECRET === undefined) {
    ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is required when NODE_ENV=production' });
    return;
  }
  requireUnguessable('JWT_SECRET', env.JWT_SECRET, ctx);
}
