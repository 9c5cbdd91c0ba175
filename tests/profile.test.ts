import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OneTimeToken } from '../src/db/entities/index.js';
import { codesOf, expectData, TestClient } from './helpers/client.js';
import { GOOD_PASSWORD, newIdentity, signUpAndLogIn } from './helpers/accounts.js';
import {
  ActivateAccountDocument,
  DeleteMeDocument,
  RequestPasswordResetDocument,
  ResetPasswordDocument,
  UpdateMeDocument,
} from './helpers/lifecycle-operations.js';
import { failureOf, settled } from './helpers/lifecycle.js';
import { LoginDocument, MeDocument, RefreshTokenDocument, RegisterDocument } from './helpers/operations.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { startSmtpServer, tokenOf, type TestSmtpServer } from './helpers/smtp.js';

describe('updateMe and deleteMe', () => {
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

  const login = (username: string, password = GOOD_PASSWORD) => anonymous.run(LoginDocument, { input: { username, password } });

  it('changes the username and the email at once; both sign in afterwards', async () => {
    const { client, user } = await signUpAndLogIn(server.url, 'rename');
    const next = newIdentity('renamed');
    const updated = expectData(
      await client.run(UpdateMeDocument, {
        input: { username: next.username, email: next.email, currentPassword: GOOD_PASSWORD },
      }),
    ).updateMe;
    expect(updated).toMatchObject({ id: user.id, username: next.username, email: next.email });
    expect(expectData(await login(next.username)).login.user.id).toBe(user.id);
    expect(expectData(await login(next.email.toUpperCase())).login.user.id).toBe(user.id);
  });

  it('changes only what is given', async () => {
    const { client, identity } = await signUpAndLogIn(server.url, 'partial');
    const next = newIdentity('partial2');
    const updated = expectData(
      await client.run(UpdateMeDocument, { input: { username: next.username, currentPassword: GOOD_PASSWORD } }),
    ).updateMe;
    expect(updated).toMatchObject({ username: next.username, email: identity.email });
  });

  it("accepts the caller's own username and email in another case", async () => {
    const { client, identity } = await signUpAndLogIn(server.url, 'cased');
    const updated = expectData(
      await client.run(UpdateMeDocument, {
        input: { username: identity.username.toUpperCase(), email: identity.email.toUpperCase(), currentPassword: GOOD_PASSWORD },
      }),
    ).updateMe;
    expect(updated).toMatchObject({ username: identity.username.toUpperCase(), email: identity.email.toUpperCase() });
  });

  it('refuses a username and an email that another account holds, each on its field', async () => {
    const taken = await signUpAndLogIn(server.url, 'holder');
    const { client } = await signUpAndLogIn(server.url, 'wants');
    const failure = failureOf(
      await client.run(UpdateMeDocument, {
        input: {
          username: taken.identity.username.toUpperCase(),
          email: taken.identity.email,
          currentPassword: GOOD_PASSWORD,
        },
      }),
    );
    expect(failure.code).toBe('BAD_USER_INPUT');
    expect(failure.fieldErrors).toEqual({
      username: ['A user with that username already exists.'],
      email: ['A user with that email address already exists.'],
    });
  });

  it('refuses a malformed username and email with the rules of register', async () => {
    const { client } = await signUpAndLogIn(server.url, 'malformed');
    const failure = failureOf(
      await client.run(UpdateMeDocument, {
        input: { username: 'no spaces!', email: 'not-an-address', currentPassword: GOOD_PASSWORD },
      }),
    );
    expect(Object.keys(failure.fieldErrors).sort()).toEqual(['email', 'username']);
  });

  it('refuses a wrong current password on currentPassword and changes nothing', async () => {
    const { client, identity } = await signUpAndLogIn(server.url, 'guarded');
    const failure = failureOf(
      await client.run(UpdateMeDocument, {
        input: { username: newIdentity('thief').username, currentPassword: 'not-my-Password-12' },
      }),
    );
    expect(failure.fieldErrors).toEqual({ currentPassword: ['The current password is not correct.'] });
    expect(expectData(await client.run(MeDocument)).me.username).toBe(identity.username);
  });

  it('checks the current password first: a wrong one is the only error, taken names and addresses stay hidden', async () => {
    const taken = await signUpAndLogIn(server.url, 'hidden');
    const { client } = await signUpAndLogIn(server.url, 'prober');
    for (const currentPassword of ['not-my-Password-12', '']) {
      const failure = failureOf(
        await client.run(UpdateMeDocument, {
          input: { username: taken.identity.username, email: taken.identity.email, currentPassword },
        }),
      );
      expect(failure.fieldErrors, JSON.stringify(currentPassword)).toEqual({
        currentPassword: ['The current password is not correct.'],
      });
    }
  });

  it('spends a password hash on an empty current password too, so it is not answered faster', async () => {
    const { client } = await signUpAndLogIn(server.url, 'empty');
    const timings: Record<'empty' | 'wrong', number[]> = { empty: [], wrong: [] };
    // 8 failures: under the account's 10 per address.
    for (let round = 0; round < 4; round += 1) {
      for (const kind of round % 2 ? (['empty', 'wrong'] as const) : (['wrong', 'empty'] as const)) {
        const started = performance.now();
        const result = await client.run(UpdateMeDocument, { input: { currentPassword: kind === 'empty' ? '' : 'not-my-Password-14' } });
        timings[kind].push(performance.now() - started);
        expect(failureOf(result).fieldErrors).toHaveProperty('currentPassword');
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    expect(median(timings.empty)).toBeGreaterThan(median(timings.wrong) * 0.6);
  });

  it('deletes the account with the right password; its tokens fail at once and the name is free again', async () => {
    const { client, identity, tokens } = await signUpAndLogIn(server.url, 'leaving');
    expect(expectData(await client.run(DeleteMeDocument, { currentPassword: GOOD_PASSWORD })).deleteMe).toBe(true);

    expect(codesOf(await client.run(MeDocument))).toEqual(['UNAUTHENTICATED']);
    expect(codesOf(await anonymous.run(RefreshTokenDocument, { refreshToken: tokens.refreshToken }))).toEqual([
      'UNAUTHENTICATED',
    ]);
    expect(codesOf(await login(identity.username))).toEqual(['UNAUTHENTICATED']);
    expectData(await anonymous.run(RegisterDocument, { input: { ...identity, passwordConfirm: identity.password } }));
  });

  it("deletes the account's one-time tokens with it", async () => {
    const { client, identity, user } = await signUpAndLogIn(server.url, 'tokens');
    expectData(await anonymous.run(RequestPasswordResetDocument, { email: identity.email }));
    const token = tokenOf(await smtp.waitForMail(identity.email));
    expectData(await client.run(DeleteMeDocument, { currentPassword: GOOD_PASSWORD }));

    expect(await server.app.orm.em.fork().count(OneTimeToken, { user: user.id })).toBe(0);
    const reset = await anonymous.run(ResetPasswordDocument, {
      input: { token, newPassword: 'brand-New-Password-77', newPasswordConfirm: 'brand-New-Password-77' },
    });
    expect(failureOf(reset).fieldErrors).toHaveProperty('token');
  });

  it('refuses deleteMe with a wrong password on currentPassword and keeps the account', async () => {
    const { client } = await signUpAndLogIn(server.url, 'staying');
    const failure = failureOf(await client.run(DeleteMeDocument, { currentPassword: 'not-my-Password-13' }));
    expect(failure.fieldErrors).toEqual({ currentPassword: ['The current password is not correct.'] });
    expectData(await client.run(MeDocument));
  });

  it('needs a signed-in caller for updateMe and deleteMe', async () => {
    expect(codesOf(await anonymous.run(DeleteMeDocument, { currentPassword: GOOD_PASSWORD }))).toEqual(['UNAUTHENTICATED']);
    expect(codesOf(await anonymous.run(UpdateMeDocument, { input: { currentPassword: GOOD_PASSWORD } }))).toEqual([
      'UNAUTHENTICATED',
    ]);
  });

  it('sends no mail for an email change when activation is not required', async () => {
    const { client } = await signUpAndLogIn(server.url, 'nomail');
    const next = newIdentity('nomail2');
    expectData(await client.run(UpdateMeDocument, { input: { email: next.email, currentPassword: GOOD_PASSWORD } }));
    await settled(server);
    expect(smtp.mailsTo(next.email)).toHaveLength(0);
  });
});

describe('updateMe with REQUIRE_EMAIL_ACTIVATION=true', () => {
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

  /** Registers, activates and signs in. */
  async function activeUser(prefix: string) {
    const identity = newIdentity(prefix);
    expectData(await anonymous.run(RegisterDocument, { input: { ...identity, passwordConfirm: identity.password } }));
    expectData(await anonymous.run(ActivateAccountDocument, { token: tokenOf(await smtp.waitForMail(identity.email)) }));
    const client = new TestClient(server.url);
    client.accessToken = expectData(
      await anonymous.run(LoginDocument, { input: { username: identity.username, password: identity.password } }),
    ).login.accessToken;
    return { identity, client };
  }

  it('keeps the current email until the new address is confirmed with the mailed link', async () => {
    const { identity, client } = await activeUser('moving');
    const next = newIdentity('moved');
    const updated = expectData(
      await client.run(UpdateMeDocument, { input: { email: next.email, currentPassword: GOOD_PASSWORD } }),
    ).updateMe;
    expect(updated.email).toBe(identity.email);

    const mail = await smtp.waitForMail(next.email);
    expect(mail.subject).toBe('Confirm your new email address');
    expect(expectData(await client.run(MeDocument)).me.email).toBe(identity.email);

    expectData(await anonymous.run(ActivateAccountDocument, { token: tokenOf(mail) }));
    expect(expectData(await client.run(MeDocument)).me.email).toBe(next.email);
  });

  it('refuses the confirmation link when another account took the address meanwhile', async () => {
    const { client } = await activeUser('slow');
    const wanted = newIdentity('wanted');
    expectData(await client.run(UpdateMeDocument, { input: { email: wanted.email, currentPassword: GOOD_PASSWORD } }));
    const token = tokenOf(await smtp.waitForMail(wanted.email));
    expectData(await anonymous.run(RegisterDocument, { input: { ...wanted, passwordConfirm: wanted.password } }));

    expect(failureOf(await anonymous.run(ActivateAccountDocument, { token })).fieldErrors).toHaveProperty('token');
  });
});
