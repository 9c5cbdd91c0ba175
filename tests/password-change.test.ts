import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codesOf, expectData, TestClient } from './helpers/client.js';
import { GOOD_PASSWORD, signUpAndLogIn } from './helpers/accounts.js';
import { ChangePasswordDocument } from './helpers/lifecycle-operations.js';
import { failureOf } from './helpers/lifecycle.js';
import { LoginDocument, MeDocument, RefreshTokenDocument, SessionsDocument } from './helpers/operations.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const NEW_PASSWORD = 'copper-Kettle-58-meadow';

describe('changePassword', () => {
  let server: TestServer;
  let anonymous: TestClient;

  beforeAll(async () => {
    server = await startTestServer();
    anonymous = new TestClient(server.url);
  });
  afterAll(() => server.stop());

  const change = (client: TestClient, currentPassword: string, newPassword = NEW_PASSWORD, newPasswordConfirm = newPassword) =>
    client.run(ChangePasswordDocument, { input: { currentPassword, newPassword, newPasswordConfirm } });

  const login = (username: string, password: string) => anonymous.run(LoginDocument, { input: { username, password } });

  it('sets the new password and returns fresh working tokens for the same session', async () => {
    const { client, identity, tokens } = await signUpAndLogIn(server.url, 'change');
    const changed = expectData(await change(client, GOOD_PASSWORD)).changePassword;
    expect(changed).toMatchObject({ tokenType: 'Bearer', expiresIn: 300, refreshExpiresIn: 86400 });
    expect(changed.refreshToken).not.toBe(tokens.refreshToken);

    client.accessToken = changed.accessToken;
    expect(expectData(await client.run(MeDocument)).me.username).toBe(identity.username);
    expect(expectData(await client.run(SessionsDocument)).sessions).toHaveLength(1);
    expectData(await anonymous.run(RefreshTokenDocument, { refreshToken: changed.refreshToken }));

    expectData(await login(identity.username, NEW_PASSWORD));
    expect(codesOf(await login(identity.username, GOOD_PASSWORD))).toEqual(['UNAUTHENTICATED']);
  });

  it('revokes every other session at once and keeps the caller signed in', async () => {
    const { client, identity } = await signUpAndLogIn(server.url, 'others');
    const other = new TestClient(server.url);
    const otherTokens = expectData(await login(identity.username, GOOD_PASSWORD)).login;
    other.accessToken = otherTokens.accessToken;
    expectData(await other.run(MeDocument));

    expectData(await change(client, GOOD_PASSWORD));
    expect(codesOf(await other.run(MeDocument))).toEqual(['UNAUTHENTICATED']);
    expect(codesOf(await anonymous.run(RefreshTokenDocument, { refreshToken: otherTokens.refreshToken }))).toEqual([
      'UNAUTHENTICATED',
    ]);
    // The caller's access token belongs to the surviving session.
    expect(expectData(await client.run(MeDocument)).me.username).toBe(identity.username);
  });

  it("retires the caller's previous refresh token", async () => {
    const { client, tokens } = await signUpAndLogIn(server.url, 'rotate');
    expectData(await change(client, GOOD_PASSWORD));
    expect(codesOf(await anonymous.run(RefreshTokenDocument, { refreshToken: tokens.refreshToken }))).toEqual([
      'UNAUTHENTICATED',
    ]);
  });

  it('refuses a wrong current password on currentPassword and changes nothing', async () => {
    const { client, identity } = await signUpAndLogIn(server.url, 'wrong');
    const failure = failureOf(await change(client, 'not-my-Password-11'));
    expect(failure.code).toBe('BAD_USER_INPUT');
    expect(failure.fieldErrors).toEqual({ currentPassword: ['The current password is not correct.'] });
    expectData(await login(identity.username, GOOD_PASSWORD));
    expectData(await client.run(MeDocument));
  });

  it('refuses an invalid new password on newPassword and newPasswordConfirm', async () => {
    const { client, identity } = await signUpAndLogIn(server.url, 'weak');
    const failure = failureOf(await change(client, GOOD_PASSWORD, '12345678901', 'something-else'));
    expect(failure.fieldErrors.newPassword).toEqual(
      expect.arrayContaining(['This password is entirely numeric.']),
    );
    expect(failure.fieldErrors.newPasswordConfirm).toEqual(["The two password fields didn't match."]);
    expectData(await login(identity.username, GOOD_PASSWORD));
  });

  it('needs a signed-in caller', async () => {
    expect(codesOf(await change(anonymous, GOOD_PASSWORD))).toEqual(['UNAUTHENTICATED']);
  });
});
