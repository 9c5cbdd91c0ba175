import { z } from 'zod';
import { boundedInt, requireUnguessable } from './parsers.js';

/** How access tokens are signed: the algorithm, where the signing keys' private halves are encrypted with, how often instances reload them. */

export const SIGNING_ALGORITHMS = ['ES256', 'RS256', 'HS256'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];
/** The algorithms whose keys live in the signing_keys table (HS256 is derived from JWT_SECRET). */
export type AsymmetricAlgorithm = Exclude<SigningAlgorithm, 'HS256'>;

export const isAsymmetric = (algorithm: SigningAlgorithm): algorithm is AsymmetricAlgorithm => algorithm !== 'HS256';

export const keysEnv = z.object({
  JWT_ALGORITHM: z.enum(SIGNING_ALGORITHMS, { message: 'must be ES256, RS256 or HS256' }).default('ES256'),
  KEY_ENCRYPTION_KEY: z
    .string()
    .optional()
    .refine((key) => key === undefined || Buffer.byteLength(key, 'utf8') >= 32, { message: 'must be at least 32 bytes' }),
  SIGNING_KEYS_REFRESH: boundedInt(30, 1, 3600),
  PUBLIC_URL: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined) return undefined;
      const trimmed = text.trim().replace(/\/+$/, '');
      let url: URL | undefined;
      try {
        url = new URL(trimmed);
      } catch {
        url = undefined;
      }
      if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash || url.username || url.password) {
        ctx.addIssue({ code: 'custom', message: `"${text}" is not an http(s) URL without query or fragment (e.g. https://auth.example.com)` });
        return z.NEVER;
      }
      return trimmed;
    }),
});

export interface KeysSettings {
  /** JWT_ALGORITHM: ES256 (default) and RS256 sign with keys from the signing_keys table; HS256 with a key derived from JWT_SECRET. */
  jwtAlgorithm: SigningAlgorithm;
  /** KEY_ENCRYPTION_KEY: what the signing keys' private halves are encrypted with; undefined: a key derived from JWT_SECRET. */
  keyEncryptionKey: string | undefined;
  /** SIGNING_KEYS_REFRESH: seconds between reloads of the signing keys, so that a rotation elsewhere is seen. */
  signingKeysRefreshSeconds: number;
  /** PUBLIC_URL: the service's address as others reach it (jwks_uri); undefined: http://HOST:PORT as it listens. */
  publicUrl: string | undefined;
}

export function keysSettings(env: z.output<typeof keysEnv>): KeysSettings {
  return {
    jwtAlgorithm: env.JWT_ALGORITHM,
    keyEncryptionKey: env.KEY_ENCRYPTION_KEY,
    signingKeysRefreshSeconds: env.SIGNING_KEYS_REFRESH,
    publicUrl: env.PUBLIC_URL,
  };
}

/** Production: a KEY_ENCRYPTION_KEY, when set, must be as unguessable as JWT_SECRET (it opens every signing key). */
export function checkKeysForProduction(env: z.output<typeof keysEnv>, ctx: z.RefinementCtx): void {
  if (env.KEY_ENCRYPTION_KEY === undefined) return;
  requireUnguessable('KEY_ENCRYPTION_KEY', env.KEY_ENCRYPTION_KEY, ctx);
}
