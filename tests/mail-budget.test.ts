import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codesOf, expectData, TestClient } from './helpers/client.js';
import { GOOD_PASSWORD, newIdentity, signUpAndLogIn } from './helpers/accounts.js';
import {
  ActivateAccountDocument,
  RequestPasswordResetDocument,
  ResendActivationDocument,
  ResetPasswordDocument,
  UpdateMeDocument,
} from './helpers/lifecycle-operations.js';
import { settled } from './helpers/lifecycle.js';
import { LoginDocument, RegisterDocument } from './helpers/operations.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { startSmtpServer, tokenOf, type TestSmtpServer } from './helpers/smtp.js';

/**
 * mailPerAccount (3 an hour by default): however many clients ask, from however many addresses,
 * one account's inbox gets a few link mails an hour. The answers stay `true` (no enumeration).
 */

const NEW_PASSWORD = 'amber-Harbour-62-lantern';

/** A client whose requests appear to come from `address` (the servers here trust 127.0.0.1's X-Forwarded-For). */
const clientFrom = (url: string, address: string) => new TestClient(url, { 'x-forwarded-for': address });

describe('the mail budget of an account', () => {
  let smtp: TestSmtpServer;
  let server: TestServer;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer({ SMTP_URL: smtp.url, TRUST_PROXY: 'loopback' });
  });
  afterAll(async () => {
    await server.stop();
    await smtp.stop();
  });

  it('sends at most 3 reset mails an hour to one account, whatever addresses ask, and answers every one true', async () => {
    const { identity } = await signUpAndLogIn(server.url, 'flooded');
    for (let asker = 1; asker <= 6; asker += 1) {
      const answer = await clientFrom(server.url, `203.0.113.${asker}`).run(RequestPasswordResetDocument, { email: identity.email });
      expect(expectData(answer).requestPasswordReset).toBe(true);
      await settled(server);
    }
    const mails = smtp.mailsTo(identity.email);
    expect(mails).toHaveLength(3);

    // The requests past the budget replaced nothing: the last link mailed still works.
    const reset = await new TestClient(server.url).run(ResetPasswordDocument, {
      input: { token: tokenOf(mails[2]), newPassword: NEW_PASSWORD, newPasswordConfirm: NEW_PASSWORD },
    });
    expect(expectData(reset).resetPassword).toBe(true);
  });

  it("keeps each account's budget its own", async () => {
    const [first, second] = [await signUpAndLogIn(server.url, 'first'), await signUpAndLogIn(server.url, 'second')];
    for (let round = 0; round < 4; round += 1) {
      expectData(await new TestClient(server.url).run(RequestPasswordResetDocument, { email: first.identity.email }));
    }
    expectData(await new TestClient(server.url).run(RequestPasswordResetDocument, { email: second.identity.email }));
    await settled(server);
    expect(smtp.mailsTo(first.identity.email)).toHaveLength(3);
    expect(smtp.mailsTo(second.identity.email)).toHaveLength(1);
  });
});

describe('the mail budget of an account with REQUIRE_EMAIL_ACTIVATION=true', () => {
  let smtp: TestSmtpServer;
  let server: TestServer;
  let anonymous: TestClient;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer({ SMTP_URL: smtp.url, TRUST_PROXY: 'loopback', REQUIRE_EMAIL_ACTIVATION: 'true' });
    anonymous = new TestClient(server.url);
  });
  afterAll(async () => {
    await server.stop();
    await smtp.stop();
  });

  async function register(prefix: string) {
    const identity = newIdentity(prefix);
    expectData(await anonymous.run(RegisterDocument, { input: { ...identity, passwordConfirm: identity.password } }));
    await smtp.waitForMail(identity.email);
    return identity;
  }

  it("sends at most 3 activation mails an hour, register's own included, and answers every resend true", async () => {
    const identity = await register('unactivated');
    for (let asker = 1; asker <= 5; asker += 1) {
      const answer = await clientFrom(server.url, `198.51.100.${asker}`).run(ResendActivationDocument, { email: identity.email });
      expect(expectData(answer).resendActivation).toBe(true);
      await settled(server);
    }
    expect(smtp.mailsTo(identity.email).map((mail) => mail.subject)).toEqual(Array(3).fill('Activate your account'));
  });

  it('sends at most 3 mails an hour to an address that registrations keep trying', async () => {
    const identity = await register('targeted');
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const intruder = newIdentity('intruder');
      const register = clientFrom(server.url, `192.0.2.${attempt}`).run(RegisterDocument, {
        input: { ...intruder, email: identity.email, passwordConfirm: intruder.password },
      });
      expectData(await register);
      await settled(server);
    }
    expect(smtp.mailsTo(identity.email).map((mail) => mail.subject)).toEqual([
      'Activate your account',
      'Someone tried to register with your email address',
      'Someone tried to register with your email address',
    ]);
  });

  it('refuses an email change with RATE_LIMITED once its confirmation would pass the budget', async () => {
    const identity = await register('mover');
    expectData(await anonymous.run(ActivateAccountDocument, { token: tokenOf(smtp.mailsTo(identity.email)[0]) }));
    const client = new TestClient(server.url);
    client.accessToken = expectData(
      await anonymous.run(LoginDocument, { input: { username: identity.username, password: GOOD_PASSWORD } }),
    ).login.accessToken;

    const change = () => client.run(UpdateMeDocument, { input: { email: newIdentity('where').email, currentPassword: GOOD_PASSWORD } });
    // The activation mail was the first of three.
    expectData(await change());
    expectData(await change());
    const refused = await change();
    expect(codesOf(refused)).toEqual(['RATE_LIMITED']);
    expect(refused.errors[0].extensions.retryAfter).toBeGreaterThan(3000);
  });
});
