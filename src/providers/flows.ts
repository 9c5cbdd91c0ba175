import type { EntityManager } from '@mikro-orm/core';
import type { IdentityProviderConfig } from '../config/index.js';
import type { AuthIdentity, RequestMeta } from '../core/request-meta.js';
import { IdentityFlowPurpose } from '../db/entities/index.js';
import type { IdentityStore } from '../db/stores/identity-store.js';
import type { UserStore } from '../db/stores/user-store.js';
import { FieldErrorCollector } from '../errors.js';
import type { ReauthenticationPolicy } from '../mfa/reauthentication.js';
import type { IssuedTokens } from '../sessions/sessions.js';
import type { SecurityEventSink } from '../events/index.js';
import { CallbackFailure, invalidCallbackCode, providerUnavailable, REDIRECT_URI_NOT_ALLOWED, UNKNOWN_PROVIDER, type CallbackError } from './errors.js';
import type { IdentityAccounts } from './identity-accounts.js';
import { CALLBACK_CODE_TTL_SECONDS, FLOW_TTL_SECONDS, REDIRECT_URI_MAX_LENGTH } from './limits.js';
import { ProviderFailure, type OidcClient } from './oidc-client.js';
import { newSecret, SECRET_PATTERN, secretHash } from './secrets.js';
import { AuthMethod, type PasswordlessSignIn } from './sign-in-session.js';

/** What the callback route answers: a redirect to the app's validated URL, or a page of its own. */
export type CallbackOutcome = { kind: 'redirect'; location: string } | { kind: 'invalid_state' };

/** The callback route's base (PUBLIC_URL, or where this instance listens: known once it does). */
export interface CallbackBase {
  origin(): string;
}

/**
 * The provider round trip: start (a flow row and the provider's authorization URL), the callback
 * (the flow taken, the code exchanged and checked, the account found, made or linked, a
 * single-use code for the app), and completeIdentityProviderSignIn (that code for a session).
 * Every step reads and writes the database only, so each may run on another instance.
 */
export class IdentityFlows {
  private readonly providers: ReadonlyMap<string, IdentityProviderConfig>;

  constructor(
    providers: IdentityProviderConfig[],
    private readonly redirectUris: readonly string[],
    private readonly client: OidcClient,
    private readonly store: IdentityStore,
    private readonly users: UserStore,
    private readonly accounts: IdentityAccounts,
    private readonly signIn: PasswordlessSignIn,
    private readonly reauthentication: ReauthenticationPolicy,
    private readonly events: SecurityEventSink,
    private readonly base: CallbackBase,
  ) {
    this.providers = new Map(providers.map((provider) => [provider.id, provider]));
  }

  /** The configured providers, in the operator's order. */
  list(): IdentityProviderConfig[] {
    return [...this.providers.values()];
  }

  provider(id: string): IdentityProviderConfig | undefined {
    return this.providers.get(id);
  }

  /** The URL the provider sends the browser back to for `providerId`. */
  callbackUrl(providerId: string): string {
    return `${this.base.origin()}/auth/callback/${encodeURIComponent(providerId)}`;
  }

  start(em: EntityManager, providerId: string, redirectUri: string): Promise<string> {
    return this.begin(em, providerId, redirectUri, IdentityFlowPurpose.SIGN_IN, null);
  }

  /** linkIdentityProvider: a recent proof of identity first (REAUTH_MAX_AGE), as for every credential change. */
  async startLink(em: EntityManager, caller: AuthIdentity, providerId: string, redirectUri: string): Promise<string> {
    this.checkStart(providerId, redirectUri);
    await this.reauthentication.require(em, caller);
    return this.begin(em, providerId, redirectUri, IdentityFlowPurpose.LINK, caller.userId);
  }

  private checkStart(providerId: string, redirectUri: string): IdentityProviderConfig {
    const errors = new FieldErrorCollector();
    const provider = typeof providerId === 'string' ? this.providers.get(providerId) : undefined;
    if (!provider) errors.add('provider', UNKNOWN_PROVIDER);
    const allowed = typeof redirectUri === 'string' && redirectUri.length <= REDIRECT_URI_MAX_LENGTH && this.redirectUris.includes(redirectUri);
    if (!allowed) errors.add('redirectUri', REDIRECT_URI_NOT_ALLOWED);
    errors.throwIfAny();
    return provider!;
  }

