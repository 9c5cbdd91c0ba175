import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_CURRENT_PASSWORD } from '../src/accounts/account-rules.js';
import { emailKey, usernameKey } from '../src/core/identity.js';
import { AuthMethod, User } from '../src/db/entities/index.js';
import { INVALID_CREDENTIALS } from '../src/errors.js';
import { GOOD_PASSWORD, newIdentity, signUpAndLogIn } from './helpers/accounts.js';
import { expectData, TestClient } from './helpers/client.js';
import { bearer, errorCodes, postGraphQL } from './helpers/http.js';
import {
  ActivateAccountDocument,
  ChangePasswordDocument,
  RequestPasswordResetDocument,
  ResetPasswordDocument,
  UpdateMeDocument,
} from './helpers/lifecycle-operations.js';
import { failureOf, signUpAdmin } from './helpers/lifecycle.js';
import { LoginDocument, MeDocument, RegisterDocument } from './helpers/operations.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { startSmtpServer, tokenOf, type TestSmtpServer } from './helpers/smtp.js';

/**
 * The security stamp (core/security-stamp.ts): one-time tokens die when it changes (a new
 * password, an applied email change, a deactivation), whatever else happens to the account; and
 * accounts without a password (passkey, identity provider) sign in by password like nobody.
 */

const NEW_PASSWORD = 'amber-Harbour-62-lantern';
const SET_ACTIVE = `mutation ($id: ID!, $active: Boolean!) { setUserActive(id: $id, active: $active) { isActive } }`;

async function withMailServer(env: Record<string, string>) {
  const smtp = await startSmtpServer();
  const server = await startTestServer({ SMTP_URL: smtp.url, RATE_LIMITS: 'requestPasswordReset=200/1h, register=500/1h, mailPerAccount=20/1h', ...env });
  return { smtp, server };
}

describe('a password-reset link', () => {
  let smtp: TestSmtpServer;
  let server: TestServer;
  let client: TestClient;
  let admin: Awaited<ReturnType<typeof signUpAdmin>>;

  beforeAll(async () => {
    ({ smtp, server } = await withMailServer({}));
    client = new TestClient(server.url);
    admin = await signUpAdmin(server, 'stampadmin');
  });
  afterAll(async () => {
    await server.stop();
    await smtp.stop();
  });

  async function requestReset(prefix: string) {
    const account = await signUpAndLogIn(server.url, prefix);
    expectData(await client.run(RequestPasswordResetDocument, { email: account.identity.email }));
    return { ...account, token: tokenOf(await smtp.waitForMail(account.identity.email)) };
  }

  const reset = (token: string, newPassword = NEW_PASSWORD) =>
    client.run(ResetPasswordDocument, { input: { token, newPassword, newPasswordConfirm: newPassword } });

  it('dies when the password is changed', async () => {
    const { client: signedIn, token } = await requestReset('stampchange');
    expectData(
      await signedIn.run(ChangePasswordDocument, {
        input: { currentPassword: GOOD_PASSWORD, newPassword: NEW_PASSWORD, newPasswordConfirm: NEW_PASSWORD },
      }),
    );
    expect(failureOf(await reset(token, 'third-Amber-Harbour-64')).fieldErrors).toHaveProperty('token');
  });

  it('dies when the email address changes, and the account keeps its password', async () => {
    const { identity, client: signedIn, token } = await requestReset('stampmail');
    const moved = `moved.${identity.email}`;
    expect(expectData(await signedIn.run(UpdateMeDocument, { input: { email: moved, currentPassword: GOOD_PASSWORD } })).updateMe.email).toBe(moved);

    expect(failureOf(await reset(token)).fieldErrors).toHaveProperty('token');
    expectData(await client.run(LoginDocument, { input: { username: identity.username, password: GOOD_PASSWORD } }));
  });

  it('stays valid when only the username changes', async () => {
    const { identity, client: signedIn, token } = await requestReset('stampname');
    expectData(await signedIn.run(UpdateMeDocument, { input: { username: `re${identity.username}`, currentPassword: GOOD_PASSWORD } }));
    expect(expectData(await reset(token)).resetPassword).toBe(true);
  });

  it('dies when an admin deactivates the account, and stays dead after reactivation', async () => {
    const { identity, user, token } = await requestReset('stampoff');
    const asAdmin = (active: boolean) => postGraphQL(server.url, SET_ACTIVE, { id: user.id, active }, bearer(admin.tokens.accessToken));
    expect((await asAdmin(false)).data?.setUserActive.isActive).toBe(false);
    expect((await asAdmin(true)).data?.setUserActive.isActive).toBe(true);

    expect(failureOf(await reset(token)).fieldErrors).toHaveProperty('token');
    expectData(await client.run(LoginDocument, { input: { username: identity.username, password: GOOD_PASSWORD } }));
  });
});

