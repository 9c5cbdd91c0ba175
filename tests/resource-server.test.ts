import { join } from 'node:path';
import { ApolloClient, CombinedGraphQLErrors, HttpLink, InMemoryCache } from '@apollo/client';
import { parse } from 'graphql';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpAndLogIn } from './helpers/accounts.js';
import { bearer, postGraphQL } from './helpers/http.js';
import { signUpAdmin } from './helpers/lifecycle.js';
import { runExample, type ExampleProcess } from './helpers/example-process.js';
import { startTestServer, type TestServer } from './helpers/server.js';

/**
 * A GraphQL server nobody here wrote — GraphQL Yoga 5 with @graphql-yoga/plugin-jwt, in a
 * process of its own (examples/resource-server/server.mjs) — checks cloud-auth's access tokens
 * against the published JWK Set alone, and a Node app on Apollo Client calls it with them.
 */

const RESOURCE_SERVER = join(__dirname, '..', 'examples', 'resource-server', 'server.mjs');
// Short enough that a test can wait for a token to expire, long enough for a slow machine.
const ACCESS_TOKEN_TTL_SECONDS = 4;
// How long the resource server trusts a fetched key before reading the set again.
const JWKS_CACHE_MS = 1_000;

// parse(), not gql: these are the resource server's operations, not cloud-auth's, and codegen
// checks every gql document against schema.graphql.
const VIEWER = parse(`
  query Viewer {
    viewer {
      id
      role
      sessionId
      authMethods
      assuranceLevel
    }
  }
`);
const ADD_NOTE = parse(`
  mutation AddNote($text: String!) {
    addNote(text: $text) {
      id
      text
    }
  }
`);
const NOTES = parse(`
  query Notes {
    notes {
      id
      text
    }
  }
`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Apollo Client pointed at the resource server, sending `token` (when given) as a bearer token;
 * `statuses` collects the HTTP status of each answer (a refused token is an HTTP 401 there).
 */
function clientFor(url: string, token?: string, statuses: number[] = []) {
  const recordingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    statuses.push(response.status);
    return response;
  };
  return new ApolloClient({
    link: new HttpLink({ uri: url, fetch: recordingFetch, headers: token ? { authorization: `Bearer ${token}` } : {} }),
    cache: new InMemoryCache(),
  });
}

interface Viewer {
  id: string;
  role: string;
  sessionId: string;
  authMethods: string[];
  assuranceLevel: number;
}

/** What the resource server answered a query with `token`: its data, the HTTP status, the error codes. */
async function ask(url: string, token?: string) {
  const statuses: number[] = [];
  const result = await clientFor(url, token, statuses).query({ query: VIEWER, fetchPolicy: 'no-cache', errorPolicy: 'all' });
  const error = result.error;
  return {
    viewer: (result.data as { viewer?: Viewer } | undefined)?.viewer ?? undefined,
    status: statuses[0],
    codes: CombinedGraphQLErrors.is(error) ? error.errors.map((e) => e.extensions?.code) : [],
  };
}

