import type { AuthenticationResponseJSON, AuthenticatorTransportFuture, RegistrationResponseJSON } from '@simplewebauthn/server';
import { malformedResponse } from './errors.js';
import { CREDENTIAL_ID_MAX_LENGTH, RESPONSE_FIELD_MAX_LENGTH } from './limits.js';

/**
 * The `response` argument (a JSONObject) checked for the shape of the WebAuthn JSON forms before
 * any of it reaches a query or the verifier: bounded base64url strings where the spec has them,
 * unknown members dropped. Anything else is BAD_USER_INPUT on `response`.
 */

const BASE64URL = /^[A-Za-z0-9_-]*={0,2}$/;
const TRANSPORTS: ReadonlySet<string> = new Set(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

function base64url(value: unknown, maxLength = RESPONSE_FIELD_MAX_LENGTH): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength || !BASE64URL.test(value)) throw malformedResponse();
  return value;
}

function credentialOf(input: unknown): { id: string; rawId: string; response: JsonObject; clientExtensionResults: JsonObject; authenticatorAttachment?: 'platform' | 'cross-platform' } {
  if (!isObject(input) || input.type !== 'public-key' || !isObject(input.response)) throw malformedResponse();
  const id = base64url(input.id, CREDENTIAL_ID_MAX_LENGTH);
  const rawId = base64url(input.rawId, CREDENTIAL_ID_MAX_LENGTH);
  const attachment = input.authenticatorAttachment;
  return {
    id,
    rawId,
    response: input.response,
    // Extension outputs are not used; an empty object stands for whatever came.
    clientExtensionResults: {},
    ...(attachment === 'platform' || attachment === 'cross-platform' ? { authenticatorAttachment: attachment } : {}),
  };
}

function transportsOf(value: unknown): AuthenticatorTransportFuture[] {
  if (!Array.isArray(value)) return [];
  return [...new Set(value.filter((t): t is AuthenticatorTransportFuture => typeof t === 'string' && TRANSPORTS.has(t)))];
}

export function parseRegistrationResponse(input: unknown): RegistrationResponseJSON {
  const credential = credentialOf(input);
  const { response } = credential;
  return {
    ...credential,
    type: 'public-key',
    response: {
      clientDataJSON: base64url(response.clientDataJSON),
      attestationObject: base64url(response.attestationObject),
      transports: transportsOf(response.transports),
    },
  };
}

export function parseAuthenticationResponse(input: unknown): AuthenticationResponseJSON {
  const credential = credentialOf(input);
  const { response } = credential;
  const userHandle = response.userHandle === undefined || response.userHandle === null || response.userHandle === '' ? undefined : base64url(response.userHandle, 1024);
  return {
    ...credential,
    type: 'public-key',
    response: {
      clientDataJSON: base64url(response.clientDataJSON),
      authenticatorData: base64url(response.authenticatorData),
      signature: base64url(response.signature),
      ...(userHandle ? { userHandle } : {}),
    },
  };
}
