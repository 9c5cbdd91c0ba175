import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codesOf, expectData, TestClient } from './helpers/client.js';
import { signUpAndLogIn } from './helpers/accounts.js';
import {
  LoginDocument,
  LogoutAllDocument,
  LogoutDocument,
  MeDocument,
  RevokeSessionDocument,
  SessionsDocument,
} from './helpers/operations.js';
import { startTestServer, type TestServer } from './helpers/server.js';

describe('sessions, revokeSession, logout and logoutAll', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  /** Signs the same user in on `count` more devices; returns one client per device. */
  async function moreDevices(identity: { username: string; password: string }, count: number) {
    const devices: Array<{ client: TestClient; refreshToken: string }> = [];
    for (let i = 0; i < count; i += 1) {
      const client = new TestClient(server.url, { 'user-agent': `Device ${i + 2}` });
      const input = { username: identity.username, password: identity.password };
      const tokens = expectData(await client.run(LoginDocument, { input })).login;
      client.accessToken = tokens.accessToken;
      devices.push({ client, refreshToken: tokens.refreshToken });
    }
    return devices;
  }

  it('lists the live sessions newest first and marks the caller\'s own as current', async () => {
    const { identity, client } = await signUpAndLogIn(server.url, 'list');
    const [second, third] = await moreDevices(identity, 2);
    const sessions = expectData(await third.client.run(SessionsDocument)).sessions;
    expect(sessions).toHaveLength(3);
    expect(sessions.map((s) => s.userAgent)).toEqual(['Device 3', 'Device 2', expect.anything()]);
    expect(sessions.filter((s) => s.current).map((s) => s.userAgent)).toEqual(['Device 3']);
    const times = sessions.map((s) => new Date(s.createdAt).getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(expectData(await second.client.run(SessionsDocument)).sessions.find((s) => s.current)?.userAgent).toBe('Device 2');
    expect(expectData(await client.run(SessionsDocument)).sessions).toHaveLength(3);
  });

  it('requires a signed-in caller to list sessions', async () => {
    expect(codesOf(await new TestClient(server.url).run(SessionsDocument))).toEqual(['UNAUTHENTICATED']);
  });

  it('revokeSession ends that device at once and removes it from the list', async () => {
    const { identity, client } = await signUpAndLogIn(server.url, 'revoke');
    const [other] = await moreDevices(identity, 1);
    const otherId = expectData(await other.client.run(SessionsDocument)).sessions.find((s) => s.current)!.id;

    expect(expectData(await client.run(RevokeSessionDocument, { id: otherId })).revokeSession).toBe(true);

    expect(codesOf(await other.client.run(MeDocument))).toEqual(['UNAUTHENTICATED']);
    expect(expectData(await client.run(MeDocument)).me.username).toBe(identity.username);
    expect(expectData(await client.run(SessionsDocument)).sessions.map((s) => s.id)).not.toContain(otherId);
  });

  it("treats another user's session id exactly like an unknown id", async () => {
    const alice = await signUpAndLogIn(server.url, 'alice');
    const mallory = await signUpAndLogIn(server.url, 'mallory');
    const aliceSession = expectData(await alice.client.run(SessionsDocument)).sessions[0].id;

    const foreign = await mallory.client.run(RevokeSessionDocument, { id: aliceSession });
    const unknown = await mallory.client.run(RevokeSessionDocument, { id: '00000000-0000-4000-8000-000000000000' });
    const malformed = await mallory.client.run(RevokeSessionDocument, { id: 'not-a-uuid' });
    expect(codesOf(foreign)).toEqual(['BAD_USER_INPUT']);
    expect(foreign.errors).toEqual(unknown.errors);
    expect(foreign.errors).toEqual(malformed.errors);
    expect(expectData(await alice.client.run(MeDocument)).me.id).toBe(alice.user.id);
  });

  it('logout ends the session of the refresh token and its access token fails at once', async () => {
    const { tokens, client } = await signUpAndLogIn(server.url, 'logout');
    expect(expectData(await new TestClient(server.url).run(LogoutDocument, { refreshToken: tokens.refreshToken })).logout).toBe(
      true,
    );
    expect(codesOf(await client.run(MeDocument))).toEqual(['UNAUTHENTICATED']);
  });

  it('logout refuses something that is not a refresh token', async () => {
    const { tokens } = await signUpAndLogIn(server.url, 'logoutbad');
    for (const refreshToken of ['nonsense', tokens.accessToken]) {
      expect(codesOf(await new TestClient(server.url).run(LogoutDocument, { refreshToken }))).toEqual(['UNAUTHENTICATED']);
    }
  });

  it('logoutAll ends every session of the caller at once, and nobody else\'s', async () => {
    const { identity, client } = await signUpAndLogIn(server.url, 'everywhere');
    const devices = await moreDevices(identity, 2);
    const bystander = await signUpAndLogIn(server.url, 'bystander');

    expect(expectData(await client.run(LogoutAllDocument)).logoutAll).toBe(true);

    for (const { client: device } of [{ client }, ...devices]) {
      expect(codesOf(await device.run(MeDocument))).toEqual(['UNAUTHENTICATED']);
    }
    expect(expectData(await bystander.client.run(MeDocument)).me.id).toBe(bystander.user.id);
  });

  it('logoutAll and revokeSession require a signed-in caller', async () => {
    const anonymous = new TestClient(server.url);
    expect(codesOf(await anonymous.run(LogoutAllDocument))).toEqual(['UNAUTHENTICATED']);
    expect(codesOf(await anonymous.run(RevokeSessionDocument, { id: '00000000-0000-4000-8000-000000000000' }))).toEqual([
      'UNAUTHENTICATED',
    ]);
  });
});
