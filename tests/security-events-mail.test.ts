import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newIdentity } from './helpers/accounts.js';
import { ownEvents } from './helpers/events.js';
import { from, login } from './helpers/hardening.js';
import { postGraphQL } from './helpers/http.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { startSmtpServer, tokenOf, type TestSmtpServer } from './helpers/smtp.js';

const REGISTER = 'mutation ($input: RegisterInput!) { register(input: $input) { id } }';
const ACTIVATE = 'mutation ($token: String!) { activateAccount(token: $token) }';
const REQUEST_RESET = 'mutation ($email: String!) { requestPasswordReset(email: $email) }';
const RESET = 'mutation ($input: ResetPasswordInput!) { resetPassword(input: $input) }';
const NEW_PASSWORD = 'amber-Harbour-62-lantern';

describe('security events of the mailed links', () => {
  let smtp: TestSmtpServer;
  let server: TestServer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer({ SMTP_URL: smtp.url, REQUIRE_EMAIL_ACTIVATION: 'true', TRUST_PROXY: 'loopback' });
  });
  afterAll(async () => {
    await server.stop();
    await smtp.stop();
  });

  it('records activation, the reset request and the reset, each with the address that asked', async () => {
    const identity = newIdentity('evmail');
    await postGraphQL(server.url, REGISTER, { input: { ...identity, passwordConfirm: identity.password } }, from('203.0.113.21'));
    const activation = await smtp.waitForMail(identity.email);
    expect((await postGraphQL(server.url, ACTIVATE, { token: tokenOf(activation) }, from('203.0.113.22'))).data?.activateAccount).toBe(true);

    expect((await postGraphQL(server.url, REQUEST_RESET, { email: identity.email }, from('203.0.113.23'))).data?.requestPasswordReset).toBe(true);
    const resetMail = await smtp.waitForMail(identity.email, 2);
    const input = { token: tokenOf(resetMail), newPassword: NEW_PASSWORD, newPasswordConfirm: NEW_PASSWORD };
    expect((await postGraphQL(server.url, RESET, { input }, from('203.0.113.24'))).data?.resetPassword).toBe(true);

    const signedIn = (await login(server.url, identity.username, NEW_PASSWORD, from('203.0.113.25'))).data!.login;
    const events = await ownEvents(server.url, signedIn.accessToken);
    expect(events.map((event) => [event.type, event.ipAddress])).toEqual([
      ['SIGNED_IN', '203.0.113.25'],
      ['PASSWORD_RESET', '203.0.113.24'],
      ['PASSWORD_RESET_REQUESTED', '203.0.113.23'],
      ['ACCOUNT_ACTIVATED', '203.0.113.22'],
      ['ACCOUNT_CREATED', '203.0.113.21'],
    ]);
  });
});