  private async begin(
    em: EntityManager,
    providerId: string,
    redirectUri: string,
    purpose: IdentityFlowPurpose,
    userId: string | null,
  ): Promise<string> {
    const provider = this.checkStart(providerId, redirectUri);
    const state = newSecret();
    const nonce = newSecret();
    const codeVerifier = newSecret() + newSecret();
    const callbackUrl = this.callbackUrl(provider.id);
    let url: string;
    try {
      url = await this.client.authorizationUrl(provider, { callbackUrl, state, nonce, codeVerifier });
    } catch (error) {
      if (error instanceof ProviderFailure) throw providerUnavailable(provider.id);
      throw error;
    }
    await this.store.insertFlow(em, {
      stateHash: secretHash(state),
      providerId: provider.id,
      nonce,
      codeVerifier,
      redirectUri,
      callbackUrl,
      purpose,
      userId,
      expiresAt: new Date(Date.now() + FLOW_TTL_SECONDS * 1000),
    });
    return url;
  }

  /**
   * GET /auth/callback/:provider. Without a live flow for its `state` there is no validated
   * place to send the browser: `invalid_state`, answered by the route itself (400). Otherwise
   * the flow is taken (single use) and the browser goes back to its redirectUri with `#code=`,
   * `#linked=` or `#error=`.
   */
  async callback(em: EntityManager, providerId: string, query: URLSearchParams, meta: RequestMeta): Promise<CallbackOutcome> {
    const state = query.get('state');
    if (!state || !SECRET_PATTERN.test(state)) return { kind: 'invalid_state' };
    const flow = await this.store.takeFlow(em, secretHash(state), new Date());
    if (!flow) return { kind: 'invalid_state' };
    const back = (fragment: Record<string, string>) => ({ kind: 'redirect' as const, location: `${flow.redirectUri}#${new URLSearchParams(fragment)}` });
    const fail = (error: CallbackError) => back({ error });
    const provider = this.providers.get(flow.providerId);
    if (flow.providerId !== providerId) return fail('invalid_state');
    if (!provider) return fail('provider_unavailable');

    const providerError = query.get('error');
    if (providerError !== null) return fail(providerErrorCode(providerError));
    try {
      const currentUrl = new URL(flow.callbackUrl);
      for (const [name, value] of query) currentUrl.searchParams.append(name, value);
      const identity = await this.client.exchange(provider, { currentUrl, state, nonce: flow.nonce, codeVerifier: flow.codeVerifier });
      if (flow.purpose === IdentityFlowPurpose.LINK) {
        if (!flow.user) return fail('account_inactive');
        await this.accounts.link(em, provider, identity, flow.user.id, meta);
        return back({ linked: provider.id });
      }
      const account = await this.accounts.signIn(em, provider, identity, meta);
      const code = newSecret();
      await this.store.insertCallbackCode(em, {
        codeHash: secretHash(code),
        userId: account.userId,
        identityId: account.identityId,
        expiresAt: new Date(Date.now() + CALLBACK_CODE_TTL_SECONDS * 1000),
      });
      return back({ code });
    } catch (error) {
      if (error instanceof CallbackFailure) return fail(error.code);
      if (error instanceof ProviderFailure) return fail(error.kind === 'unavailable' ? 'provider_unavailable' : 'invalid_response');
      throw error;
    }
  }

  /** The callback's code for tokens (or MFA_REQUIRED); BAD_USER_INPUT on `code` when it is not live. */
  async complete(em: EntityManager, code: string, meta: RequestMeta): Promise<IssuedTokens> {
    if (typeof code !== 'string' || !SECRET_PATTERN.test(code)) throw invalidCallbackCode();
    const outcome = await this.events.transaction(em, async (tx) => {
      const taken = await this.store.takeCallbackCode(tx, secretHash(code), new Date());
      const user = taken ? await this.users.findById(tx, taken.userId) : null;
      if (!user || !user.isActive) throw invalidCallbackCode();
      // The code is spent either way: a second factor gets a pending login of its own.
      if (user.mfaEnabled) return { kind: 'mfa' as const, user };
      return { kind: 'tokens' as const, tokens: await this.signIn.start(tx, user, AuthMethod.IDENTITY_PROVIDER, meta) };
    });
    if (outcome.kind === 'tokens') return outcome.tokens;
    return this.signIn.challenge(em, outcome.user, AuthMethod.IDENTITY_PROVIDER);
  }
}

/** The provider's `error` as one of ours (its text never reaches the app). */
function providerErrorCode(error: string): CallbackError {
  if (['access_denied', 'login_required', 'consent_required', 'interaction_required', 'account_selection_required'].includes(error)) {
    return 'access_denied';
  }
  if (error === 'server_error' || error === 'temporarily_unavailable') return 'provider_unavailable';
  return 'invalid_response';
}

/** The callback base of one process: PUBLIC_URL, or set by the server once it listens (server.ts). */
export class CallbackOrigin implements CallbackBase {
  constructor(private value: string | undefined) {}

  /** Where the server listens, unless PUBLIC_URL said otherwise. */
  listeningAt(origin: string): void {
    this.value ??= origin;
  }

  origin(): string {
    if (this.value === undefined) throw new Error('the callback URL is known once the server listens');
    return this.value;
  }
}
