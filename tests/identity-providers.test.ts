import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { decode } from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session } from '../src/db/entities/index.js';
import { GOOD_PASSWORD, newIdentity, signUpAndLogIn } from './helpers/accounts.js';
import { codesOf, expectData, TestClient } from './helpers/client.js';
import {
  APP_REDIRECT_URI,
  providerClients,
  providerRoundTrip,
  providersEnv,
  signInWithProvider,
} from './helpers/identity-providers.js';
import { awayFromStepBoundary, enableTotp, mfaChallengeOf } from './helpers/mfa.js';
import { CompleteMfaLoginDocument, CurrentSessionAuthenticationDocument } from './helpers/mfa-operations.js';
import { deliverCallback, startOidcProvider, type TestOidcProvider } from './helpers/oidc-provider.js';
import { LoginDocument, MeDocument } from './helpers/operations.js';
import {
  CompleteIdentityProviderSignInDocument,
  IdentitiesDocument,
  IdentityProvidersDocument,
  LinkIdentityProviderDocument,
  SecurityEventTypesDocument,
  StartIdentityProviderSignInDocument,
  UnlinkIdentityDocument,
} from './helpers/provider-operations.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { signInAtProvider } from './helpers/oidc-provider.js';

let sequence = 0;
/** A person at the provider, unique to one test. */
function person(provider: TestOidcProvider, fields: { email?: string; email_verified?: boolean; preferred_username?: string } = {}) {
  sequence += 1;
  const sub = `sub-${process.pid}-${sequence}`;
  const account = { sub, email: `${sub}@idp.example.com`, email_verified: true, preferred_username: `idp${process.pid}x${sequence}`, ...fields };
  provider.addAccount(account);
  return account;
}

const signedInClient = (url: string, accessToken: string) => {
  const client = new TestClient(url);
  client.accessToken = accessToken;
  return client;
};

