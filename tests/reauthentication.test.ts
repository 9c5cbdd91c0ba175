import { decode } from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, newIdentity, signUpAndLogIn } from './helpers/accounts.js';
import { codesOf, expectData, TestClient } from './helpers/client.js';
import { auditLog, ownEvents } from './helpers/events.js';
import { ChangePasswordDocument, DeleteMeDocument, UpdateMeDocument, UserDocument, UsersDocument } from './helpers/lifecycle-operations.js';
import { failureOf, settled, signUpAdmin } from './helpers/lifecycle.js';
import { awayFromStepBoundary, enableTotp, passwordHalf } from './helpers/mfa.js';
import {
  CompleteMfaLoginDocument,
  CurrentSessionAuthenticationDocument,
  MfaStatusDocument,
  ReauthenticateDocument,
  RemoveTotpFactorDocument,
  ResetUserMfaDocument,
  StartTotpEnrollmentDocument,
} from './helpers/mfa-operations.js';
import { LoginDocument, MeDocument, RefreshTokenDocument } from './helpers/operations.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { Session } from '../src/db/entities/index.js';
import { startSmtpServer, type TestSmtpServer } from './helpers/smtp.js';

const REAUTH_MAX_AGE_SECONDS = 60;
const NEW_PASSWORD = 'copper-Kettle-58-meadow';

