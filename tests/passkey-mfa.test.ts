import { decode } from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, signUpAndLogIn } from './helpers/accounts.js';
import { codesOf, expectData, TestClient, type OperationResult } from './helpers/client.js';
import { enableTotp, passwordHalf } from './helpers/mfa.js';
import { CompleteMfaLoginDocument, CurrentSessionAuthenticationDocument, MfaStatusDocument, ResetUserMfaDocument } from './helpers/mfa-operations.js';
import { signUpAdmin } from './helpers/lifecycle.js';
import { LoginDocument } from './helpers/operations.js';
import { FinishPasskeyMfaDocument, StartPasskeyMfaDocument, StartPasskeySignInDocument } from './helpers/passkey-operations.js';
import { addPasskey, newAuthenticator, requestOptions, WEBAUTHN_ENV } from './helpers/passkeys.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import type { AssertionKnobs, SoftwareAuthenticator } from './helpers/software-authenticator.js';

/** A passkey as the second factor of a password login that answered MFA_REQUIRED. */
describe('a passkey as the second factor', () => {
  let server: TestServer;
  let anonymous: TestClient;

  beforeAll(async () => {
    server = await startTestServer(WEBAUTHN_ENV);
    anonymous = new TestClient(server.url);
  });
  afterAll(() => server.stop());

  /** An account with a password and one passkey. */
  async function accountWithPasskey(prefix: string) {
    const { client, identity } = await signUpAndLogIn(server.url, prefix);
    const authenticator = newAuthenticator();
    await addPasskey(client, authenticator);
    return { client, identity, authenticator };
  }

  async function startMfa(mfaToken: string) {
    const started = expectData(await anonymous.run(StartPasskeyMfaDocument, { mfaToken })).startPasskeyMfa;
    return { challengeId: started.challengeId, options: requestOptions(started.options) };
  }

  async function finishMfa(mfaToken: string, authenticator: SoftwareAuthenticator, knobs: AssertionKnobs = {}) {
    const { challengeId, options } = await startMfa(mfaToken);
    return anonymous.run(FinishPasskeyMfaDocument, { mfaToken, challengeId, response: authenticator.getAssertion(options, knobs) });
  }

  const expectCouldNotVerify = (result: OperationResult<unknown>) => {
    expect(codesOf(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors[0].extensions.fieldErrors).toEqual({ response: ['Could not verify the passkey.'] });
  };

  it('lists PASSKEY among the factors of a login whose account has only a passkey (MFA is on)', async () => {
    const { client, identity } = await accountWithPasskey('pkmfa');
    expect(expectData(await client.run(MfaStatusDocument)).me.mfaEnabled).toBe(true);
    const login = await anonymous.run(LoginDocument, { input: { username: identity.username, password: GOOD_PASSWORD } });
    expect(login.data?.login ?? null).toBeNull();
    expect(codesOf(login)).toEqual(['MFA_REQUIRED']);
    expect(login.errors[0].extensions.factors).toEqual(['PASSKEY']);
  });

  it('gives recovery codes with the first authenticator app also when a passkey turned MFA on before', async () => {
    const { identity, authenticator } = await accountWithPasskey('pkfirst');
    const { mfaToken } = await passwordHalf(anonymous, identity.username, GOOD_PASSWORD);
    const twoFactor = new TestClient(server.url);
    twoFactor.accessToken = expectData(await finishMfa(mfaToken, authenticator)).finishPasskeyMfa.accessToken;
    const { recoveryCodes } = await enableTotp(twoFactor);
    expect(recoveryCodes).toHaveLength(10);
    const next = await passwordHalf(anonymous, identity.username, GOOD_PASSWORD);
    expect(next.factors).toEqual(['TOTP', 'RECOVERY_CODE', 'PASSKEY']);
    expectData(await anonymous.run(CompleteMfaLoginDocument, { input: { mfaToken: next.mfaToken, code: recoveryCodes[0] } }));
  });

  it("an admin's resetUserMfa removes the passkeys of an account with a password: login is back to the password", async () => {
    const { identity, client } = await accountWithPasskey('pkreset');
    const admin = await signUpAdmin(server);
    const { id } = expectData(await client.run(MfaStatusDocument)).me;
    expectData(await admin.client.run(ResetUserMfaDocument, { id }));
    expectData(await anonymous.run(LoginDocument, { input: { username: identity.username, password: GOOD_PASSWORD } }));
  });

  it('lists every factor an account has: TOTP, RECOVERY_CODE and PASSKEY', async () => {
    const { client, identity } = await signUpAndLogIn(server.url, 'pkmfaall');
    const { recoveryCodes } = await enableTotp(client);
    // Adding the passkey needs a fresh two-factor proof now: a login finished with a recovery code.
    const { mfaToken } = await passwordHalf(anonymous, identity.username, GOOD_PASSWORD);
    const twoFactor = new TestClient(server.url);
    twoFactor.accessToken = expectData(await anonymous.run(CompleteMfaLoginDocument, { input: { mfaToken, code: recoveryCodes[0] } })).completeMfaLogin.accessToken;
    await addPasskey(twoFactor, newAuthenticator());
    const login = await anonymous.run(LoginDocument, { input: { username: identity.username, password: GOOD_PASSWORD } });
    expect(login.errors[0].extensions.factors).toEqual(['TOTP', 'RECOVERY_CODE', 'PASSKEY']);
  });

  it('finishes the login with the passkey: [PASSWORD, PASSKEY] at assurance level 2, and the mfaToken is spent', async () => {
    const { identity, authenticator } = await accountWithPasskey('pkmfaok');
    const { mfaToken } = await passwordHalf(anonymous, identity.username, GOOD_PASSWORD);
    const { challengeId, options } = await startMfa(mfaToken);
    expect(options.userVerification).toBe('required');
    expect(options.allowCredentials!.map((credential) => credential.id)).toEqual([authenticator.credentials[0].id]);
    const response = authenticator.getAssertion(options);
    const payload = expectData(await anonymous.run(FinishPasskeyMfaDocument, { mfaToken, challengeId, response })).finishPasskeyMfa;
    expect(payload.user).toMatchObject({ username: identity.username, mfaEnabled: true });
    const claims = decode(payload.accessToken) as Record<string, unknown>;
    expect(claims.amr).toEqual(['pwd', 'hwk', 'mfa']);
    expect(claims.aal).toBe(2);
    const signedIn = new TestClient(server.url);
    signedIn.accessToken = payload.accessToken;
    const current = expectData(await signedIn.run(CurrentSessionAuthenticationDocument)).sessions.find((session) => session.current);
    expect(current).toMatchObject({ authMethods: ['PASSWORD', 'PASSKEY'], assuranceLevel: 2 });

    // The pending login is finished: neither way finishes it again.
    const again = await anonymous.run(StartPasskeyMfaDocument, { mfaToken });
    expect(again.errors[0].extensions.fieldErrors).toHaveProperty('mfaToken');
    const withCode = await anonymous.run(CompleteMfaLoginDocument, { input: { mfaToken, code: '123456' } });
    expect(withCode.errors[0].extensions.fieldErrors).toHaveProperty('mfaToken');
  });

  it('refuses another account’s passkey and a failed verification, each counting against the mfaToken', async () => {
    const { identity, authenticator } = await accountWithPasskey('pkmfawrong');
    const stranger = await accountWithPasskey('pkmfastranger');
    const { mfaToken } = await passwordHalf(anonymous, identity.username, GOOD_PASSWORD);
    const { challengeId, options } = await startMfa(mfaToken);
    const foreign = stranger.authenticator.getAssertion(options, { credentialId: stranger.authenticator.credentials[0].id });
    expectCouldNotVerify(await anonymous.run(FinishPasskeyMfaDocument, { mfaToken, challengeId, response: foreign }));
    expectCouldNotVerify(await finishMfa(mfaToken, authenticator, { userVerified: false }));
    expectCouldNotVerify(await finishMfa(mfaToken, authenticator, { origin: 'https://evil.test' }));
    expectCouldNotVerify(await finishMfa(mfaToken, authenticator, { rpId: 'evil.test' }));
    expectCouldNotVerify(await finishMfa(mfaToken, authenticator, { counter: 0, credentialId: authenticator.credentials[0].id }));
    // Five wrong answers end what the password proved.
    const exhausted = await anonymous.run(StartPasskeyMfaDocument, { mfaToken });
    expect(codesOf(exhausted)).toEqual(['RATE_LIMITED']);
    // A new login with the genuine passkey works.
    const next = await passwordHalf(anonymous, identity.username, GOOD_PASSWORD);
    expectData(await finishMfa(next.mfaToken, authenticator));
  });

  it('takes only a challenge of this very pending login', async () => {
    const { identity, authenticator } = await accountWithPasskey('pkmfabind');
    const first = await passwordHalf(anonymous, identity.username, GOOD_PASSWORD);
    const second = await passwordHalf(anonymous, identity.username, GOOD_PASSWORD);
    const forFirst = await startMfa(first.mfaToken);
    const refused = await anonymous.run(FinishPasskeyMfaDocument, {
      mfaToken: second.mfaToken,
      challengeId: forFirst.challengeId,
      response: authenticator.getAssertion(forFirst.options),
    });
    expect(Object.keys(refused.errors[0].extensions.fieldErrors)).toEqual(['challengeId']);
    // A sign-in challenge is not a second factor's.
    const signIn = expectData(await anonymous.run(StartPasskeySignInDocument, {})).startPasskeySignIn;
    const crossed = await anonymous.run(FinishPasskeyMfaDocument, {
      mfaToken: first.mfaToken,
      challengeId: signIn.challengeId,
      response: authenticator.getAssertion(requestOptions(signIn.options)),
    });
    expect(Object.keys(crossed.errors[0].extensions.fieldErrors)).toEqual(['challengeId']);
    // The first login's own challenge was not spent by the attempt with the second's token.
    const finished = await anonymous.run(FinishPasskeyMfaDocument, {
      mfaToken: first.mfaToken,
      challengeId: forFirst.challengeId,
      response: authenticator.getAssertion(forFirst.options),
    });
    expectData(finished);
  });

  it('refuses startPasskeyMfa for an account without a passkey, and a malformed mfaToken', async () => {
    const { client, identity } = await signUpAndLogIn(server.url, 'pkmfanone');
    await enableTotp(client);
    const { mfaToken } = await passwordHalf(anonymous, identity.username, GOOD_PASSWORD);
    const none = await anonymous.run(StartPasskeyMfaDocument, { mfaToken });
    expect(codesOf(none)).toEqual(['BAD_USER_INPUT']);
    expect(none.errors[0].extensions.fieldErrors).toHaveProperty('mfaToken');
    const malformed = await anonymous.run(StartPasskeyMfaDocument, { mfaToken: 'nope' });
    expect(malformed.errors[0].extensions.fieldErrors).toHaveProperty('mfaToken');
  });
});
