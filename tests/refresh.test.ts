import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codesOf, expectData, TestClient } from './helpers/client.js';
import { signUpAndLogIn } from './helpers/accounts.js';
import { LoginDocument, LogoutDocument, MeDocument, RefreshTokenDocument, VerifyTokenDocument } from './helpers/operations.js';
import { startTestServer, type TestServer } from './helpers/server.js';

/** How many refresh-token reuses the server has counted (its metrics listener). */
async function reuseCount(server: TestServer): Promise<number> {
  const metrics = await (await fetch(`${server.app.metricsServer!.origin}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  const line = metrics.split('\n').find((text) => text.startsWith('cloud_auth_refresh_token_reuse_total '));
  return Number(line?.split(' ')[1]);
}

describe('refresh token rotation', () => {
  let server: TestServer;
  beforeAll(async () => {
    // Strict reuse detection: the reuse interval has tests of its own (refresh-reuse-interval.test.ts).
    server = await startTestServer({ METRICS_PORT: '0', REFRESH_REUSE_INTERVAL: '0' });
  });
  afterAll(() => server.stop());

  const refresh = (refreshToken: string) => new TestClient(server.url).run(RefreshTokenDocument, { refreshToken });
  const meOf = (accessToken: string) => {
    const client = new TestClient(server.url);
    client.accessToken = accessToken;
    return client.run(MeDocument);
  };

  it('returns a new pair on every refresh and the old refresh token stops working', async () => {
    const { tokens } = await signUpAndLogIn(server.url, 'rotate');
    const first = expectData(await refresh(tokens.refreshToken)).refreshToken;
    const second = expectData(await refresh(first.refreshToken)).refreshToken;
    expect(new Set([tokens.refreshToken, first.refreshToken, second.refreshToken]).size).toBe(3);
    expect(expectData(await meOf(second.accessToken)).me.id).toBe(second.user.id);
  });

  it('revokes the whole session when a rotated-away refresh token is presented again', async () => {
    const { tokens } = await signUpAndLogIn(server.url, 'reuse');
    const rotated = expectData(await refresh(tokens.refreshToken)).refreshToken;

    // The thief (or a confused client) presents the old token again.
    expect(codesOf(await refresh(tokens.refreshToken))).toEqual(['UNAUTHENTICATED']);

    // Everything of that session is dead at once: the newest refresh token and its access token.
    expect(codesOf(await refresh(rotated.refreshToken))).toEqual(['UNAUTHENTICATED']);
    expect(codesOf(await meOf(rotated.accessToken))).toEqual(['UNAUTHENTICATED']);
    expect(codesOf(await meOf(tokens.accessToken))).toEqual(['UNAUTHENTICATED']);
    const verified = await new TestClient(server.url).run(VerifyTokenDocument, { token: rotated.refreshToken });
    expect(expectData(verified).verifyToken.valid).toBe(false);
  });

  it('treats verifyToken of a rotated-away refresh token as reuse, exactly like refreshToken: the session is revoked and counted', async () => {
    const { tokens } = await signUpAndLogIn(server.url, 'verifyreuse');
    const rotated = expectData(await refresh(tokens.refreshToken)).refreshToken;
    const before = await reuseCount(server);

    // A thief testing the stolen, already rotated token without spending it.
    const verified = await new TestClient(server.url).run(VerifyTokenDocument, { token: tokens.refreshToken });
    expect(expectData(verified).verifyToken.valid).toBe(false);

    expect(await reuseCount(server)).toBe(before + 1);
    expect(codesOf(await refresh(rotated.refreshToken))).toEqual(['UNAUTHENTICATED']);
    expect(codesOf(await meOf(rotated.accessToken))).toEqual(['UNAUTHENTICATED']);
  });

  it('leaves the user\'s other sessions alone when one session is revoked for reuse', async () => {
    const { identity, tokens } = await signUpAndLogIn(server.url, 'reuse2');
    const other = expectData(
      await new TestClient(server.url).run(LoginDocument, {
        input: { username: identity.username, password: identity.password },
      }),
    ).login;
    expectData(await refresh(tokens.refreshToken));
    expect(codesOf(await refresh(tokens.refreshToken))).toEqual(['UNAUTHENTICATED']);
    expect(expectData(await meOf(other.accessToken)).me.username).toBe(identity.username);
  });

  it('lets exactly one of 10 concurrent refreshes of one token win', async () => {
    const { tokens } = await signUpAndLogIn(server.url, 'race');
    const results = await Promise.all(Array.from({ length: 10 }, () => refresh(tokens.refreshToken)));
    const winners = results.filter((result) => result.errors.length === 0);
    expect(winners).toHaveLength(1);
    for (const loser of results.filter((result) => result.errors.length > 0)) {
      expect(codesOf(loser)).toEqual(['UNAUTHENTICATED']);
    }
    // The losers presented a token that had just been rotated away: that is reuse, so the
    // session ends (clients must single-flight their refreshes; see README).
    expect(codesOf(await meOf(winners[0].data!.refreshToken.accessToken))).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses a refresh token of a session that was logged out', async () => {
    const { tokens, client } = await signUpAndLogIn(server.url, 'loggedout');
    expect(expectData(await client.run(LogoutDocument, { refreshToken: tokens.refreshToken })).logout).toBe(true);
    expect(codesOf(await refresh(tokens.refreshToken))).toEqual(['UNAUTHENTICATED']);
  });
});
