import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, postGraphQL } from './helpers/http.js';
import { codes, from, login, LOGIN, rawRequest, REGISTER, registerUser } from './helpers/hardening.js';
import { newIdentity } from './helpers/accounts.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const JSON_HEADERS = { 'content-type': 'application/json' };

/** Every HTTP-level refusal: the status, a JSON `errors` array, and nothing of the server's insides. */
function expectJsonRefusal(response: { status: number; json: any; text: string }, status: number) {
  expect(response.status).toBe(status);
  expect(Array.isArray(response.json?.errors)).toBe(true);
  expect(response.json.errors[0].message).toEqual(expect.any(String));
  expect(response.text).not.toMatch(/\bat .+:\d+:\d+|node_modules|<html|stack/i);
}

describe('HTTP edge cases', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('answers malformed JSON with 400 and a JSON errors array', async () => {
    const response = await rawRequest(server.url, { method: 'POST', headers: JSON_HEADERS, body: '{"query": "{ me { id } }"' });
    expectJsonRefusal(response, 400);
    expect(response.json.errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('answers a 5 MB body with 413 and a JSON errors array', async () => {
    const body = JSON.stringify({ query: '{ me { id } }', variables: { padding: 'x'.repeat(5 * 1024 * 1024) } });
    const started = performance.now();
    const response = await rawRequest(server.url, { method: 'POST', headers: JSON_HEADERS, body });
    expectJsonRefusal(response, 413);
    expect(response.json.errors[0].message).toMatch(/larger than the limit of 100kb/);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  // The plain JSON body (src/http/json-body.ts) is read without body-parser; these are its edges.
  it('answers a JSON body that is not an object or an array with 400, as body-parser\'s strict mode did', async () => {
    for (const body of ['"{ me { id } }"', '123', 'null']) {
      const response = await rawRequest(server.url, { method: 'POST', headers: JSON_HEADERS, body });
      expectJsonRefusal(response, 400);
      expect(response.json.errors[0].message).toBe('The request body is not valid JSON.');
    }
  });

  it('reads an empty JSON body as an empty request (400 from Apollo: no query), a leading BOM as nothing', async () => {
    const empty = await rawRequest(server.url, { method: 'POST', headers: JSON_HEADERS, body: '' });
    expectJsonRefusal(empty, 400);
    const withBom = await rawRequest(server.url, { method: 'POST', headers: JSON_HEADERS, body: `\uFEFF${JSON.stringify({ query: '{ __typename }' })}` });
    expect(withBom.json).toEqual({ data: { __typename: 'Query' } });
  });

  it('reads a body sent in small pieces, a multi-byte character split between two of them', async () => {
    // The password is hashed, not echoed: the login (one piece) succeeds only if the register (in
    // pieces) read the same characters.
    const identity = { ...newIdentity('pieces'), password: 'Čapek-Ödön-名前-pass' };
    const query = 'mutation ($input: RegisterInput!) { register(input: $input) { username } }';
    const body = Buffer.from(JSON.stringify({ query, variables: { input: { ...identity, passwordConfirm: identity.password } } }));
    const answer = await socketRequest(server.origin, body, [7, body.indexOf(Buffer.from('名')) + 1, body.length - 3]);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ data: { register: { username: identity.username } } });
    const signedIn = await login(server.url, identity.username, identity.password);
    expect(signedIn.data?.login.accessToken).toEqual(expect.any(String));
  });

  it('survives a client that sends half of its declared body and hangs up, and answers the next request', async () => {
    const body = Buffer.from(JSON.stringify({ query: '{ __typename }' }));
    await socketRequest(server.origin, body, [10], { hangUpAfter: 10 }).catch(() => undefined);
    const next = await rawRequest(server.url, { method: 'POST', headers: JSON_HEADERS, body: body.toString() });
    expect(next.json).toEqual({ data: { __typename: 'Query' } });
  });

  it('still takes application/json with a charset through the general parser, and refuses another charset with 415', async () => {
    const body = JSON.stringify({ query: '{ __typename }' });
    const utf8 = await rawRequest(server.url, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body });
    expect(utf8.json).toEqual({ data: { __typename: 'Query' } });
    const latin1 = await rawRequest(server.url, { method: 'POST', headers: { 'content-type': 'application/json; charset=latin1' }, body });
    expectJsonRefusal(latin1, 415);
  });

  it('refuses text/plain, form and multipart POSTs without a preflight header as CSRF (400)', async () => {
    const query = JSON.stringify({ query: '{ __typename }' });
    const form = new FormData();
    form.set('query', '{ __typename }');
    const attempts = [
      rawRequest(server.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: query }),
      rawRequest(server.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'query=%7B__typename%7D' }),
      rawRequest(server.url, { method: 'POST', body: form }),
      rawRequest(server.url, { method: 'POST', body: query }),
    ];
    for (const response of await Promise.all(attempts)) {
      expectJsonRefusal(response, 400);
      expect(response.json.errors[0].message).toMatch(/Cross-Site Request Forgery/);
    }
  });

  it('answers a preflighted POST that is still not JSON with 415', async () => {
    const response = await rawRequest(server.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'apollo-require-preflight': 'true' },
      body: '{ __typename }',
    });
    expectJsonRefusal(response, 415);
  });

  it('answers a GET carrying a mutation with 405 and executes nothing', async () => {
    const identity = newIdentity('getmut');
    const input = { ...identity, passwordConfirm: identity.password };
    const search = new URLSearchParams({ query: REGISTER, variables: JSON.stringify({ input }) });
    const response = await rawRequest(`${server.url}?${search}`, { headers: { 'apollo-require-preflight': 'true' } });
    expectJsonRefusal(response, 405);
    expect(response.headers.get('allow')).toBe('POST');
    // The name is still free: the GET registered no one.
    const registered = await postGraphQL(server.url, REGISTER, { input });
    expect(registered.errors).toBeUndefined();
  });

  it('refuses a GET without a preflight header (CSRF prevention stays on)', async () => {
    const response = await rawRequest(`${server.url}?query=${encodeURIComponent('{ __typename }')}`);
    expectJsonRefusal(response, 400);
    expect(response.json.errors[0].message).toMatch(/Cross-Site Request Forgery/);
  });

  it('refuses 20 logins batched in one request and runs none of them', async () => {
    const user = await registerUser(server.url, 'batch');
    const batch = Array.from({ length: 20 }, () => ({ query: LOGIN, variables: { input: { username: user.username, password: user.password } } }));
    const response = await rawRequest(server.url, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(batch) });
    expectJsonRefusal(response, 400);
    expect(response.json.errors[0].message).toMatch(/Batched operations are not accepted/);
    // Only the session of this login exists: the batch started none.
    const tokens = (await login(server.url, user.username, user.password)).data!.login;
    const sessions = await postGraphQL(server.url, '{ sessions { id } }', {}, bearer(tokens.accessToken));
    expect(sessions.data!.sessions).toHaveLength(1);
  });

  it('answers an unknown route with 404 JSON', async () => {
    const response = await rawRequest(`${server.origin}/no/such/route`);
    expectJsonRefusal(response, 404);
    expect(response.json.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('answers another method on /graphql with a JSON error', async () => {
    const response = await rawRequest(server.url, { method: 'PUT', headers: JSON_HEADERS, body: '{}' });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(Array.isArray(response.json?.errors)).toBe(true);
  });

  it('marks every /graphql answer Cache-Control: no-store, whatever its status', async () => {
    const user = await registerUser(server.url, 'nostore');
    const post = (body: string, headers: Record<string, string> = JSON_HEADERS) => rawRequest(server.url, { method: 'POST', headers, body });
    const answers = await Promise.all([
      post(JSON.stringify({ query: LOGIN, variables: { input: { username: user.username, password: user.password } } })),
      post(JSON.stringify({ query: LOGIN, variables: { input: { username: user.username, password: 'Not-the-password-1' } } })),
      post(JSON.stringify({ query: '{ nope }' })),
      post('{"query": '),
      post(JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(200_000) } })),
      post(JSON.stringify({ query: '{ __typename }' }), { 'content-type': 'text/plain' }),
      post('{ __typename }', { 'content-type': 'text/plain', 'apollo-require-preflight': 'true' }),
      post(JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }])),
      // A persisted-query miss, which Apollo itself marks "private, no-cache".
      post(JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } })),
      rawRequest(`${server.url}?query=${encodeURIComponent('mutation { logout }')}`, { headers: { 'apollo-require-preflight': 'true' } }),
      rawRequest(`${server.url}?query=${encodeURIComponent('{ __typename }')}`),
      rawRequest(server.url, { method: 'PUT', headers: JSON_HEADERS, body: '{}' }),
      rawRequest(server.url, { method: 'OPTIONS', headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST' } }),
    ]);
    expect(answers[0].json.data.login.accessToken).toEqual(expect.any(String));
    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([200, 204, 400, 405, 413, 415]));
    for (const answer of answers) expect(answer.headers.get('cache-control'), `status ${answer.status}: ${answer.text}`).toBe('no-store');
  });

  it('sends security headers and hides the framework', async () => {
    const response = await rawRequest(`${server.origin}/healthz`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('still serves the Apollo Sandbox landing page in development, with nothing blocking its scripts', async () => {
    const response = await rawRequest(server.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(response.text).toContain('embeddable-sandbox.cdn.apollographql.com');
    // The page carries its own nonce-based policy; a stricter header policy would block the CDN script.
    expect(response.text).toMatch(/http-equiv="Content-Security-Policy"/);
    expect(response.headers.get('content-security-policy')).toBeNull();
  });
});

describe('CORS', () => {
  let development: TestServer;
  let production: TestServer;
  beforeAll(async () => {
    development = await startTestServer();
    production = await startTestServer({ NODE_ENV: 'production', CORS_ORIGINS: 'https://app.example.com' });
  });
  afterAll(() => Promise.all([development.stop(), production.stop()]));

  const preflight = (url: string, origin: string) =>
    rawRequest(url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
    });

  it('admits localhost origins and Apollo Sandbox in development, and nobody else', async () => {
    for (const origin of ['http://localhost:3000', 'http://127.0.0.1:5173', 'https://studio.apollographql.com']) {
      const response = await preflight(development.url, origin);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(response.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    }
    const evil = await preflight(development.url, 'https://evil.example.com');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('admits only the listed origins in production', async () => {
    expect((await preflight(production.url, 'https://app.example.com')).headers.get('access-control-allow-origin')).toBe(
      'https://app.example.com',
    );
    for (const origin of ['http://localhost:3000', 'https://studio.apollographql.com', 'https://evil.example.com']) {
      expect((await preflight(production.url, origin)).headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});

describe('TRUST_PROXY', () => {
  let direct: TestServer;
  let behindProxy: TestServer;
  beforeAll(async () => {
    direct = await startTestServer();
    behindProxy = await startTestServer({ TRUST_PROXY: 'loopback' });
  });
  afterAll(() => Promise.all([direct.stop(), behindProxy.stop()]));

  const sessionAddress = async (server: TestServer) => {
    const user = await registerUser(server.url, 'proxy');
    const tokens = (await login(server.url, user.username, user.password, from('203.0.113.7'))).data!.login;
    const sessions = await postGraphQL(server.url, '{ sessions { ipAddress } }', {}, bearer(tokens.accessToken));
    return sessions.data!.sessions[0].ipAddress as string;
  };

  it('ignores X-Forwarded-For by default: anyone can send the header', async () => {
    expect(await sessionAddress(direct)).toMatch(/127\.0\.0\.1/);
  });

  it('believes X-Forwarded-For from a trusted proxy', async () => {
    expect(await sessionAddress(behindProxy)).toBe('203.0.113.7');
  });
});

describe('batching when enabled', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ GRAPHQL_MAX_BATCH: '3' });
  });
  afterAll(() => server.stop());

  it('runs up to GRAPHQL_MAX_BATCH operations and refuses more', async () => {
    const operation = { query: '{ __typename }' };
    const three = await rawRequest(server.url, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify([operation, operation, operation]) });
    expect(three.status).toBe(200);
    expect(three.json).toHaveLength(3);
    const four = await rawRequest(server.url, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(Array(4).fill(operation)) });
    expectJsonRefusal(four, 400);
    expect(four.json.errors[0].message).toMatch(/Batch limit of 3 operations exceeded, found 4/);
    expect(codes(four.json)).toEqual(['BAD_REQUEST']);
  });
});

/**
 * POST /graphql over a raw socket: the body written in pieces cut at `cuts` (byte offsets), a few
 * milliseconds apart; with `hangUpAfter`, only that many bytes of it and then the socket closes.
 * Resolves with the status and body of the answer (bounded: 10 s).
 */
function socketRequest(
  origin: string,
  body: Buffer,
  cuts: number[],
  { hangUpAfter }: { hangUpAfter?: number } = {},
): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => (socket.destroy(), reject(new Error('no answer within 10 s'))), 10_000);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', (error) => (clearTimeout(timer), reject(error)));
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
    socket.on('connect', async () => {
      socket.write(
        `POST /graphql HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
      );
      const end = hangUpAfter ?? body.length;
      let from = 0;
      for (const cut of [...cuts.filter((at) => at < end), end]) {
        socket.write(body.subarray(from, cut));
        from = cut;
        await new Promise((wait) => setTimeout(wait, 5));
      }
      if (hangUpAfter !== undefined) socket.destroy();
    });
  });
}
