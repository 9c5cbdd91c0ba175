import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newIdentity } from './helpers/accounts.js';
import { runExample, type ExampleProcess } from './helpers/example-process.js';
import { bearer, errorCodes, postGraphQL } from './helpers/http.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const examples = join(__dirname, '..', 'examples', 'supergraph');

/**
 * Consumer test 3 of issue 15: a supergraph nobody here wrote the router of. @apollo/gateway
 * (examples/supergraph/gateway.mjs) composes, over HTTP with IntrospectAndCompose, the real
 * cloud-auth server started with SUBGRAPH=true and the demo orders subgraph
 * (examples/supergraph/orders-subgraph.mjs), which extends cloud-auth's User with `orders`.
 * Every request below goes to the gateway only.
 */
describe('cloud-auth in an Apollo Federation 2 supergraph', () => {
  let auth: TestServer;
  let orders: ExampleProcess;
  let gateway: ExampleProcess;

  beforeAll(async () => {
    [auth, orders] = await Promise.all([
      startTestServer({ SUBGRAPH: 'true' }),
      runExample(join(examples, 'orders-subgraph.mjs'), { PORT: '0' }),
    ]);
    gateway = await runExample(join(examples, 'gateway.mjs'), { PORT: '0', CLOUD_AUTH_URL: auth.url, ORDERS_URL: orders.url });
  });

  afterAll(async () => {
    await gateway?.stop();
    await Promise.all([orders?.stop(), auth?.stop()]);
  });

  /** Signs up and in through the gateway: cloud-auth's mutations are part of the supergraph too. */
  async function signUpThroughGateway() {
    const identity = newIdentity('fed');
    const registered = await postGraphQL(
      gateway.url,
      'mutation R($input: RegisterInput!) { register(input: $input) { id username } }',
      { input: { ...identity, passwordConfirm: identity.password } },
    );
    expect(registered.errors).toBeUndefined();
    const login = await postGraphQL<{ login: { accessToken: string } }>(
      gateway.url,
      'mutation L($input: LoginInput!) { login(input: $input) { accessToken } }',
      { input: { username: identity.username, password: identity.password } },
    );
    expect(login.errors).toBeUndefined();
    return { identity, userId: registered.data!.register.id as string, accessToken: login.data!.login.accessToken };
  }

  it('answers me { username orders { id } } from both subgraphs, with the bearer token forwarded to cloud-auth', async () => {
    const alice = await signUpThroughGateway();
    const response = await postGraphQL(gateway.url, '{ me { username orders { id } } }', {}, bearer(alice.accessToken));
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({
      me: {
        username: alice.identity.username,
        // The orders subgraph was asked for the orders of the user cloud-auth resolved.
        orders: [{ id: `${alice.userId}:order-2` }, { id: `${alice.userId}:order-1` }],
      },
    });
  });

  it('tells each caller their own user: two tokens, two answers', async () => {
    const [alice, bob] = await Promise.all([signUpThroughGateway(), signUpThroughGateway()]);
    const query = '{ me { id username orders { id } } }';
    const [forAlice, forBob] = await Promise.all([
      postGraphQL(gateway.url, query, {}, bearer(alice.accessToken)),
      postGraphQL(gateway.url, query, {}, bearer(bob.accessToken)),
    ]);
    expect(forAlice.data?.me).toMatchObject({ id: alice.userId, username: alice.identity.username });
    expect(forBob.data?.me).toMatchObject({ id: bob.userId, username: bob.identity.username });
    expect(forBob.data?.me.orders[0].id).toBe(`${bob.userId}:order-2`);
  });

  it('answers me without a token with UNAUTHENTICATED, and no orders are fetched for nobody', async () => {
    const response = await postGraphQL(gateway.url, '{ me { username orders { id } } }');
    expect(response.data).toBeNull();
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    expect(JSON.stringify(response)).not.toMatch(/order-\d/);
  });

  it('refuses a token cloud-auth no longer accepts (logged out) through the gateway too', async () => {
    const alice = await signUpThroughGateway();
    const logout = await postGraphQL(gateway.url, 'mutation { logoutAll }', {}, bearer(alice.accessToken));
    expect(logout.errors).toBeUndefined();
    const response = await postGraphQL(gateway.url, '{ me { username orders { id } } }', {}, bearer(alice.accessToken));
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
  });
});
