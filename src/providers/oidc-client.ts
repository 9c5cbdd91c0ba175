import type { Configuration, IDToken } from 'openid-client';
import type { IdentityProviderConfig } from '../config/index.js';
import type { Logger } from '../logger.js';
import { DISCOVERY_CACHE_SECONDS, DISCOVERY_FAILURE_CACHE_SECONDS } from './limits.js';

/**
 * The OpenID Connect relying party, through openid-client 6 (ESM only: loaded with a dynamic
 * import, which the NodeNext build keeps as one). Per provider: discovery from its issuer
 * (cached an hour; a failure for a few seconds), client_secret_basic at the token endpoint, the
 * authorization code flow with PKCE (S256), state and nonce, and the ID token checked by
 * openid-client: signature against the provider's JWKS (enableNonRepudiationChecks: also for an
 * ID token from the token endpoint), iss, aud, exp/iat (30 s tolerance), nonce, and the `iss`
 * of the authorization response (RFC 9207) when the provider sends it. Every request to a
 * provider has IDENTITY_PROVIDER_TIMEOUT.
 */

type OpenIdClient = typeof import('openid-client');
let loaded: Promise<OpenIdClient> | undefined;
const openIdClient = (): Promise<OpenIdClient> => (loaded ??= import('openid-client'));

/** What a provider said about the person, once its answer passed every check. */
export interface ProviderIdentity {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  preferredUsername: string | null;
}

export interface AuthorizationRequest {
  callbackUrl: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface CodeExchange {
  /**
   * The callback URL of the round trip (as sent to the provider) with the query the provider
   * sent to it; without its query it is the token request's redirect_uri.
   */
  currentUrl: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Why a provider's answer was not taken: it could not be reached, or it failed a check. */
export class ProviderFailure extends Error {
  override name = 'ProviderFailure';
  constructor(
    readonly kind: 'unavailable' | 'invalid_response',
    readonly reason: string,
  ) {
    super(`${kind}: ${reason}`);
  }
}

interface CachedDiscovery {
  config?: Promise<Configuration>;
  failedUntil?: number;
  until: number;
}

export class OidcClient {
  private readonly discoveries = new Map<string, CachedDiscovery>();

  constructor(
    private readonly timeoutSeconds: number,
    private readonly logger: Logger,
  ) {}

  /** The provider's authorization URL for one round trip. Throws ProviderFailure('unavailable') when discovery fails. */
  async authorizationUrl(provider: IdentityProviderConfig, request: AuthorizationRequest): Promise<string> {
    const oidc = await openIdClient();
    const config = await this.configuration(provider);
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: request.callbackUrl,
      response_type: 'code',
      scope: provider.scopes.join(' '),
      state: request.state,
      nonce: request.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(request.codeVerifier),
      code_challenge_method: 'S256',
    });
    return url.href;
  }

  /** Exchanges the authorization code and checks what comes back; userinfo fills in what the ID token left out. */
  async exchange(provider: IdentityProviderConfig, exchange: CodeExchange): Promise<ProviderIdentity> {
    const oidc = await openIdClient();
    const config = await this.configuration(provider);
    let claims: IDToken;
    let accessToken: string;
    try {
      const tokens = await oidc.authorizationCodeGrant(
        config,
        exchange.currentUrl,
        { pkceCodeVerifier: exchange.codeVerifier, expectedState: exchange.state, expectedNonce: exchange.nonce, idTokenExpected: true },
      );
      const idToken = tokens.claims();
      if (!idToken) throw new ProviderFailure('invalid_response', 'no ID token');
      claims = idToken;
      accessToken = tokens.access_token;
    } catch (error) {
      throw this.failure(provider, 'token', error);
    }
    let info: Record<string, unknown> = claims;
    if (claims.email === undefined || claims.preferred_username === undefined) {
      try {
        info = { ...(await oidc.fetchUserInfo(config, accessToken, claims.sub)), ...pickDefined(claims) };
      } catch (error) {
        throw this.failure(provider, 'userinfo', error);
      }
    }
    const email = typeof info.email === 'string' && info.email.length > 0 ? info.email : null;
    return {
      issuer: claims.iss,
      subject: claims.sub,
      email,
      // Some providers send "true" as a string.
      emailVerified: email !== null && (info.email_verified === true || info.email_verified === 'true'),
      preferredUsername: typeof info.preferred_username === 'string' ? info.preferred_username : null,
    };
  }

  /** Discovery, once an hour per provider; concurrent callers share one request. */
  private async configuration(provider: IdentityProviderConfig): Promise<Configuration> {
    const now = Date.now();
    const cached = this.discoveries.get(provider.id);
    if (cached?.failedUntil !== undefined && cached.failedUntil > now) throw new ProviderFailure('unavailable', 'discovery failed recently');
    if (cached?.config && cached.until > now) return cached.config;
    const config = this.discover(provider);
    this.discoveries.set(provider.id, { config, until: now + DISCOVERY_CACHE_SECONDS * 1000 });
    try {
      return await config;
    } catch (error) {
      this.discoveries.set(provider.id, { until: 0, failedUntil: Date.now() + DISCOVERY_FAILURE_CACHE_SECONDS * 1000 });
      throw this.failure(provider, 'discovery', error);
    }
  }

  private async discover(provider: IdentityProviderConfig): Promise<Configuration> {
    const oidc = await openIdClient();
    const issuer = new URL(provider.issuer);
    const config = await oidc.discovery(
      issuer,
      provider.clientId,
      { client_secret: provider.clientSecret },
      oidc.ClientSecretBasic(provider.clientSecret),
      {
        timeout: this.timeoutSeconds,
        // http:// issuers pass config validation outside production only (config/providers.ts).
        execute: issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [],
      },
    );
    config.timeout = this.timeoutSeconds;
    oidc.enableNonRepudiationChecks(config);
    return config;
  }

  /** A provider's failure as ours: logged with what an operator needs, never a token or a secret. */
  private failure(provider: IdentityProviderConfig, step: 'discovery' | 'token' | 'userinfo', error: unknown): ProviderFailure {
    if (error instanceof ProviderFailure) return error;
    const unavailable = isUnreachable(error);
    const reason = describe(error);
    this.logger.warn(
      { event: 'identity_provider_failed', provider: provider.id, step, kind: unavailable ? 'unavailable' : 'invalid_response', reason },
      'identity provider request failed',
    );
    return new ProviderFailure(unavailable ? 'unavailable' : 'invalid_response', reason);
  }
}

/** The claims an ID token did carry win over userinfo's. */
function pickDefined(claims: IDToken): Partial<IDToken> {
  return Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined));
}

/** Network errors, timeouts and 5xx answers: the provider is down, not wrong. */
function isUnreachable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth += 1) {
    const { name, status, code } = current as { name?: string; status?: number; code?: string };
    if (name === 'TimeoutError' || name === 'AbortError') return true;
    if (current instanceof TypeError && /fetch failed/i.test(current.message)) return true;
    if (typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|UND_ERR_\w+)$/.test(code)) return true;
    if (typeof status === 'number' && status >= 500) return true;
    if (code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' && typeof status === 'number' && status >= 500) return true;
  }
  return false;
}

/** A short reason for the log: the error's code and message (openid-client's messages carry no secrets). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code, error: oauthError } = error as { code?: string; error?: string };
  return [code, oauthError, error.message].filter(Boolean).join(': ').slice(0, 300);
}
