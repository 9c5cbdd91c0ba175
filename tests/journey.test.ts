import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectData, TestClient } from './helpers/client.js';
import { newIdentity } from './helpers/accounts.js';
import { LoginDocument, MeDocument, RefreshTokenDocument, RegisterDocument } from './helpers/operations.js';
import { startTestServer, type TestServer } from './helpers/server.js';

describe('the happy path over Apollo Client', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('registers, logs in by username and by email in another case, reads me, refreshes and reads me again', async () => {
    const identity = { ...newIdentity('Journey'), email: 'Journey.Person@Example.com' };
    const client = new TestClient(server.url);

    const registered = expectData(
      await client.run(RegisterDocument, { input: { ...identity, passwordConfirm: identity.password } }),
    ).register;
    expect(registered).toMatchObject({
      username: identity.username,
      email: 'Journey.Person@Example.com',
      role: 'USER',
      isActive: true,
      lastLogin: null,
    });

    const byUsername = expectData(
      await client.run(LoginDocument, { input: { username: identity.username, password: identity.password } }),
    ).login;
    expect(byUsername.tokenType).toBe('Bearer');
    expect(byUsername.expiresIn).toBe(300);
    expect(byUsername.refreshExpiresIn).toBe(86400);
    expect(byUsername.user.id).toBe(registered.id);

    const byEmail = expectData(
      await client.run(LoginDocument, { input: { username: 'journey.person@EXAMPLE.com', password: identity.password } }),
    ).login;
    expect(byEmail.user.id).toBe(registered.id);
    expect(byEmail.user.lastLogin).not.toBeNull();

    client.accessToken = byEmail.accessToken;
    const me = expectData(await client.run(MeDocument)).me;
    expect(me).toMatchObject({ id: registered.id, username: identity.username });

    const refreshed = expectData(await client.run(RefreshTokenDocument, { refreshToken: byEmail.refreshToken }))
      .refreshToken;
    expect(refreshed.refreshToken).not.toBe(byEmail.refreshToken);
    expect(refreshed.accessToken).not.toBe(byEmail.accessToken);
    expect(refreshed.user.id).toBe(registered.id);

    client.accessToken = refreshed.accessToken;
    expect(expectData(await client.run(MeDocument)).me.id).toBe(registered.id);
  });
});
