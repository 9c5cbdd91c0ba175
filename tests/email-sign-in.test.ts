import { decode } from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OneTimeToken, TokenPurpose } from '../src/db/entities/index.js';
import { newIdentity, signUpAndLogIn } from './helpers/accounts.js';
import { codesOf, expectData, TestClient } from './helpers/client.js';
import { settled, signUpAdmin } from './helpers/lifecycle.js';
import { awayFromStepBoundary, enableTotp, mfaChallengeOf } from './helpers/mfa.js';
import { CompleteMfaLoginDocument, CurrentSessionAuthenticationDocument } from './helpers/mfa-operations.js';
import { MeDocument, RegisterDocument } from './helpers/operations.js';
import { CompleteEmailSignInDocument, RequestEmailSignInDocument } from './helpers/provider-operations.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { startSmtpServer, tokenOf, type TestSmtpServer } from './helpers/smtp.js';
import { graphql } from './gql/index.js';

const SetUserActiveDocument = graphql(`
  mutation SetUserActiveForEmailSignIn($id: ID!, $active: Boolean!) {
    setUserActive(id: $id, active: $active) {
      id
      isActive
    }
  }
`);

const SIGN_IN_URL = 'https://app.example.test/sign-in/email?token={token}';

describe('emailed sign-in links', () => {
  let smtp: TestSmtpServer;
  let server: TestServer;
  let anonymous: TestClient;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer({ SMTP_URL: smtp.url, EMAIL_SIGN_IN_URL: SIGN_IN_URL, RATE_LIMITS: 'requestEmailSignIn=200/1h' });
    anonymous = new TestClient(server.url);
  });
  afterAll(async () => {
    await server.stop();
    await smtp.stop();
  });

  const request = async (email: string) => expectData(await anonymous.run(RequestEmailSignInDocument, { email })).requestEmailSignIn;
  const complete = (token: string) => anonymous.run(CompleteEmailSignInDocument, { token });

  it('mails a 15-minute link to a known address; its token starts a session of [EMAIL_LINK], once', async () => {
    const { identity, user } = await signUpAndLogIn(server.url, 'emaillink');
    expect(await request(identity.email)).toBe(true);
    const mail = await smtp.waitForMail(identity.email);
    expect(mail.subject).toBe('Your sign-in link');
    expect(mail.link!.startsWith('https://app.example.test/sign-in/email?token=')).toBe(true);
    expect(mail.text).toContain('15 minutes');
    const token = tokenOf(mail);

    const payload = expectData(await complete(token)).completeEmailSignIn;
    expect(payload.user.id).toBe(user.id);
    expect((decode(payload.accessToken) as Record<string, unknown>).amr).toEqual(['otp']);
    const signedIn = new TestClient(server.url);
    signedIn.accessToken = payload.accessToken;
    const session = expectData(await signedIn.run(CurrentSessionAuthenticationDocument)).sessions.find((s) => s.current);
    expect(session).toMatchObject({ authMethods: ['EMAIL_LINK'], assuranceLevel: 1 });

    const again = await complete(token);
    expect(codesOf(again)).toEqual(['BAD_USER_INPUT']);
    expect(again.errors[0].extensions.fieldErrors).toHaveProperty('token');
  });

  it('answers true for an unknown address, and mails nothing', async () => {
    const before = smtp.mails.length;
    const unknown = newIdentity('nobody').email;
    expect(await request(unknown)).toBe(true);
    expect(await request('not an address')).toBe(true);
    await settled(server);
    expect(smtp.mailsTo(unknown)).toHaveLength(0);
    expect(smtp.mails.length).toBe(before);
  });

  it('mails nothing to a deactivated account, and its earlier link dies with the deactivation', async () => {
    const { identity, user } = await signUpAndLogIn(server.url, 'emaildeact');
    await request(identity.email);
    const token = tokenOf(await smtp.waitForMail(identity.email));
    const admin = await signUpAdmin(server, 'emailadmin');
    expectData(await admin.client.run(SetUserActiveDocument, { id: user.id, active: false }));
    expect(codesOf(await complete(token))).toEqual(['BAD_USER_INPUT']);
    await request(identity.email);
    await settled(server);
    expect(smtp.mailsTo(identity.email)).toHaveLength(1);
  });

  it('a link past its 15 minutes is refused; a newer link replaces the older one', async () => {
    const { identity } = await signUpAndLogIn(server.url, 'emailexp');
    await request(identity.email);
    const first = tokenOf(await smtp.waitForMail(identity.email));
    await request(identity.email);
    const second = tokenOf(await smtp.waitForMail(identity.email, 2));
    expect(codesOf(await complete(first))).toEqual(['BAD_USER_INPUT']);
    // Aged in the database rather than waited for.
    const em = server.app.orm.em.fork();
    const row = await em.findOneOrFail(OneTimeToken, { user: { emailKey: identity.email.toLowerCase() }, purpose: TokenPurpose.EMAIL_SIGN_IN });
    const lifetime = row.expiresAt.getTime() - row.createdAt.getTime();
    expect(Math.round(lifetime / 1000)).toBe(15 * 60);
    await em.nativeUpdate(OneTimeToken, { id: row.id }, { expiresAt: new Date(Date.now() - 1000) });
    expect(codesOf(await complete(second))).toEqual(['BAD_USER_INPUT']);
  });

  it("keeps within the account's mail budget (mailPerAccount: 3 an hour) however often it is asked", async () => {
    const { identity } = await signUpAndLogIn(server.url, 'emailbudget');
    for (let i = 0; i < 6; i += 1) expect(await request(identity.email)).toBe(true);
    await settled(server);
    expect(smtp.mailsTo(identity.email)).toHaveLength(3);
  });

  it('an account with a second factor answers MFA_REQUIRED; the session is then [EMAIL_LINK, TOTP]', async () => {
    const { identity, client } = await signUpAndLogIn(server.url, 'emailmfa');
    const { app } = await enableTotp(client);
    await smtp.waitForMail(identity.email); // "Two-factor authentication is on"
    await request(identity.email);
    const token = tokenOf(await smtp.waitForMail(identity.email, 2));
    const { mfaToken } = mfaChallengeOf(await complete(token));
    await awayFromStepBoundary();
    const payload = expectData(await anonymous.run(CompleteMfaLoginDocument, { input: { mfaToken, code: app.code() } })).completeMfaLogin;
    const signedIn = new TestClient(server.url);
    signedIn.accessToken = payload.accessToken;
    const session = expectData(await signedIn.run(CurrentSessionAuthenticationDocument)).sessions.find((s) => s.current);
    expect(session).toMatchObject({ authMethods: ['EMAIL_LINK', 'TOTP'], assuranceLevel: 2 });
  });

  it('per client address, sign-in mails are limited too (RATE_LIMITED past requestEmailSignIn)', async () => {
    const limited = await startTestServer({ RATE_LIMITS: 'requestEmailSignIn=2/1h' });
    try {
      const client = new TestClient(limited.url);
      for (let i = 0; i < 2; i += 1) expectData(await client.run(RequestEmailSignInDocument, { email: `x${i}@example.com` }));
      const third = await client.run(RequestEmailSignInDocument, { email: 'x3@example.com' });
      expect(codesOf(third)).toEqual(['RATE_LIMITED']);
      expect(third.errors[0].extensions.retryAfter).toBeGreaterThan(0);
    } finally {
      await limited.stop();
    }
  });
});

