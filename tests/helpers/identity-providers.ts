import { expectData, type TestClient } from './client.js';
import { deliverCallback, signInAtProvider, type TestOidcProvider } from './oidc-provider.js';
import { CompleteIdentityProviderSignInDocument, StartIdentityProviderSignInDocument } from './provider-operations.js';

/** The app's page the callback sends the browser back to (IDENTITY_REDIRECT_URIS of the tests). */
export const APP_REDIRECT_URI = 'http://localhost:3000/auth/done';

export const TEST_CLIENT = { clientId: 'cloud-auth-test', clientSecret: 'test-client-secret-0123456789abcdef' };

/** IDENTITY_PROVIDERS for one oidc-provider, as provider ids `test` (untrusted) and `trusted` (trustEmailForLinking). */
export function providersEnv(provider: Pick<TestOidcProvider, 'issuer'>, extra: Record<string, string> = {}): Record<string, string> {
  const entry = (id: string, name: string, trust: boolean) => ({
    id,
    name,
    issuer: provider.issuer,
    clientId: `${TEST_CLIENT.clientId}-${id}`,
    clientSecret: TEST_CLIENT.clientSecret,
    trustEmailForLinking: trust,
  });
  return {
    IDENTITY_PROVIDERS: JSON.stringify([entry('test', 'Test Provider', false), entry('trusted', 'Trusted Provider', true)]),
    IDENTITY_REDIRECT_URIS: APP_REDIRECT_URI,
    ...extra,
  };
}

/** The provider's clients for the servers at `origins` (each provider id a client of its own). */
export function providerClients(origins: string[]) {
  return ['test', 'trusted'].map((id) => ({
    clientId: `${TEST_CLIENT.clientId}-${id}`,
    clientSecret: TEST_CLIENT.clientSecret,
    redirectUris: origins.map((origin) => `${origin}/auth/callback/${id}`),
  }));
}

/** Start on `client`'s server, sign in at the provider as `login`: the callback URL the provider sends the browser to. */
export async function providerRoundTrip(client: TestClient, origin: string, login: string, provider = 'test', options: { cancel?: boolean } = {}) {
  const url = expectData(await client.run(StartIdentityProviderSignInDocument, { provider, redirectUri: APP_REDIRECT_URI })).startIdentityProviderSignIn;
  return signInAtProvider(url, login, `${origin}/auth/callback/`, options);
}

/** The whole sign-in as a browser and the app do it: the round trip, the callback, then completeIdentityProviderSignIn. */
export async function signInWithProvider(client: TestClient, origin: string, login: string, provider = 'test') {
  const callback = await deliverCallback(await providerRoundTrip(client, origin, login, provider));
  const code = callback.fragment.get('code');
  if (!code) throw new Error(`expected #code=, got ${callback.status} ${callback.location}`);
  return client.run(CompleteIdentityProviderSignInDocument, { code });
}
