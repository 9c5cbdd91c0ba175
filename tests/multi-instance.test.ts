import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newIdentity } from './helpers/accounts.js';
import { onPostgres } from './helpers/database.js';
import { bearer, errorCodes, postGraphQL } from './helpers/http.js';
import { startCluster, type Cluster } from './helpers/instances.js';

const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) { id } }`;
const LOGIN = `mutation ($input: LoginInput!) { login(input: $input) { accessToken refreshToken user { id } } }`;
const ME = `query { me { id } }`;
const REFRESH = `mutation ($t: String!) { refreshToken(refreshToken: $t) { accessToken refreshToken } }`;
const LOGOUT = `mutation ($t: String!) { logout(refreshToken: $t) }`;

// Several instances share one database only on PostgreSQL (SQLite is one file on one machine).
describe.runIf(onPostgres)('three instances behind a round-robin balancer, on one PostgreSQL database', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    // Strict reuse detection across instances (the reuse interval: refresh-reuse-interval.test.ts).
    cluster = await startCluster(3, { REFRESH_REUSE_INTERVAL: '0' });
  });
  afterAll(() => cluster.stop());

  async function signUp(prefix: string) {
    const identity = newIdentity(prefix);
    const registered = await postGraphQL(cluster.urls[0], REGISTER, { input: { ...identity, passwordConfirm: identity.password } });
    expect(registered.data?.register.id).toBeTruthy();
    return identity;
  }

  const login = async (url: string, identity: { username: string; password: string }) =>
    (await postGraphQL(url, LOGIN, { input: { username: identity.username, password: identity.password } })).data!.login;

  it('serves a journey spread round-robin over every instance', async () => {
    const identity = newIdentity('roundrobin');
    const registered = await postGraphQL(cluster.next(), REGISTER, { input: { ...identity, passwordConfirm: identity.password } });
    let tokens = (await postGraphQL(cluster.next(), LOGIN, { input: { username: identity.username, password: identity.password } }))
      .data!.login;
    for (let round = 0; round < 3; round += 1) {
      expect((await postGraphQL(cluster.next(), ME, {}, bearer(tokens.accessToken))).data?.me.id).toBe(registered.data!.register.id);
      tokens = (await postGraphQL(cluster.next(), REFRESH, { t: tokens.refreshToken })).data!.refreshToken;
      expect(tokens.accessToken).toBeTruthy();
    }
  });

  it('lets a user registered on one instance log in on the others', async () => {
    const identity = await signUp('everywhere');
    for (const url of cluster.urls.slice(1)) expect((await login(url, identity)).user.id).toBeTruthy();
  });

  it('treats a refresh token rotated on one instance as reuse on another, revoking the session everywhere', async () => {
    const identity = await signUp('reuse');
    const first = await login(cluster.urls[0], identity);
    const rotated = (await postGraphQL(cluster.urls[0], REFRESH, { t: first.refreshToken })).data!.refreshToken;

    const reuse = await postGraphQL(cluster.urls[1], REFRESH, { t: first.refreshToken });
    expect(errorCodes(reuse)).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await postGraphQL(cluster.urls[2], REFRESH, { t: rotated.refreshToken }))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await postGraphQL(cluster.urls[0], ME, {}, bearer(rotated.accessToken)))).toEqual(['UNAUTHENTICATED']);
  });

  it('ends access tokens on every instance at once when the session logs out on one', async () => {
    const identity = await signUp('logout');
    const tokens = await login(cluster.urls[1], identity);
    for (const url of cluster.urls) expect((await postGraphQL(url, ME, {}, bearer(tokens.accessToken))).data?.me).toBeTruthy();

    expect((await postGraphQL(cluster.urls[0], LOGOUT, { t: tokens.refreshToken })).data?.logout).toBe(true);
    for (const url of cluster.urls) {
      expect(errorCodes(await postGraphQL(url, ME, {}, bearer(tokens.accessToken)))).toEqual(['UNAUTHENTICATED']);
    }
  });

  it('makes exactly one user when instances race to register one name', async () => {
    const identity = newIdentity('clusterrace');
    const attempts = await Promise.all(
      cluster.urls.flatMap((url, i) =>
        [0, 1].map((j) =>
          postGraphQL(url, REGISTER, { input: { ...identity, email: `r${i}${j}.${identity.email}`, passwordConfirm: identity.password } }),
        ),
      ),
    );
    expect(attempts.filter((a) => a.data?.register).length).toBe(1);
    expect(attempts.filter((a) => errorCodes(a)[0] === 'BAD_USER_INPUT').length).toBe(attempts.length - 1);
  });

  it('gives new tokens to exactly one of concurrent refreshes of one token sent to different instances', async () => {
    const identity = await signUp('clustercas');
    const tokens = await login(cluster.urls[0], identity);
    const attempts = await Promise.all(cluster.urls.flatMap((url) => [url, url].map((u) => postGraphQL(u, REFRESH, { t: tokens.refreshToken }))));
    expect(attempts.filter((a) => a.data?.refreshToken).length).toBe(1);
  });
});
