import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newIdentity } from './helpers/accounts.js';
import { cookiePair, postAsHost, postWithCookie, type CookieResponse } from './helpers/cookies.js';
import { startTestServer, type TestServer } from './helpers/server.js';

/** The cookie's name on plain http://localhost in development, and everywhere else. */
const COOKIE = 'cloud_auth_refresh';
const SECURE_COOKIE = '__Host-cloud_auth_refresh';
const REGISTER = `mutation($input: RegisterInput!) { register(input: $input) { id } }`;
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { accessToken refreshToken refreshExpiresIn } }`;
const REFRESH_FROM_COOKIE = `mutation { refreshToken { accessToken refreshToken user { id } } }`;
const LOGOUT_FROM_COOKIE = `mutation { logout }`;
const VERIFY = `mutation($token: String!) { verifyToken(token: $token) { valid } }`;
const CHANGE_PASSWORD = `mutation($input: ChangePasswordInput!) { changePassword(input: $input) { accessToken refreshToken } }`;

/** The refresh token a browser would keep from these Set-Cookie headers (its value), or null. */
const cookieValue = (setCookies: string[], name = COOKIE) => cookiePair(setCookies, name)?.slice(name.length + 1) ?? null;
const setCookieLine = (response: CookieResponse, name: string) => response.setCookies.find((line) => line.startsWith(`${name}=`));

async function register(server: TestServer, prefix = 'cookie') {
  const identity = newIdentity(prefix);
  await postWithCookie(server.url, REGISTER, { variables: { input: { ...identity, passwordConfirm: identity.password } } });
  return identity;
}

async function logInFor(server: TestServer) {
  const identity = await register(server);
  const login = await postWithCookie(server.url, LOGIN, {
    variables: { input: { username: identity.username, password: identity.password } },
  });
  return { identity, login, cookie: cookiePair(login.setCookies, COOKIE), refreshToken: cookieValue(login.setCookies)! };
}

/** Logs in through `host` with `headers` (a proxy in front of the server), returning the response. */
async function logInAsHost(server: TestServer, host: string, headers: Record<string, string> = {}) {
  const identity = await register(server, 'proxied');
  return postAsHost(server.url, host, LOGIN, {
    headers,
    variables: { input: { username: identity.username, password: identity.password } },
  });
}

const isValid = async (server: TestServer, token: string) =>
  (await postWithCookie(server.url, VERIFY, { variables: { token } })).body.data?.verifyToken.valid;

describe('the refresh token in an httpOnly cookie (REFRESH_TOKEN_COOKIE=true)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ REFRESH_TOKEN_COOKIE: 'true', REFRESH_REUSE_INTERVAL: '0' });
  });
  afterAll(() => server.stop());

  it('sets the refresh token on login as an httpOnly, SameSite=Strict cookie scoped to /graphql on plain-http localhost', async () => {
    const { login, refreshToken } = await logInFor(server);
    expect(await isValid(server, refreshToken)).toBe(true);
    const header = setCookieLine(login, COOKIE)!;
    expect(header).toMatch(/; HttpOnly/);
    expect(header).toMatch(/; SameSite=Strict/);
    expect(header).toMatch(/; Path=\/graphql/);
    expect(header).toMatch(/; Max-Age=86400/);
    // Plain http on loopback in development: browsers keep a non-Secure cookie there.
    expect(header).not.toMatch(/; Secure/);
  });

  it("leaves the refresh token out of login's answer: the cookie is its only copy", async () => {
    const { login, refreshToken } = await logInFor(server);
    expect(login.body.data?.login.refreshToken).toBe('');
    expect(login.body.data?.login.refreshExpiresIn).toBe(86400);
    expect(JSON.stringify(login.body)).not.toContain(refreshToken);
  });

  it("refreshes from the cookie when the argument is left out, rotates the cookie, and leaves the token out of the answer", async () => {
    const { cookie } = await logInFor(server);
    const refreshed = await postWithCookie(server.url, REFRESH_FROM_COOKIE, { cookie: cookie! });
    const payload = refreshed.body.data?.refreshToken;
    expect(refreshed.body.errors).toBeUndefined();
    expect(payload.user.id).toBeDefined();
    expect(payload.refreshToken).toBe('');
    const next = cookieValue(refreshed.setCookies)!;
    expect(`${COOKIE}=${next}`).not.toBe(cookie);
    expect(JSON.stringify(refreshed.body)).not.toContain(next);
    expect(await isValid(server, next)).toBe(true);
  });

  it("leaves the refresh token out of changePassword's answer and sets it as the cookie", async () => {
    const { identity, login, cookie } = await logInFor(server);
    const changed = await postWithCookie(server.url, CHANGE_PASSWORD, {
      headers: { authorization: `Bearer ${login.body.data?.login.accessToken}` },
      variables: {
        input: { currentPassword: identity.password, newPassword: 'copper-Kettle-58-meadow', newPasswordConfirm: 'copper-Kettle-58-meadow' },
      },
    });
    expect(changed.body.errors).toBeUndefined();
    expect(changed.body.data?.changePassword.refreshToken).toBe('');
    const next = cookieValue(changed.setCookies)!;
    expect(`${COOKIE}=${next}`).not.toBe(cookie);
    expect(await isValid(server, next)).toBe(true);
  });

  it('treats an empty refreshToken argument as "use the cookie"', async () => {
    const { cookie } = await logInFor(server);
    const refreshed = await postWithCookie(server.url, `mutation { refreshToken(refreshToken: "") { accessToken } }`, {
      cookie: cookie!,
    });
    expect(refreshed.body.data?.refreshToken.accessToken).toEqual(expect.any(String));
  });

  it('still takes a refresh token passed as the argument', async () => {
    const { refreshToken } = await logInFor(server);
    const refreshed = await postWithCookie(
      server.url,
      `mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken } }`,
      { variables: { t: refreshToken } },
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
    const newest = cookieValue(rotated.setCookies)!;

    const replay = await postWithCookie(server.url, REFRESH_FROM_COOKIE, { cookie: first! });
    expect(replay.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(replay.setCookies.find((line) => line.startsWith(`${COOKIE}=;`))).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(await isValid(server, newest)).toBe(false);
  });

  it('logs out the session of the cookie when the argument is left out, and clears the cookie', async () => {
    const { login, cookie, refreshToken } = await logInFor(server);
    const loggedOut = await postWithCookie(server.url, LOGOUT_FROM_COOKIE, { cookie: cookie! });
    expect(loggedOut.body.data?.logout).toBe(true);
    expect(loggedOut.setCookies.find((line) => line.startsWith(`${COOKIE}=;`))).toMatch(/Path=\/graphql/);
    expect(await isValid(server, refreshToken)).toBe(false);
    expect(await isValid(server, login.body.data?.login.accessToken)).toBe(false);
  });

  it('refuses a cross-site "simple" request carrying the cookie (CSRF prevention) and leaves the token alone', async () => {
    const { cookie, refreshToken } = await logInFor(server);
    const forged = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', cookie: cookie! },
      body: JSON.stringify({ query: REFRESH_FROM_COOKIE }),
    });
    expect(forged.status).toBe(400);
    expect(forged.headers.getSetCookie()).toEqual([]);
    expect(await isValid(server, refreshToken)).toBe(true);
  });

  it('makes the cookie Secure and __Host- (Path=/) when the site is reached by any name other than localhost', async () => {
    const login = await logInAsHost(server, 'auth.example.com');
    const header = setCookieLine(login, SECURE_COOKIE)!;
    expect(header).toMatch(/; Secure/);
    expect(header).toMatch(/; Path=\/;/);
    expect(header).toMatch(/; HttpOnly/);
    expect(header).not.toMatch(/Domain=/i);
    expect(setCookieLine(login, COOKIE)).toBeUndefined();
  });

  it('ignores X-Forwarded-Proto from a client that is not a trusted proxy (TRUST_PROXY unset)', async () => {
    const login = await logInAsHost(server, '127.0.0.1:4000', { 'x-forwarded-proto': 'https' });
    expect(setCookieLine(login, COOKIE)).not.toMatch(/; Secure/);
    expect(setCookieLine(login, SECURE_COOKIE)).toBeUndefined();
  });
});

describe('the refresh cookie behind a TLS-terminating proxy (TRUST_PROXY=loopback)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ REFRESH_TOKEN_COOKIE: 'true', TRUST_PROXY: 'loopback' });
  });
  afterAll(() => server.stop());

  /** What the proxy sends: Host rewritten to the upstream's address, the client's scheme in X-Forwarded-Proto. */
  const PROXIED = { host: '127.0.0.1:4000', headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' } };

  it('keeps the cookie Secure and __Host- when the proxy rewrote Host to 127.0.0.1 and says https', async () => {
    const login = await logInAsHost(server, PROXIED.host, PROXIED.headers);
    const header = setCookieLine(login, SECURE_COOKIE)!;
    expect(header).toMatch(/; Secure/);
    expect(header).toMatch(/; Path=\/;/);
    expect(header).toMatch(/; SameSite=Strict/);
    expect(setCookieLine(login, COOKIE)).toBeUndefined();
  });

  it('refreshes from the __Host- cookie over https and ignores a plain-named one there', async () => {
    const login = await logInAsHost(server, PROXIED.host, PROXIED.headers);
    const token = cookieValue(login.setCookies, SECURE_COOKIE)!;

    const planted = await postAsHost(server.url, PROXIED.host, REFRESH_FROM_COOKIE, { ...PROXIED, cookie: `${COOKIE}=${token}` });
    expect(planted.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);

    const refreshed = await postAsHost(server.url, PROXIED.host, REFRESH_FROM_COOKIE, { ...PROXIED, cookie: `${SECURE_COOKIE}=${token}` });
    expect(refreshed.body.errors).toBeUndefined();
    expect(setCookieLine(refreshed, SECURE_COOKIE)).toMatch(/; Secure/);
  });

  it('drops the plain-named cookie of an earlier version when it sets the __Host- one', async () => {
    const identity = await register(server, 'upgraded');
    const login = await postAsHost(server.url, PROXIED.host, LOGIN, {
      ...PROXIED,
      cookie: `${COOKIE}=left.over.token`,
      variables: { input: { username: identity.username, password: identity.password } },
    });
    expect(setCookieLine(login, SECURE_COOKIE)).toMatch(/; Secure/);
    const dropped = login.setCookies.find((line) => line.startsWith(`${COOKIE}=;`));
    expect(dropped).toMatch(/Path=\/graphql/);
    expect(dropped).toMatch(/Expires=Thu, 01 Jan 1970/);
  });

  it('still uses the plain-http localhost cookie when the trusted proxy says http', async () => {
    const login = await logInAsHost(server, PROXIED.host, { 'x-forwarded-proto': 'http' });
    expect(setCookieLine(login, COOKIE)).not.toMatch(/; Secure/);
  });
});

describe('the refresh cookie in production (NODE_ENV=production)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ NODE_ENV: 'production', REFRESH_TOKEN_COOKIE: 'true' });
  });
  afterAll(() => server.stop());

  it('is Secure and __Host- even over plain http to 127.0.0.1 (a proxy left out of TRUST_PROXY cannot strip it)', async () => {
    const login = await logInAsHost(server, '127.0.0.1:4000');
    expect(login.body.errors).toBeUndefined();
    expect(setCookieLine(login, SECURE_COOKIE)).toMatch(/; Secure/);
    expect(setCookieLine(login, COOKIE)).toBeUndefined();
  });
});

describe('without REFRESH_TOKEN_COOKIE', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('sets no cookie on login, returns the refresh token in the answer, and ignores a cookie that is sent', async () => {
    const identity = await register(server);
    const login = await postWithCookie(server.url, LOGIN, {
      variables: { input: { username: identity.username, password: identity.password } },
    });
    expect(login.setCookies).toEqual([]);
    const refreshToken = login.body.data?.login.refreshToken;
    expect(refreshToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const refreshed = await postWithCookie(server.url, REFRESH_FROM_COOKIE, { cookie: `${COOKIE}=${refreshToken}` });
    expect(refreshed.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(await isValid(server, refreshToken)).toBe(true);
  });
});
