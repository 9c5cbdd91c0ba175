import { z } from 'zod';
import { duration, linkTemplate } from './parsers.js';

/** Identity providers (OpenID Connect) and emailed sign-in links (src/providers/). */

/** An operator's provider: what the relying party needs to talk to it. */
export interface IdentityProviderConfig {
  /** Our name for it, in URLs (/auth/callback/<id>) and the API ("google"). */
  id: string;
  /** What a sign-in page shows ("Google"). */
  name: string;
  /** Its issuer URL; discovery reads `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Always includes `openid`. */
  scopes: string[];
  /**
   * Whether an email this provider says it verified may link a first sign-in to the existing
   * account with that address. Only for providers that verify addresses themselves and whose
   * users cannot choose any address (a company's own directory, Google for gmail.com).
   */
  trustEmailForLinking: boolean;
}

const PROVIDER_ID = /^[a-z0-9][a-z0-9_-]{0,31}$/;

const providerSchema = z
  .object({
    id: z.string().regex(PROVIDER_ID, { message: 'must be 1 to 32 of a-z, 0-9, "_" and "-"' }),
    name: z.string().trim().min(1).max(64),
    issuer: z.string().url(),
    clientId: z.string().min(1).max(512),
    clientSecret: z.string().min(1).max(2048),
    scopes: z.array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/)).max(32).optional(),
    trustEmailForLinking: z.boolean().optional(),
  })
  .strict();

/** IDENTITY_PROVIDERS: a JSON list; the message names what is wrong (never a secret). */
export function parseIdentityProviders(text: string, production: boolean): IdentityProviderConfig[] | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return 'is not valid JSON (a list of {id, name, issuer, clientId, clientSecret, scopes, trustEmailForLinking})';
  }
  if (!Array.isArray(json)) return 'must be a JSON list of providers';
  const providers: IdentityProviderConfig[] = [];
  for (const [index, entry] of json.entries()) {
    const parsed = providerSchema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return `entry ${index}: ${issue.path.join('.') || 'entry'} ${issue.message}`;
    }
    const provider = parsed.data;
    const issuer = new URL(provider.issuer);
    if (issuer.protocol !== 'https:' && (production || issuer.protocol !== 'http:')) {
      return `entry ${index} (${provider.id}): issuer must be an https URL${production ? ' in production' : ''}`;
    }
    if (providers.some((other) => other.id === provider.id)) return `has the id "${provider.id}" twice`;
    const scopes = provider.scopes ?? ['openid', 'email', 'profile'];
    providers.push({
      id: provider.id,
      name: provider.name,
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      scopes: scopes.includes('openid') ? [...new Set(scopes)] : ['openid', ...new Set(scopes)],
      trustEmailForLinking: provider.trustEmailForLinking ?? false,
    });
  }
  return providers;
}

/** IDENTITY_REDIRECT_URIS: exact http(s) URLs of the apps the callback may send the browser back to. */
export function parseRedirectUris(text: string): string[] | string {
  const uris: string[] = [];
  for (const entry of text.split(',').map((part) => part.trim()).filter(Boolean)) {
    let url: URL | undefined;
    try {
      url = new URL(entry);
    } catch {
      url = undefined;
    }
    if (!url || !/^https?:$/.test(url.protocol) || url.hash || entry.includes('#') || url.username || url.password) {
      return `"${entry}" is not an http(s) URL without a fragment (e.g. https://app.example.com/auth/done)`;
    }
    uris.push(entry);
  }
  return uris;
}

export const providersEnv = z.object({
  IDENTITY_PROVIDERS: z.string().optional(),
  IDENTITY_REDIRECT_URIS: z.string().optional(),
  IDENTITY_PROVIDER_TIMEOUT: duration('5'),
  EMAIL_SIGN_IN_URL: linkTemplate('http://localhost:3000/sign-in/email?token={token}'),
});

export interface ProvidersSettings {
  /** IDENTITY_PROVIDERS: none by default. */
  identityProviders: IdentityProviderConfig[];
  /** IDENTITY_REDIRECT_URIS: where a provider sign-in may end (exact match). */
  identityRedirectUris: string[];
  /** IDENTITY_PROVIDER_TIMEOUT: seconds a discovery, token or userinfo request to a provider may take. */
  identityProviderTimeoutSeconds: number;
  /** EMAIL_SIGN_IN_URL: the link of the sign-in mail; `{token}` is replaced by the token. */
  emailSignInUrl: string;
}

/** Parsed with the rest of the environment; the message names the variable (config/index.ts). */
export const providersRefinement = (env: z.output<typeof providersEnv> & { NODE_ENV?: string }, ctx: z.RefinementCtx) => {
  if (env.IDENTITY_PROVIDERS !== undefined) {
    const parsed = parseIdentityProviders(env.IDENTITY_PROVIDERS, env.NODE_ENV === 'production');
    if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', path: ['IDENTITY_PROVIDERS'], message: parsed });
  }
  if (env.IDENTITY_REDIRECT_URIS !== undefined) {
    const parsed = parseRedirectUris(env.IDENTITY_REDIRECT_URIS);
    if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', path: ['IDENTITY_REDIRECT_URIS'], message: parsed });
  }
};

export function providersSettings(env: z.output<typeof providersEnv> & { NODE_ENV?: string }): ProvidersSettings {
  const providers = env.IDENTITY_PROVIDERS === undefined ? [] : parseIdentityProviders(env.IDENTITY_PROVIDERS, env.NODE_ENV === 'production');
  const uris = env.IDENTITY_REDIRECT_URIS === undefined ? [] : parseRedirectUris(env.IDENTITY_REDIRECT_URIS);
  return {
    identityProviders: typeof providers === 'string' ? [] : providers,
    identityRedirectUris: typeof uris === 'string' ? [] : uris,
    identityProviderTimeoutSeconds: env.IDENTITY_PROVIDER_TIMEOUT,
    emailSignInUrl: env.EMAIL_SIGN_IN_URL,
  };
}
