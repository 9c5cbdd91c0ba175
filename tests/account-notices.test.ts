import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectData, TestClient } from './helpers/client.js';
import { GOOD_PASSWORD, newIdentity, signUpAndLogIn } from './helpers/accounts.js';
import {
  ActivateAccountDocument,
  ChangePasswordDocument,
  RequestPasswordResetDocument,
  ResetPasswordDocument,
  UpdateMeDocument,
} from './helpers/lifecycle-operations.js';
import { settled } from './helpers/lifecycle.js';
import { LoginDocument, RegisterDocument } from './helpers/operations.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { startSmtpServer, tokenOf, type TestSmtpServer } from './helpers/smtp.js';

/** ASVS 6.3.7: the owner is told of every change to the password or the address, at the address they know. */

const NEW_PASSWORD = 'amber-Harbour-62-lantern';
const PASSWORD_CHANGED = 'Your password was changed';
const EMAIL_CHANGED = 'The email address of your account was changed';

describe('notices of account changes', () => {
  let smtp: TestSmtpServer;
  let server: TestServer;
  let anonymous: TestClient;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer({ SMTP_URL: smtp.url });
    anonymous = new TestClient(server.url);
  });
  afterAll(async () => {
    await server.stop();
    await smtp.stop();
  });

  it('mails the owner when the password is changed, without a link or the password', async () => {
    const { client, identity } = await signUpAndLogIn(server.url, 'changed');
    expectData(
      await client.run(ChangePasswordDocument, {
        input: { currentPassword: GOOD_PASSWORD, newPassword: NEW_PASSWORD, newPasswordConfirm: NEW_PASSWORD },
      }),
    );
    const notice = await smtp.waitForMail(identity.email);
    expect(notice.subject).toBe(PASSWORD_CHANGED);
    expect(notice.text).toContain(identity.username);
    expect(notice.text).toMatch(/If this was not you, reset your password/);
    expect(notice.link).toBeNull();
    expect(`${notice.text}${notice.html}`).not.toContain(NEW_PASSWORD);
  });

  it('mails the owner when the password is reset with a mailed link', async () => {
    const { identity } = await signUpAndLogIn(server.url, 'resetting');
    expectData(await anonymous.run(RequestPasswordResetDocument, { email: identity.email }));
    const token = tokenOf(await smtp.waitForMail(identity.email, 1));
    expectData(await anonymous.run(ResetPasswordDocument, { input: { token, newPassword: NEW_PASSWORD, newPasswordConfirm: NEW_PASSWORD } }));
    const notice = await smtp.waitForMail(identity.email, 2);
    expect(notice.subject).toBe(PASSWORD_CHANGED);
    expect(notice.text).toMatch(/reset/);
    expect(notice.link).toBeNull();
  });

  it('mails the previous address when the email changes, and nothing to the new one', async () => {
    const { client, identity } = await signUpAndLogIn(server.url, 'leaving');
    const next = newIdentity('arrived');
    expectData(await client.run(UpdateMeDocument, { input: { email: next.email, currentPassword: GOOD_PASSWORD } }));
    const notice = await smtp.waitForMail(identity.email);
    expect(notice.subject).toBe(EMAIL_CHANGED);
    expect(notice.text).toContain(next.email);
    await settled(server);
    expect(smtp.mailsTo(next.email)).toHaveLength(0);
  });

  it('sends no notice when only the username or the case of the address changes', async () => {
    const { client, identity } = await signUpAndLogIn(server.url, 'recased');
    expectData(
      await client.run(UpdateMeDocument, {
        input: { username: newIdentity('renamed').username, email: identity.email.toUpperCase(), currentPassword: GOOD_PASSWORD },
      }),
    );
    await settled(server);
    expect(smtp.mailsTo(identity.email)).toHaveLength(0);
  });
});

describe('notices of account changes with REQUIRE_EMAIL_ACTIVATION=true', () => {
  let smtp: TestSmtpServer;
  let server: TestServer;
  let anonymous: TestClient;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer({ SMTP_URL: smtp.url, REQUIRE_EMAIL_ACTIVATION: 'true' });
    anonymous = new TestClient(server.url);
  });
  afterAll(async () => {
    await server.stop();
    await smtp.stop();
  });

  it('mails the previous address once the new one is confirmed, not before', async () => {
    const identity = newIdentity('confirming');
    expectData(await anonymous.run(RegisterDocument, { input: { ...identity, passwordConfirm: identity.password } }));
    expectData(await anonymous.run(ActivateAccountDocument, { token: tokenOf(await smtp.waitForMail(identity.email)) }));
    const client = new TestClient(server.url);
    client.accessToken = expectData(
      await anonymous.run(LoginDocument, { input: { username: identity.username, password: identity.password } }),
    ).login.accessToken;

    const next = newIdentity('confirmed');
    expectData(await client.run(UpdateMeDocument, { input: { email: next.email, currentPassword: GOOD_PASSWORD } }));
    const confirmation = await smtp.waitForMail(next.email);
    await settled(server);
    expect(smtp.mailsTo(identity.email).map((mail) => mail.subject)).toEqual(['Activate your account']);

    expectData(await anonymous.run(ActivateAccountDocument, { token: tokenOf(confirmation) }));
    const notice = await smtp.waitForMail(identity.email, 2);
    expect(notice.subject).toBe(EMAIL_CHANGED);
    expect(notice.text).toContain(next.email);
  });
});
