import { decode } from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, signUpAndLogIn } from './helpers/accounts.js';
import { codesOf, expectData, TestClient } from './helpers/client.js';
import { awayFromStepBoundary, enableTotp, passwordHalf } from './helpers/mfa.js';
import {
  CompleteMfaLoginDocument,
  CurrentSessionAuthenticationDocument,
  MfaStatusDocument,
  TotpFactorsDocument,
} from './helpers/mfa-operations.js';
import { LoginDocument, MeDocument } from './helpers/operations.js';
import { startTestServer, type TestServer } from './helpers/server.js';

/** Login with a second factor: the password half, then completeMfaLogin with a TOTP or recovery code. */
describe('login with a second factor', () => {
  let server: TestServer;
  let anonymous: TestClient;

  beforeAll(async () => {
    server = await startTestServer();
    anonymous = new TestClient(server.url);
  });
  afterAll(() => server.stop());

  const complete = (mfaToken: string, code: string) => anonymous.run(CompleteMfaLoginDocument, { input: { mfaToken, code } });

  it('enrolment turns MFA on and returns 10 recovery codes; the right password then answers MFA_REQUIRED without tokens', async () => {
    const { client, identity } = await signUpAndLogIn(server.url, 'mfaon');
    expect(expectData(await client.run(MfaStatusDocument)).me.mfaEnabled).toBe(false);
    const { recoveryCodes } = await enableTotp(client);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect(expectData(await client.run(MfaStatusDocument)).me.mfaEnabled).toBe(true);
    expect(expectData(await client.run(TotpFactorsDocument)).totpFactors).toEqual([
      expect.objectContaining({ name: 'Phone', confirmed: true }),
    ]);

    const login = await anonymous.run(LoginDocument, { input: { username: identity.username, password: GOOD_PASSWORD } });
    expect(login.data?.login ?? null).toBeNull();
    expect(codesOf(login)).toEqual(['MFA_REQUIRED']);
    expect(login.errors[0].extensions.mfaToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(login.errors[0].extensions.factors).toEqual(['TOTP', 'RECOVERY_CODE']);
    // A wrong password is still only a wrong password: no hint that the account has a second factor.
    expect(codesOf(await anonymous.run(LoginDocument, { input: { username: identity.username, password: 'wrong-Password-1' } }))).toEqual([
      'UNAUTHENTICATED',
    ]);
  });

  it('completeMfaLogin with a TOTP code starts a session of [PASSWORD, TOTP] at assurance level 2, and the token says so', async () => {
    const { client, identity } = await signUpAndLogIn(server.url, 'mfatotp');
    const { app } = await enableTotp(client);
    const { mfaToken } = await passwordHalf(anonymous, identity.username, GOOD_PASSWORD);
    await awayFromStepBoundary();
    const payload = expectData(await complete(mfaToken, ` ${app.code()} `)).completeMfaLogin;
    expect(payload.user).toMatchObject({ username: identity.username, mfaEnabled: true });
    expect(payload.user.lastLogin).not.toBeNull();

    const claims = decode(payload.accessToken) as Record<string, unknown>;
    expect(claims.amr).toEqual(['pwd', 'otp', 'mfa']);
    expect(claims.aal).toBe(2);
    const signedIn = new TestClient(server.url);
    signedIn.accessToken = payload.accessToken;
    expect(expectData(await signedIn.run(MeDocument)).me.username).toBe(identity.username);
    const current = expectData(await signedIn.run(CurrentSessionAuthenticationDocument)).sessions.find((session) => session.current);
    expect(current).toMatchObject({ authMethods: ['PASSWORD', 'TOTP'], assuranceLevel: 2 });
  });

  it('completeMfaLogin with a recovery code: [PASSWORD, RECOVERY_CODE], and the code works once', async () => {
    const { client, identity } = await signUpAndLogIn(server.url, 'mfarec');
    const { recoveryCodes } = await enableTotp(client);
    const first = await passwordHalf(anonymous, identity.username, GOOD_PASSWORD);
    const payload = expectData(await complete(first.mfaToken, recoveryCodes[0].toUpperCase())).completeMfaLogin;
    expect((decode(payload.accessToken) as Record<string, unknown>).amr).toEqual(['pwd', 'kba', 'mfa']);

    const second = await passwordHalf(anonymous, identity.username, GOOD_PASSWORD);
    const reused = await complete(second.mfaToken, recoveryCodes[0]);
    expect(codesOf(reused)).toEqual(['BAD_USER_INPUT']);
    expect(reused.errors[0].extensions.fieldErrors.code).toHaveLength(1);
    // Without the hyphen works too; the failed try did not spend the pending login.
    expectData(await complete(second.mfaToken, recoveryCodes[1].replace('-', '')));
  });

  it('an mfaToken works once', async () => {
    const { client, identity } = await signUpAndLogIn(server.url, 'mfaonce');
    const { recoveryCodes } = await enableTotp(client);
    const { mfaToken } = await passwordHalf(anonymous, identity.username, GOOD_PASSWORD);
    expectData(await complete(mfaToken, recoveryCodes[0]));
    const again = await complete(mfaToken, recoveryCodes[1]);
    expect(codesOf(again)).toEqual(['BAD_USER_INPUT']);
    expect(again.errors[0].extensions.fieldErrors).toHaveProperty('mfaToken');
  });
});
