import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codesOf, expectData, TestClient } from './helpers/client.js';
import { onPostgres } from './helpers/database.js';
import { APP_REDIRECT_URI, providerClients, providerRoundTrip, providersEnv } from './helpers/identity-providers.js';
import { startCluster, type Cluster } from './helpers/instances.js';
import { deliverCallback, startOidcProvider, type TestOidcProvider } from './helpers/oidc-provider.js';
import { CompleteIdentityProviderSignInDocument } from './helpers/provider-operations.js';

/**
 * A provider sign-in behind a balancer: the round trip's state, the callback code and the account
 * are in PostgreSQL, so each step may land on another instance, and a used state or code is
 * refused by all of them.
 */
describe.runIf(onPostgres)('identity provider sign-in across three instances on one PostgreSQL database', () => {
  let provider: TestOidcProvider;
  let cluster: Cluster;
  const origins = () => cluster.instances.map((instance) => instance.origin);

  beforeAll(async () => {
    provider = await startOidcProvider();
    cluster = await startCluster(3, providersEnv(provider));
    await provider.setClients(providerClients(origins()));
  });
  afterAll(async () => {
    await cluster?.stop();
    await provider?.stop();
  });

  /** The same callback request, sent to instance `index` instead of the one the provider named. */
  const onInstance = (callbackUrl: string, index: number) => {
    const url = new URL(callbackUrl);
    const target = new URL(origins()[index]);
    url.host = target.host;
    return url.href;
  };

  it('starts on one instance, takes the callback on a second and completes on the third; the state and the code work once everywhere', async () => {
    provider.addAccount({ sub: 'spread-1', email: 'spread-1@idp.example.com', email_verified: true, preferred_username: 'spread1' });
    const callbackUrl = await providerRoundTrip(new TestClient(cluster.urls[0]), origins()[0], 'spread-1');
    expect(callbackUrl.startsWith(`${origins()[0]}/auth/callback/test?`)).toBe(true);

    const callback = await deliverCallback(onInstance(callbackUrl, 1));
    expect(callback.status).toBe(303);
    const code = callback.fragment.get('code')!;
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    for (const index of [0, 2]) expect((await deliverCallback(onInstance(callbackUrl, index))).status).toBe(400);

    const payload = expectData(await new TestClient(cluster.urls[2]).run(CompleteIdentityProviderSignInDocument, { code })).completeIdentityProviderSignIn;
    expect(payload.user.username).toBe('spread1');
    for (const url of cluster.urls.slice(0, 2)) {
      expect(codesOf(await new TestClient(url).run(CompleteIdentityProviderSignInDocument, { code }))).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('two instances taking the same callback at once: exactly one redirects with a code', async () => {
    provider.addAccount({ sub: 'spread-2', email: 'spread-2@idp.example.com', email_verified: true, preferred_username: 'spread2' });
    const callbackUrl = await providerRoundTrip(new TestClient(cluster.urls[0]), origins()[0], 'spread-2');
    const answers = await Promise.all([1, 2].map((index) => deliverCallback(onInstance(callbackUrl, index))));
    expect(answers.map((answer) => answer.status).sort()).toEqual([303, 400]);
    expect(answers.find((answer) => answer.status === 303)!.location!.startsWith(`${APP_REDIRECT_URI}#code=`)).toBe(true);
  });
});
