import { decode } from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User, WebauthnChallenge } from '../src/db/entities/index.js';
import type { PublishedSecurityEvent } from '../src/events/types.js';
import { signUpAndLogIn } from './helpers/accounts.js';
import { codesOf, expectData, TestClient, type OperationResult } from './helpers/client.js';
import { ownEvents } from './helpers/events.js';
import { CurrentSessionAuthenticationDocument, MfaStatusDocument } from './helpers/mfa-operations.js';
import {
  FinishPasskeyRegistrationDocument,
  FinishPasskeySignInDocument,
  PasskeysDocument,
  RemovePasskeyDocument,
  RenamePasskeyDocument,
  StartPasskeyRegistrationDocument,
  StartPasskeySignInDocument,
} from './helpers/passkey-operations.js';
import {
  addPasskey,
  creationOptions,
  newAuthenticator,
  passkeyAssertion,
  requestOptions,
  signInWithPasskey,
  WEBAUTHN_ENV,
} from './helpers/passkeys.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { startSmtpServer, type TestSmtpServer } from './helpers/smtp.js';
import type { SoftwareAuthenticator } from './helpers/software-authenticator.js';

const COULD_NOT_VERIFY = 'Could not verify the passkey.';

/** The one answer of every failed passkey check: BAD_USER_INPUT on `response`, "could not verify", no data. */
function expectCouldNotVerify(result: OperationResult<unknown>) {
  expect(result.data).toBeNull();
  expect(codesOf(result)).toEqual(['BAD_USER_INPUT']);
  expect(result.errors[0].message).toBe(COULD_NOT_VERIFY);
  expect(result.errors[0].extensions.fieldErrors).toEqual({ response: [COULD_NOT_VERIFY] });
}

function expectChallengeRefused(result: OperationResult<unknown>) {
  expect(result.data).toBeNull();
  expect(codesOf(result)).toEqual(['BAD_USER_INPUT']);
  expect(Object.keys(result.errors[0].extensions.fieldErrors)).toEqual(['challengeId']);
}

/** A client signed in with the passkey (a fresh, two-factor proof: what passkey changes need once MFA is on). */
async function passkeySession(server: TestServer, authenticator: SoftwareAuthenticator, username?: string) {
  const client = new TestClient(server.url);
  client.accessToken = expectData(await signInWithPasskey(client, authenticator, username)).finishPasskeySignIn.accessToken;
  return client;
}

