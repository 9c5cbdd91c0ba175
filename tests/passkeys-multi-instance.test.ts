import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../src/db/entities/index.js';
import { GOOD_PASSWORD, newIdentity } from './helpers/accounts.js';
import { codesOf, expectData, TestClient } from './helpers/client.js';
import { onPostgres } from './helpers/database.js';
import { startCluster, type Cluster } from './helpers/instances.js';
import { passwordHalf } from './helpers/mfa.js';
import { LoginDocument, RegisterDocument } from './helpers/operations.js';
import {
  FinishPasskeyMfaDocument,
  FinishPasskeyRegistrationDocument,
  FinishPasskeySignInDocument,
  PasskeysDocument,
  RemovePasskeyDocument,
  StartPasskeyMfaDocument,
  StartPasskeyRegistrationDocument,
  StartPasskeySignInDocument,
} from './helpers/passkey-operations.js';
import { creationOptions, newAuthenticator, requestOptions, WEBAUTHN_ENV } from './helpers/passkeys.js';

// Several instances share one database only on PostgreSQL (SQLite is one file on one machine).
describe.runIf(onPostgres)('passkey ceremonies across three instances on one PostgreSQL database', () => {
  let cluster: Cluster;
  const clientOf = (instance: number, accessToken: string | null = null) => {
    const client = new TestClient(cluster.urls[instance]);
    client.accessToken = accessToken;
    return client;
  };

  beforeAll(async () => {
    cluster = await startCluster(3, WEBAUTHN_ENV);
  });
  afterAll(() => cluster.stop());

  /** An account registered and signed in on instance 0, with a passkey registered from 0 to 1. */
  async function accountWithPasskey(prefix: string) {
    const identity = newIdentity(prefix);
    const first = clientOf(0);
    expectData(await first.run(RegisterDocument, { input: { ...identity, passwordConfirm: identity.password } }));
    first.accessToken = expectData(await first.run(LoginDocument, { input: { username: identity.username, password: identity.password } })).login.accessToken;
    const started = expectData(await first.run(StartPasskeyRegistrationDocument, {})).startPasskeyRegistration;
    const authenticator = newAuthenticator();
    const response = authenticator.createCredential(creationOptions(started.options));
    const finishedElsewhere = clientOf(1, first.accessToken);
    expectData(await finishedElsewhere.run(FinishPasskeyRegistrationDocument, { challengeId: started.challengeId, response }));
    return { identity, authenticator };
  }

  it('finishes a registration and a sign-in started on another instance', async () => {
    const { identity, authenticator } = await accountWithPasskey('pkcluster');
    const started = expectData(await clientOf(1).run(StartPasskeySignInDocument, { username: identity.username })).startPasskeySignIn;
    const response = authenticator.getAssertion(requestOptions(started.options));
    const payload = expectData(await clientOf(2).run(FinishPasskeySignInDocument, { challengeId: started.challengeId, response })).finishPasskeySignIn;
    expect(payload.user.username).toBe(identity.username);
  });

  it('kills a used challenge on every instance', async () => {
    const { authenticator } = await accountWithPasskey('pkclusteronce');
    const started = expectData(await clientOf(0).run(StartPasskeySignInDocument, {})).startPasskeySignIn;
    const response = authenticator.getAssertion(requestOptions(started.options));
    expectData(await clientOf(1).run(FinishPasskeySignInDocument, { challengeId: started.challengeId, response }));
    for (const instance of [0, 1, 2]) {
      const replay = await clientOf(instance).run(FinishPasskeySignInDocument, { challengeId: started.challengeId, response });
      expect(codesOf(replay)).toEqual(['BAD_USER_INPUT']);
      expect(Object.keys(replay.errors[0].extensions.fieldErrors)).toEqual(['challengeId']);
    }
  });

  it('gives tokens to exactly one of the same answer sent to every instance at once', async () => {
    const { authenticator } = await accountWithPasskey('pkclusterrace');
    const started = expectData(await clientOf(0).run(StartPasskeySignInDocument, {})).startPasskeySignIn;
    const response = authenticator.getAssertion(requestOptions(started.options));
    const results = await Promise.all(
      [0, 1, 2, 0, 1, 2].map((instance) => clientOf(instance).run(FinishPasskeySignInDocument, { challengeId: started.challengeId, response })),
    );
    expect(results.filter((result) => result.data?.finishPasskeySignIn).length).toBe(1);
    for (const result of results.filter((r) => !r.data)) expect(codesOf(result)).toEqual(['BAD_USER_INPUT']);
  });

  it('finishes a passkey second factor on another instance than the password half and its challenge', async () => {
    const { identity, authenticator } = await accountWithPasskey('pkclustermfa');
    const { mfaToken, factors } = await passwordHalf(clientOf(0), identity.username, GOOD_PASSWORD);
    expect(factors).toEqual(['PASSKEY']);
    const started = expectData(await clientOf(1).run(StartPasskeyMfaDocument, { mfaToken })).startPasskeyMfa;
    const response = authenticator.getAssertion(requestOptions(started.options));
    const finish = (instance: number) => clientOf(instance).run(FinishPasskeyMfaDocument, { mfaToken, challengeId: started.challengeId, response });
    const [winner, loser] = await Promise.all([finish(2), finish(0)]);
    expect([winner, loser].filter((result) => result.data?.finishPasskeyMfa).length).toBe(1);
  });

  it('keeps one passkey of an account without a password when its last two are removed on two instances at once', async () => {
    const { authenticator } = await accountWithPasskey('pkclusterlast');
    const signIn = async (instance: number) => {
      const started = expectData(await clientOf(instance).run(StartPasskeySignInDocument, {})).startPasskeySignIn;
      const response = authenticator.getAssertion(requestOptions(started.options));
      return expectData(await clientOf(instance).run(FinishPasskeySignInDocument, { challengeId: started.challengeId, response })).finishPasskeySignIn;
    };
    // A second passkey, added from a passkey session (MFA is on).
    const session = await signIn(0);
    const second = newAuthenticator();
    const started = expectData(await clientOf(0, session.accessToken).run(StartPasskeyRegistrationDocument, {})).startPasskeyRegistration;
    const response = second.createCredential(creationOptions(started.options));
    expectData(await clientOf(2, session.accessToken).run(FinishPasskeyRegistrationDocument, { challengeId: started.challengeId, response }));
    await cluster.instances[0].orm.em.fork().nativeUpdate(User, { id: session.user.id }, { passwordHash: null });

    const passkeys = expectData(await clientOf(1, session.accessToken).run(PasskeysDocument)).passkeys;
    expect(passkeys).toHaveLength(2);
    const removals = await Promise.all(
      passkeys.map((passkey, i) => clientOf(i + 1, session.accessToken).run(RemovePasskeyDocument, { id: passkey.id })),
    );
    expect(removals.filter((result) => result.data?.removePasskey === true)).toHaveLength(1);
    expect(expectData(await clientOf(0, session.accessToken).run(PasskeysDocument)).passkeys).toHaveLength(1);
  });
});
