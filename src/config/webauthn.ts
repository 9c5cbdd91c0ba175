import { z } from 'zod';
import { parsedWith, parseOrigins } from './parsers.js';

/**
 * The WebAuthn relying party of passkeys (src/passkeys/): its id (the domain passkeys are bound
 * to), the name authenticators show, and the web origins whose ceremonies are accepted.
 *
 * Development and test default to the RP id `localhost`, accepting http(s)://localhost on any
 * port (the example web app's dev server, a browser test on a free port). Production has no
 * defaults: with none of the three set, passkeys are off (their operations answer FORBIDDEN,
 * reason PASSKEYS_NOT_CONFIGURED); setting one requires the other two.
 */

/** A DNS name as WebAuthn takes it for an RP id: lower case, no scheme, port or path. */
const RP_ID_PATTERN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

export const webauthnEnv = z.object({
  WEBAUTHN_RP_ID: z
    .string()
    .trim()
    .toLowerCase()
    .regex(RP_ID_PATTERN, { message: 'must be a domain name such as example.com (no scheme, port or path)' })
    .optional(),
  WEBAUTHN_RP_NAME: z.string().trim().min(1).max(64).optional(),
  WEBAUTHN_ORIGINS: z.string().optional().transform((text, ctx) => (text === undefined ? undefined : parsedWith(parseOrigins)(text, ctx))),
});

export interface WebauthnRelyingParty {
  /** WEBAUTHN_RP_ID: the domain the passkeys belong to. */
  rpId: string;
  /** WEBAUTHN_RP_NAME: what authenticators show. */
  rpName: string;
  /** WEBAUTHN_ORIGINS: the exact origins whose ceremonies are accepted. */
  origins: string[];
  /** Development default: any http(s)://localhost:<port> origin (the RP id is then `localhost`). */
  allowLocalhostOrigins: boolean;
}

export interface WebauthnSettings {
  /** Undefined: passkeys are off (production without WEBAUTHN_* set). */
  webauthn: WebauthnRelyingParty | undefined;
}

export function webauthnSettings(env: z.output<typeof webauthnEnv>, isProduction: boolean): WebauthnSettings {
  const configured = env.WEBAUTHN_RP_ID !== undefined || env.WEBAUTHN_RP_NAME !== undefined || env.WEBAUTHN_ORIGINS !== undefined;
  if (isProduction && !configured) return { webauthn: undefined };
  const rpId = env.WEBAUTHN_RP_ID ?? 'localhost';
  return {
    webauthn: {
      rpId,
      rpName: env.WEBAUTHN_RP_NAME ?? 'cloud-auth',
      origins: env.WEBAUTHN_ORIGINS ?? [],
      allowLocalhostOrigins: env.WEBAUTHN_ORIGINS === undefined && rpId === 'localhost',
    },
  };
}

/** Whether a ceremony's origin may serve the RP id: the id itself or a subdomain (WebAuthn's rule). */
export function originServesRpId(origin: string, rpId: string): boolean {
  const url = new URL(origin);
  const host = url.hostname;
  const secure = url.protocol === 'https:' || host === 'localhost';
  return secure && (host === rpId || host.endsWith(`.${rpId}`));
}

/** Every origin must be able to use the RP id; production names all three settings. */
export function checkWebauthn(env: z.output<typeof webauthnEnv>, isProduction: boolean, ctx: z.RefinementCtx): void {
  const configured = env.WEBAUTHN_RP_ID !== undefined || env.WEBAUTHN_RP_NAME !== undefined || env.WEBAUTHN_ORIGINS !== undefined;
  if (isProduction && configured) {
    for (const variable of ['WEBAUTHN_RP_ID', 'WEBAUTHN_RP_NAME', 'WEBAUTHN_ORIGINS'] as const) {
      if (env[variable] === undefined) ctx.addIssue({ code: 'custom', path: [variable], message: 'is required when NODE_ENV=production and passkeys are configured' });
    }
  }
  const rpId = env.WEBAUTHN_RP_ID ?? 'localhost';
  if (env.WEBAUTHN_ORIGINS?.length === 0) ctx.addIssue({ code: 'custom', path: ['WEBAUTHN_ORIGINS'], message: 'must name at least one origin' });
  for (const origin of env.WEBAUTHN_ORIGINS ?? []) {
    if (!originServesRpId(origin, rpId)) {
      ctx.addIssue({
        code: 'custom',
        path: ['WEBAUTHN_ORIGINS'],
        message: `has "${origin}", which cannot use the RP id "${rpId}" (https, on ${rpId} or a subdomain of it; http only for localhost)`,
      });
    }
  }
}
