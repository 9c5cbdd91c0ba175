import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../src/db/entities/index.js';
import { signUpAndLogIn } from './helpers/accounts.js';
import { codesOf, expectData, TestClient } from './helpers/client.js';
import { MeDocument, RefreshTokenDocument, VerifyTokenDocument } from './helpers/operations.js';
import { startTestServer, type TestServer } from './helpers/server.js';

describe('a deactivated account (isActive false) and its sessions', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  /** Signs a new user in, then deactivates the account in the database, as an operator (or a future admin mutation) would. */
  async function signedInThenDeactivated(prefix: string) {
    const signedIn = await signUpAndLogIn(server.url, prefix);
    expect(expectData(await signedIn.client.run(MeDocument)).me.isActive).toBe(true);
    await server.app.orm.em.fork().nativeUpdate(User, { id: signedIn.user.id }, { isActive: false });
    return signedIn;
  }

  const verify = (token: string) => new TestClient(server.url).run(VerifyTokenDocument, { token });

  it('turns its access token away on the very next request', async () => {
    const { client } = await signedInThenDeactivated('deact-access');
    expect(codesOf(await client.run(MeDocument))).toEqual(['UNAUTHENTICATED']);
  });

  it('no longer refreshes its sessions', async () => {
    const { tokens } = await signedInThenDeactivated('deact-refresh');
    const refused = await new TestClient(server.url).run(RefreshTokenDocument, { refreshToken: tokens.refreshToken });
    expect(codesOf(refused)).toEqual(['UNAUTHENTICATED']);
    expect(refused.errors[0].message).toBe('The refresh token is invalid, expired or revoked.');
  });

  it('has verifyToken call both of its tokens invalid', async () => {
    const { tokens } = await signedInThenDeactivated('deact-verify');
    expect(expectData(await verify(tokens.accessToken)).verifyToken.valid).toBe(false);
    expect(expectData(await verify(tokens.refreshToken)).verifyToken.valid).toBe(false);
  });
});
