import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { signUpAndLogIn } from './helpers/accounts.js';
import { codesOf, expectData, TestClient } from './helpers/client.js';
import { MeDocument, RefreshTokenDocument, SessionsDocument, VerifyTokenDocument } from './helpers/operations.js';
import { startTestServer, TEST_JWT_SECRET, type TestServer } from './helpers/server.js';

const MAX_LIFETIME_MS = 3000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The `exp` claim of a JWT, in milliseconds (read, not trusted: the server's own token). */
const expiryOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { exp: number }).exp * 1000;

describe('the absolute session lifetime (SESSION_MAX_LIFETIME)', () => {
  let server: TestServer;
  beforeAll(async () => {
    // Refresh tokens would live an hour; the session may live 3 seconds from its login.
    server = await startTestServer({ SESSION_MAX_LIFETIME: '3s', REFRESH_TOKEN_TTL: '1h' });
  });
  afterAll(() => server.stop());

  const refresh = (refreshToken: string) => new TestClient(server.url).run(RefreshTokenDocument, { refreshToken });
  const sessionOf = async (client: TestClient) => expectData(await client.run(SessionsDocument)).sessions.find((s) => s.current)!;

  it('caps the refresh token and the session at the lifetime from login, whatever the refresh TTL', async () => {
    const { tokens, client } = await signUpAndLogIn(server.url, 'capped');
    expect(tokens.refreshExpiresIn).toBeLessThanOrEqual(3);
    const session = await sessionOf(client);
    const lifetimeEnd = new Date(session.createdAt).getTime() + MAX_LIFETIME_MS;
    expect(new Date(session.expiresAt).getTime()).toBeLessThanOrEqual(lifetimeEnd);
    expect(expiryOf(tokens.refreshToken)).toBeLessThanOrEqual(lifetimeEnd);
  });

  it('never lets a refresh move the session past its lifetime', async () => {
    const { tokens, client } = await signUpAndLogIn(server.url, 'sliding');
    const lifetimeEnd = new Date((await sessionOf(client)).createdAt).getTime() + MAX_LIFETIME_MS;
    await sleep(1100);
    const rotated = expectData(await refresh(tokens.refreshToken)).refreshToken;
    // About 2 seconds are left of the 3: that, not the hour of REFRESH_TOKEN_TTL.
    expect(rotated.refreshExpiresIn).toBeLessThanOrEqual(2);
    expect(expiryOf(rotated.refreshToken)).toBeLessThanOrEqual(lifetimeEnd);
    client.accessToken = rotated.accessToken;
    expect(new Date((await sessionOf(client)).expiresAt).getTime()).toBeLessThanOrEqual(lifetimeEnd);
  });

  it("refuses the refresh once the lifetime has passed, with the invalid refresh token's error", async () => {
    const { tokens } = await signUpAndLogIn(server.url, 'ended');
    const rotated = expectData(await refresh(tokens.refreshToken)).refreshToken;
    await sleep(MAX_LIFETIME_MS + 300);
    const refused = await refresh(rotated.refreshToken);
    expect(codesOf(refused)).toEqual(['UNAUTHENTICATED']);
    expect(refused.errors[0].message).toBe('The refresh token is invalid, expired or revoked.');
    const verified = await new TestClient(server.url).run(VerifyTokenDocument, { token: rotated.refreshToken });
    expect(expectData(verified).verifyToken.valid).toBe(false);
  });

  it('turns the access tokens of the session away once the lifetime has passed, though they have not expired', async () => {
    const { tokens, client } = await signUpAndLogIn(server.url, 'ended-access');
    expect(tokens.expiresIn).toBe(300);
    expect(expectData(await client.run(MeDocument)).me.id).toBeDefined();
    await sleep(MAX_LIFETIME_MS + 300);
    expect(codesOf(await client.run(MeDocument))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('SESSION_MAX_LIFETIME', () => {
  const load = (env: Record<string, string> = {}) => loadConfig({ JWT_SECRET: TEST_JWT_SECRET, ...env });

  it('defaults to 30 days and takes the duration syntax of the other lifetimes', () => {
    expect(load().sessionMaxLifetimeSeconds).toBe(30 * 86400);
    expect(load({ SESSION_MAX_LIFETIME: '12h' }).sessionMaxLifetimeSeconds).toBe(12 * 3600);
    expect(load({ SESSION_MAX_LIFETIME: '90' }).sessionMaxLifetimeSeconds).toBe(90);
  });

  it('stops the start with one line naming the variable when it is not a positive duration', () => {
    expect(() => load({ SESSION_MAX_LIFETIME: 'forever' })).toThrow(/^Invalid configuration: SESSION_MAX_LIFETIME /);
    expect(() => load({ SESSION_MAX_LIFETIME: '0' })).toThrow(/^Invalid configuration: SESSION_MAX_LIFETIME /);
  });
});