describe('passkeys: registration, management and sign-in', () => {
  let smtp: TestSmtpServer;
  let server: TestServer;
  let anonymous: TestClient;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer({ ...WEBAUTHN_ENV, SMTP_URL: smtp.url });
    anonymous = new TestClient(server.url);
  });
  afterAll(async () => {
    await server.stop();
    await smtp.stop();
  });

  it('registers a passkey from a fresh login, lists it, and MFA is on with only a passkey', async () => {
    const { client, identity } = await signUpAndLogIn(server.url, 'pkreg');
    const started = expectData(await client.run(StartPasskeyRegistrationDocument, { name: 'Laptop' })).startPasskeyRegistration;
    const options = creationOptions(started.options);
    expect(options).toMatchObject({
      rp: { id: 'example.test', name: 'Example' },
      user: { name: identity.username },
      attestation: 'none',
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
      excludeCredentials: [],
    });
    expect(options.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const response = newAuthenticator().createCredential(options);
    const passkey = expectData(await client.run(FinishPasskeyRegistrationDocument, { challengeId: started.challengeId, response })).finishPasskeyRegistration;
    expect(passkey).toMatchObject({ name: 'Laptop', backedUp: true, lastUsedAt: null });
    expect(expectData(await client.run(PasskeysDocument)).passkeys).toEqual([passkey]);
    expect(expectData(await client.run(MfaStatusDocument)).me.mfaEnabled).toBe(true);
  });

  it('signs in without a username (a discoverable passkey): [PASSKEY] at assurance level 2, amr hwk', async () => {
    const { client, identity } = await signUpAndLogIn(server.url, 'pkdisc');
    const authenticator = newAuthenticator();
    await addPasskey(client, authenticator);

    const { challengeId, options, response } = await passkeyAssertion(anonymous, authenticator);
    expect(options).toMatchObject({ rpId: 'example.test', userVerification: 'required', allowCredentials: [] });
    const payload = expectData(await anonymous.run(FinishPasskeySignInDocument, { challengeId, response })).finishPasskeySignIn;
    expect(payload.user).toMatchObject({ username: identity.username, mfaEnabled: true });
    expect(payload.user.lastLogin).not.toBeNull();
    const claims = decode(payload.accessToken) as Record<string, unknown>;
    expect(claims.amr).toEqual(['hwk']);
    expect(claims.aal).toBe(2);

    const signedIn = new TestClient(server.url);
    signedIn.accessToken = payload.accessToken;
    const current = expectData(await signedIn.run(CurrentSessionAuthenticationDocument)).sessions.find((session) => session.current);
    expect(current).toMatchObject({ authMethods: ['PASSKEY'], assuranceLevel: 2 });
    expect(expectData(await signedIn.run(PasskeysDocument)).passkeys[0].lastUsedAt).not.toBeNull();
  });

  it('signs in with a username by offering that account’s passkeys; several passkeys per account', async () => {
    const { client, identity } = await signUpAndLogIn(server.url, 'pkuser');
    const laptop = newAuthenticator();
    const phone = newAuthenticator();
    await addPasskey(client, laptop, 'Laptop');
    // MFA is on now: the next change needs a two-factor proof, which a passkey sign-in is.
    await addPasskey(await passkeySession(server, laptop), phone, 'Phone');

    const started = expectData(await anonymous.run(StartPasskeySignInDocument, { username: identity.username.toUpperCase() })).startPasskeySignIn;
    const allowed = requestOptions(started.options).allowCredentials!.map((credential) => credential.id);
    expect(allowed).toEqual([laptop.credentials[0].id, phone.credentials[0].id]);
    for (const authenticator of [laptop, phone]) {
      const result = await signInWithPasskey(anonymous, authenticator, identity.email);
      expect(expectData(result).finishPasskeySignIn.user.username).toBe(identity.username);
    }
  });

  it('adding a second passkey from the password session needs re-authentication once MFA is on', async () => {
    const { client } = await signUpAndLogIn(server.url, 'pkreauth');
    const laptop = newAuthenticator();
    await addPasskey(client, laptop);
    const again = await client.run(StartPasskeyRegistrationDocument, { name: 'Phone' });
    expect(codesOf(again)).toEqual(['REAUTHENTICATION_REQUIRED']);
    const stale = expectData(await client.run(PasskeysDocument)).passkeys[0];
    expect(codesOf(await client.run(RemovePasskeyDocument, { id: stale.id }))).toEqual(['REAUTHENTICATION_REQUIRED']);
  });

  it('renames a passkey; another account’s passkey and a bad name are refused', async () => {
    const owner = await signUpAndLogIn(server.url, 'pkren');
    const other = await signUpAndLogIn(server.url, 'pkren2');
    const passkey = await addPasskey(owner.client, newAuthenticator(), 'Old name');
    expect(expectData(await owner.client.run(RenamePasskeyDocument, { id: passkey.id, name: '  Work laptop ' })).renamePasskey).toMatchObject({
      id: passkey.id,
      name: 'Work laptop',
    });
    const foreign = await other.client.run(RenamePasskeyDocument, { id: passkey.id, name: 'Mine now' });
    expect(codesOf(foreign)).toEqual(['BAD_USER_INPUT']);
    expect(foreign.errors[0].extensions.fieldErrors).toHaveProperty('id');
    const blank = await owner.client.run(RenamePasskeyDocument, { id: passkey.id, name: '   ' });
    expect(blank.errors[0].extensions.fieldErrors).toHaveProperty('name');
    expect(codesOf(await owner.client.run(RenamePasskeyDocument, { id: 'not-a-uuid', name: 'x' }))).toEqual(['BAD_USER_INPUT']);
    expect(expectData(await owner.client.run(PasskeysDocument)).passkeys.map((p) => p.name)).toEqual(['Work laptop']);
  });

  it('answers an unknown username like a known one, with the same plausible options every time', async () => {
    const withPasskey = await signUpAndLogIn(server.url, 'pkenum');
    await addPasskey(withPasskey.client, newAuthenticator());
    const withoutPasskey = await signUpAndLogIn(server.url, 'pkenum0');
    const optionsFor = async (username: string) =>
      requestOptions(expectData(await anonymous.run(StartPasskeySignInDocument, { username })).startPasskeySignIn.options);
    const shape = (options: ReturnType<typeof requestOptions>) => ({
      keys: Object.keys(options).sort(),
      credentials: options.allowCredentials!.map((credential) => ({
        idLength: credential.id.length,
        type: credential.type,
        transports: credential.transports,
      })),
    });

    const known = await optionsFor(withPasskey.identity.username);
    const knownWithout = await optionsFor(withoutPasskey.identity.username);
    const unknown = await optionsFor('nobody-by-this-name');
    expect(shape(unknown)).toEqual(shape(known));
    expect(shape(knownWithout)).toEqual(shape(known));
    expect((await optionsFor('nobody-by-this-name')).allowCredentials).toEqual(unknown.allowCredentials);
    expect(unknown.allowCredentials).not.toEqual(knownWithout.allowCredentials);
    expect(unknown.challenge).not.toBe(known.challenge);
  });

  it('refuses a response from another origin, for another RP id, or without user verification', async () => {
    const { client } = await signUpAndLogIn(server.url, 'pkbad');
    const authenticator = newAuthenticator();
    await addPasskey(client, authenticator);
    expectCouldNotVerify(await signInWithPasskey(anonymous, authenticator, undefined, { origin: 'https://evil.test' }));
    expectCouldNotVerify(await signInWithPasskey(anonymous, authenticator, undefined, { origin: 'http://app.example.test' }));
    expectCouldNotVerify(await signInWithPasskey(anonymous, authenticator, undefined, { rpId: 'evil.test' }));
    expectCouldNotVerify(await signInWithPasskey(anonymous, authenticator, undefined, { userVerified: false }));
    expectCouldNotVerify(await signInWithPasskey(anonymous, authenticator, undefined, { userPresent: false }));
    // The same flaws at registration.
    for (const knobs of [{ origin: 'https://evil.test' }, { rpId: 'evil.test' }, { userVerified: false }]) {
      const fresh = await passkeySession(server, authenticator);
      const started = expectData(await fresh.run(StartPasskeyRegistrationDocument, {})).startPasskeyRegistration;
      const response = newAuthenticator().createCredential(creationOptions(started.options), knobs);
      expectCouldNotVerify(await fresh.run(FinishPasskeyRegistrationDocument, { challengeId: started.challengeId, response }));
    }
    expect(expectData(await client.run(PasskeysDocument)).passkeys).toHaveLength(1);
    // The genuine answer still works.
    expectData(await signInWithPasskey(anonymous, authenticator));
  });

  it('uses a challenge once: a replayed answer is refused, on sign-in and on registration', async () => {
    const { client } = await signUpAndLogIn(server.url, 'pkreplay');
    const started = expectData(await client.run(StartPasskeyRegistrationDocument, {})).startPasskeyRegistration;
    const authenticator = newAuthenticator();
    const registration = authenticator.createCredential(creationOptions(started.options));
    expectData(await client.run(FinishPasskeyRegistrationDocument, { challengeId: started.challengeId, response: registration }));
    const fresh = await passkeySession(server, authenticator);
    expectChallengeRefused(await fresh.run(FinishPasskeyRegistrationDocument, { challengeId: started.challengeId, response: registration }));

    const { challengeId, response } = await passkeyAssertion(anonymous, authenticator);
    expectData(await anonymous.run(FinishPasskeySignInDocument, { challengeId, response }));
    expectChallengeRefused(await anonymous.run(FinishPasskeySignInDocument, { challengeId, response }));
  });

  it('refuses an expired challenge', async () => {
    const { client } = await signUpAndLogIn(server.url, 'pkexpired');
    const authenticator = newAuthenticator();
    await addPasskey(client, authenticator);
    const { challengeId, response } = await passkeyAssertion(anonymous, authenticator);
    // Five minutes later, as the database sees it.
    await server.app.orm.em.fork().nativeUpdate(WebauthnChallenge, { id: challengeId }, { expiresAt: new Date(Date.now() - 1000) });
    expectChallengeRefused(await anonymous.run(FinishPasskeySignInDocument, { challengeId, response }));
  });

  it('refuses a passkey of another account for a username sign-in, and one the server does not know', async () => {
    const alice = await signUpAndLogIn(server.url, 'pkalice');
    const bob = await signUpAndLogIn(server.url, 'pkbob');
    const alicesKey = newAuthenticator();
    await addPasskey(alice.client, alicesKey);
    await addPasskey(bob.client, newAuthenticator());
    const started = expectData(await anonymous.run(StartPasskeySignInDocument, { username: bob.identity.username })).startPasskeySignIn;
    const forged = alicesKey.getAssertion(requestOptions(started.options), { credentialId: alicesKey.credentials[0].id });
    expectCouldNotVerify(await anonymous.run(FinishPasskeySignInDocument, { challengeId: started.challengeId, response: forged }));

    // A credential made for a registration that was never finished: unknown to the server.
    const strangers = newAuthenticator();
    const fresh = await passkeySession(server, alicesKey);
    const unfinished = expectData(await fresh.run(StartPasskeyRegistrationDocument, {})).startPasskeyRegistration;
    strangers.createCredential(creationOptions(unfinished.options));
    expectCouldNotVerify(await signInWithPasskey(anonymous, strangers));
  });

  it('accepts only the ceremony a challenge was issued for, and only its own account’s registration challenge', async () => {
    const alice = await signUpAndLogIn(server.url, 'pkcer');
    const mallory = await signUpAndLogIn(server.url, 'pkmal');
    const authenticator = newAuthenticator();
    const started = expectData(await alice.client.run(StartPasskeyRegistrationDocument, {})).startPasskeyRegistration;
    const registration = authenticator.createCredential(creationOptions(started.options));
    // Someone else's registration challenge is not found, and not spent by the attempt.
    expectChallengeRefused(await mallory.client.run(FinishPasskeyRegistrationDocument, { challengeId: started.challengeId, response: registration }));
    expectData(await alice.client.run(FinishPasskeyRegistrationDocument, { challengeId: started.challengeId, response: registration }));

    // A registration challenge answered at sign-in, and a sign-in challenge at registration.
    const fresh = await passkeySession(server, authenticator);
    const registrationChallenge = expectData(await fresh.run(StartPasskeyRegistrationDocument, {})).startPasskeyRegistration;
    const assertion = authenticator.getAssertion({ challenge: requestOptions(registrationChallenge.options).challenge, rpId: 'example.test' });
    expectChallengeRefused(await anonymous.run(FinishPasskeySignInDocument, { challengeId: registrationChallenge.challengeId, response: assertion }));
    const signIn = expectData(await anonymous.run(StartPasskeySignInDocument, {})).startPasskeySignIn;
    const created = newAuthenticator().createCredential({ ...creationOptions(registrationChallenge.options), challenge: requestOptions(signIn.options).challenge });
    expectChallengeRefused(await fresh.run(FinishPasskeyRegistrationDocument, { challengeId: signIn.challengeId, response: created }));
    // A create() answer (clientData type webauthn.create) to a sign-in challenge.
    const { challengeId, response } = await passkeyAssertion(anonymous, authenticator, undefined, { type: 'webauthn.create' });
    expectCouldNotVerify(await anonymous.run(FinishPasskeySignInDocument, { challengeId, response }));
  });

  it('refuses a signature counter that goes backwards (a cloned authenticator), records it, and the genuine one keeps working', async () => {
    const { client } = await signUpAndLogIn(server.url, 'pkclone');
    const device = newAuthenticator({ synced: false, counter: 'increment' });
    await addPasskey(client, device);
    const firstSession = await passkeySession(server, device);
    const copy = device.clone();
    expectData(await signInWithPasskey(anonymous, device));

    const heard: PublishedSecurityEvent[] = [];
    const unsubscribe = server.app.services.eventSink.subscribe((event) => heard.push(event));
    try {
      expectCouldNotVerify(await signInWithPasskey(anonymous, copy));
      expectCouldNotVerify(await signInWithPasskey(anonymous, device, undefined, { counter: 1 }));
    } finally {
      unsubscribe();
    }
    expect(heard.map((event) => [event.type, event.signInFailure])).toEqual([
      ['SIGN_IN_FAILED', 'cloned_authenticator'],
      ['SIGN_IN_FAILED', 'cloned_authenticator'],
    ]);
    const events = await ownEvents(server.url, firstSession.accessToken!);
    expect(events.slice(0, 2).map((event) => event.type)).toEqual(['SIGN_IN_FAILED', 'SIGN_IN_FAILED']);
    expectData(await signInWithPasskey(anonymous, device, undefined, { counter: 10 }));
  });

  it('lets a synced passkey that always reports counter 0 sign in again and again', async () => {
    const { client } = await signUpAndLogIn(server.url, 'pkzero');
    const synced = newAuthenticator({ counter: 'zero' });
    await addPasskey(client, synced);
    for (let round = 0; round < 3; round += 1) expectData(await signInWithPasskey(anonymous, synced));
  });

  it('tells an inactive account so only after its passkey was verified', async () => {
    const { client, user } = await signUpAndLogIn(server.url, 'pkinactive');
    const authenticator = newAuthenticator();
    await addPasskey(client, authenticator);
    await server.app.orm.em.fork().nativeUpdate(User, { id: user.id }, { isActive: false });
    const result = await signInWithPasskey(anonymous, authenticator);
    expect(codesOf(result)).toEqual(['UNAUTHENTICATED']);
    expect(result.errors[0].extensions.reason).toBe('ACCOUNT_NOT_ACTIVE');
    expectCouldNotVerify(await signInWithPasskey(anonymous, authenticator, undefined, { rpId: 'evil.test' }));
  });

  it('removes a passkey, but never the last way to sign in of an account without a password', async () => {
    const { client, user } = await signUpAndLogIn(server.url, 'pkremove');
    const laptop = newAuthenticator();
    const phone = newAuthenticator();
    await addPasskey(client, laptop, 'Laptop');
    await addPasskey(await passkeySession(server, laptop), phone, 'Phone');

    // With a password, the last passkey may go: MFA turns off.
    const [first, second] = expectData(await client.run(PasskeysDocument)).passkeys;
    const session = await passkeySession(server, phone);
    expect(expectData(await session.run(RemovePasskeyDocument, { id: first.id })).removePasskey).toBe(true);
    expect(expectData(await session.run(MfaStatusDocument)).me.mfaEnabled).toBe(true);
    expect(codesOf(await session.run(RemovePasskeyDocument, { id: first.id }))).toEqual(['BAD_USER_INPUT']);

    // Without a password, the last passkey stays.
    await server.app.orm.em.fork().nativeUpdate(User, { id: user.id }, { passwordHash: null });
    const last = await session.run(RemovePasskeyDocument, { id: second.id });
    expect(codesOf(last)).toEqual(['BAD_USER_INPUT']);
    expect(last.errors[0].extensions.fieldErrors.id[0]).toMatch(/last way to sign in/);
    expect(expectData(await session.run(PasskeysDocument)).passkeys.map((p) => p.name)).toEqual(['Phone']);
  });

  it('turns MFA off when an account with a password removes its only passkey', async () => {
    const { client } = await signUpAndLogIn(server.url, 'pkremove1');
    const laptop = newAuthenticator();
    const passkey = await addPasskey(client, laptop);
    const session = await passkeySession(server, laptop);
    expect(expectData(await session.run(RemovePasskeyDocument, { id: passkey.id })).removePasskey).toBe(true);
    expect(expectData(await session.run(MfaStatusDocument)).me.mfaEnabled).toBe(false);
    expect(expectData(await session.run(PasskeysDocument)).passkeys).toEqual([]);
  });

  it('records PASSKEY_ADDED and PASSKEY_REMOVED (with MFA_ENABLED / MFA_DISABLED) and mails the owner each time', async () => {
    const { client, identity } = await signUpAndLogIn(server.url, 'pkevents');
    const laptop = newAuthenticator();
    const passkey = await addPasskey(client, laptop, 'Laptop <b>');
    const added = await smtp.waitForMail(identity.email);
    expect(added.subject).toBe('A passkey was added to your account');
    expect(added.text).toContain('"Laptop <b>"');
    expect(added.html).toContain('Laptop &lt;b&gt;');
    expect(added.html).not.toContain('Laptop <b>');

    const session = await passkeySession(server, laptop);
    expectData(await session.run(RemovePasskeyDocument, { id: passkey.id }));
    const removed = await smtp.waitForMail(identity.email, 2);
    expect(removed.subject).toBe('A passkey was removed from your account');

    const events = await ownEvents(server.url, session.accessToken!);
    expect(events.slice(0, 5).map((event) => event.type)).toEqual(['MFA_DISABLED', 'PASSKEY_REMOVED', 'SIGNED_IN', 'MFA_ENABLED', 'PASSKEY_ADDED']);
    const removal = events.find((event) => event.type === 'PASSKEY_REMOVED')!;
    expect(removal.sessionId).not.toBeNull();
  });

  it('answers malformed input with field errors, never a server error', async () => {
    const { client } = await signUpAndLogIn(server.url, 'pkmalformed');
    const started = expectData(await client.run(StartPasskeyRegistrationDocument, {})).startPasskeyRegistration;
    for (const response of [{}, { id: 'x', rawId: 'x', type: 'public-key', response: {} }, { id: '!!', rawId: '!!', type: 'public-key', response: { clientDataJSON: 'a', attestationObject: 'b' } }]) {
      const result = await client.run(FinishPasskeyRegistrationDocument, { challengeId: started.challengeId, response });
      expect(codesOf(result)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors[0].extensions.fieldErrors).toHaveProperty('response');
    }
    // Garbage that has the right shape fails verification, still as a field error.
    const junk = { id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: { clientDataJSON: 'AAAA', attestationObject: 'AAAA' } };
    expectCouldNotVerify(await client.run(FinishPasskeyRegistrationDocument, { challengeId: started.challengeId, response: junk }));
    const badId = await anonymous.run(FinishPasskeySignInDocument, {
      challengeId: 'not-a-uuid',
      response: { id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: { clientDataJSON: 'AAAA', authenticatorData: 'AAAA', signature: 'AAAA' } },
    });
    expectChallengeRefused(badId);
    const tooLongName = await client.run(StartPasskeyRegistrationDocument, { name: 'x'.repeat(65) });
    expect(tooLongName.errors[0].extensions.fieldErrors).toHaveProperty('name');
    for (const result of [badId, tooLongName]) expect(JSON.stringify(result.errors)).not.toMatch(/stack|at \w+ \(/);
  });

  it('needs a signed-in caller to register, list, rename or remove', async () => {
    expect(codesOf(await anonymous.run(PasskeysDocument))).toEqual(['UNAUTHENTICATED']);
    expect(codesOf(await anonymous.run(StartPasskeyRegistrationDocument, {}))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('passkeys with the development defaults', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('use the RP id localhost and accept a localhost page on any port, and nothing else', async () => {
    const { client } = await signUpAndLogIn(server.url, 'pkdev');
    const anonymous = new TestClient(server.url);
    const local = newAuthenticator({ origin: 'http://localhost:5173' });
    const started = expectData(await client.run(StartPasskeyRegistrationDocument, {})).startPasskeyRegistration;
    expect(creationOptions(started.options).rp.id).toBe('localhost');
    expectData(await client.run(FinishPasskeyRegistrationDocument, { challengeId: started.challengeId, response: local.createCredential(creationOptions(started.options)) }));
    expectData(await signInWithPasskey(anonymous, local, undefined, { origin: 'http://localhost:41234' }));
    expectCouldNotVerify(await signInWithPasskey(anonymous, local, undefined, { origin: 'https://app.example.test' }));
    expectCouldNotVerify(await signInWithPasskey(anonymous, local, undefined, { origin: 'http://127.0.0.1:5173' }));
  });
});

describe('passkeys in production without a relying party', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ NODE_ENV: 'production' });
  });
  afterAll(() => server.stop());

  it('are off: the ceremonies answer FORBIDDEN with reason PASSKEYS_NOT_CONFIGURED', async () => {
    const { client } = await signUpAndLogIn(server.url, 'pkprod');
    for (const result of [await new TestClient(server.url).run(StartPasskeySignInDocument, {}), await client.run(StartPasskeyRegistrationDocument, {})]) {
      expect(codesOf(result)).toEqual(['FORBIDDEN']);
      expect(result.errors[0].extensions.reason).toBe('PASSKEYS_NOT_CONFIGURED');
    }
    expect(expectData(await client.run(PasskeysDocument)).passkeys).toEqual([]);
  });
});