describe(`re-authentication before sensitive changes (REAUTH_MAX_AGE=${REAUTH_MAX_AGE_SECONDS})`, () => {
  let server: TestServer;
  let anonymous: TestClient;

  beforeAll(async () => {
    server = await startTestServer({ REAUTH_MAX_AGE: String(REAUTH_MAX_AGE_SECONDS) });
    anonymous = new TestClient(server.url);
  });
  afterAll(() => server.stop());

  /**
   * Makes the session of `client` have proved its user's identity just over REAUTH_MAX_AGE ago, as
   * the database sees it (rather than waiting a minute, or racing a short window on a busy machine).
   */
  async function pastMaxAge(client: TestClient) {
    const { sid } = decode(client.accessToken!) as { sid: string };
    const provedAt = new Date(Date.now() - (REAUTH_MAX_AGE_SECONDS + 1) * 1000);
    await server.app.orm.em.fork().nativeUpdate(Session, { id: sid }, { authenticatedAt: provedAt });
  }

  /** An account with an authenticator app, signed in with both factors just now. */
  async function signedInWithSecondFactor(prefix: string) {
    const account = await signUpAndLogIn(server.url, prefix);
    const totp = await enableTotp(account.client);
    await awayFromStepBoundary();
    const { mfaToken } = await passwordHalf(anonymous, account.identity.username, GOOD_PASSWORD);
    const payload = expectData(await anonymous.run(CompleteMfaLoginDocument, { input: { mfaToken, code: totp.app.code(0) } })).completeMfaLogin;
    const client = new TestClient(server.url);
    client.accessToken = payload.accessToken;
    return { ...account, ...totp, client, refreshToken: payload.refreshToken };
  }

  it('without a second factor: a stale session must re-authenticate for factor changes, and the password renews it', async () => {
    const { client, tokens } = await signUpAndLogIn(server.url, 'stale');
    await pastMaxAge(client);
    const refused = await client.run(StartTotpEnrollmentDocument, {});
    expect(failureOf(refused).code).toBe('REAUTHENTICATION_REQUIRED');
    expect(refused.errors[0].message).toMatch(/reauthenticate/);

    const before = expectData(await client.run(CurrentSessionAuthenticationDocument)).sessions.find((session) => session.current)!;
    const renewed = expectData(await client.run(ReauthenticateDocument, { input: { password: GOOD_PASSWORD } })).reauthenticate;
    client.accessToken = renewed.accessToken;
    const after = expectData(await client.run(CurrentSessionAuthenticationDocument)).sessions.find((session) => session.current)!;
    expect(after.id).toBe(before.id);
    expect(after).toMatchObject({ authMethods: ['PASSWORD'], assuranceLevel: 1 });
    expect(Date.parse(after.authenticatedAt)).toBeGreaterThan(Date.parse(before.authenticatedAt));
    expectData(await client.run(StartTotpEnrollmentDocument, {}));
    // The session's refresh token before re-authentication is replaced.
    expect(codesOf(await anonymous.run(RefreshTokenDocument, { refreshToken: tokens.refreshToken }))).toEqual(['UNAUTHENTICATED']);
  });

  it('without a second factor: currentPassword is proof enough, however old the session (changePassword, updateMe, deleteMe)', async () => {
    const { client, identity } = await signUpAndLogIn(server.url, 'pwdhalf');
    await pastMaxAge(client);
    const changed = await client.run(ChangePasswordDocument, {
      input: { currentPassword: GOOD_PASSWORD, newPassword: NEW_PASSWORD, newPasswordConfirm: NEW_PASSWORD },
    });
    client.accessToken = expectData(changed).changePassword.accessToken;
    await pastMaxAge(client);
    const email = newIdentity('moved').email;
    expect(expectData(await client.run(UpdateMeDocument, { input: { email, currentPassword: NEW_PASSWORD } })).updateMe.email).toBe(email);
    expect(expectData(await client.run(DeleteMeDocument, { currentPassword: NEW_PASSWORD })).deleteMe).toBe(true);
    expect(codesOf(await anonymous.run(LoginDocument, { input: { username: identity.username, password: NEW_PASSWORD } }))).toEqual(['UNAUTHENTICATED']);
  });

  it('with a second factor: currentPassword alone no longer does once the session is stale, or was only ever at level 1', async () => {
    const account = await signedInWithSecondFactor('mfahalf');
    // `account.tokens` is the password-only session from before MFA was on.
    const levelOne = new TestClient(server.url);
    levelOne.accessToken = account.tokens.accessToken;
    const changeInput = { currentPassword: GOOD_PASSWORD, newPassword: NEW_PASSWORD, newPasswordConfirm: NEW_PASSWORD };
    expect(failureOf(await levelOne.run(ChangePasswordDocument, { input: changeInput })).code).toBe('REAUTHENTICATION_REQUIRED');

    await pastMaxAge(account.client);
    const stale = account.client;
    expect(failureOf(await stale.run(ChangePasswordDocument, { input: changeInput })).code).toBe('REAUTHENTICATION_REQUIRED');
    expect(failureOf(await stale.run(DeleteMeDocument, { currentPassword: GOOD_PASSWORD })).code).toBe('REAUTHENTICATION_REQUIRED');
    const newEmail = newIdentity('mfamoved').email;
    expect(failureOf(await stale.run(UpdateMeDocument, { input: { email: newEmail, currentPassword: GOOD_PASSWORD } })).code).toBe(
      'REAUTHENTICATION_REQUIRED',
    );
    // A new username is not a sensitive change.
    const username = newIdentity('renamed').username;
    expect(expectData(await stale.run(UpdateMeDocument, { input: { username, currentPassword: GOOD_PASSWORD } })).updateMe.username).toBe(username);
    // Nothing of the refused changes happened.
    expect(expectData(await stale.run(MeDocument)).me.email).toBe(account.identity.email);
    expect((await passwordHalf(anonymous, username, GOOD_PASSWORD)).factors).toContain('TOTP');

    const renewed = expectData(await stale.run(ReauthenticateDocument, { input: { password: GOOD_PASSWORD, code: account.app.code(1) } })).reauthenticate;
    const claims = decode(renewed.accessToken) as Record<string, unknown>;
    expect(claims).toMatchObject({ amr: ['pwd', 'otp', 'mfa'], aal: 2 });
    stale.accessToken = renewed.accessToken;
    expectData(await stale.run(ChangePasswordDocument, { input: changeInput }));
  });

  it('reauthenticate asks for what the account has: password and code, each checked, with field errors', async () => {
    const account = await signedInWithSecondFactor('reauthinput');
    const reauthenticate = (input: { password?: string; code?: string }) => account.client.run(ReauthenticateDocument, { input });
    expect(failureOf(await reauthenticate({ password: GOOD_PASSWORD })).fieldErrors).toEqual({ code: [expect.stringMatching(/two-factor/)] });
    expect(failureOf(await reauthenticate({ code: account.app.code(1) })).fieldErrors).toEqual({ password: ['Enter your password.'] });
    expect(failureOf(await reauthenticate({ password: GOOD_PASSWORD, code: '12345' })).fieldErrors).toHaveProperty('code');
    expect(failureOf(await reauthenticate({ password: 'wrong-Password-9', code: account.app.code(1) })).fieldErrors).toEqual({
      password: ['The password is not right.'],
    });
    expect(failureOf(await reauthenticate({ password: GOOD_PASSWORD, code: '000000' })).fieldErrors).toEqual({
      code: ['The code is not right, or was already used.'],
    });
    // The code of the refused try with a wrong password was not spent: it works now.
    expectData(await reauthenticate({ password: GOOD_PASSWORD, code: account.app.code(1) }));
    // A recovery code does too, once; the session then says how it was proved.
    const withRecovery = expectData(await reauthenticate({ password: GOOD_PASSWORD, code: account.recoveryCodes[0] })).reauthenticate;
    account.client.accessToken = withRecovery.accessToken;
    const current = expectData(await account.client.run(CurrentSessionAuthenticationDocument)).sessions.find((session) => session.current)!;
    expect(current).toMatchObject({ authMethods: ['PASSWORD', 'RECOVERY_CODE'], assuranceLevel: 2 });
    expect(failureOf(await reauthenticate({ password: GOOD_PASSWORD, code: account.recoveryCodes[0] })).fieldErrors).toHaveProperty('code');
    const types = (await ownEvents(server.url, withRecovery.accessToken)).map((event) => event.type);
    expect(types).toContain('RECOVERY_CODE_USED');
  });

  it('removing an app needs a recent two-factor proof; after reauthenticate it goes through', async () => {
    const account = await signedInWithSecondFactor('removefresh');
    await pastMaxAge(account.client);
    expect(failureOf(await account.client.run(RemoveTotpFactorDocument, { id: account.factorId })).code).toBe('REAUTHENTICATION_REQUIRED');
    expect(expectData(await account.client.run(MfaStatusDocument)).me.mfaEnabled).toBe(true);
    const renewed = expectData(await account.client.run(ReauthenticateDocument, { input: { password: GOOD_PASSWORD, code: account.app.code(1) } }));
    account.client.accessToken = renewed.reauthenticate.accessToken;
    expectData(await account.client.run(RemoveTotpFactorDocument, { id: account.factorId }));
    expect(expectData(await account.client.run(MfaStatusDocument)).me.mfaEnabled).toBe(false);
  });
});

