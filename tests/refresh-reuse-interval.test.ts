import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codesOf, expectData, TestClient } from './helpers/client.js';
import { signUpAndLogIn } from './helpers/accounts.js';
import { MeDocument, RefreshTokenDocument, VerifyTokenDocument } from './helpers/operations.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('REFRESH_REUSE_INTERVAL: concurrent refreshes of one token do not sign the user out', () => {
  /** The default interval (10 s). */
  let server: TestServer;
  /** A 1 s interval, to see it end. */
  let shortInterval: TestServer;
  beforeAll(async () => {
    [server, shortInterval] = await Promise.all([startTestServer(), startTestServer({ REFRESH_REUSE_INTERVAL: '1' })]);
  });
  afterAll(() => Promise.all([server?.stop(), shortInterval?.stop()]));

  const refresh = (url: string, refreshToken: string) => new TestClient(url).run(RefreshTokenDocument, { refreshToken });
  const meOf = (url: string, accessToken: string) => {
    const client = new TestClient(url);
    client.accessToken = accessToken;
    return client.run(MeDocument);
  };

  it('gives ten concurrent refreshes of one token one and the same new refresh token, which then works', async () => {
    const { tokens, user } = await signUpAndLogIn(server.url, 'tabs');
    const answers = await Promise.all(Array.from({ length: 10 }, () => refresh(server.url, tokens.refreshToken)));
    const refreshed = answers.map((answer) => expectData(answer).refreshToken);
    expect(new Set(refreshed.map((pair) => pair.refreshToken)).size).toBe(1);
    expect(refreshed[0].refreshToken).not.toBe(tokens.refreshToken);
    // Each answer has an access token that works.
    for (const pair of refreshed) expect(expectData(await meOf(server.url, pair.accessToken)).me.id).toBe(user.id);
    // The shared successor refreshes like any current token.
    const next = expectData(await refresh(server.url, refreshed[0].refreshToken)).refreshToken;
    expect(expectData(await meOf(server.url, next.accessToken)).me.id).toBe(user.id);
  });

  it('answers a retry of a just-rotated token with the same successor and a fresh access token', async () => {
    const { tokens, user } = await signUpAndLogIn(server.url, 'retry');
    const first = expectData(await refresh(server.url, tokens.refreshToken)).refreshToken;
    const retried = expectData(await refresh(server.url, tokens.refreshToken)).refreshToken;
    expect(retried.refreshToken).toBe(first.refreshToken);
    expect(expectData(await meOf(server.url, retried.accessToken)).me.id).toBe(user.id);
    // verifyToken agrees: the just-rotated token would refresh, and asking does not revoke anything.
    expect(expectData(await new TestClient(server.url).run(VerifyTokenDocument, { token: tokens.refreshToken })).verifyToken.valid).toBe(true);
    expect(expectData(await refresh(server.url, first.refreshToken)).refreshToken.refreshToken).not.toBe(first.refreshToken);
  });

  it('still revokes the session for a token rotated away two rotations ago, even within the interval', async () => {
    const { tokens } = await signUpAndLogIn(server.url, 'grandparent');
    const first = expectData(await refresh(server.url, tokens.refreshToken)).refreshToken;
    const second = expectData(await refresh(server.url, first.refreshToken)).refreshToken;
    expect(codesOf(await refresh(server.url, tokens.refreshToken))).toEqual(['UNAUTHENTICATED']);
    expect(codesOf(await refresh(server.url, second.refreshToken))).toEqual(['UNAUTHENTICATED']);
    expect(codesOf(await meOf(server.url, second.accessToken))).toEqual(['UNAUTHENTICATED']);
  });

  it('revokes the session when the rotated-away token comes back after the interval', async () => {
    const { tokens } = await signUpAndLogIn(shortInterval.url, 'late');
    const rotated = expectData(await refresh(shortInterval.url, tokens.refreshToken)).refreshToken;
    await sleep(1600);
    expect(codesOf(await refresh(shortInterval.url, tokens.refreshToken))).toEqual(['UNAUTHENTICATED']);
    // Reuse: the whole session is gone, its newest tokens with it.
    expect(codesOf(await refresh(shortInterval.url, rotated.refreshToken))).toEqual(['UNAUTHENTICATED']);
    expect(codesOf(await meOf(shortInterval.url, rotated.accessToken))).toEqual(['UNAUTHENTICATED']);
  });
});
