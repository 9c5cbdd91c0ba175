import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecoveryCode, TotpFactor } from '../src/db/entities/index.js';
import { GOOD_PASSWORD, signUpAndLogIn } from './helpers/accounts.js';
import { codesOf, expectData, TestClient } from './helpers/client.js';
import { ownEvents } from './helpers/events.js';
import { failureOf, settled } from './helpers/lifecycle.js';
import { authenticatorApp, awayFromStepBoundary, enableTotp, passwordHalf } from './helpers/mfa.js';
import {
  CompleteMfaLoginDocument,
  ConfirmTotpEnrollmentDocument,
  MfaStatusDocument,
  ReauthenticateDocument,
  RegenerateRecoveryCodesDocument,
  RemoveTotpFactorDocument,
  StartTotpEnrollmentDocument,
  TotpFactorsDocument,
} from './helpers/mfa-operations.js';
import { LoginDocument } from './helpers/operations.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { startSmtpServer, type TestSmtpServer } from './helpers/smtp.js';

/** Adding, confirming, listing and removing authenticator apps; recovery codes; what is stored; events and mails. */
describe('authenticator apps and recovery codes', () => {
  let smtp: TestSmtpServer;
  let server: TestServer;
  let anonymous: TestClient;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer({ SMTP_URL: smtp.url, MFA_ISSUER: 'Example Shop' });
    anonymous = new TestClient(server.url);
  });
  afterAll(async () => {
    await server.stop();
    await smtp.stop();
  });

  const complete = (mfaToken: string, code: string) => anonymous.run(CompleteMfaLoginDocument, { input: { mfaToken, code } });
  const mailSubjectsTo = (address: string) => smtp.mails.filter((mail) => mail.to.includes(address.toLowerCase())).map((mail) => mail.subject);

  it('hands out a 160-bit base32 secret and an otpauth URI an authenticator app reads (issuer, username, SHA1, 6 digits, 30 s)', async () => {
    const { client, identity } = await signUpAndLogIn(server.url, 'uri');
    const enrollment = expectData(await client.run(StartTotpEnrollmentDocument, { name: '  Work phone ' })).startTotpEnrollment;
    expect(enrollment.secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(enrollment.otpauthUri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe(`/Example Shop:${identity.username}`);
    expect(Object.fromEntries(uri.searchParams)).toEqual({ issuer: 'Example Shop', secret: enrollment.secret, algorithm: 'SHA1', digits: '6', period: '30' });
    expect(enrollment.factor).toMatchObject({ name: 'Work phone', confirmed: false, lastUsedAt: null });
    // Not on yet: an unconfirmed app changes nothing about signing in.
    expect(expectData(await client.run(MfaStatusDocument)).me.mfaEnabled).toBe(false);
    expectData(await anonymous.run(LoginDocument, { input: { username: identity.username, password: GOOD_PASSWORD } }));
  });

  it('stores the secret sealed and the recovery codes as keyed hashes, never as given out', async () => {
    const { client, user } = await signUpAndLogIn(server.url, 'atrest');
    const { secret, recoveryCodes } = await enableTotp(client);
    const em = server.app.orm.em.fork();
    const [factor] = await em.find(TotpFactor, { user: user.id });
    const stored = JSON.stringify(factor);
    expect(stored).not.toContain(secret);
    expect(Buffer.from(factor.secretCiphertext, 'base64url').toString('latin1')).not.toContain(secret);
    const hashes = (await em.find(RecoveryCode, { user: user.id })).map((row) => row.codeHash);
    expect(hashes).toHaveLength(10);
    for (const code of recoveryCodes) {
      expect(hashes.join(' ')).not.toContain(code);
      expect(hashes.join(' ')).not.toContain(code.replace('-', ''));
    }
  });

  it('confirming needs a right code; a second app confirms without new recovery codes; either app signs in', async () => {
    const { client, identity } = await signUpAndLogIn(server.url, 'twoapps');
    const first = await enableTotp(client, 'Phone');
    // The second app comes after MFA is on: this password-only session must prove it has the first one too.
    await awayFromStepBoundary();
    const reauthenticated = await client.run(ReauthenticateDocument, { input: { password: GOOD_PASSWORD, code: first.app.code(0) } });
    client.accessToken = expectData(reauthenticated).reauthenticate.accessToken;
    const enrollment = expectData(await client.run(StartTotpEnrollmentDocument, { name: 'Tablet' })).startTotpEnrollment;
    const tablet = authenticatorApp(enrollment.secret);
    const wrong = await client.run(ConfirmTotpEnrollmentDocument, { factorId: enrollment.factor.id, code: first.app.code(1) });
    expect(failureOf(wrong)).toMatchObject({ code: 'BAD_USER_INPUT', fieldErrors: { code: [expect.any(String)] } });
    const confirmed = await client.run(ConfirmTotpEnrollmentDocument, { factorId: enrollment.factor.id, code: tablet.code(0) });
    expect(expectData(confirmed).confirmTotpEnrollment).toBeNull();
    const factors = expectData(await client.run(TotpFactorsDocument)).totpFactors;
    expect(factors.map((factor) => [factor.name, factor.confirmed])).toEqual([
      ['Phone', true],
      ['Tablet', true],
    ]);

    await awayFromStepBoundary();
    const viaTablet = await passwordHalf(anonymous, identity.username, GOOD_PASSWORD);
    expectData(await complete(viaTablet.mfaToken, tablet.code(1)));
    const viaPhone = await passwordHalf(anonymous, identity.username, GOOD_PASSWORD);
    expectData(await complete(viaPhone.mfaToken, first.app.code(1)));
    expect(expectData(await client.run(TotpFactorsDocument)).totpFactors.every((factor) => factor.lastUsedAt !== null)).toBe(true);
  });

  it("refuses to confirm someone else's app, an unknown id, or an app whose confirmation window has passed", async () => {
    const alice = await signUpAndLogIn(server.url, 'owner');
    const mallory = await signUpAndLogIn(server.url, 'other');
    const enrollment = expectData(await alice.client.run(StartTotpEnrollmentDocument, {})).startTotpEnrollment;
    const code = authenticatorApp(enrollment.secret).code(0);
    for (const factorId of [enrollment.factor.id, 'not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      const refused = await mallory.client.run(ConfirmTotpEnrollmentDocument, { factorId, code });
      expect(failureOf(refused)).toMatchObject({ code: 'BAD_USER_INPUT', fieldErrors: { factorId: [expect.any(String)] } });
    }
    expect(expectData(await mallory.client.run(MfaStatusDocument)).me.mfaEnabled).toBe(false);
    // Ten minutes later (as the database sees it) the pending app is gone from the list and cannot be confirmed.
    await server.app.orm.em.fork().nativeUpdate(TotpFactor, { id: enrollment.factor.id }, { expiresAt: new Date(Date.now() - 1000) });
    expect(expectData(await alice.client.run(TotpFactorsDocument)).totpFactors).toEqual([]);
    const late = await alice.client.run(ConfirmTotpEnrollmentDocument, { factorId: enrollment.factor.id, code });
    expect(failureOf(late).fieldErrors).toHaveProperty('factorId');
    expect(expectData(await alice.client.run(MfaStatusDocument)).me.mfaEnabled).toBe(false);
  });

  it('refuses a name that is empty or too long, with a field error on name', async () => {
    const { client } = await signUpAndLogIn(server.url, 'names');
    for (const name of ['   ', 'x'.repeat(65)]) {
      expect(failureOf(await client.run(StartTotpEnrollmentDocument, { name }))).toMatchObject({ code: 'BAD_USER_INPUT', fieldErrors: { name: [expect.any(String)] } });
    }
    expect(expectData(await client.run(TotpFactorsDocument)).totpFactors).toEqual([]);
  });

  it('removing the last app turns MFA off and deletes the recovery codes; a code of a removed app no longer counts', async () => {
    const { client, identity, user } = await signUpAndLogIn(server.url, 'remove');
    const { factorId, app, recoveryCodes } = await enableTotp(client);
    // Fresh login with the second factor: the session is at level 2 and recent, so the removal needs nothing more.
    const login = await passwordHalf(anonymous, identity.username, GOOD_PASSWORD);
    await awayFromStepBoundary();
    const fresh = new TestClient(server.url);
    fresh.accessToken = expectData(await complete(login.mfaToken, app.code(0))).completeMfaLogin.accessToken;
    expect(expectData(await fresh.run(RemoveTotpFactorDocument, { id: factorId })).removeTotpFactor).toBe(true);
    expect(expectData(await fresh.run(MfaStatusDocument)).me.mfaEnabled).toBe(false);
    expect(await server.app.orm.em.fork().count(RecoveryCode, { user: user.id })).toBe(0);
    expect(failureOf(await fresh.run(RemoveTotpFactorDocument, { id: factorId })).fieldErrors).toHaveProperty('id');
    // Signing in is back to the password alone.
    expectData(await anonymous.run(LoginDocument, { input: { username: identity.username, password: GOOD_PASSWORD } }));
    expect(recoveryCodes).toHaveLength(10);

    await settled(server);
    const types = (await ownEvents(server.url, fresh.accessToken!)).map((event) => event.type);
    expect(types).toContain('MFA_DISABLED');
    expect(types).toContain('MFA_ENABLED');
    expect(mailSubjectsTo(identity.email)).toEqual(expect.arrayContaining(['Two-factor authentication is on', 'Two-factor authentication is off']));
  });

  it('with two apps, removing one keeps MFA on and refuses codes of the removed one', async () => {
    const { client, identity } = await signUpAndLogIn(server.url, 'removeone');
    const phone = await enableTotp(client, 'Phone');
    await awayFromStepBoundary();
    client.accessToken = expectData(await client.run(ReauthenticateDocument, { input: { password: GOOD_PASSWORD, code: phone.app.code(0) } })).reauthenticate.accessToken;
    const enrollment = expectData(await client.run(StartTotpEnrollmentDocument, { name: 'Tablet' })).startTotpEnrollment;
    const tablet = authenticatorApp(enrollment.secret);
    expectData(await client.run(ConfirmTotpEnrollmentDocument, { factorId: enrollment.factor.id, code: tablet.code(-1) }));
    expectData(await client.run(RemoveTotpFactorDocument, { id: phone.factorId }));
    expect(expectData(await client.run(MfaStatusDocument)).me.mfaEnabled).toBe(true);

    const login = await passwordHalf(anonymous, identity.username, GOOD_PASSWORD);
    expect(login.factors).toEqual(['TOTP', 'RECOVERY_CODE']);
    expect(codesOf(await complete(login.mfaToken, phone.app.code(1)))).toEqual(['BAD_USER_INPUT']);
    expectData(await complete(login.mfaToken, tablet.code(1)));
  });

  it('regenerating replaces every recovery code: the old ones stop working, the new ones work once; recorded and mailed', async () => {
    const { client, identity } = await signUpAndLogIn(server.url, 'regen');
    const { recoveryCodes: old } = await enableTotp(client);
    // Right after enrolment this password-only session is below the account's new level.
    expect(failureOf(await client.run(RegenerateRecoveryCodesDocument)).code).toBe('REAUTHENTICATION_REQUIRED');
    const login = await passwordHalf(anonymous, identity.username, GOOD_PASSWORD);
    const fresh = new TestClient(server.url);
    fresh.accessToken = expectData(await complete(login.mfaToken, old[9])).completeMfaLogin.accessToken;
    const renewed = expectData(await fresh.run(RegenerateRecoveryCodesDocument)).regenerateRecoveryCodes.codes;
    expect(renewed).toHaveLength(10);
    expect(renewed.filter((code) => old.includes(code))).toEqual([]);

    const withOld = await passwordHalf(anonymous, identity.username, GOOD_PASSWORD);
    expect(codesOf(await complete(withOld.mfaToken, old[0]))).toEqual(['BAD_USER_INPUT']);
    expectData(await complete(withOld.mfaToken, renewed[0]));

    await settled(server);
    const types = (await ownEvents(server.url, fresh.accessToken!)).map((event) => event.type);
    expect(types.filter((type) => type === 'RECOVERY_CODE_USED')).toHaveLength(2);
    expect(types).toContain('RECOVERY_CODES_REGENERATED');
    const subjects = mailSubjectsTo(identity.email);
    expect(subjects.filter((subject) => subject === 'A recovery code of your account was used')).toHaveLength(2);
    expect(subjects).toContain('New recovery codes were made');
    // The notices carry no code.
    for (const mail of smtp.mails.filter((each) => each.to.includes(identity.email.toLowerCase()))) {
      for (const code of [...old, ...renewed]) expect(mail.text).not.toContain(code);
    }
  });

  it('records wrong codes as SIGN_IN_FAILED on the account', async () => {
    const { client, identity, tokens } = await signUpAndLogIn(server.url, 'failedcode');
    await enableTotp(client);
    const login = await passwordHalf(anonymous, identity.username, GOOD_PASSWORD);
    expect(codesOf(await complete(login.mfaToken, '000000'))).toEqual(['BAD_USER_INPUT']);
    const events = await ownEvents(server.url, tokens.accessToken);
    expect(events[0]).toMatchObject({ type: 'SIGN_IN_FAILED', ipAddress: expect.any(String) });
  });
});
