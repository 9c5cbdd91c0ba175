import { AppError, badUserInput, forbidden } from '../errors.js';
import type { AuthMethod } from '../sessions/authentication.js';

/** The failures of two-factor sign-in and re-authentication (contract part `mfa`). */

/** Login's answer for an account with a second factor: no tokens yet, a token to finish with. */
export const mfaRequired = (mfaToken: string, factors: AuthMethod[]) =>
  new AppError('MFA_REQUIRED', 'A second factor is required: finish with completeMfaLogin.', { mfaToken, factors });

export const reauthenticationRequired = (maxAgeSeconds: number) =>
  new AppError(
    'REAUTHENTICATION_REQUIRED',
    `This change needs a proof of identity from the last ${maxAgeSeconds} seconds: call reauthenticate, then retry.`,
    { maxAge: maxAgeSeconds },
  );

/** MFA_REQUIRED_FOR_ADMINS and an admin without a second factor. */
export const mfaEnrollmentRequired = () =>
  forbidden('Administrators must turn on two-factor authentication first.', { reason: 'MFA_ENROLLMENT_REQUIRED' });

export const MALFORMED_CODE = 'Enter the 6-digit code from your authenticator app, or a recovery code (xxxxx-xxxxx).';
export const WRONG_CODE = 'The code is not right, or was already used.';
export const INVALID_MFA_TOKEN = 'The sign-in has expired or was already finished: sign in again.';

export const malformedCode = (field = 'code') => badUserInput({ [field]: [MALFORMED_CODE] }, 'The code is not valid.');
export const wrongCode = (field = 'code') => badUserInput({ [field]: [WRONG_CODE] }, 'The code is not valid.');
export const invalidMfaToken = () => badUserInput({ mfaToken: [INVALID_MFA_TOKEN] }, 'The sign-in is not valid.');
export const factorNotFound = (field = 'id') =>
  badUserInput({ [field]: ['No authenticator app with this id on your account.'] }, 'Factor not found.');
