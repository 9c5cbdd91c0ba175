import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newIdentity } from './helpers/accounts.js';
import { codesOf, expectData, TestClient } from './helpers/client.js';
import {
  LoginDocument,
  LogoutAllDocument,
  LogoutDocument,
  MeDocument,
  RefreshTokenDocument,
  RegisterDocument,
  RevokeSessionDocument,
  SessionsDocument,
  VerifyTokenDocument,
} from './helpers/operations.js';
import { startTestServer, type TestServer } from './helpers/server.js';

/** A Node app on Apollo Client with the typed documents from codegen, through every public operation. */
describe('the whole journey over Apollo Client with typed documents', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('registers, signs in on two devices, refreshes, lists and revokes sessions, and logs out everywhere', async () => {
    const identity = newIdentity('apollo');
    const laptop = new TestClient(server.url, { 'user-agent': 'laptop' });
    const phone = new TestClient(server.url, { 'user-agent': 'phone' });
    const credentials = { username: identity.username, password: identity.password };

    const user = expectData(
      await laptop.run(RegisterDocument, { input: { ...identity, passwordConfirm: identity.password } }),
    ).register;
    const onLaptop = expectData(await laptop.run(LoginDocument, { input: credentials })).login;
    const onPhone = expectData(await phone.run(LoginDocument, { input: credentials })).login;
    laptop.accessToken = onLaptop.accessToken;
    phone.accessToken = onPhone.accessToken;
    expect(expectData(await laptop.run(MeDocument)).me.id).toBe(user.id);

    const sessions = expectData(await laptop.run(SessionsDocument)).sessions;
    expect(sessions.map((s) => [s.userAgent, s.current])).toEqual([
      ['phone', false],
      ['laptop', true],
    ]);

    const refreshed = expectData(await laptop.run(RefreshTokenDocument, { refreshToken: onLaptop.refreshToken })).refreshToken;
    laptop.accessToken = refreshed.accessToken;
    const verified = expectData(await laptop.run(VerifyTokenDocument, { token: refreshed.refreshToken })).verifyToken;
    expect(verified).toMatchObject({ valid: true, tokenType: 'REFRESH', userId: user.id });

    const phoneSession = sessions.find((s) => !s.current)!;
    expect(expectData(await laptop.run(RevokeSessionDocument, { id: phoneSession.id })).revokeSession).toBe(true);
    expect(codesOf(await phone.run(MeDocument))).toEqual(['UNAUTHENTICATED']);
    expect(codesOf(await phone.run(RefreshTokenDocument, { refreshToken: onPhone.refreshToken }))).toEqual([
      'UNAUTHENTICATED',
    ]);

    expect(expectData(await laptop.run(LogoutDocument, { refreshToken: refreshed.refreshToken })).logout).toBe(true);
    expect(codesOf(await laptop.run(MeDocument))).toEqual(['UNAUTHENTICATED']);

    const again = expectData(await laptop.run(LoginDocument, { input: credentials })).login;
    laptop.accessToken = again.accessToken;
    expect(expectData(await laptop.run(LogoutAllDocument)).logoutAll).toBe(true);
    expect(codesOf(await laptop.run(SessionsDocument))).toEqual(['UNAUTHENTICATED']);
  });
});
