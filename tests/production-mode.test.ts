import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/index.js';
import { postGraphQL } from './helpers/http.js';
import { codes, messages, rawRequest } from './helpers/hardening.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const LEAKS = /\bat .+:\d+:\d+|node_modules|\/src\/|stacktrace|"stack"|select |insert into|sqlite/i;

describe('production mode (NODE_ENV=production)', () => {
  let production: TestServer;
  let development: TestServer;
  beforeAll(async () => {
    [production, development] = await Promise.all([startTestServer({ NODE_ENV: 'production' }), startTestServer()]);
  });
  afterAll(() => Promise.all([production.stop(), development.stop()]));

  it('refuses introspection', async () => {
    const response = await postGraphQL(production.url, '{ __schema { queryType { name } } }');
    expect(response.status).toBe(400);
    expect(codes(response)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(messages(response)).toMatch(/introspection is not allowed/i);
  });

  it('gives no "Did you mean" hints for fields, arguments or input fields', async () => {
    const typos = [
      '{ mee { id } }',
      'mutation { login(input: { usernam: "a", password: "b" }) { accessToken } }',
      'mutation { verifyToken(tokn: "x") { valid } }',
    ];
    for (const query of typos) {
      const [hidden, shown] = await Promise.all([postGraphQL(production.url, query), postGraphQL(development.url, query)]);
      expect(messages(shown)).toMatch(/Did you mean/); // the hint exists, and only production removes it
      expect(hidden.status).toBe(400);
      expect(codes(hidden)).toEqual(codes(shown));
      expect(messages(hidden)).not.toMatch(/Did you mean/);
    }
  });

  it('removes hints from variable errors too', async () => {
    const query = 'mutation($input: LoginInput!) { login(input: $input) { accessToken } }';
    const response = await postGraphQL(production.url, query, { input: { usernam: 'a', password: 'b' } });
    expect(new Set(codes(response))).toEqual(new Set(['BAD_USER_INPUT']));
    expect(messages(response)).toMatch(/"usernam" is not defined/);
    expect(messages(response)).not.toMatch(/Did you mean/);
  });

  it('shows no stack trace, path or SQL in any kind of error', async () => {
    const json = { 'content-type': 'application/json' };
    const responses = await Promise.all([
      rawRequest(production.url, { method: 'POST', headers: json, body: '{"query": ' }),
      rawRequest(production.url, { method: 'POST', headers: json, body: JSON.stringify({ query: '{ me { id }' }) }),
      rawRequest(production.url, { method: 'POST', headers: json, body: JSON.stringify({ query: '{ me { id } }' }) }),
      rawRequest(production.url, { method: 'POST', headers: json, body: JSON.stringify({ query: '{ __typename }', variables: 'x'.repeat(200_000) }) }),
      rawRequest(production.url, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ query: 'mutation { revokeSession(id: "x\'; DROP TABLE users; --") }' }),
      }),
      rawRequest(`${production.origin}/nowhere`),
    ]);
    for (const response of responses) {
      expect(Array.isArray(response.json?.errors)).toBe(true);
      expect(response.text).not.toMatch(LEAKS);
    }
  });

  it('turns the landing page off', async () => {
    const response = await rawRequest(production.url, { headers: { accept: 'text/html' } });
    expect(response.headers.get('content-type')).not.toMatch(/text\/html/);
    expect(response.text).not.toContain('apollographql.com');
  });

  it('sends the strictest Content-Security-Policy, as nothing is HTML', async () => {
    const response = await rawRequest(`${production.origin}/healthz`);
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=/);
  });

  it('requires JWT_SECRET', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      new ConfigError('Invalid configuration: JWT_SECRET is required when NODE_ENV=production'),
    );
  });
});

describe('production mode with GRAPHQL_INTROSPECTION=true', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' });
  });
  afterAll(() => server.stop());

  it('answers introspection', async () => {
    const response = await postGraphQL(server.url, '{ __schema { queryType { name } } }');
    expect(response.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });
});
