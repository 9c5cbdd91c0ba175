import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MfaChallenge } from '../src/db/entities/index.js';
import { GOOD_PASSWORD, signUpAndLogIn } from './helpers/accounts.js';
import { codesOf, expectData, TestClient, type OperationResult } from './helpers/client.js';
import { authenticatorApp, awayFromStepBoundary, enableTotp, passwordHalf } from './helpers/mfa.js';
import { CompleteMfaLoginDocument, ConfirmTotpEnrollmentDocument, StartTotpEnrollmentDocument } from './helpers/mfa-operations.js';
import { LoginDocument } from './helpers/operations.js';
import { startTestServer, type TestServer } from './helpers/server.js';

/**
 * The rules of TOTP codes and pending logins: RFC 6238's window of one step either side, a code
 * accepted once, malformed codes refused before anything is spent, the budgets of wrong codes,
 * and concurrent finishes of one login or one recovery code. Codes of other steps are computed by
 * otpauth at other timestamps: no test waits for the clock.
 */
describe('TOTP codes and pending logins', () => {
  let server: TestServer;
  let anonymous: TestClient;

  beforeAll(async () => {
    server = await startTestServer();
    anonymous = new TestClient(server.url);
  });
  afterAll(() => server.stop());

  const complete = (mfaToken: string, code: string) => anonymous.run(CompleteMfaLoginDocument, { input: { mfaToken, code } });
  const fieldErrorsOf = (result: OperationResult<unknown>) => result.errors[0]?.extensions.fieldErrors as Record<string, string[]>;

  it('accepts a code of the previous step but not of two steps back, and one of the next step but not two ahead', async () => {
    const { client, identity } = await signUpAndLogIn(server.url, 'window');
    const enrollment = expectData(await client.run(StartTotpEnrollmentDocument, {})).startTotpEnrollment;
    const app = authenticatorApp(enrollment.secret);
    await awayFromStepBoundary();
    const confirm = (code: string) => client.run(ConfirmTotpEnrollmentDocument, { factorId: enrollment.factor.id, code });
    const twoBack = await confirm(app.code(-2));
    expect(codesOf(twoBack)).toEqual(['BAD_USER_INPUT']);
    expect(fieldErrorsOf(twoBack).code).toHaveLength(1);
    expect(expectData(await confirm(app.code(-1))).confirmTotpEnrollment?.codes).toHaveLength(10);

    const { mfaToken } = await passwordHalf(anonymous, identity.username, GOOD_PASSWORD);
    expect(codesOf(await complete(mfaToken, app.code(2)))).toEqual(['BAD_USER_INPUT']);
    expectData(await complete(mfaToken, app.code(1)));
  });

  it('accepts a code once: the same code again is refused, on a new login too, and an older step after a newer one', async () => {
    const { client, identity } = await signUpAndLogIn(server.url, 'replay');
    const { app } = await enableTotp(client);
    await awayFromStepBoundary();
    const now = app.code(0);
    const first = await passwordHalf(anonymous, identity.username, GOOD_PASSWORD);
    expectData(await complete(first.mfaToken, now));

    const second = await passwordHalf(anonymous, identity.username, GOOD_PASSWORD);
    const replayed = await complete(second.mfaToken, now);
    expect(codesOf(replayed)).toEqual(['BAD_USER_INPUT']);
    expect(fieldErrorsOf(replayed).code).toEqual(['The code is not right, or was already used.']);
    // The previous step was never used, but a newer one was: a code seen earlier is no way in either.
    expect(codesOf(await complete(second.mfaToken, app.code(-1)))).toEqual(['BAD_USER_INPUT']);
    expectData(await complete(second.mfaToken, app.code(1)));
  });

  it('refuses malformed codes before anything is spent: letters, 5 or 7 digits; spaces around are fine', async () => {
    const { client, identity } = await signUpAndLogIn(server.url, 'malformed');
    const { app } = await enableTotp(client);
    const { mfaToken } = await passwordHalf(anonymous, identity.username, GOOD_PASSWORD);
    for (const code of ['abcdef', '12345', '1234567', '12 3456', '', 'x'.repeat(200)]) {
      const refused = await complete(mfaToken, code);
      expect(codesOf(refused)).toEqual(['BAD_USER_INPUT']);
      expect(fieldErrorsOf(refused).code[0]).toMatch(/6-digit code/);
    }
    // Six malformed tries, more than the five wrong codes a pending login takes: none counted.
    await awayFromStepBoundary();
    expectData(await complete(mfaToken, `\t${app.code(0)}  `));
  });

  it('refuses an mfaToken that is malformed, unknown, expired or already used, with a field error on mfaToken', async () => {
    const { client, identity, user } = await signUpAndLogIn(server.url, 'badtoken');
    const { recoveryCodes } = await enableTotp(client);
    const tokenError = async (mfaToken: string) => {
      const refused = await complete(mfaToken, recoveryCodes[0]);
      expect(codesOf(refused)).toEqual(['BAD_USER_INPUT']);
      return fieldErrorsOf(refused).mfaToken;
    };
    expect(await tokenError('not-a-token')).toHaveLength(1);
    expect(await tokenError('A'.repeat(43))).toHaveLength(1);

    const { mfaToken } = await passwordHalf(anonymous, identity.username, GOOD_PASSWORD);
    // Five minutes later, as far as the database can tell.
    await server.app.orm.em.fork().nativeUpdate(MfaChallenge, { user: user.id }, { expiresAt: new Date(Date.now() - 1000) });
    expect(await tokenError(mfaToken)).toEqual(['The sign-in has expired or was already finished: sign in again.']);
    // The refused tries spent no recovery code.
    const fresh = await passwordHalf(anonymous, identity.username, GOOD_PASSWORD);
    expectData(await complete(fresh.mfaToken, recoveryCodes[0]));
  });

  it("does not let one account's code finish another account's login", async () => {
    const alice = await signUpAndLogIn(server.url, 'alice');
    const bob = await signUpAndLogIn(server.url, 'bob');
    await enableTotp(alice.client);
    const bobs = await enableTotp(bob.client);
    await awayFromStepBoundary();
    const alicesLogin = await passwordHalf(anonymous, alice.identity.username, GOOD_PASSWORD);
    expect(codesOf(await complete(alicesLogin.mfaToken, bobs.app.code(0)))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await complete(alicesLogin.mfaToken, bobs.recoveryCodes[0]))).toEqual(['BAD_USER_INPUT']);
    // Bob's code and recovery code were not spent by those tries.
    const bobsLogin = await passwordHalf(anonymous, bob.identity.username, GOOD_PASSWORD);
    expect(expectData(await complete(bobsLogin.mfaToken, bobs.app.code(0))).completeMfaLogin.user.username).toBe(bob.identity.username);
    const bobsSecond = await passwordHalf(anonymous, bob.identity.username, GOOD_PASSWORD);
    expectData(await complete(bobsSecond.mfaToken, bobs.recoveryCodes[0]));
  });

  it('takes five wrong codes per mfaToken, then RATE_LIMITED with retryAfter; the account budget then locks the login', async () => {
    const { client, identity } = await signUpAndLogIn(server.url, 'wrongcodes');
    const { recoveryCodes } = await enableTotp(client);
    const wrong = (mfaToken: string) => complete(mfaToken, 'zzzzz-zzzzz');
    const first = await passwordHalf(anonymous, identity.username, GOOD_PASSWORD);
    for (let attempt = 0; attempt < 5; attempt += 1) expect(codesOf(await wrong(first.mfaToken))).toEqual(['BAD_USER_INPUT']);
    const spent = await complete(first.mfaToken, recoveryCodes[0]);
    expect(codesOf(spent)).toEqual(['RATE_LIMITED']);
    expect(spent.errors[0].extensions.retryAfter).toBeGreaterThan(0);
    expect(spent.errors[0].extensions.retryAfter).toBeLessThanOrEqual(300);

    // A new login gets a new budget of five, but every wrong code also counted against the account:
    // the tenth failure (login's default) locks it for this address, even for the right password.
    const second = await passwordHalf(anonymous, identity.username, GOOD_PASSWORD);
    for (let attempt = 0; attempt < 5; attempt += 1) expect(codesOf(await wrong(second.mfaToken))).toEqual(['BAD_USER_INPUT']);
    const locked = await anonymous.run(LoginDocument, { input: { username: identity.username, password: GOOD_PASSWORD } });
    expect(codesOf(locked)).toEqual(['RATE_LIMITED']);
    expect(locked.errors[0].extensions.retryAfter).toBeGreaterThan(0);
  });

  it('lets exactly one of two concurrent logins use one recovery code', async () => {
    const { client, identity } = await signUpAndLogIn(server.url, 'racecode');
    const { recoveryCodes } = await enableTotp(client);
    const logins = [await passwordHalf(anonymous, identity.username, GOOD_PASSWORD), await passwordHalf(anonymous, identity.username, GOOD_PASSWORD)];
    const results = await Promise.all(logins.map((login) => complete(login.mfaToken, recoveryCodes[3])));
    expect(results.filter((result) => result.data?.completeMfaLogin).length).toBe(1);
    expect(results.flatMap(codesOf)).toEqual(['BAD_USER_INPUT']);
  });

  it('lets exactly one of two concurrent finishes of one login through, and the loser spends nothing', async () => {
    const { client, identity } = await signUpAndLogIn(server.url, 'racetoken');
    const { recoveryCodes } = await enableTotp(client);
    const { mfaToken } = await passwordHalf(anonymous, identity.username, GOOD_PASSWORD);
    const results = await Promise.all([complete(mfaToken, recoveryCodes[0]), complete(mfaToken, recoveryCodes[1])]);
    expect(results.filter((result) => result.data?.completeMfaLogin).length).toBe(1);
    expect(results.flatMap(codesOf)).toEqual(['BAD_USER_INPUT']);
    // Whichever code lost was rolled back with its finish: both are tried again, exactly one still works.
    const retries = [];
    for (const code of recoveryCodes.slice(0, 2)) {
      const login = await passwordHalf(anonymous, identity.username, GOOD_PASSWORD);
      retries.push(await complete(login.mfaToken, code));
    }
    expect(retries.filter((result) => result.data?.completeMfaLogin).length).toBe(1);
  });
});