describe('emailed sign-in links with REQUIRE_EMAIL_ACTIVATION', () => {
  let smtp: TestSmtpServer;
  let server: TestServer;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer({ SMTP_URL: smtp.url, REQUIRE_EMAIL_ACTIVATION: 'true', EMAIL_SIGN_IN_URL: SIGN_IN_URL });
  });
  afterAll(async () => {
    await server.stop();
    await smtp.stop();
  });

  it('a link to an account never activated signs in and activates it (the mail proves the address)', async () => {
    const identity = newIdentity('emailact');
    const anonymous = new TestClient(server.url);
    const registered = expectData(await anonymous.run(RegisterDocument, { input: { ...identity, passwordConfirm: identity.password } })).register;
    expect(registered.isActive).toBe(false);
    await smtp.waitForMail(identity.email); // the activation mail
    expectData(await anonymous.run(RequestEmailSignInDocument, { email: identity.email }));
    const mail = await smtp.waitForMail(identity.email, 2);
    expect(mail.subject).toBe('Your sign-in link');
    const payload = expectData(await anonymous.run(CompleteEmailSignInDocument, { token: tokenOf(mail) })).completeEmailSignIn;
    expect(payload.user.isActive).toBe(true);
    const signedIn = new TestClient(server.url);
    signedIn.accessToken = payload.accessToken;
    expect(expectData(await signedIn.run(MeDocument)).me.isActive).toBe(true);
  });
});