describe('an activation link (REQUIRE_EMAIL_ACTIVATION=true)', () => {
  let smtp: TestSmtpServer;
  let server: TestServer;

  beforeAll(async () => {
    ({ smtp, server } = await withMailServer({ REQUIRE_EMAIL_ACTIVATION: 'true' }));
  });
  afterAll(async () => {
    await server.stop();
    await smtp.stop();
  });

  it('no longer switches an account on once an admin has deactivated it', async () => {
    const admin = await signUpAdmin(server, 'stampadmin');
    const client = new TestClient(server.url);
    const identity = newIdentity('stampact');
    const user = expectData(await client.run(RegisterDocument, { input: { ...identity, passwordConfirm: identity.password } })).register;
    const token = tokenOf(await smtp.waitForMail(identity.email));
    const asAdmin = (active: boolean) => postGraphQL(server.url, SET_ACTIVE, { id: user.id, active }, bearer(admin.tokens.accessToken));
    // Switched on by an admin before the link was used, then off again.
    expect((await asAdmin(true)).data?.setUserActive.isActive).toBe(true);
    expect((await asAdmin(false)).data?.setUserActive.isActive).toBe(false);

    expect(failureOf(await client.run(ActivateAccountDocument, { token })).fieldErrors).toHaveProperty('token');
    const login = await client.run(LoginDocument, { input: { username: identity.username, password: identity.password } });
    expect(failureOf(login)).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'ACCOUNT_NOT_ACTIVE' });
  });

  it('ends a reset link when a new address is confirmed, not while it waits for confirmation', async () => {
    const client = new TestClient(server.url);
    const identity = newIdentity('stampconfirm');
    expectData(await client.run(RegisterDocument, { input: { ...identity, passwordConfirm: identity.password } }));
    expectData(await client.run(ActivateAccountDocument, { token: tokenOf(await smtp.waitForMail(identity.email)) }));
    const signedIn = new TestClient(server.url);
    signedIn.accessToken = expectData(await signedIn.run(LoginDocument, { input: { username: identity.username, password: identity.password } })).login.accessToken;
    const reset = (token: string) => client.run(ResetPasswordDocument, { input: { token, newPassword: NEW_PASSWORD, newPasswordConfirm: NEW_PASSWORD } });

    // A reset link, then an email change that waits for its confirmation: the link still works.
    const requestReset = async (nth: number) => {
      expectData(await client.run(RequestPasswordResetDocument, { email: identity.email }));
      return tokenOf(await smtp.waitForMail(identity.email, nth));
    };
    const moved = `moved.${identity.email}`;
    const changeEmail = () => signedIn.run(UpdateMeDocument, { input: { email: moved, currentPassword: identity.password } });
    expectData(await changeEmail());
    expect(expectData(await reset(await requestReset(2))).resetPassword).toBe(true);

    // Once the new address is confirmed, a link mailed to the old one dies.
    signedIn.accessToken = expectData(await signedIn.run(LoginDocument, { input: { username: identity.username, password: NEW_PASSWORD } })).login.accessToken;
    const oldAddressLink = await requestReset(4); // the 3rd mail said the password was changed
    expectData(await signedIn.run(UpdateMeDocument, { input: { email: moved, currentPassword: NEW_PASSWORD } }));
    expectData(await client.run(ActivateAccountDocument, { token: tokenOf(await smtp.waitForMail(moved, 2)) }));
    expect(failureOf(await reset(oldAddressLink)).fieldErrors).toHaveProperty('token');
  });
});

