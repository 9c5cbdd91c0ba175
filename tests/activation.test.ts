import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVALID_CREDENTIALS } from '../src/errors.js';
import { expectData, TestClient } from './helpers/client.js';
import { GOOD_PASSWORD, newIdentity } from './helpers/accounts.js';
import {
  ActivateAccountDocument,
  RequestPasswordResetDocument,
  ResendActivationDocument,
  ResetPasswordDocument,
} from './helpers/lifecycle-operations.js';
import { failureOf, settled } from './helpers/lifecycle.js';
import { LoginDocument, MeDocument, RegisterDocument } from './helpers/operations.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { startSmtpServer, tokenOf, type TestSmtpServer } from './helpers/smtp.js';

const ACTIVATION_URL = 'https://app.example.test/activate?token={token}';

describe('email activation (REQUIRE_EMAIL_ACTIVATION=true)', () => {
  let smtp: TestSmtpServer;
  let server: TestServer;
  let client: TestClient;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer({
      REQUIRE_EMAIL_ACTIVATION: 'true',
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Cloud Auth <auth@example.test>',
      ACTIVATION_URL,
      // Every request here comes from 127.0.0.1.
      RATE_LIMITS: 'resendActivation=200/1h, register=500/1h',
    });
    client = new TestClient(server.url);
  });
  afterAll(async () => {
    await server.stop();
    await smtp.stop();
  });

  async function register(prefix = 'act') {
    const identity = newIdentity(prefix);
    const user = expectData(
      await client.run(RegisterDocument, { input: { ...identity, passwordConfirm: identity.password } }),
    ).register;
    return { identity, user };
  }

  const login = (username: string, password = GOOD_PASSWORD) =>
    client.run(LoginDocument, { input: { username, password } });

  it('registers an inactive account and mails a link whose token activates it', async () => {
    const { identity, user } = await register();
    expect(user.isActive).toBe(false);

    const mail = await smtp.waitForMail(identity.email);
    expect(mail).toMatchObject({ from: 'auth@example.test', fromName: 'Cloud Auth' });
    expect(mail.subject).toBe('Activate your account');
    expect(mail.link).toMatch(/^https:\/\/app\.example\.test\/activate\?token=[A-Za-z0-9_-]{43}$/);
    expect(mail.html).toContain(mail.link!);
    expect(mail.text).toContain('3 days');

    expect(expectData(await client.run(ActivateAccountDocument, { token: tokenOf(mail) })).activateAccount).toBe(true);
    const tokens = expectData(await login(identity.username)).login;
    expect(tokens.user.isActive).toBe(true);
  });

  it('answers the right password of an inactive account with UNAUTHENTICATED and reason ACCOUNT_NOT_ACTIVE', async () => {
    const { identity } = await register();
    expect(failureOf(await login(identity.username))).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'ACCOUNT_NOT_ACTIVE',
    });
  });

  it('answers a wrong password of an inactive account with the ordinary login error', async () => {
    const { identity } = await register();
    const failure = failureOf(await login(identity.username, 'not-the-Password-91'));
    expect(failure).toMatchObject({ code: 'UNAUTHENTICATED', message: INVALID_CREDENTIALS });
    expect(failure.reason).toBeUndefined();
  });

  it('accepts an activation token only once', async () => {
    const { identity } = await register();
    const token = tokenOf(await smtp.waitForMail(identity.email));
    expectData(await client.run(ActivateAccountDocument, { token }));
    const again = failureOf(await client.run(ActivateAccountDocument, { token }));
    expect(again.code).toBe('BAD_USER_INPUT');
    expect(again.fieldErrors.token).toHaveLength(1);
  });

  it('refuses a made-up token on the token field', async () => {
    for (const token of ['x'.repeat(43), 'not a token', '']) {
      const failure = failureOf(await client.run(ActivateAccountDocument, { token }));
      expect(failure.code).toBe('BAD_USER_INPUT');
      expect(Object.keys(failure.fieldErrors)).toEqual(['token']);
    }
  });

  it('resends a new link to an inactive account, and only the newest link works', async () => {
    const { identity } = await register();
    const first = tokenOf(await smtp.waitForMail(identity.email, 1));
    expect(expectData(await client.run(ResendActivationDocument, { email: identity.email.toUpperCase() })).resendActivation).toBe(true);
    const second = tokenOf(await smtp.waitForMail(identity.email, 2));
    expect(second).not.toBe(first);

    expect(failureOf(await client.run(ActivateAccountDocument, { token: first })).code).toBe('BAD_USER_INPUT');
    expect(expectData(await client.run(ActivateAccountDocument, { token: second })).activateAccount).toBe(true);
  });

  it('answers resendActivation true for an unknown address and for an active account, and mails neither', async () => {
    const { identity } = await register();
    expectData(await client.run(ActivateAccountDocument, { token: tokenOf(await smtp.waitForMail(identity.email)) }));
    const unknown = newIdentity('nobody').email;

    const answers = [
      await client.run(ResendActivationDocument, { email: unknown }),
      await client.run(ResendActivationDocument, { email: identity.email }),
    ];
    expect(answers.map((answer) => expectData(answer).resendActivation)).toEqual([true, true]);
    await settled(server);
    expect(smtp.mailsTo(unknown)).toHaveLength(0);
    expect(smtp.mailsTo(identity.email)).toHaveLength(1);
  });

  it('mails no password reset to an inactive account (it must activate first)', async () => {
    const { identity } = await register();
    await smtp.waitForMail(identity.email);
    expectData(await client.run(RequestPasswordResetDocument, { email: identity.email }));
    await settled(server);
    expect(smtp.mailsTo(identity.email).map((mail) => mail.subject)).toEqual(['Activate your account']);
  });

  it('binds each token to its purpose: an activation token resets no password and a reset token activates nothing', async () => {
    const { identity } = await register();
    const activationToken = tokenOf(await smtp.waitForMail(identity.email, 1));
    const reset = await client.run(ResetPasswordDocument, {
      input: { token: activationToken, newPassword: 'another-Violet-Mountain-8', newPasswordConfirm: 'another-Violet-Mountain-8' },
    });
    expect(failureOf(reset).fieldErrors).toHaveProperty('token');

    expectData(await client.run(ActivateAccountDocument, { token: activationToken }));
    expectData(await client.run(RequestPasswordResetDocument, { email: identity.email }));
    const resetToken = tokenOf(await smtp.waitForMail(identity.email, 2));
    expect(failureOf(await client.run(ActivateAccountDocument, { token: resetToken })).fieldErrors).toHaveProperty('token');
  });

  it('lets an activated user read me', async () => {
    const { identity, user } = await register();
    expectData(await client.run(ActivateAccountDocument, { token: tokenOf(await smtp.waitForMail(identity.email)) }));
    const signedIn = new TestClient(server.url);
    signedIn.accessToken = expectData(await login(identity.username)).login.accessToken;
    expect(expectData(await signedIn.run(MeDocument)).me).toMatchObject({ id: user.id, isActive: true });
  });
});

describe('an expired activation token', () => {
  it('is refused on the token field', async () => {
    const smtp = await startSmtpServer();
    const server = await startTestServer({ REQUIRE_EMAIL_ACTIVATION: 'true', SMTP_URL: smtp.url, ACTIVATION_TOKEN_TTL: '1s' });
    try {
      const client = new TestClient(server.url);
      const identity = newIdentity('expiring');
      expectData(await client.run(RegisterDocument, { input: { ...identity, passwordConfirm: identity.password } }));
      const token = tokenOf(await smtp.waitForMail(identity.email));
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(failureOf(await client.run(ActivateAccountDocument, { token })).fieldErrors).toHaveProperty('token');
    } finally {
      await server.stop();
      await smtp.stop();
    }
  });
});