describe('a GraphQL server nobody here wrote (GraphQL Yoga + its JWT plugin) trusts cloud-auth tokens', () => {
  let server: TestServer;
  let resourceServer: ExampleProcess;
  let jwksKids: () => Promise<string[]>;

  beforeAll(async () => {
    server = await startTestServer({ ACCESS_TOKEN_TTL: String(ACCESS_TOKEN_TTL_SECONDS) });
    const discovery = (await (await fetch(`${server.origin}/.well-known/openid-configuration`)).json()) as { issuer: string };
    resourceServer = await runExample(RESOURCE_SERVER, {
      HOST: '127.0.0.1',
      PORT: '0',
      CLOUD_AUTH_URL: server.origin,
      JWT_ISSUER: discovery.issuer,
      JWT_AUDIENCE: 'cloud-auth',
      JWT_ALGORITHM: 'ES256',
      JWKS_CACHE_MS: String(JWKS_CACHE_MS),
    });
    jwksKids = async () => {
      const set = (await (await fetch(`${server.origin}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
      return set.keys.map((key) => key.kid);
    };
  });
  afterAll(async () => {
    await resourceServer?.stop();
    await server?.stop();
  });

  it('answers Apollo Client with its own data for the user a cloud-auth access token names', async () => {
    const { user, tokens } = await signUpAndLogIn(server.url, 'yoga');
    const answer = await ask(resourceServer.url, tokens.accessToken);
    expect(answer.codes).toEqual([]);
    expect(answer.viewer).toMatchObject({ id: user.id, role: 'USER', authMethods: ['pwd'], assuranceLevel: 1 });

    const client = clientFor(resourceServer.url, tokens.accessToken);
    await client.mutate({ mutation: ADD_NOTE, variables: { text: 'milk' }, errorPolicy: 'all' });
    const notes = await client.query({ query: NOTES, fetchPolicy: 'no-cache', errorPolicy: 'all' });
    expect((notes.data as { notes: { text: string }[] }).notes.map((note) => note.text)).toEqual(['milk']);
  });

  it('asks for a sign-in when no token comes, and refuses a token cloud-auth did not sign', async () => {
    expect((await ask(resourceServer.url)).codes).toEqual(['UNAUTHENTICATED']);

    // Same kid, issuer, audience and claims as a real token, but another key's signature.
    const { user } = await signUpAndLogIn(server.url, 'forger');
    const [kid] = await jwksKids();
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ sid: user.id, role: 'ADMIN', amr: ['pwd'], aal: 1 })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
      .setSubject(user.id)
      .setIssuer('cloud-auth')
      .setAudience('cloud-auth')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    const answer = await ask(resourceServer.url, forged);
    expect(answer.viewer).toBeUndefined();
    expect(answer.status).toBe(401);
  });

  it('refuses a cloud-auth token once it has expired', async () => {
    const { tokens } = await signUpAndLogIn(server.url, 'expiry');
    expect((await ask(resourceServer.url, tokens.accessToken)).viewer).toBeDefined();
    await sleep(ACCESS_TOKEN_TTL_SECONDS * 1000 + 1_200);
    const answer = await ask(resourceServer.url, tokens.accessToken);
    expect(answer.viewer).toBeUndefined();
    expect(answer.status).toBe(401);
  });

  it('keeps accepting tokens across a key rotation, and refuses a revoked key once it re-reads the set', async () => {
    const { client: admin } = await signUpAdmin(server);
    const { tokens: before } = await signUpAndLogIn(server.url, 'rotation');
    const oldKid = JSON.parse(Buffer.from(before.accessToken.split('.')[0], 'base64url').toString()).kid;
    expect((await ask(resourceServer.url, before.accessToken)).viewer).toBeDefined();

    const rotated = await postGraphQL(server.url, 'mutation { rotateSigningKey { kid state } }', {}, bearer(admin.accessToken!));
    expect(rotated.errors).toBeUndefined();
    const { tokens: after } = await signUpAndLogIn(server.url, 'rotated');
    const newKid = JSON.parse(Buffer.from(after.accessToken.split('.')[0], 'base64url').toString()).kid;
    expect(newKid).not.toBe(oldKid);
    // Both the token signed before the rotation and the one signed after it are accepted.
    expect((await ask(resourceServer.url, before.accessToken)).viewer).toBeDefined();
    expect((await ask(resourceServer.url, after.accessToken)).viewer).toBeDefined();

    const revoked = await postGraphQL(
      server.url,
      'mutation Revoke($kid: ID!) { revokeSigningKey(kid: $kid) { kid state } }',
      { kid: oldKid },
      bearer(admin.accessToken!),
    );
    expect(revoked.errors).toBeUndefined();
    expect(await jwksKids()).not.toContain(oldKid);
    await sleep(JWKS_CACHE_MS + 500);
    const refused = await ask(resourceServer.url, before.accessToken);
    expect(refused.viewer).toBeUndefined();
    // The plugin cannot tell a key that left the set from a key server that is down: it answers
    // 500 "Authentication is not available at the moment" (plugin-jwt 3), never the data.
    expect(refused.status).toBe(500);
    expect((await ask(resourceServer.url, after.accessToken)).viewer).toBeDefined();
  });
});
