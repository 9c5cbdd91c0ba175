import { badUserInput, forbidden } from '../errors.js';

/** The failures of passkeys (contract part `passkeys`). */

export const COULD_NOT_VERIFY = 'Could not verify the passkey.';
export const INVALID_CHALLENGE = 'This passkey request has expired or was already used: start again.';

/** Unknown, expired, used, someone else's or another ceremony's challengeId: one answer for all. */
export const invalidChallenge = () => badUserInput({ challengeId: [INVALID_CHALLENGE] }, 'The passkey request is not valid.');

/** Whatever failed (signature, origin, RP id, user verification, unknown or foreign credential, counter): one answer. */
export const couldNotVerify = () => badUserInput({ response: [COULD_NOT_VERIFY] }, COULD_NOT_VERIFY);

export const malformedResponse = () =>
  badUserInput({ response: ['Not a WebAuthn response: pass what navigator.credentials returned, in its JSON form.'] }, 'The passkey response is not valid.');

export const passkeyNotFound = (field = 'id') => badUserInput({ [field]: ['No passkey with this id on your account.'] }, 'Passkey not found.');

export const invalidPasskeyName = (maxLength: number) =>
  badUserInput({ name: [`Give the passkey a name of 1 to ${maxLength} characters.`] });

export const tooManyPasskeys = (max: number, field = 'name') =>
  badUserInput({ [field]: [`An account has at most ${max} passkeys: remove one first.`] });

export const passkeyRegisteredAlready = () =>
  badUserInput({ response: ['This passkey is registered already.'] }, 'The passkey is registered already.');

/** Removing it would leave the account without a way to sign in. */
export const lastWayToSignIn = () =>
  badUserInput(
    { id: ['This passkey is the last way to sign in to your account: add another passkey or set a password first.'] },
    'The last way to sign in cannot be removed.',
  );

export const noPasskeyForLogin = () =>
  badUserInput({ mfaToken: ['This account has no passkey: finish the sign-in with a code.'] }, 'No passkey to sign in with.');

/** Production without WEBAUTHN_RP_ID, WEBAUTHN_RP_NAME and WEBAUTHN_ORIGINS. */
export const passkeysNotConfigured = () =>
  forbidden('Passkeys are not configured on this server.', { reason: 'PASSKEYS_NOT_CONFIGURED' });
