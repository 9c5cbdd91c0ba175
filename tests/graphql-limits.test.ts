import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, postGraphQL, type GraphQLResponse } from './helpers/http.js';
import { codes, login, messages, registerUser } from './helpers/hardening.js';
import { signUpAndLogIn } from './helpers/accounts.js';
import { startTestServer, type TestServer } from './helpers/server.js';

/** A refusal of the whole document: HTTP 400, no data, every error a validation failure. */
function expectRefused(response: GraphQLResponse, limit: RegExp) {
  expect(response.status).toBe(400);
  expect(response.data).toBeUndefined();
  expect(codes(response).every((code) => code === 'GRAPHQL_VALIDATION_FAILED')).toBe(true);
  expect(messages(response)).toMatch(limit);
}

const aliasedLogins = (count: number, username: string, password: string) =>
  `mutation { ${Array.from(
    { length: count },
    (_, i) => `a${i}: login(input: { username: ${JSON.stringify(username)}, password: ${JSON.stringify(password)} }) { accessToken }`,
  ).join(' ')} }`;

describe('GraphQL document limits (defaults)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  /** How many sessions a user has, seen through one fresh login (which adds one). */
  const sessionsAfterOneLogin = async (username: string, password: string) => {
    const tokens = (await login(server.url, username, password)).data!.login;
    const sessions = await postGraphQL(server.url, '{ sessions { id } }', {}, bearer(tokens.accessToken));
    return sessions.data!.sessions.length;
  };

  it('refuses 30 aliased logins (alias and credential limits) and runs none of them', async () => {
    const user = await registerUser(server.url, 'alias');
    const response = await postGraphQL(server.url, aliasedLogins(30, user.username, user.password));
    expectRefused(response, /Aliases limit of 15 exceeded, found 30/);
    expect(messages(response)).toMatch(/Credential field limit of 1 per operation exceeded, found 30 \(login\)/);
    expect(await sessionsAfterOneLogin(user.username, user.password)).toBe(1);
  });

  it('refuses even two logins in one operation, so aliases never multiply password guesses', async () => {
    const user = await registerUser(server.url, 'twice');
    const response = await postGraphQL(server.url, aliasedLogins(2, user.username, 'guess-one-Guess-two'));
    expectRefused(response, /Credential field limit of 1 per operation exceeded, found 2/);
  });

  it('counts credential fields hidden in fragments and mixed kinds (login + verifyToken)', async () => {
    const query = `
      mutation { ...Guess verifyToken(token: "x") { valid } }
      fragment Guess on Mutation { login(input: { username: "a", password: "b" }) { accessToken } }`;
    expectRefused(await postGraphQL(server.url, query), /Credential field limit of 1 per operation exceeded, found 2 \(login, verifyToken\)/);
  });

  it('accepts 15 aliases', async () => {
    const { client, tokens } = await signUpAndLogIn(server.url, 'fifteen');
    void client;
    const query = `{ ${Array.from({ length: 15 }, (_, i) => `m${i}: me { id }`).join(' ')} }`;
    const response = await postGraphQL(server.url, query, {}, bearer(tokens.accessToken));
    expect(response.errors).toBeUndefined();
    expect(Object.keys(response.data!)).toHaveLength(15);
  });

  it('counts aliases of __typename like any other field: 101 of them are refused, 15 answered', async () => {
    const aliasedTypenames = (count: number) => `query cop { ${Array.from({ length: count }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    expectRefused(await postGraphQL(server.url, aliasedTypenames(101)), /Aliases limit of 15 exceeded, found 101/);
    expectRefused(await postGraphQL(server.url, aliasedTypenames(16)), /Aliases limit of 15 exceeded, found 16/);
    const fifteen = await postGraphQL(server.url, aliasedTypenames(15));
    expect(fifteen.errors).toBeUndefined();
    expect(Object.keys(fifteen.data!)).toHaveLength(15);
  });

  it('answers a repeated directive with at most 6 errors, however often the document repeats it', async () => {
    for (const repeated of ['@aa', '@skip(if: false)']) {
      for (const times of [10, 40, 120]) {
        const response = await postGraphQL(server.url, `query cop { __typename ${`${repeated} `.repeat(times)}}`);
        expectRefused(response, /Validation error limit of 5 exceeded|Directives limit of 50 exceeded/);
        expect(response.errors!.length, `${repeated} x ${times}`).toBeLessThanOrEqual(6);
      }
    }
    const tenUnknown = await postGraphQL(server.url, `query cop { __typename ${'@aa'.repeat(10)} }`);
    expect(messages(tenUnknown)).toMatch(/Unknown directive "@aa"/);
    expect(tenUnknown.errors!.at(-1)!.message).toBe(
      'Validation error limit of 5 exceeded: the document was refused without being validated further.',
    );
  });

  it('refuses a document nested 21 deep', async () => {
    const query = `{ ${'me { '.repeat(21)}id${' }'.repeat(21)} }`;
    expectRefused(await postGraphQL(server.url, query), /Query depth limit of 10 exceeded, found 2\d/);
  });

  it('refuses more than 50 directives', async () => {
    const query = `{ __typename ${'@skip(if: false) '.repeat(51)}}`;
    expectRefused(await postGraphQL(server.url, query), /Directives limit of 50 exceeded, found 51/);
  });

  it('refuses a 20,000-alias document quickly, without executing it, while a concurrent me still answers', async () => {
    const { tokens } = await signUpAndLogIn(server.url, 'huge');
    // 5 bytes per alias: just under the 100 kB body limit, so that the GraphQL limits are what refuse it.
    const huge = `{${'a:me '.repeat(20_000)}}`;
    const started = performance.now();
    const [refusals, me] = await Promise.all([
      Promise.all(Array.from({ length: 4 }, () => postGraphQL(server.url, huge))),
      postGraphQL(server.url, '{ me { id } }', {}, bearer(tokens.accessToken)),
    ]);
    const elapsed = performance.now() - started;
    for (const refusal of refusals) expectRefused(refusal, /Token limit of 1000 exceeded/);
    expect(me.status).toBe(200);
    expect(me.data!.me.id).toEqual(expect.any(String));
    expect(elapsed).toBeLessThan(2_000);
  });

  it('admits the full introspection query that Apollo Sandbox and codegen send', async () => {
    const query = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
    });
    const response = await postGraphQL(server.url, query);
    expect(response.errors).toBeUndefined();
    expect(response.data!.__schema.queryType.name).toBe('Query');
  });
});

describe('GraphQL document limits (configured)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      GRAPHQL_MAX_ALIASES: '2',
      GRAPHQL_MAX_DEPTH: '2',
      GRAPHQL_MAX_TOKENS: '60',
      GRAPHQL_MAX_DIRECTIVES: '1',
      GRAPHQL_MAX_COST: '3',
    });
  });
  afterAll(() => server.stop());

  it('applies each configured limit and names it', async () => {
    expectRefused(await postGraphQL(server.url, '{ a: me { id } b: me { id } c: me { id } }'), /Aliases limit of 2 exceeded, found 3/);
    expectRefused(await postGraphQL(server.url, '{ me { id } }'), /Query Cost limit of 3 exceeded/);
    expectRefused(await postGraphQL(server.url, '{ __typename @skip(if: false) @include(if: true) }'), /Directives limit of 1 exceeded/);
    expectRefused(await postGraphQL(server.url, `{ ${'__typename '.repeat(61)}}`), /Token limit of 60 exceeded/);
    expectRefused(await postGraphQL(server.url, '{ me { id } }'.replace('id', 'a { b { c } }')), /depth limit of 2 exceeded/);
  });
});
