import { AppError, badUserInput } from '../errors.js';

/** The failures of identity providers and emailed sign-in links (contract part `providers`). */

export const unknownProvider = () => badUserInput({ provider: ['No identity provider with this id is configured.'] }, 'Unknown identity provider.');

export const UNKNOWN_PROVIDER = 'No identity provider with this id is configured.';
export const REDIRECT_URI_NOT_ALLOWED = 'This redirectUri is not one of the allowed ones (IDENTITY_REDIRECT_URIS).';

export const INVALID_CALLBACK_CODE = 'The sign-in code is invalid, has expired or was already used: sign in again.';
export const invalidCallbackCode = () => badUserInput({ code: [INVALID_CALLBACK_CODE] }, 'The code is not valid.');

/** The provider did not answer (down, or slower than IDENTITY_PROVIDER_TIMEOUT). */
export const providerUnavailable = (providerId: string) =>
  new AppError('PROVIDER_UNAVAILABLE', 'The identity provider cannot be reached right now: try again later.', { provider: providerId });

export const identityNotFound = () => badUserInput({ id: ['No linked identity with this id on your account.'] }, 'Identity not found.');

export const LAST_WAY_TO_SIGN_IN =
  'This is the last way to sign in to the account: set a password (with a password reset) or link another provider first.';
export const lastWayToSignIn = () => badUserInput({ id: [LAST_WAY_TO_SIGN_IN] }, 'Cannot remove the last way to sign in.');

/**
 * What the callback puts in the app's URL fragment as `error` (never a provider's free text):
 * - access_denied: the user said no at the provider (or the provider refused);
 * - invalid_state: the round trip is unknown, expired or used (only when the redirect target is known);
 * - provider_unavailable: discovery, token or userinfo request failed or timed out;
 * - invalid_response: the provider's answer failed a check (ID token signature, iss, aud, exp, nonce; PKCE);
 * - account_exists: an account has the provider's email, and this provider may not link by email;
 * - email_required: the provider gave no email, or did not say it verified it, and no account is linked;
 * - account_inactive: the linked account is deactivated or not activated;
 * - identity_in_use: linking, and this identity signs in to another account already;
 * - username_unavailable: no username could be derived (practically never).
 */
export type CallbackError =
  | 'access_denied'
  | 'invalid_state'
  | 'provider_unavailable'
  | 'invalid_response'
  | 'account_exists'
  | 'email_required'
  | 'account_inactive'
  | 'identity_in_use'
  | 'username_unavailable';

/** A failure of the callback: where it goes (the flow's redirectUri) is decided by the caller. */
export class CallbackFailure extends Error {
  override name = 'CallbackFailure';
  constructor(readonly code: CallbackError) {
    super(code);
  }
}
