import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectData, TestClient } from './helpers/client.js';
import { signUpAndLogIn } from './helpers/accounts.js';
import { bearer, postGraphQL } from './helpers/http.js';
import { RefreshTokenDocument } from './helpers/operations.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const SESSIONS = 'query { sessions { id current authMethods assuranceLevel authenticatedAt } }';

interface SessionRow {
  id: string;
  current: boolean;
  authMethods: string[];
  assuranceLevel: number;
  authenticatedAt: string;
}

/** The payload of a JWT, decoded (the server verified it; this only reads it). */
const payloadOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));

describe('sessions know how they were authenticated', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  const currentSession = async (accessToken: string): Promise<SessionRow> => {
    const response = await postGraphQL<{ sessions: SessionRow[] }>(server.url, SESSIONS, {}, bearer(accessToken));
    const current = response.data?.sessions.find((session) => session.current);
    if (!current) throw new Error(`no current session: ${JSON.stringify(response)}`);
    return current;
  };

  it('shows a password login as [PASSWORD] at assurance level 1, authenticated at the login', async () => {
    const before = Date.now();
    const { tokens } = await signUpAndLogIn(server.url, 'authres');
    const after = Date.now();
    const session = await currentSession(tokens.accessToken);
    expect(session.authMethods).toEqual(['PASSWORD']);
    expect(session.assuranceLevel).toBe(1);
    const authenticatedAt = new Date(session.authenticatedAt).getTime();
    expect(authenticatedAt).toBeGreaterThanOrEqual(before - 1000);
    expect(authenticatedAt).toBeLessThanOrEqual(after + 1000);
  });

  it('puts amr ["pwd"], aal 1 and auth_time in the access and refresh tokens of a password login', async () => {
    const before = Math.floor(Date.now() / 1000);
    const { tokens } = await signUpAndLogIn(server.url, 'authclaims');
    const after = Math.ceil(Date.now() / 1000);
    for (const token of [tokens.accessToken, tokens.refreshToken]) {
      const payload = payloadOf(token);
      expect(payload.amr).toEqual(['pwd']);
      expect(payload.aal).toBe(1);
      expect(payload.auth_time).toBeGreaterThanOrEqual(before);
      expect(payload.auth_time).toBeLessThanOrEqual(after);
    }
  });

  it('keeps authenticatedAt and the claims unchanged when the session is refreshed', async () => {
    const { tokens } = await signUpAndLogIn(server.url, 'authrefresh');
    const before = await currentSession(tokens.accessToken);
    // Whole seconds apart, so that a refresh that re-stamped the time would show.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const refreshed = expectData(await new TestClient(server.url).run(RefreshTokenDocument, { refreshToken: tokens.refreshToken }))
      .refreshToken;
    const after = await currentSession(refreshed.accessToken);
    expect(after.id).toBe(before.id);
    expect(after.authenticatedAt).toBe(before.authenticatedAt);
    expect(after.authMethods).toEqual(['PASSWORD']);
    for (const token of [refreshed.accessToken, refreshed.refreshToken]) {
      expect(payloadOf(token).auth_time).toBe(payloadOf(tokens.accessToken).auth_time);
      expect(payloadOf(token).amr).toEqual(['pwd']);
      expect(payloadOf(token).aal).toBe(1);
    }
  });
});
