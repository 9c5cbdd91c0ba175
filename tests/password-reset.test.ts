import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codesOf, expectData, TestClient } from './helpers/client.js';
import { GOOD_PASSWORD, newIdentity, signUpAndLogIn } from './helpers/accounts.js';
import { postGraphQL } from './helpers/http.js';
import {
  ChangePasswordDocument,
  RequestPasswordResetDocument,
  ResetPasswordDocument,
} from './helpers/lifecycle-operations.js';
import { failureOf, settled } from './helpers/lifecycle.js';
import { LoginDocument, MeDocument, RefreshTokenDocument } from './helpers/operations.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { startSmtpServer, tokenOf, type TestSmtpServer } from './helpers/smtp.js';

const NEW_PASSWORD = 'amber-Harbour-62-lantern';

describe('password reset', () => {
  let smtp: TestSmtpServer;
  let server: TestServer;
  let client: TestClient;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer({
      SMTP_URL: smtp.url,
      PASSWORD_RESET_URL: 'https://app.example.test/reset#token={token}',
      // Every request here comes from 127.0.0.1; the timing test alone sends 14.
      RATE_LIMITS: 'requestPasswordReset=200/1h',
    });
    client = new TestClient(server.url);
  });
  afterAll(async () => {
    await server.stop();
    await smtp.stop();
  });

  /** A signed-up user who asked for a reset, and the token from the mail. */
  async function requestReset(prefix = 'reset') {
    const account = await signUpAndLogIn(server.url, prefix);
    expect(expectData(await client.run(RequestPasswordResetDocument, { email: account.identity.email })).requestPasswordReset).toBe(true);
    const mail = await smtp.waitForMail(account.identity.email);
    return { ...account, mail, token: tokenOf(mail) };
  }

  const reset = (token: string, newPassword = NEW_PASSWORD, newPasswordConfirm = newPassword) =>
    client.run(ResetPasswordDocument, { input: { token, newPassword, newPasswordConfirm } });

  const login = (username: string, password: string) => client.run(LoginDocument, { input: { username, password } });

  it('mails a link whose token sets a new password', async () => {
    const { identity, mail, token } = await requestReset();
    expect(mail.subject).toBe('Reset your password');
    expect(mail.link).toBe(`https://app.example.test/reset#token=${token}`);
    expect(mail.text).toContain('1 hour');

    expect(expectData(await reset(token)).resetPassword).toBe(true);
    expect(expectData(await login(identity.username, NEW_PASSWORD)).login.user.username).toBe(identity.username);
    expect(codesOf(await login(identity.username, GOOD_PASSWORD))).toEqual(['UNAUTHENTICATED']);
  });

  it('revokes every session of the user at once: access and refresh tokens stop working', async () => {
    const { client: signedIn, tokens, token } = await requestReset();
    expectData(await reset(token));
    expect(codesOf(await signedIn.run(MeDocument))).toEqual(['UNAUTHENTICATED']);
    expect(codesOf(await client.run(RefreshTokenDocument, { refreshToken: tokens.refreshToken }))).toEqual(['UNAUTHENTICATED']);
  });

  it('accepts a reset token only once', async () => {
    const { token } = await requestReset();
    expectData(await reset(token));
    const again = failureOf(await reset(token, 'second-Amber-Harbour-63'));
    expect(again.code).toBe('BAD_USER_INPUT');
    expect(Object.keys(again.fieldErrors)).toEqual(['token']);
  });

  it('lets exactly one of two concurrent uses of a reset token succeed', async () => {
    const { identity, token } = await requestReset();
    const results = await Promise.all([reset(token, 'racing-Amber-Harbour-1'), reset(token, 'racing-Amber-Harbour-2')]);
    const winners = results.filter((result) => result.errors.length === 0);
    expect(winners).toHaveLength(1);
    expect(failureOf(results.find((result) => result.errors.length > 0)!).fieldErrors).toHaveProperty('token');
    const winningPassword = results[0] === winners[0] ? 'racing-Amber-Harbour-1' : 'racing-Amber-Harbour-2';
    expectData(await login(identity.username, winningPassword));
  });

  it('refuses an invalid new password on newPassword and newPasswordConfirm, and keeps the token usable', async () => {
    const { identity, token } = await requestReset();
    const failure = failureOf(await reset(token, 'password', 'passw0rd'));
    expect(failure.code).toBe('BAD_USER_INPUT');
    expect(failure.fieldErrors.newPassword).toContain('This password is too common.');
    expect(failure.fieldErrors.newPasswordConfirm).toEqual(["The two password fields didn't match."]);
    expect(failure.fieldErrors.token).toBeUndefined();

    const likeName = failureOf(await reset(token, identity.username));
    expect(likeName.fieldErrors.newPassword).toContain('The password is too similar to the username.');

    expectData(await reset(token));
  });

  it('reports a made-up token and a bad password together', async () => {
    const failure = failureOf(await reset('A'.repeat(43), 'short'));
    expect(Object.keys(failure.fieldErrors).sort()).toEqual(['newPassword', 'token']);
  });

  it('kills the reset token as soon as the password changes another way', async () => {
    const { client: signedIn, token } = await requestReset();
    expectData(
      await signedIn.run(ChangePasswordDocument, {
        input: { currentPassword: GOOD_PASSWORD, newPassword: NEW_PASSWORD, newPasswordConfirm: NEW_PASSWORD },
      }),
    );
    expect(failureOf(await reset(token, 'third-Amber-Harbour-64')).fieldErrors).toHaveProperty('token');
  });

  it('keeps only the newest reset link working', async () => {
    const { identity, token: first } = await requestReset();
    expectData(await client.run(RequestPasswordResetDocument, { email: identity.email }));
    const second = tokenOf(await smtp.waitForMail(identity.email, 2));
    expect(failureOf(await reset(first)).fieldErrors).toHaveProperty('token');
    expectData(await reset(second));
  });

  it('answers an unknown address exactly as a known one, and mails nothing', async () => {
    const known = await signUpAndLogIn(server.url, 'known');
    const unknown = newIdentity('unknown').email;
    const query = 'mutation ($email: String!) { requestPasswordReset(email: $email) }';
    const [forKnown, forUnknown] = [
      await postGraphQL(server.url, query, { email: known.identity.email }),
      await postGraphQL(server.url, query, { email: unknown }),
    ];
    expect(forUnknown).toEqual(forKnown);
    expect(forUnknown).toEqual({ status: 200, data: { requestPasswordReset: true } });
    await settled(server);
    expect(smtp.mailsTo(unknown)).toHaveLength(0);
    expect(smtp.mailsTo(known.identity.email)).toHaveLength(1);
  });

  it('answers known and unknown addresses in about the same time', async () => {
    const known = await signUpAndLogIn(server.url, 'timed');
    const timings: Record<'known' | 'unknown', number[]> = { known: [], unknown: [] };
    for (let round = 0; round < 7; round += 1) {
      // Alternate which goes first, so that neither always follows the previous round's mail.
      for (const kind of round % 2 ? (['known', 'unknown'] as const) : (['unknown', 'known'] as const)) {
        const email = kind === 'known' ? known.identity.email : `nobody${round}x${process.pid}@example.com`;
        const started = performance.now();
        expectData(await client.run(RequestPasswordResetDocument, { email }));
        timings[kind].push(performance.now() - started);
        await settled(server);
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    // The look-up, the token and the mail all happen after the answer, so both paths are the same work.
    expect(Math.abs(median(timings.known) - median(timings.unknown))).toBeLessThan(25);
  });
});

