import { badUserInput } from '../errors.js';
import type { SigningKeyState } from '../db/entities/index.js';

const NOT_USED = 'Signing keys are not used: JWT_ALGORITHM is HS256, so access tokens are signed with a key derived from JWT_SECRET.';

/** rotateSigningKey / revokeSigningKey under HS256: there is no key to rotate or revoke. */
export const keysNotUsed = () => badUserInput({}, NOT_USED);

export const noSuchKeyUnderHmac = () => badUserInput({ kid: [NOT_USED] }, NOT_USED);

export const noSuchKey = () => badUserInput({ kid: ['No signing key with this kid.'] }, 'Signing key not found.');

export const notRevocable = (state: SigningKeyState) =>
  badUserInput(
    { kid: [`This key is ${state}: only a PREVIOUS key can be revoked (rotate first to retire the CURRENT one).`] },
    'Only a PREVIOUS signing key can be revoked.',
  );
