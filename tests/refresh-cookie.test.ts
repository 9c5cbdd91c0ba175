import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newIdentity } from './helpers/accounts.js';
import { cookiePair, postWithCookie } from './helpers/cookies.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const COOKIE = 'cloud_auth_refresh';
const REGISTER = `mutation($input: RegisterInput!) { register(input: $input) { id } }`;
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { accessToken refreshToken } }`;
const REFRESH_FROM_COOKIE = `mutation { refreshToken { accessToken refreshToken user { id } } }`;
const LOGOUT_FROM_COOKIE = `mutation { logout }`;
const VERIFY = `mutation($token: String!) { verifyToken(token: $token) { valid } }`;

async function logInFor(server: TestServer, headers: Record<string, string> = {}) {
  const identity = newIdentity('cookie');
  await postWithCookie(server.url, REGISTER, { variables: { input: { ...identity, passwordConfirm: identity.password } } });
  const login = await postWithCookie(server.url, LOGIN, {
    headers,
    variables: { input: { username: identity.username, password: identity.password } },
  });
  return { login, cookie: cookiePair(login.setCookies, COOKIE) };
}

const isValid = async (server: TestServer, token: string) =>
  (await postWithCookie(server.url, VERIFY, { variables: { token } })).body.data?.verifyToken.valid;

describe('the refresh token in an httpOnly cookie (REFRESH_TOKEN_COOKIE=true)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ REFRESH_TOKEN_COOKIE: 'true' });
  });
  afterAll(() => server.stop());

  it('sets the refresh token on login as an httpOnly, SameSite=Strict cookie scoped to /graphql', async () => {
    const { login, cookie } = await logInFor(server);
    expect(cookie).toBe(`${COOKIE}=${login.body.data?.login.refreshToken}`);
    const header = login.setCookies.find((line) => line.startsWith(`${COOKIE}=`))!;
    expect(header).toMatch(/; HttpOnly/);
    expect(header).toMatch(/; SameSite=Strict/);
    expect(header).toMatch(/; Path=\/graphql/);
    expect(header).toMatch(/; Max-Age=86400/);
    // Plain http on loopback: a Secure cookie would not be kept by the browser there.
    expect(header).not.toMatch(/; Secure/);
  });

  it('marks the cookie Secure when the site is reached by any name other than localhost', async () => {
    const identity = newIdentity('secure');
    await postWithCookie(server.url, REGISTER, { variables: { input: { ...identity, passwordConfirm: identity.password } } });
    const body = JSON.stringify({ query: LOGIN, variables: { input: { username: identity.username, password: identity.password } } });
    // fetch cannot set Host; node:http can, as a reverse proxy in front of the server would.
    const setCookies = await new Promise<string[]>((resolve, reject) => {
      const { hostname, port, pathname } = new URL(server.url);
      const request = httpRequest(
        { hostname, port, path: pathname, method: 'POST', headers: { host: 'auth.example.com', 'content-type': 'application/json' } },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.headers['set-cookie'] ?? []));
        },
      );
      request.on('error', reject);
      request.end(body);
    });
    expect(setCookies.find((line) => line.startsWith(`${COOKIE}=`))).toMatch(/; Secure/);
  });

  it('refreshes from the cookie when the argument is left out, and rotates the cookie', async () => {
    const { login, cookie } = await logInFor(server);
    const refreshed = await postWithCookie(server.url, REFRESH_FROM_COOKIE, { cookie: cookie! });
    const payload = refreshed.body.data?.refreshToken;
    expect(refreshed.body.errors).toBeUndefined();
    expect(payload.user.id).toBeDefined();
    expect(cookiePair(refreshed.setCookies, COOKIE)).toBe(`${COOKIE}=${payload.refreshToken}`);
    expect(await isValid(server, login.body.data?.login.refreshToken)).toBe(false);
    expect(await isValid(server, payload.refreshToken)).toBe(true);
  });

  it('treats an empty refreshToken argument as "use the cookie"', async () => {
    const { cookie } = await logInFor(server);
    const refreshed = await postWithCookie(server.url, `mutation { refreshToken(refreshToken: "") { accessToken } }`, {
      cookie: cookie!,
    });
    expect(refreshed.body.data?.refreshToken.accessToken).toEqual(expect.any(String));
  });

  it('still takes a refresh token passed as the argument', async () => {
    const { login } = await logInFor(server);
    const refreshed = await postWithCookie(
      server.url,
      `mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken } }`,
      { variables: { t: login.body.data?.login.refreshToken } },
    );
    expect(refreshed.body.data?.refreshToken.accessToken).toEqual(expect.any(String));
  });

  it('answers UNAUTHENTICATED when neither the argument nor the cookie is there', async () => {
    const refreshed = await postWithCookie(server.url, REFRESH_FROM_COOKIE);
    expect(refreshed.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('revokes the session when a rotated-away cookie comes back, and clears that cookie', async () => {
    const { cookie: first } = await logInFor(server);
    const rotated = await postWithCookie(server.url, REFRESH_FROM_COOKIE, { cookie: first! });
    const newest = rotated.body.data?.refreshToken.refreshToken;

    const replay = await postWithCookie(server.url, REFRESH_FROM_COOKIE, { cookie: first! });
    expect(replay.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(replay.setCookies.find((line) => line.startsWith(`${COOKIE}=;`))).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(await isValid(server, newest)).toBe(false);
  });

  it('logs out the session of the cookie when the argument is left out, and clears the cookie', async () => {
    const { login, cookie } = await logInFor(server);
    const loggedOut = await postWithCookie(server.url, LOGOUT_FROM_COOKIE, { cookie: cookie! });
    expect(loggedOut.body.data?.logout).toBe(true);
    expect(loggedOut.setCookies.find((line) => line.startsWith(`${COOKIE}=;`))).toMatch(/Path=\/graphql/);
    expect(await isValid(server, login.body.data?.login.refreshToken)).toBe(false);
    expect(await isValid(server, login.body.data?.login.accessToken)).toBe(false);
  });

  it('refuses a cross-site "simple" request carrying the cookie (CSRF prevention) and leaves the token alone', async () => {
    const { login, cookie } = await logInFor(server);
    const forged = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', cookie: cookie! },
      body: JSON.stringify({ query: REFRESH_FROM_COOKIE }),
    });
    expect(forged.status).toBe(400);
    expect(forged.headers.getSetCookie()).toEqual([]);
    expect(await isValid(server, login.body.data?.login.refreshToken)).toBe(true);
  });
});

describe('without REFRESH_TOKEN_COOKIE', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('sets no cookie on login and ignores one that is sent', async () => {
    const { login } = await logInFor(server);
    expect(login.setCookies).toEqual([]);
    const refreshed = await postWithCookie(server.url, REFRESH_FROM_COOKIE, {
      cookie: `${COOKIE}=${login.body.data?.login.refreshToken}`,
    });
    expect(refreshed.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(await isValid(server, login.body.data?.login.refreshToken)).toBe(true);
  });
});