describe('an expired reset token', () => {
  it('is refused on the token field', async () => {
    const smtp = await startSmtpServer();
    const server = await startTestServer({ SMTP_URL: smtp.url, PASSWORD_RESET_TOKEN_TTL: '1s' });
    try {
      const { identity } = await signUpAndLogIn(server.url, 'expired');
      const client = new TestClient(server.url);
      expectData(await client.run(RequestPasswordResetDocument, { email: identity.email }));
      const token = tokenOf(await smtp.waitForMail(identity.email));
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const failure = failureOf(
        await client.run(ResetPasswordDocument, {
          input: { token, newPassword: NEW_PASSWORD, newPasswordConfirm: NEW_PASSWORD },
        }),
      );
      expect(Object.keys(failure.fieldErrors)).toEqual(['token']);
    } finally {
      await server.stop();
      await smtp.stop();
    }
  });
});

describe('requestPasswordReset throttling', () => {
  it('answers RATE_LIMITED with retryAfter after 20 requests from one address within an hour', async () => {
    const server = await startTestServer();
    try {
      const client = new TestClient(server.url);
      for (let attempt = 1; attempt <= 20; attempt += 1) {
        expectData(await client.run(RequestPasswordResetDocument, { email: `someone${attempt}@example.com` }));
      }
      const refused = await client.run(RequestPasswordResetDocument, { email: 'one-more@example.com' });
      expect(refused.errors.map((error) => error.extensions.code)).toEqual(['RATE_LIMITED']);
      expect(refused.errors[0].extensions.retryAfter).toBeGreaterThan(3000);
    } finally {
      await server.stop();
    }
  });
});