describe('sign-in with an OpenID Connect provider (a real oidc-provider on 127.0.0.1)', () => {
  let provider: TestOidcProvider;
  let server: TestServer;
  let anonymous: TestClient;

  beforeAll(async () => {
    provider = await startOidcProvider();
    server = await startTestServer(providersEnv(provider));
    await provider.setClients(providerClients([server.origin]));
    anonymous = new TestClient(server.url);
  });
  afterAll(async () => {
    await server?.stop();
    await provider?.stop();
  });

  const complete = (code: string) => anonymous.run(CompleteIdentityProviderSignInDocument, { code });

  it('lists the configured providers to anyone, with their ids and names only', async () => {
    const listed = expectData(await anonymous.run(IdentityProvidersDocument)).identityProviders.map(({ id, name }) => ({ id, name }));
    expect(listed).toEqual([
      { id: 'test', name: 'Test Provider' },
      { id: 'trusted', name: 'Trusted Provider' },
    ]);
  });

  it('refuses an unknown provider and a redirectUri that is not allowed, naming both fields', async () => {
    const result = await anonymous.run(StartIdentityProviderSignInDocument, { provider: 'nope', redirectUri: 'https://evil.example.com/' });
    expect(codesOf(result)).toEqual(['BAD_USER_INPUT']);
    expect(Object.keys(result.errors[0].extensions.fieldErrors).sort()).toEqual(['provider', 'redirectUri']);
    // Close is not equal: a prefix of an allowed URI is refused too.
    const prefixed = await anonymous.run(StartIdentityProviderSignInDocument, { provider: 'test', redirectUri: `${APP_REDIRECT_URI}/../../x` });
    expect(Object.keys(prefixed.errors[0].extensions.fieldErrors)).toEqual(['redirectUri']);
  });

  it('the authorization URL asks for the code flow with PKCE (S256), a state, a nonce and our callback', async () => {
    const url = new URL(expectData(await anonymous.run(StartIdentityProviderSignInDocument, { provider: 'test', redirectUri: APP_REDIRECT_URI })).startIdentityProviderSignIn);
    expect(url.origin).toBe(provider.issuer);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('redirect_uri')).toBe(`${server.origin}/auth/callback/test`);
    expect(url.searchParams.get('scope')).toBe('openid email profile');
  });

  it('a first sign-in creates an account without a password; the next one signs in to it; the code works once', async () => {
    const alice = person(provider);
    const callback = await deliverCallback(await providerRoundTrip(anonymous, server.origin, alice.sub));
    expect(callback.status).toBe(303);
    expect(callback.location!.startsWith(`${APP_REDIRECT_URI}#code=`)).toBe(true);
    const code = callback.fragment.get('code')!;
    const first = expectData(await complete(code)).completeIdentityProviderSignIn;
    expect(first.user).toMatchObject({ username: alice.preferred_username, email: alice.email, isActive: true, mfaEnabled: false });
    expect(codesOf(await complete(code))).toEqual(['BAD_USER_INPUT']);

    const claims = decode(first.accessToken) as Record<string, unknown>;
    expect(claims).toMatchObject({ amr: ['fed'], aal: 1 });
    const session = expectData(await signedInClient(server.url, first.accessToken).run(CurrentSessionAuthenticationDocument)).sessions.find((s) => s.current);
    expect(session).toMatchObject({ authMethods: ['IDENTITY_PROVIDER'], assuranceLevel: 1 });
    // No password: a login by password fails like a wrong one, whatever is typed.
    expect(codesOf(await anonymous.run(LoginDocument, { input: { username: alice.preferred_username, password: GOOD_PASSWORD } }))).toEqual(['UNAUTHENTICATED']);

    const second = expectData(await signInWithProvider(anonymous, server.origin, alice.sub)).completeIdentityProviderSignIn;
    expect(second.user.id).toBe(first.user.id);
    const identities = expectData(await signedInClient(server.url, second.accessToken).run(IdentitiesDocument)).identities;
    expect(identities).toEqual([expect.objectContaining({ provider: expect.objectContaining({ id: 'test', name: 'Test Provider' }), email: alice.email })]);
    const events = expectData(await signedInClient(server.url, second.accessToken).run(SecurityEventTypesDocument)).securityEvents.edges.map((e) => e.node.type);
    expect(events).toEqual(expect.arrayContaining(['ACCOUNT_CREATED', 'IDENTITY_LINKED', 'SIGNED_IN']));
  });

  it('makes a derived username unique, and takes the email local part without a preferred_username', async () => {
    const taken = signUpAndLogIn(server.url, 'clash');
    const { identity } = await taken;
    const clash = person(provider, { preferred_username: identity.username });
    const user = expectData(await signInWithProvider(anonymous, server.origin, clash.sub)).completeIdentityProviderSignIn.user;
    expect(user.username).toBe(`${identity.username}2`);

    sequence += 1;
    const noName = { sub: `noname-${process.pid}-${sequence}`, email: `Local.Part+x${sequence}@idp.example.com`, email_verified: true };
    provider.addAccount(noName);
    expect(expectData(await signInWithProvider(anonymous, server.origin, noName.sub)).completeIdentityProviderSignIn.user.username).toBe(`Local.Part+x${sequence}`);
  });

  it('links by a verified email only for the provider trusted for linking', async () => {
    const { identity, user } = await signUpAndLogIn(server.url, 'trustlink');
    const owner = person(provider, { email: identity.email });
    const untrusted = await deliverCallback(await providerRoundTrip(anonymous, server.origin, owner.sub, 'test'));
    expect(untrusted.status).toBe(303);
    expect(untrusted.location).toBe(`${APP_REDIRECT_URI}#error=account_exists`);

    const trusted = expectData(await signInWithProvider(anonymous, server.origin, owner.sub, 'trusted')).completeIdentityProviderSignIn;
    expect(trusted.user.id).toBe(user.id);
    // The password still works: linking took nothing away.
    expectData(await anonymous.run(LoginDocument, { input: { username: identity.username, password: GOOD_PASSWORD } }));
  });

  it('an email the provider did not verify links nowhere (account_exists) and creates nothing (email_required)', async () => {
    const { identity } = await signUpAndLogIn(server.url, 'unverified');
    const claimant = person(provider, { email: identity.email, email_verified: false });
    expect((await deliverCallback(await providerRoundTrip(anonymous, server.origin, claimant.sub, 'trusted'))).location).toBe(`${APP_REDIRECT_URI}#error=account_exists`);
    const stranger = person(provider, { email_verified: false });
    expect((await deliverCallback(await providerRoundTrip(anonymous, server.origin, stranger.sub, 'trusted'))).location).toBe(`${APP_REDIRECT_URI}#error=email_required`);
  });

  it('linkIdentityProvider links from inside an account (re-authentication required), then that identity signs in to it', async () => {
    const { client, user, tokens } = await signUpAndLogIn(server.url, 'linker');
    const someone = person(provider);
    // A session whose proof of identity is older than REAUTH_MAX_AGE may not link.
    const sid = (decode(tokens.accessToken) as { sid: string }).sid;
    await server.app.orm.em.fork().nativeUpdate(Session, { id: sid }, { authenticatedAt: new Date(Date.now() - 3600_000) });
    expect(codesOf(await client.run(LinkIdentityProviderDocument, { provider: 'test', redirectUri: APP_REDIRECT_URI }))).toEqual(['REAUTHENTICATION_REQUIRED']);
    await server.app.orm.em.fork().nativeUpdate(Session, { id: sid }, { authenticatedAt: new Date() });

    const url = expectData(await client.run(LinkIdentityProviderDocument, { provider: 'test', redirectUri: APP_REDIRECT_URI })).linkIdentityProvider;
    const linked = await deliverCallback(await signInAtProvider(url, someone.sub, `${server.origin}/auth/callback/`));
    expect(linked.location).toBe(`${APP_REDIRECT_URI}#linked=test`);
    expect(expectData(await client.run(IdentitiesDocument)).identities.map((i) => i.email)).toEqual([someone.email]);
    expect(expectData(await signInWithProvider(anonymous, server.origin, someone.sub)).completeIdentityProviderSignIn.user.id).toBe(user.id);

    // The same identity cannot be linked to a second account.
    const other = await signUpAndLogIn(server.url, 'linker2');
    const again = expectData(await other.client.run(LinkIdentityProviderDocument, { provider: 'test', redirectUri: APP_REDIRECT_URI })).linkIdentityProvider;
    expect((await deliverCallback(await signInAtProvider(again, someone.sub, `${server.origin}/auth/callback/`))).location).toBe(
      `${APP_REDIRECT_URI}#error=identity_in_use`,
    );
  });

  it('unlinkIdentity removes an identity, but not the last way to sign in', async () => {
    const only = person(provider);
    const payload = expectData(await signInWithProvider(anonymous, server.origin, only.sub)).completeIdentityProviderSignIn;
    const client = signedInClient(server.url, payload.accessToken);
    const [identity] = expectData(await client.run(IdentitiesDocument)).identities;
    const refused = await client.run(UnlinkIdentityDocument, { id: identity.id });
    expect(codesOf(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.errors[0].extensions.fieldErrors.id[0]).toMatch(/last way to sign in/);

    // With a second identity it may go; the other one still signs in.
    const url = expectData(await client.run(LinkIdentityProviderDocument, { provider: 'trusted', redirectUri: APP_REDIRECT_URI })).linkIdentityProvider;
    const second = person(provider);
    expect((await deliverCallback(await signInAtProvider(url, second.sub, `${server.origin}/auth/callback/`))).location).toBe(`${APP_REDIRECT_URI}#linked=trusted`);
    expect(expectData(await client.run(UnlinkIdentityDocument, { id: identity.id })).unlinkIdentity).toBe(true);
    expect(expectData(await client.run(IdentitiesDocument)).identities.map((i) => i.provider.id)).toEqual(['trusted']);
    expect(expectData(await client.run(SecurityEventTypesDocument)).securityEvents.edges.map((e) => e.node.type)).toContain('IDENTITY_UNLINKED');
    // Someone else's identity (or an unknown id) is not found.
    const stranger = await signUpAndLogIn(server.url, 'unlinkother');
    const [remaining] = expectData(await client.run(IdentitiesDocument)).identities;
    expect(codesOf(await stranger.client.run(UnlinkIdentityDocument, { id: remaining.id }))).toEqual(['BAD_USER_INPUT']);
    expect(expectData(await client.run(IdentitiesDocument)).identities).toHaveLength(1);
    // An account with a password may drop its only identity.
    const withPassword = await signUpAndLogIn(server.url, 'unlinkpw');
    const linkUrl = expectData(await withPassword.client.run(LinkIdentityProviderDocument, { provider: 'test', redirectUri: APP_REDIRECT_URI })).linkIdentityProvider;
    await deliverCallback(await signInAtProvider(linkUrl, person(provider).sub, `${server.origin}/auth/callback/`));
    const [own] = expectData(await withPassword.client.run(IdentitiesDocument)).identities;
    expect(expectData(await withPassword.client.run(UnlinkIdentityDocument, { id: own.id })).unlinkIdentity).toBe(true);
  });

  it('an account with a second factor answers MFA_REQUIRED; completeMfaLogin then gives [IDENTITY_PROVIDER, TOTP]', async () => {
    const mfa = person(provider);
    const first = expectData(await signInWithProvider(anonymous, server.origin, mfa.sub)).completeIdentityProviderSignIn;
    const { app } = await enableTotp(signedInClient(server.url, first.accessToken));
    const { mfaToken, factors } = mfaChallengeOf(await signInWithProvider(anonymous, server.origin, mfa.sub));
    expect(factors).toEqual(['TOTP', 'RECOVERY_CODE']);
    await awayFromStepBoundary();
    const payload = expectData(await anonymous.run(CompleteMfaLoginDocument, { input: { mfaToken, code: app.code() } })).completeMfaLogin;
    expect(payload.user.id).toBe(first.user.id);
    const session = expectData(await signedInClient(server.url, payload.accessToken).run(CurrentSessionAuthenticationDocument)).sessions.find((s) => s.current);
    expect(session).toMatchObject({ authMethods: ['IDENTITY_PROVIDER', 'TOTP'], assuranceLevel: 2 });
    expect((decode(payload.accessToken) as Record<string, unknown>).amr).toEqual(['fed', 'otp', 'mfa']);
  });

  describe('refusals', () => {
    const expectNoRedirect = (answer: { status: number; location: string | null; body: string }) => {
      expect(answer.status).toBe(400);
      expect(answer.location).toBeNull();
      expect(answer.body).toMatch(/no longer valid/);
    };

    it('an unknown state gets a 400 page and no redirect; so does a replayed one', async () => {
      const someone = person(provider);
      const callbackUrl = new URL(await providerRoundTrip(anonymous, server.origin, someone.sub));
      const forged = new URL(callbackUrl);
      forged.searchParams.set('state', 'A'.repeat(43));
      expectNoRedirect(await deliverCallback(forged.href));
      const noState = new URL(callbackUrl);
      noState.searchParams.delete('state');
      expectNoRedirect(await deliverCallback(noState.href));

      expect((await deliverCallback(callbackUrl.href)).fragment.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expectNoRedirect(await deliverCallback(callbackUrl.href));
    });

    it("a state of one round trip with another's code fails the exchange (PKCE), with nothing signed in", async () => {
      const someone = person(provider);
      const first = new URL(await providerRoundTrip(anonymous, server.origin, someone.sub));
      const second = new URL(await providerRoundTrip(anonymous, server.origin, someone.sub));
      const swapped = new URL(first);
      swapped.searchParams.set('state', second.searchParams.get('state')!);
      expect((await deliverCallback(swapped.href)).location).toBe(`${APP_REDIRECT_URI}#error=invalid_response`);
    });

    it('the person cancelling at the provider comes back with access_denied', async () => {
      const someone = person(provider);
      const callback = await deliverCallback(await providerRoundTrip(anonymous, server.origin, someone.sub, 'test', { cancel: true }));
      expect(callback.location).toBe(`${APP_REDIRECT_URI}#error=access_denied`);
    });

    // ID tokens signed with the provider's own key (valid against its JWKS) that say something else.
    const tampered: Array<[string, Parameters<TestOidcProvider['tamperIdToken']>[0]]> = [
      ['another nonce', { claims: (claims) => ({ ...claims, nonce: 'not-the-nonce-of-this-round-trip' }) }],
      ['another audience (the second client)', { claims: (claims) => ({ ...claims, aud: 'cloud-auth-test-trusted' }) }],
      ['expired', { claims: (claims) => ({ ...claims, iat: Math.floor(Date.now() / 1000) - 3600, exp: Math.floor(Date.now() / 1000) - 600 }) }],
      ['another issuer', { claims: (claims) => ({ ...claims, iss: 'https://idp.evil.example.com' }) }],
      ['a key the provider does not publish', { claims: (claims) => claims, key: 'foreign' }],
    ];
    for (const [what, tamper] of tampered) {
      it(`refuses an ID token with ${what} (invalid_response), and creates no account`, async () => {
        const someone = person(provider);
        const callbackUrl = await providerRoundTrip(anonymous, server.origin, someone.sub);
        provider.tamperIdToken(tamper);
        try {
          expect((await deliverCallback(callbackUrl)).location).toBe(`${APP_REDIRECT_URI}#error=invalid_response`);
        } finally {
          provider.tamperIdToken(null);
        }
        // Untampered, the same person signs in (and gets a new account: nothing was made before).
        expect(expectData(await signInWithProvider(anonymous, server.origin, someone.sub)).completeIdentityProviderSignIn.user.username).toBe(
          someone.preferred_username,
        );
      });
    }

    it('a malformed or unknown code is BAD_USER_INPUT on code', async () => {
      for (const code of ['', 'short', 'B'.repeat(43)]) {
        const result = await complete(code);
        expect(codesOf(result)).toEqual(['BAD_USER_INPUT']);
        expect(result.errors[0].extensions.fieldErrors).toHaveProperty('code');
      }
    });
  });
});

describe('a provider that is down', () => {
  let closedPort: number;
  let blackHole: Server;
  let server: TestServer;
  const held: import('node:net').Socket[] = [];

  beforeAll(async () => {
    // A port nobody listens on, and a server that accepts connections and never answers.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    blackHole = createServer((socket) => void held.push(socket));
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    const entry = (id: string, issuer: string) => ({ id, name: id, issuer, clientId: 'c', clientSecret: 's' });
    server = await startTestServer({
      IDENTITY_PROVIDERS: JSON.stringify([
        entry('closed', `http://127.0.0.1:${closedPort}`),
        entry('silent', `http://127.0.0.1:${(blackHole.address() as AddressInfo).port}`),
      ]),
      IDENTITY_REDIRECT_URIS: APP_REDIRECT_URI,
      IDENTITY_PROVIDER_TIMEOUT: '1',
    });
  });
  afterAll(async () => {
    await server?.stop();
    for (const socket of held) socket.destroy();
    await new Promise<void>((resolve) => blackHole.close(() => resolve()));
  });

  it('a closed port answers PROVIDER_UNAVAILABLE at once', async () => {
    const started = Date.now();
    const result = await new TestClient(server.url).run(StartIdentityProviderSignInDocument, { provider: 'closed', redirectUri: APP_REDIRECT_URI });
    expect(codesOf(result)).toEqual(['PROVIDER_UNAVAILABLE']);
    expect(result.errors[0].extensions.provider).toBe('closed');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('a provider that never answers gives PROVIDER_UNAVAILABLE after IDENTITY_PROVIDER_TIMEOUT, not a hang', async () => {
    const started = Date.now();
    const result = await new TestClient(server.url).run(StartIdentityProviderSignInDocument, { provider: 'silent', redirectUri: APP_REDIRECT_URI });
    const took = Date.now() - started;
    expect(codesOf(result)).toEqual(['PROVIDER_UNAVAILABLE']);
    expect(took).toBeGreaterThanOrEqual(900);
    expect(took).toBeLessThan(4000);
    // The answer carries no internals.
    expect(JSON.stringify(result.errors)).not.toMatch(/127\.0\.0\.1|stack|fetch/i);
  });

  it('the rest of the API keeps working meanwhile', async () => {
    const { client } = await signUpAndLogIn(server.url, 'downok');
    expect(expectData(await client.run(MeDocument)).me.username).toMatch(/^downok/);
    expect(newIdentity).toBeTypeOf('function');
  });
});
