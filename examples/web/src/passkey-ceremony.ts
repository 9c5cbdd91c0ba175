import {
  browserSupportsWebAuthn,
  startAuthentication,
  startRegistration,
  WebAuthnError,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';
import { Explained } from './auth/errors';

/**
 * The browser's half of a passkey ceremony (navigator.credentials through @simplewebauthn/browser):
 * the server's options in, the authenticator's answer out, both in the JSON forms the API takes and
 * gives. What goes wrong in the browser (closed dialog, timeout, no passkey) becomes an Explained
 * error the page shows as it is; the server's own refusals come back from the finish mutation.
 */

function explain(error: unknown, what: 'create' | 'use'): Explained {
  if (error instanceof WebAuthnError && error.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED') {
    return new Explained('This device already holds a passkey for your account.');
  }
  const name = error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || (error instanceof WebAuthnError && error.code === 'ERROR_CEREMONY_ABORTED')) {
    return new Explained(`No passkey was ${what === 'create' ? 'created' : 'used'}: the request was cancelled or timed out.`);
  }
  return new Explained(`The browser could not ${what} a passkey (${error instanceof Error ? error.message : String(error)}).`);
}

function supported(): void {
  if (!browserSupportsWebAuthn()) throw new Explained('This browser does not support passkeys.');
}

export async function createPasskey(options: unknown): Promise<Record<string, unknown>> {
  supported();
  try {
    return { ...(await startRegistration({ optionsJSON: options as PublicKeyCredentialCreationOptionsJSON })) };
  } catch (error) {
    throw explain(error, 'create');
  }
}

export async function usePasskey(options: unknown): Promise<Record<string, unknown>> {
  supported();
  try {
    return { ...(await startAuthentication({ optionsJSON: options as PublicKeyCredentialRequestOptionsJSON })) };
  } catch (error) {
    throw explain(error, 'use');
  }
}
