import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { expectData, type TestClient } from './client.js';
import {
  FinishPasskeyRegistrationDocument,
  FinishPasskeySignInDocument,
  StartPasskeyRegistrationDocument,
  StartPasskeySignInDocument,
} from './passkey-operations.js';
import { SoftwareAuthenticator, type AssertionKnobs, type CeremonyKnobs } from './software-authenticator.js';

/** The relying party the passkey tests configure, and the page origin their authenticators claim. */
export const RP_ID = 'example.test';
export const APP_ORIGIN = 'https://app.example.test';
export const WEBAUTHN_ENV = { WEBAUTHN_RP_ID: RP_ID, WEBAUTHN_RP_NAME: 'Example', WEBAUTHN_ORIGINS: APP_ORIGIN };

export const newAuthenticator = (settings: Partial<ConstructorParameters<typeof SoftwareAuthenticator>[0]> = {}) =>
  new SoftwareAuthenticator({ origin: APP_ORIGIN, ...settings });

export const creationOptions = (options: unknown) => options as PublicKeyCredentialCreationOptionsJSON;
export const requestOptions = (options: unknown) => options as PublicKeyCredentialRequestOptionsJSON;

/** Registers a passkey of `authenticator` on a signed-in (fresh) client; returns the stored passkey. */
export async function addPasskey(client: TestClient, authenticator: SoftwareAuthenticator, name = 'Laptop', knobs: CeremonyKnobs = {}) {
  const started = expectData(await client.run(StartPasskeyRegistrationDocument, { name })).startPasskeyRegistration;
  const response = authenticator.createCredential(creationOptions(started.options), knobs);
  return expectData(await client.run(FinishPasskeyRegistrationDocument, { challengeId: started.challengeId, response })).finishPasskeyRegistration;
}

/** startPasskeySignIn, then the authenticator's answer to it (not sent yet). */
export async function passkeyAssertion(client: TestClient, authenticator: SoftwareAuthenticator, username?: string, knobs: AssertionKnobs = {}) {
  const started = expectData(await client.run(StartPasskeySignInDocument, username === undefined ? {} : { username })).startPasskeySignIn;
  return { challengeId: started.challengeId, options: requestOptions(started.options), response: authenticator.getAssertion(requestOptions(started.options), knobs) };
}

/** A whole passkey sign-in; the raw result (data or errors). */
export async function signInWithPasskey(client: TestClient, authenticator: SoftwareAuthenticator, username?: string, knobs: AssertionKnobs = {}) {
  const { challengeId, response } = await passkeyAssertion(client, authenticator, username, knobs);
  return client.run(FinishPasskeySignInDocument, { challengeId, response });
}