describe('admins and second factors', () => {
  let smtp: TestSmtpServer;
  let server: TestServer;
  let anonymous: TestClient;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer({ MFA_REQUIRED_FOR_ADMINS: 'true', SMTP_URL: smtp.url });
    anonymous = new TestClient(server.url);
  });
  afterAll(async () => {
    await server.stop();
    await smtp.stop();
  });

  it('MFA_REQUIRED_FOR_ADMINS: admin fields answer FORBIDDEN (MFA_ENROLLMENT_REQUIRED) until the admin has a second factor', async () => {
    const admin = await signUpAdmin(server, 'mfaadmin');
    const other = await signUpAndLogIn(server.url, 'someone');
    const refused = failureOf(await admin.client.run(UsersDocument, { first: 5 }));
    expect(refused).toMatchObject({ code: 'FORBIDDEN', reason: 'MFA_ENROLLMENT_REQUIRED' });
    expect(failureOf(await admin.client.run(UserDocument, { id: other.user.id })).reason).toBe('MFA_ENROLLMENT_REQUIRED');
    // Their own account stays open, enrolment included.
    expect(expectData(await admin.client.run(UserDocument, { id: admin.user.id })).user?.id).toBe(admin.user.id);
    await enableTotp(admin.client);
    expect(expectData(await admin.client.run(UsersDocument, { first: 5 })).users.totalCount).toBeGreaterThanOrEqual(2);
    // A regular user is FORBIDDEN as before, without the reason.
    expect(failureOf(await other.client.run(UsersDocument, { first: 5 }))).toMatchObject({ code: 'FORBIDDEN', reason: undefined });
  });

  it("an admin resets a user's second factors: recorded with the admin as actor, mailed, and login is back to the password", async () => {
    const admin = await signUpAdmin(server, 'resetter');
    await enableTotp(admin.client);
    const user = await signUpAndLogIn(server.url, 'lostphone');
    await enableTotp(user.client);
    expect(codesOf(await user.client.run(ResetUserMfaDocument, { id: admin.user.id }))).toEqual(['FORBIDDEN']);
    expect(failureOf(await admin.client.run(ResetUserMfaDocument, { id: '00000000-0000-4000-8000-000000000000' })).fieldErrors).toHaveProperty('id');

    expect(expectData(await admin.client.run(ResetUserMfaDocument, { id: user.user.id })).resetUserMfa).toBe(true);
    expectData(await anonymous.run(LoginDocument, { input: { username: user.identity.username, password: GOOD_PASSWORD } }));
    const [event] = await auditLog(server.url, admin.client.accessToken!, { userId: user.user.id, types: ['MFA_DISABLED'] });
    expect(event).toMatchObject({ type: 'MFA_DISABLED', userId: user.user.id, actorId: admin.user.id });
    await settled(server);
    const mail = await smtp.waitForMail(user.identity.email, 2);
    expect(mail.subject).toBe('An administrator turned off two-factor authentication');
  });
});