describe('an account without a password', () => {
  let smtp: TestSmtpServer;
  let server: TestServer;
  let client: TestClient;

  beforeAll(async () => {
    ({ smtp, server } = await withMailServer({}));
    client = new TestClient(server.url);
  });
  afterAll(async () => {
    await server.stop();
    await smtp.stop();
  });

  /**
   * As the passkey and identity-provider sign-ups will make it: no GraphQL operation makes one
   * yet, so the test writes it through the ORM, the way the user store's callers will.
   */
  async function passwordless(prefix: string) {
    const identity = newIdentity(prefix);
    const em = server.app.orm.em.fork();
    const user = em.create(User, {
      username: identity.username,
      usernameKey: usernameKey(identity.username),
      email: identity.email,
      emailKey: emailKey(identity.email),
    });
    await em.flush();
    expect(user.passwordHash).toBeNull();
    return { identity, user };
  }

  const login = (username: string, password: string) => client.run(LoginDocument, { input: { username, password } });

  it('is refused a password login with the very error of a wrong password', async () => {
    const { identity } = await passwordless('nopass');
    const withPassword = await signUpAndLogIn(server.url, 'haspass');
    const refused = failureOf(await login(identity.username, GOOD_PASSWORD));
    const wrong = failureOf(await login(withPassword.identity.username, 'not-the-Password-91'));
    expect(refused).toEqual(wrong);
    expect(refused).toMatchObject({ code: 'UNAUTHENTICATED', message: INVALID_CREDENTIALS, reason: undefined });
    // Also with the empty password, which no account can have.
    expect(failureOf(await login(identity.email, ''))).toEqual(wrong);
  });

  it('spends a password check on the refusal, as a wrong password does', async () => {
    const { identity } = await passwordless('nopasstime');
    const withPassword = await signUpAndLogIn(server.url, 'haspasstime');
    const timed = async (username: string) => {
      const started = performance.now();
      expect(failureOf(await login(username, 'not-the-Password-91')).code).toBe('UNAUTHENTICATED');
      return performance.now() - started;
    };
    const passwordlessTimes: number[] = [];
    const wrongTimes: number[] = [];
    // Interleaved, so that a slow moment of the machine falls on both; 5 of each, medians compared.
    for (let round = 0; round < 5; round += 1) {
      passwordlessTimes.push(await timed(identity.username));
      wrongTimes.push(await timed(withPassword.identity.username));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[2];
    // An argon2id check is about 20 ms here; a refusal without one takes a few.
    expect(median(passwordlessTimes)).toBeGreaterThan(median(wrongTimes) * 0.5);
  });

  it('gets its first password from a password reset, and signs in with it', async () => {
    const { identity } = await passwordless('firstpass');
    expectData(await client.run(RequestPasswordResetDocument, { email: identity.email }));
    const token = tokenOf(await smtp.waitForMail(identity.email));
    expectData(await client.run(ResetPasswordDocument, { input: { token, newPassword: NEW_PASSWORD, newPasswordConfirm: NEW_PASSWORD } }));

    const signedIn = expectData(await login(identity.username, NEW_PASSWORD)).login;
    expect(signedIn.user.username).toBe(identity.username);
  });

  it('is told, when signed in some other way, that changePassword needs a password reset first', async () => {
    const { identity, user } = await passwordless('nopasschange');
    // A session as a passkey sign-in will start one.
    const profile = { id: user.id, username: identity.username, email: identity.email, role: user.role, isActive: true, dateJoined: user.dateJoined, lastLogin: null, mfaEnabled: false };
    const tokens = await server.app.services.sessions.start(
      server.app.orm.em.fork(),
      { userId: user.id, methods: [AuthMethod.PASSKEY], assuranceLevel: 1, authenticatedAt: new Date() },
      profile,
      { requestId: 'test', ipAddress: '127.0.0.1', userAgent: null },
    );
    const signedIn = new TestClient(server.url);
    signedIn.accessToken = tokens.accessToken;
    expect(expectData(await signedIn.run(MeDocument)).me.username).toBe(identity.username);

    const refused = failureOf(
      await signedIn.run(ChangePasswordDocument, {
        input: { currentPassword: '', newPassword: NEW_PASSWORD, newPasswordConfirm: NEW_PASSWORD },
      }),
    );
    expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', fieldErrors: { currentPassword: [NO_CURRENT_PASSWORD] } });
    // Nothing was set: a password login still fails.
    expect(errorCodes(await postGraphQL(server.url, 'mutation ($i: LoginInput!) { login(input: $i) { accessToken } }', {
      i: { username: identity.username, password: NEW_PASSWORD },
    }))).toEqual(['UNAUTHENTICATED']);
  });
});
