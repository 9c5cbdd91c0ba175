import { decode } from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpAndLogIn } from './helpers/accounts.js';
import { codesOf, expectData, TestClient } from './helpers/client.js';
import { CurrentSessionAuthenticationDocument, MfaStatusDocument } from './helpers/mfa-operations.js';
import { PasskeysDocument } from './helpers/passkey-operations.js';
import { addPasskey, newAuthenticator, signInWithPasskey, WEBAUTHN_ENV } from './helpers/passkeys.js';
import { startTestServer, type TestServer } from './helpers/server.js';

describe('passkeys', () => {
  let server: TestServer;
  let anonymous: TestClient;

  beforeAll(async () => {
    server = await startTestServer(WEBAUTHN_ENV);
    anonymous = new TestClient(server.url);
  });
  afterAll(() => server.stop());

  it('registers a passkey and signs in with it without a username', async () => {
    const { client, identity } = await signUpAndLogIn(server.url, 'pkreg');
    const authenticator = newAuthenticator();
    const passkey = await addPasskey(client, authenticator, 'Laptop');
    expect(passkey).toMatchObject({ name: 'Laptop', backedUp: true, lastUsedAt: null });
    expect(expectData(await client.run(PasskeysDocument)).passkeys).toEqual([passkey]);
    expect(expectData(await client.run(MfaStatusDocument)).me.mfaEnabled).toBe(true);

    const signedIn = await signInWithPasskey(anonymous, authenticator);
    const payload = expectData(signedIn).finishPasskeySignIn;
    expect(payload.user.username).toBe(identity.username);
    const claims = decode(payload.accessToken) as Record<string, unknown>;
    expect(claims.amr).toEqual(['hwk']);
    expect(claims.aal).toBe(2);
    const session = new TestClient(server.url);
    session.accessToken = payload.accessToken;
    const current = expectData(await session.run(CurrentSessionAuthenticationDocument)).sessions.find((s) => s.current);
    expect(current).toMatchObject({ authMethods: ['PASSKEY'], assuranceLevel: 2 });
    expect(codesOf(await signInWithPasskey(anonymous, authenticator, identity.username))).toEqual([]);
  });
});
