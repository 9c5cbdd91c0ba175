import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newIdentity } from './helpers/accounts.js';
import { postGraphQL } from './helpers/http.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const openInBrowser = (url: string) => fetch(url, { headers: { accept: 'text/html' }, signal: AbortSignal.timeout(15_000) });

describe('Apollo Sandbox in development', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('shows the Sandbox landing page to a browser that opens /graphql', async () => {
    const page = await openInBrowser(server.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('sandbox.embed.apollographql.com');
  });

  it("accepts Sandbox's requests: JSON POSTs, and GETs with its preflight header", async () => {
    const identity = newIdentity('sandbox');
    const registered = await postGraphQL(server.url, `mutation($input: RegisterInput!) { register(input: $input) { id } }`, {
      input: { ...identity, passwordConfirm: identity.password },
    });
    expect(registered.errors).toBeUndefined();
    const get = await fetch(`${server.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('signs in the way the README tells: login, then the Authorization header', async () => {
    const identity = newIdentity('sandbox');
    await postGraphQL(server.url, `mutation($input: RegisterInput!) { register(input: $input) { id } }`, {
      input: { ...identity, passwordConfirm: identity.password },
    });
    const login = await postGraphQL(server.url, `mutation($input: LoginInput!) { login(input: $input) { accessToken } }`, {
      input: { username: identity.username, password: identity.password },
    });
    const me = await postGraphQL(server.url, `query { me { username } }`, {}, {
      authorization: `Bearer ${login.data?.login.accessToken}`,
    });
    expect(me.data).toEqual({ me: { username: identity.username } });
  });
});

describe('Apollo Sandbox in production', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ NODE_ENV: 'production' });
  });
  afterAll(() => server.stop());

  it('is not served: a browser opening /graphql gets no landing page', async () => {
    const page = await openInBrowser(server.url);
    expect(page.headers.get('content-type')).not.toMatch(/^text\/html/);
    expect(await page.text()).not.toContain('apollographql.com');
  });
});
